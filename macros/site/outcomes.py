"""The 兑现情况 page (what the reports say was delivered, by department and by kind, as charts drawn
at build time) and each record's outcomes block. The charts are inline SVG laid out here (numbers
only; no chart library, no style attribute: the CSP forbids inline styles), each with a <title>, a
<desc> and a table of the same numbers beside it (overrides/portal/outcomes.html)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model.outcomes import AMOUNT_UNIT, OutcomeFigure, amount_text
from ..model.portal import Portal
from .render import fragment

OUTCOMES_PAGE = "reports/outcomes/"
WIDTH = 320  # the charts' coordinate width; the stylesheet scales them to the column (and a phone)
FONT = 13  # the labels' size in those units (portal.css sets the same)
LABEL_CHARS = 22  # a label's line length in Chinese characters before it wraps
LINE = 17
BAR = 14
GAP = 12
VALUE_ROOM = 96  # room right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    lines: tuple[tuple[int, str], ...]  # (baseline y, text) of the label's lines
    y: int
    width: float
    value: str
    link: str  # site path the row's table cell links to

    @property
    def value_x(self) -> float:
        return round(self.width + 4, 1)

    @property
    def value_y(self) -> int:
        return self.y + BAR - 2


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    height: int
    columns: tuple[str, ...]  # the table's headers
    rows: tuple[tuple[tuple[str, str], ...], ...]  # the table's cells: (text, link or "")

    width: int = WIDTH


def wrap(text: str, size: int = LABEL_CHARS) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def bar_chart(chart_id: str, title: str, description: str, items: list[tuple[str, Decimal, str, str]],
              columns: tuple[str, ...], rows: tuple) -> Chart:
    """Horizontal bars, one per (label, value, value text, link), each label on its own lines above
    its bar; the longest bar fills the width less room for its value."""
    largest = max((value for _, value, _, _ in items), default=Decimal(0)) or Decimal(1)
    bars, y = [], 0
    for label, value, text, link in items:
        lines = tuple((y + LINE * (n + 1) - 4, line) for n, line in enumerate(wrap(label)))
        y += LINE * len(lines)
        width = float(value / largest) * (WIDTH - VALUE_ROOM)
        bars.append(Bar(lines, y, round(max(width, 1.0) if value else 0.0, 1), text, link))
        y += BAR + GAP
    return Chart(chart_id, title, description, tuple(bars), y, columns, rows)


def _figure_label(figure: OutcomeFigure) -> str:
    return figure.policy.title


def _count_text(figure: OutcomeFigure) -> str:
    o = figure.outcome
    return f"{amount_text(o.enterprises)}{o.enterprises_unit}" if o.enterprises is not None else ""


def _sentence(items: list[tuple[str, str]]) -> str:
    return "；".join(f"{label}{value}" for label, value in items)


def year_charts(portal: Portal, year: int) -> list[Chart]:
    """One year's charts: amounts by department, amounts by kind, enterprises by figure."""
    charts = []
    for by, noun in (("department", "部门"), ("kind", "支持方式")):
        totals = [t for t in portal.outcome_totals(year, by) if t.amount]
        if not totals:
            continue
        items = [(t.name, t.amount, f"{amount_text(t.amount)}{AMOUNT_UNIT}", "") for t in totals]
        rows = tuple(((t.name, ""), (amount_text(t.amount), ""), (str(len(t.figures)), "")) for t in totals)
        description = (f"据报告，{year}年已兑现的金额按{noun}合计（{AMOUNT_UNIT}）："
                       + _sentence([(t.name, f"{amount_text(t.amount)}{AMOUNT_UNIT}") for t in totals]) + "。")
        charts.append(bar_chart(f"portal-chart-{year}-{by}", f"{year}年兑现金额：按{noun}（{AMOUNT_UNIT}）",
                                description, items, (noun, f"金额（{AMOUNT_UNIT}）", "结果条数"), rows))
    counted = [f for f in portal.outcomes if int(f.outcome.year) == year and f.outcome.enterprises is not None]
    if counted:
        counted.sort(key=lambda f: (-f.outcome.enterprises, f.policy.id))
        items = [(_figure_label(f), Decimal(str(f.outcome.enterprises)), _count_text(f), f.record_url) for f in counted]
        rows = tuple(((f.policy.title, f.record_url), (f.when, ""), (_count_text(f), "")) for f in counted)
        description = (f"据报告，{year}年受益的企业数，按各项结果分列（单位按报告原文：家、户或户次，不能相加）："
                       + _sentence([(f.policy.title, _count_text(f)) for f in counted]) + "。")
        charts.append(bar_chart(f"portal-chart-{year}-enterprises", f"{year}年受益企业：按各项结果（家、户、户次）",
                                description, items, ("政策", "期间", "企业"), rows))
    return charts


def outcomes_page(portal: Portal, here: str) -> str:
    """The 兑现情况 page: per year, the charts and their tables, then every figure with its record
    and the source's own words."""
    years = [(year, year_charts(portal, year), [f for f in portal.outcomes if int(f.outcome.year) == year])
             for year in portal.outcome_years]
    report = next((d for d in portal.documents if d.kind == "report"), None)
    return fragment(portal, "outcomes.html", here=here, years=years, report=report, amount_text=amount_text,
                    count_text=_count_text, unit=AMOUNT_UNIT,
                    one_off=[p for p in portal.policies if p.delivered is not None])

