"""The catalog filters and the policy matcher, rendered from overrides/portal/filters.html and
matcher.html (enhanced in the browser by assets/js/finder.js).

The options come from the facets (pages.FACETS), the vocabularies and data/matcher.yml, so the
form, the data and the checks never disagree.
"""

from __future__ import annotations

from typing import Mapping

from .pages import FACETS, Facet, groups_of
from .records import Portal
from .render import fragment


def filter_options(portal: Portal) -> list[tuple[Facet, list[tuple[str, str]]]]:
    return [(facet, [(code, name) for code, name, _, _ in groups_of(portal, facet)]) for facet in FACETS]


def catalog_filters(portal: Portal, here: str) -> str:
    return fragment(portal, "filters.html", here=here, options=filter_options(portal))


def matcher_form(portal: Portal, config: Mapping) -> str:
    return fragment(portal, "matcher.html", matcher=config, industries=portal.vocabularies["industries"].terms)
