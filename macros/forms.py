"""The catalog filters and the policy matcher, rendered from overrides/portal/filters.html and
matcher.html (enhanced in the browser by assets/js/finder.js).

The options come from the facets (pages.FACETS), the vocabularies and data/matcher.yml
(``portal.matcher``), so the form, the data and the checks never disagree.
"""

from __future__ import annotations

from .pages import FACETS, Facet, groups_of
from .records import Portal
from .render import fragment
from .vocab import MATCHER_LISTS


def filter_options(portal: Portal) -> list[tuple[Facet, list[tuple[str, str]]]]:
    return [(facet, [(code, name) for code, name, _, _ in groups_of(portal, facet)]) for facet in FACETS]


def catalog_filters(portal: Portal, here: str) -> str:
    return fragment(portal, "filters.html", here=here, options=filter_options(portal))


def matcher_form(portal: Portal) -> str:
    options = {name: getattr(portal.matcher, name).terms for name in MATCHER_LISTS}  # types, sizes, flags, needs
    return fragment(portal, "matcher.html", matcher=options, industries=portal.vocabularies["industries"].terms)
