"""The generated index pages: one page (or several, paginated) per facet value.

``generated_pages(portal)`` returns every page as ``GeneratedPage`` values; the MkDocs hook adds
them to the build as files. Tables are paginated so no page grows without bound as departments
add records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

from .records import Policy, Portal
from .render import definition_list, esc, link, or_none, policy_table
from .status import STATUSES

PAGE_SIZE = 100
CATALOG = "catalog"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. catalog/departments/kejing/index.md
    title: str
    content: str  # Markdown (mostly raw HTML) without front matter

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    def markdown(self) -> str:
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n\n{self.content}\n"


@dataclass(frozen=True)
class Facet:
    """A way of grouping policies: its URL segment, label, and the groups it has."""

    slug: str
    label: str
    groups: Callable[[Portal], list[tuple[str, str, str, tuple[Policy, ...]]]]  # (code, name, description, policies)


def vocabulary_groups(field: str) -> Callable[[Portal], list]:
    def groups(portal: Portal) -> list:
        return [(t.code, t.name, t.description, portal.with_value(field, t.code)) for t in portal.vocabularies[field].terms]
    return groups


def status_groups(portal: Portal) -> list:
    return [(code, label, "", tuple(p for p in portal.policies if portal.status(p) == code)) for code, label in STATUSES.items()]


def year_groups(portal: Portal) -> list:
    years = sorted({p.year for p in portal.policies if p.year}, reverse=True)
    groups = [(str(y), f"{y}年", "", tuple(p for p in portal.policies if p.year == y)) for y in years]
    unknown = tuple(p for p in portal.policies if not p.year)
    groups.append(("unknown", "年份不详", "来源未给出发文年份", unknown))
    return groups


FACETS = (
    Facet("departments", "按部门", vocabulary_groups("department")),
    Facet("categories", "按类别", vocabulary_groups("categories")),
    Facet("beneficiaries", "按适用对象", vocabulary_groups("beneficiaries")),
    Facet("delivery", "按兑现方式", vocabulary_groups("delivery")),
    Facet("status", "按有效状态", status_groups),
    Facet("years", "按年份", year_groups),
)


def pages_of_table(portal: Portal, base: str, title: str, intro: str, policies: tuple[Policy, ...]) -> list[GeneratedPage]:
    """``base`` like ``catalog/all/``; pages at base, base/2/, base/3/ ..."""
    chunks = [policies[i:i + PAGE_SIZE] for i in range(0, len(policies), PAGE_SIZE)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        url = base if number == 1 else f"{base}{number}/"
        pager = _pager(url, base, number, len(chunks))
        count = f'<p class="portal-count">共 <strong data-count="{len(policies)}">{len(policies)}</strong> 条政策{f"，第 {number} / {len(chunks)} 页" if len(chunks) > 1 else ""}。</p>'
        page_title = title if number == 1 else f"{title}（第{number}页）"
        pages.append(GeneratedPage(url + "index.md", page_title, "\n\n".join([intro, count, policy_table(portal, chunk, url), pager])))
    return pages


def _pager(url: str, base: str, number: int, total: int) -> str:
    if total == 1:
        return ""
    def page_url(n: int) -> str:
        return base if n == 1 else f"{base}{n}/"
    items = [link(url, page_url(n), f"第{n}页") if n != number else f'<span aria-current="page">第{n}页</span>' for n in range(1, total + 1)]
    return f'<nav class="portal-pager" aria-label="分页">{" ".join(items)}</nav>'


def department_intro(portal: Portal, code: str) -> str:
    d = portal.term("department", code)
    phone = d.get("phone")
    facts = definition_list([
        ("部门全称", esc(d.name)),
        ("简称", or_none(d.get("short_name"))),
        ("咨询电话", f'<a href="tel:{esc(phone)}">{esc(phone)}</a>' if phone else or_none(None)),
        ("办公地址", or_none(d.get("address"))),
        ("官方网站", f'<a href="{esc(d.get("website"))}" rel="noopener noreferrer">{esc(d.get("website"))}</a>' if d.get("website") else or_none(None)),
        ("名称出处", or_none(d.get("source"))),
    ])
    return f'<section class="portal-department" aria-label="部门信息">{facts}</section>'


def facet_pages(portal: Portal, facet: Facet) -> list[GeneratedPage]:
    base = f"{CATALOG}/{facet.slug}/"
    groups = facet.groups(portal)
    rows = "".join(
        f"<li>{link(base, f'{base}{code}/', name)} <span class=\"portal-count-badge\">{len(policies)}</span>"
        f"{f' <span class=portal-note>{esc(desc)}</span>' if desc else ''}</li>"
        for code, name, desc, policies in groups
    )
    landing = GeneratedPage(base + "index.md", f"惠企政策{facet.label}",
                            f'<p>共 {len(portal.policies)} 条政策，{facet.label}分为 {len(groups)} 组：</p><ul class="portal-facet-list">{rows}</ul>')
    pages = [landing]
    for code, name, desc, policies in groups:
        url = f"{base}{code}/"
        intro = department_intro(portal, code) if facet.slug == "departments" else (f"<p>{esc(desc)}</p>" if desc else "")
        if facet.slug == "status":
            intro += (f'<p class="portal-note">本页按网站生成日期（{portal.as_of.isoformat()}）分组；'
                      "每条政策的状态标记在页面打开时会按当天日期重新核对。</p>")
        crumbs = f'<p class="portal-crumbs">{link(url, f"{CATALOG}/", "政策目录")} › {link(url, base, facet.label)}</p>'
        pages += pages_of_table(portal, url, name, crumbs + intro, policies)
    return pages


def generated_pages(portal: Portal) -> list[GeneratedPage]:
    pages = pages_of_table(portal, f"{CATALOG}/all/", "全部惠企政策",
                           f'<p class="portal-crumbs">{link(f"{CATALOG}/all/", f"{CATALOG}/", "政策目录")}</p>', portal.policies)
    for facet in FACETS:
        pages += facet_pages(portal, facet)
    return pages


def facet_index(portal: Portal) -> Iterable[tuple[str, str]]:
    """(url, label) of each facet landing page, for the catalog home."""
    return [(f"{CATALOG}/{f.slug}/", f.label) for f in FACETS]
