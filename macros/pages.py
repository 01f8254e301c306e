"""The generated index pages: one page (or several, paginated) per facet value.

``FACETS`` is the one statement of the catalog's facets: the index pages, the catalog filters
(forms.py), the record page's links and the browser's filters (shipped by rules.py) all read it.
``generated_pages(portal)`` returns every page as ``GeneratedPage`` values; the plugin adds them to
the build as files. Tables are paginated so no page grows without bound.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .records import Policy, Portal
from .render import fragment
from .review import FACET_MEANINGS, FACET_VALUES, facet_value

PAGE_SIZE = 100
CATALOG = "catalog"


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds. Its address and title are known at once (for the nav and the file
    list); its HTML is rendered when ``content`` is asked for, which the plugin may do in another
    process (macros/pageparts.py)."""

    src_uri: str  # e.g. catalog/departments/kejing/index.md
    title: str
    render: Callable[[], str]  # the page's content: HTML, not passed through Markdown

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    @property
    def content(self) -> str:
        return self.render()

    def source(self) -> str:
        """The page's file: its title only (the plugin supplies the content as HTML)."""
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n"


@dataclass(frozen=True)
class Facet:
    """A way of grouping policies.

    ``slug``: URL segment under catalog/; ``param``: the filters' URL parameter; ``label``: its
    Chinese name; ``kind``: ``vocabulary`` (the record field ``field`` holds codes of the
    vocabulary of the same name), ``status`` (computed validity), ``year`` or ``review`` (the
    review flags of macros/review.py, computed at build time into the catalog rows' ``field``).
    """

    slug: str
    param: str
    label: str
    kind: str
    field: str | None = None

    @property
    def index_label(self) -> str:
        return f"按{self.label}"


FACETS = (
    Facet("departments", "department", "部门", "vocabulary", "department"),
    Facet("categories", "category", "类别", "vocabulary", "categories"),
    Facet("beneficiaries", "beneficiary", "适用对象", "vocabulary", "beneficiaries"),
    Facet("delivery", "delivery", "兑现方式", "vocabulary", "delivery"),
    Facet("status", "status", "有效状态", "status"),
    Facet("years", "year", "年份", "year"),
    Facet("review", "review", "复核状态", "review", "review"),
)

Group = tuple[str, str, str, tuple[Policy, ...]]  # (code, name, description, policies)


def groups_of(portal: Portal, facet: Facet) -> list[Group]:
    if facet.kind == "vocabulary":
        return [(t.code, t.name, t.description, portal.with_value(facet.field, t.code))
                for t in portal.vocabularies[facet.field].terms]
    if facet.kind == "status":
        from .status import STATUSES
        return [(code, label, "", tuple(p for p in portal.policies if portal.status(p) == code))
                for code, label in STATUSES.items()]
    if facet.kind == "review":
        return [(code, label, FACET_MEANINGS[code],
                 tuple(p for p in portal.policies if facet_value(portal.review_flags(p)) == code))
                for code, label in FACET_VALUES.items()]
    years = sorted({p.year for p in portal.policies if p.year}, reverse=True)
    groups = [(str(y), f"{y}年", "", tuple(p for p in portal.policies if p.year == y)) for y in years]
    groups.append(("unknown", "年份不详", "来源未给出发文年份", tuple(p for p in portal.policies if not p.year)))
    return groups


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{number}/"


def pages_of_table(portal: Portal, base: str, title: str, policies: tuple[Policy, ...], **intro) -> list[GeneratedPage]:
    """``base`` like ``catalog/all/``; pages at base, base/2/, base/3/ ..."""
    chunks = [policies[i:i + PAGE_SIZE] for i in range(0, len(policies), PAGE_SIZE)] or [()]
    urls = [page_url(base, n) for n in range(1, len(chunks) + 1)]
    pages = []
    for number, (url, chunk) in enumerate(zip(urls, chunks, strict=True), start=1):
        render = partial(fragment, portal, "listing.html", here=url, total=len(policies), number=number,
                         pages=len(chunks), page_urls=urls, policies=list(chunk),
                         **{"crumbs": [], "department": None, "description": "", "as_of": None, **intro})
        pages.append(GeneratedPage(url + "index.md", title if number == 1 else f"{title}（第{number}页）", render))
    return pages


def facet_pages(portal: Portal, facet: Facet) -> list[GeneratedPage]:
    base = f"{CATALOG}/{facet.slug}/"
    groups = groups_of(portal, facet)
    landing = partial(fragment, portal, "facet-landing.html", here=base, total=len(portal.policies), facet=facet,
                      groups=groups)
    pages = [GeneratedPage(base + "index.md", f"惠企政策{facet.index_label}", landing)]
    for code, name, description, policies in groups:
        intro = {"crumbs": [(f"{CATALOG}/", "政策目录"), (base, facet.index_label)], "description": description}
        if facet.slug == "departments":
            intro["department"] = portal.term("department", code)
        if facet.kind == "status":
            intro["as_of"] = portal.as_of.isoformat()
        pages += pages_of_table(portal, f"{base}{code}/", name, policies, **intro)
    return pages


def generated_pages(portal: Portal) -> list[GeneratedPage]:
    pages = pages_of_table(portal, f"{CATALOG}/all/", "全部惠企政策", portal.policies,
                           crumbs=[(f"{CATALOG}/", "政策目录")])
    for facet in FACETS:
        pages += facet_pages(portal, facet)
    return pages


def catalog_overview(portal: Portal, here: str) -> str:
    """Links to every index of the catalog, with counts, for the catalog home."""
    return fragment(portal, "catalog-overview.html", here=here, total=len(portal.policies), facets=FACETS,
                    mianshen=len(portal.with_value("delivery", "mianshen")))
