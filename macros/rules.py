"""Rules the browser applies, emitted by the build as data (never restated in JavaScript).

``browser_rules()`` is embedded in every page as a JSON block (overrides/main.html, read by
assets/js/portal-core.js) and shipped in api/catalog.json: the status rules (macros/status.py) and
the catalog facets (macros/pages.py ``FACETS``) and the review states' labels (macros/review.py).
"""

from __future__ import annotations

from .pages import FACETS
from .review import FACET_VALUES
from .status import browser_status_rules


def browser_rules() -> dict:
    return {
        "status": browser_status_rules(),
        "facets": [{"param": f.param, "label": f.label, "field": f.field, "kind": f.kind} for f in FACETS],
        "review": FACET_VALUES,
    }
