"""What the reports say was delivered: every record's ``outcomes`` (data/policy.schema.json), each
with the paragraph of its source that states it, and their totals by department and by kind.

An outcome is a result (an amount paid, enterprises served, by a date), never an offer; a record
that is only a past one-off payout also has ``delivered`` (its status is 已兑现, macros/model/status.py).
Amounts are added as decimals, so 6597.5 + 473 is 7070.5, not a float's 7070.499…
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..legal.documents import Document, paragraph_with
from .records import Policy

AMOUNT_UNIT = "万元"  # the only amount unit the contract allows (outcomes[].amount_unit)


@dataclass(frozen=True)
class OutcomeFigure:
    """One outcome of one record, with where its source states it."""

    policy: Policy
    number: int  # its place in the record's outcomes, from 1 (the anchor on the record page)
    outcome: Any  # the record's Outcomes sub-record (year, period, what, enterprises…, passage)
    document: Document
    paragraph: int | None  # the source paragraph holding the passage, from 1

    @property
    def anchor(self) -> str:
        return f"portal-outcome-{self.number}"

    @property
    def record_url(self) -> str:
        return f"{self.policy.url}#{self.anchor}"

    @property
    def source_url(self) -> str:
        return f"{self.document.url}#portal-report-{self.paragraph}" if self.paragraph else self.document.url

    @property
    def kind(self) -> str:
        """The record's first support type: what kind of benefit the figure counts."""
        return self.policy.support_type[0]

    @property
    def amount(self) -> Decimal | None:
        value = self.outcome.amount
        return None if value is None else Decimal(str(value))

    @property
    def when(self) -> str:
        return self.outcome.period or f"{self.outcome.year}年"


@dataclass(frozen=True)
class Total:
    """The figures of one department or kind in one year, and their amounts added."""

    code: str
    name: str
    figures: tuple[OutcomeFigure, ...]

    @property
    def amount(self) -> Decimal:
        return sum((f.amount for f in self.figures if f.amount is not None), Decimal(0))


def figures_of(documents: Iterable[Document], policies: Iterable[Policy]) -> tuple[OutcomeFigure, ...]:
    """Every outcome of every record, in record order (the records are checked: each source is a
    document with its text, each passage in it)."""
    by_id = {d.id: d for d in documents}
    return tuple(OutcomeFigure(p, n, o, by_id[o.source], paragraph_with(by_id[o.source].body or "", o.passage))
                 for p in policies for n, o in enumerate(p.outcomes, 1))


def totals(figures: Iterable[OutcomeFigure], code_of: Callable[[OutcomeFigure], str],
           name_of: Callable[[str], str]) -> list[Total]:
    """Figures grouped by ``code_of``, largest amount first (then by name, so the order is fixed)."""
    groups: dict[str, list[OutcomeFigure]] = {}
    for figure in figures:
        groups.setdefault(code_of(figure), []).append(figure)
    rows = [Total(code, name_of(code), tuple(group)) for code, group in groups.items()]
    return sorted(rows, key=lambda t: (-t.amount, t.name))


def amount_text(value: Decimal | float | int | None) -> str:
    """6597.50 -> 6597.5, 100.00 -> 100; None -> empty."""
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text
