"""Article pages (``Portal.is_article``: a record, a law, regulation or report) get the 朗读 control
(overrides/partials/read-aloud.html, shown where ``page.meta.portal_article`` is set) and its
script (assets/js/read-aloud.js, the browser's own speech synthesis)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

READ_ALOUD_SCRIPT = "assets/js/read-aloud.js"


def mark_article(meta: MutableMapping[str, Any]) -> None:
    """An article page: the 朗读 control, and its script after the page's own (overrides/main.html)."""
    meta["portal_article"] = True
    meta["scripts"] = [*(meta.get("scripts") or []), READ_ALOUD_SCRIPT]
