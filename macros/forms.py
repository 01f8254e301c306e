"""Server-rendered forms for the catalog filters and the policy matcher (enhanced by finder.js).

The options come from the vocabularies and data/matcher.yml (``portal.matcher``), so the form, the data file and the
checks never disagree. Every control has a visible label; fieldsets have legends (keyboard and
screen-reader use).
"""

from __future__ import annotations

from typing import Iterable

from .records import Portal
from .render import esc
from .status import STATUSES
from .vocab import Vocabulary

# URL parameter -> (label, vocabulary field or None)
FILTERS = (
    ("department", "部门", "department"),
    ("category", "类别", "categories"),
    ("beneficiary", "适用对象", "beneficiaries"),
    ("delivery", "兑现方式", "delivery"),
    ("status", "有效状态", None),
    ("year", "年份", None),
)


def _checkboxes(name: str, legend: str, options: Iterable[tuple[str, str]]) -> str:
    items = "".join(
        f'<label class="portal-option"><input type="checkbox" name="{esc(name)}" value="{esc(code)}"> '
        f'{esc(label)} <span class="portal-option__count" data-count-for="{esc(name)}:{esc(code)}"></span></label>'
        for code, label in options
    )
    return f'<fieldset class="portal-fieldset"><legend>{esc(legend)}</legend>{items}</fieldset>'


def filter_options(portal: Portal) -> list[tuple[str, str, list[tuple[str, str]]]]:
    years = sorted({p.year for p in portal.policies if p.year}, reverse=True)
    options = []
    for name, label, field in FILTERS:
        if field:
            values = [(t.code, t.name) for t in portal.vocabularies[field].terms]
        elif name == "status":
            values = list(STATUSES.items())
        else:
            values = [(str(y), f"{y}年") for y in years] + [("unknown", "年份不详")]
        options.append((name, label, values))
    return options


def catalog_filters(portal: Portal) -> str:
    fieldsets = "".join(_checkboxes(name, label, values) for name, label, values in filter_options(portal))
    return (
        '<div class="portal-finder" data-portal-filter>'
        f'<form class="portal-filter-form" aria-label="筛选政策">{fieldsets}'
        '<p><button type="reset" class="md-button">清除全部条件</button></p></form>'
        '<p class="portal-finder__status" data-finder-status role="status" aria-live="polite"></p>'
        '<div data-finder-results></div>'
        '<noscript><p>筛选需要浏览器启用 JavaScript；也可以使用下面的分类索引。</p></noscript></div>'
    )


def _radios(name: str, legend: str, options: Vocabulary, checked: str | None = None) -> str:
    items = "".join(
        f'<label class="portal-option"><input type="radio" name="{esc(name)}" value="{esc(o.code)}"'
        f'{" checked" if o.code == checked else ""}> {esc(o.name)}</label>'
        for o in options.terms
    )
    return f'<fieldset class="portal-fieldset"><legend>{esc(legend)}</legend>{items}</fieldset>'


def matcher_form(portal: Portal) -> str:
    config = portal.matcher
    industries = "".join(f'<option value="{esc(t.code)}">{esc(t.name)}</option>' for t in portal.vocabularies["industries"].terms)
    flags = "".join(
        f'<label class="portal-option"><input type="checkbox" name="flag" value="{esc(f.code)}"> {esc(f.name)}</label>'
        for f in config.flags.terms
    )
    needs = "".join(
        f'<label class="portal-option"><input type="checkbox" name="need" value="{esc(n.code)}"> {esc(n.name)}</label>'
        for n in config.needs.terms
    )
    return (
        '<div class="portal-finder" data-portal-matcher>'
        '<form class="portal-matcher-form" aria-label="填写企业情况">'
        + _radios("type", "1. 经营主体类型", config.types, "qiye")
        + _radios("size", "2. 企业规模", config.sizes, "xiao")
        + '<fieldset class="portal-fieldset"><legend>3. 所属行业</legend><label class="portal-option" for="portal-industry">行业</label>'
        f'<select id="portal-industry" name="industry"><option value="">不确定 / 不选</option>{industries}</select></fieldset>'
        + f'<fieldset class="portal-fieldset"><legend>4. 企业资质（可多选，没有就不选）</legend>{flags}</fieldset>'
        + f'<fieldset class="portal-fieldset"><legend>5. 需要哪方面的支持（可多选，不选表示全部）</legend>{needs}</fieldset>'
        '<p><button type="submit" class="md-button md-button--primary">查看适用政策</button></p></form>'
        '<p class="portal-finder__status" data-finder-status role="status" aria-live="polite"></p>'
        '<div data-finder-results></div>'
        '<noscript><p>政策匹配需要浏览器启用 JavaScript；也可以在政策目录中按适用对象查找。</p></noscript></div>'
    )
