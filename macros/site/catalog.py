"""The catalog's pages and forms: one generated page (or several, paginated) per facet value, the
catalog home's overview, the combinable filters and the policy matcher's questionnaire (enhanced in
the browser by assets/js/finder.js), all rendered from overrides/portal/.

``generated_pages(portal)`` returns every page as ``GeneratedPage`` values; the plugin adds them to
the build as files. Tables are paginated so no page grows without bound.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..legal.review import FLAGGED, facet_value
from ..model.addresses import CATALOG, MATCHER_URL
from ..model.facets import FACETS, Facet, groups_of
from ..model.portal import Portal
from ..model.records import Policy
from ..model.routes import every_page
from ..model.status import APPLICABLE, MEANINGS, STATUSES
from ..model.vocabularies import MATCHER_LISTS, need_words
from .changed import record_files
from .render import fragment

PAGE_SIZE = 100


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds. Its address and title are known at once (for the nav and the file
    list); its HTML is rendered when ``content`` is asked for, which the plugin may do in another
    process (macros/plugin/parts.py)."""

    src_uri: str  # e.g. catalog/departments/kejing/index.md
    title: str
    render: Callable[[], str]  # the page's content: HTML, not passed through Markdown
    inputs: tuple[str, ...] = ()  # the project files it is made from (its date: site/changed.py)
    shown: tuple[str, ...] | None = None  # of those, the records its table shows (a page of a long table)

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    @property
    def content(self) -> str:
        return self.render()

    def source(self) -> str:
        """The page's file: its title only (the plugin supplies the content as HTML)."""
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n"


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{number}/"


def pages_of_table(portal: Portal, base: str, title: str, policies: tuple[Policy, ...], **intro) -> list[GeneratedPage]:
    """``base`` like ``catalog/all/``; pages at base, base/2/, base/3/ ..."""
    chunks = [policies[i:i + PAGE_SIZE] for i in range(0, len(policies), PAGE_SIZE)] or [()]
    urls = [page_url(base, n) for n in range(1, len(chunks) + 1)]
    pages, inputs = [], record_files(policies)  # one tuple for all the table's pages
    for number, (url, chunk) in enumerate(zip(urls, chunks, strict=True), start=1):
        render = partial(fragment, portal, "listing.html", here=url, total=len(policies), number=number,
                         pages=len(chunks), page_urls=urls, policies=list(chunk),
                         **{"crumbs": [], "department": None, "description": "", "as_of": None, **intro})
        pages.append(GeneratedPage(url + "index.md", title if number == 1 else f"{title}（第{number}页）", render,
                                   inputs, record_files(chunk)))
    return pages


def entitlement_html(portal: Portal, beneficiary: str, here: str) -> str:
    """The law articles that answer a beneficiary no local record serves (empty when there are none)."""
    found = portal.entitlement(beneficiary)
    if found is None:
        return ""
    return fragment(portal, "entitlement.html", here=here, entitlement=found, hotlines=hotline_map(portal),
                    beneficiary=portal.term("beneficiaries", beneficiary).name)


def hotline_map(portal: Portal) -> dict:
    return {h.code: h for h in portal.hotlines}


def with_entitlement(page: GeneratedPage, html: str) -> GeneratedPage:
    """The page with the entitlement's answer after its (empty) table."""
    return GeneratedPage(page.src_uri, page.title, lambda: page.render() + "\n" + html)


def facet_pages(portal: Portal, facet: Facet) -> list[GeneratedPage]:
    base = f"{CATALOG}/{facet.slug}/"
    groups = groups_of(portal, facet)
    landing = partial(fragment, portal, "facet-landing.html", here=base, total=len(portal.policies), facet=facet,
                      groups=groups, answered={e.beneficiary for e in portal.entitlements} if facet.field == "beneficiaries" else set())
    pages = [GeneratedPage(base + "index.md", f"惠企政策{facet.index_label}", landing, record_files(portal.policies))]
    for code, name, description, policies in groups:
        intro = {"crumbs": [(f"{CATALOG}/", "政策目录"), (base, facet.index_label)], "description": description}
        if facet.slug == "departments":
            intro["department"] = portal.term("department", code)
            intro["hotlines"] = every_page(portal.hotlines)
        if facet.kind == "status":
            intro["as_of"] = portal.as_of.isoformat()
        listed = pages_of_table(portal, f"{base}{code}/", name, policies, **intro)
        answer = entitlement_html(portal, code, f"{base}{code}/") if facet.field == "beneficiaries" and not policies else ""
        pages += [with_entitlement(listed[0], answer), *listed[1:]] if answer else listed
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


def filter_options(portal: Portal) -> list[tuple[Facet, list[tuple[str, str]]]]:
    return [(facet, [(code, name) for code, name, _, _ in groups_of(portal, facet)]) for facet in FACETS]


def catalog_filters(portal: Portal, here: str) -> str:
    answered = [(e.beneficiary, portal.term("beneficiaries", e.beneficiary).name) for e in portal.entitlements]
    return fragment(portal, "filters.html", here=here, options=filter_options(portal), answered=answered)


def matcher_form(portal: Portal) -> str:
    options = {name: getattr(portal.matcher, name).terms for name in MATCHER_LISTS}  # types, sizes, flags, needs
    answers = [(portal.entitlement(e.beneficiary), portal.term("beneficiaries", e.beneficiary).name)
               for e in portal.entitlements]
    words = {need.code: need_words(need, portal.vocabularies) for need in portal.matcher.needs.terms}
    return fragment(portal, "matcher.html", here=MATCHER_URL, matcher=options, need_words=words,
                    industries=portal.vocabularies["industries"].terms, answers=answers, hotlines=hotline_map(portal))


def matcher_scope(portal: Portal) -> str:
    """What the matcher does with each status, from the status rules (never a promise the records
    contradict): which statuses it offers, that 有效期待核实 ones are offered and marked, and how many
    provisions are in that state as of the build; past one-off payouts (已兑现) are results, never offers."""
    counts = {code: sum(1 for p in portal.policies if portal.status(p) == code) for code in STATUSES}
    flagged = sum(1 for p in portal.policies if facet_value(portal.review_flags(p)) == FLAGGED)
    return fragment(portal, "matcher-scope.html", offered=[STATUSES[c] for c in APPLICABLE],
                    left_out=[label for code, label in STATUSES.items() if code not in APPLICABLE],
                    unverified=(STATUSES["unverified"], MEANINGS["unverified"], counts["unverified"]),
                    delivered=(STATUSES["delivered"], MEANINGS["delivered"], counts["delivered"]),
                    total=len(portal.policies), flagged=flagged, as_of=portal.as_of.isoformat())
