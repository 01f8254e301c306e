"""The catalog filters and the policy matcher, rendered from overrides/portal/filters.html and
matcher.html (enhanced in the browser by assets/js/finder.js).

The options come from the facets (pages.FACETS), the vocabularies and data/matcher.yml
(``portal.matcher``), so the form, the data and the checks never disagree.
"""

from __future__ import annotations

from .pages import FACETS, Facet, groups_of
from .records import Portal
from .render import fragment
from .review import FLAGGED, facet_value
from .status import APPLICABLE, MEANINGS, STATUSES
from .vocab import MATCHER_LISTS


def filter_options(portal: Portal) -> list[tuple[Facet, list[tuple[str, str]]]]:
    return [(facet, [(code, name) for code, name, _, _ in groups_of(portal, facet)]) for facet in FACETS]


def catalog_filters(portal: Portal, here: str) -> str:
    return fragment(portal, "filters.html", here=here, options=filter_options(portal))


def matcher_form(portal: Portal) -> str:
    options = {name: getattr(portal.matcher, name).terms for name in MATCHER_LISTS}  # types, sizes, flags, needs
    return fragment(portal, "matcher.html", matcher=options, industries=portal.vocabularies["industries"].terms)


def matcher_scope(portal: Portal) -> str:
    """What the matcher does with each status, from the status rules (never a promise the records
    contradict): which statuses it offers, that 有效期待核实 ones are offered and marked, and how many
    provisions are in that state as of the build."""
    counts = {code: sum(1 for p in portal.policies if portal.status(p) == code) for code in STATUSES}
    flagged = sum(1 for p in portal.policies if facet_value(portal.review_flags(p)) == FLAGGED)
    return fragment(portal, "matcher-scope.html", offered=[STATUSES[c] for c in APPLICABLE],
                    left_out=[label for code, label in STATUSES.items() if code not in APPLICABLE],
                    unverified=(STATUSES["unverified"], MEANINGS["unverified"], counts["unverified"]),
                    total=len(portal.policies), flagged=flagged, as_of=portal.as_of.isoformat())
