"""The catalog's facets, the one statement of how policies are grouped: the index pages, the
catalog filters, the record page's links, the feeds and the browser's filters (model/rules.py) all
read ``FACETS``; ``groups_of`` gives a facet's groups with their policies."""

from __future__ import annotations

from dataclasses import dataclass

from ..legal.review import FACET_MEANINGS, FACET_VALUES, facet_value
from .portal import Portal
from .records import Policy
from .status import STATUSES


@dataclass(frozen=True)
class Facet:
    """A way of grouping policies.

    ``slug``: URL segment under catalog/; ``param``: the filters' URL parameter; ``label``: its
    Chinese name; ``kind``: ``vocabulary`` (the record field ``field`` holds codes of the
    vocabulary of the same name), ``status`` (computed validity), ``year`` or ``review`` (the
    review flags of macros/legal/review.py, computed at build time into the catalog rows' ``field``);
    ``missing``: the code of the group of policies without a value (the year facet's 年份不详).
    """

    slug: str
    param: str
    label: str
    kind: str
    field: str | None = None
    missing: str | None = None

    @property
    def index_label(self) -> str:
        return f"按{self.label}"


FACETS = (
    Facet("departments", "department", "部门", "vocabulary", "department"),
    Facet("categories", "category", "类别", "vocabulary", "categories"),
    Facet("beneficiaries", "beneficiary", "适用对象", "vocabulary", "beneficiaries"),
    Facet("delivery", "delivery", "兑现方式", "vocabulary", "delivery"),
    Facet("status", "status", "有效状态", "status"),
    Facet("years", "year", "年份", "year", missing="unknown"),
    Facet("review", "review", "复核状态", "review", "review"),
)

Group = tuple[str, str, str, tuple[Policy, ...]]  # (code, name, description, policies)


def groups_of(portal: Portal, facet: Facet) -> list[Group]:
    if facet.kind == "vocabulary":
        return [(t.code, t.name, t.description, portal.with_value(facet.field, t.code))
                for t in portal.vocabularies[facet.field].terms]
    if facet.kind == "status":
        return [(code, label, "", tuple(p for p in portal.policies if portal.status(p) == code))
                for code, label in STATUSES.items()]
    if facet.kind == "review":
        return [(code, label, FACET_MEANINGS[code],
                 tuple(p for p in portal.policies if facet_value(portal.review_flags(p)) == code))
                for code, label in FACET_VALUES.items()]
    years = sorted({p.year for p in portal.policies if p.year}, reverse=True)
    groups = [(str(y), f"{y}年", "", tuple(p for p in portal.policies if p.year == y)) for y in years]
    groups.append((facet.missing, "年份不详", "来源未给出发文年份", tuple(p for p in portal.policies if not p.year)))
    return groups


