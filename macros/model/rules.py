"""Rules the browser applies, emitted by the build as data (never restated in JavaScript).

``browser_rules()`` is embedded in every page as a JSON block (overrides/main.html, read by
assets/js/portal-core.js, evaluated by the modules in assets/js/lib/) and shipped in
api/catalog.json: the status rules (model/status.py, a table), the catalog facets
(model/facets.py ``FACETS``) and the review states' labels (legal/review.py).
"""

from __future__ import annotations

from ..legal.review import FACET_VALUES
from .facets import FACETS
from .status import browser_status_rules


def browser_rules() -> dict:
    return {
        "status": browser_status_rules(),
        "facets": [{"param": f.param, "label": f.label, "field": f.field, "kind": f.kind, "missing": f.missing}
                   for f in FACETS],
        "review": FACET_VALUES,
    }
