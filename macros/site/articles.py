"""Article pages: the pages that are one text to read — a record (docs/policies/<部门>/<id>.md) and
each law, regulation and report of data/documents.yml. They get the 朗读 control
(overrides/partials/read-aloud.html, shown where ``page.meta.portal_article`` is set) and its
script (assets/js/read-aloud.js, the browser's own speech synthesis)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ..model.portal import Portal

READ_ALOUD_SCRIPT = "assets/js/read-aloud.js"


def document_pages(portal: Portal) -> frozenset[str]:
    """The source paths (relative to docs/) of the laws, regulations and reports."""
    return frozenset(doc.page for doc in portal.documents)


def mark_article(meta: MutableMapping[str, Any]) -> None:
    """An article page: the 朗读 control, and its script after the page's own (overrides/main.html)."""
    meta["portal_article"] = True
    meta["scripts"] = [*(meta.get("scripts") or []), READ_ALOUD_SCRIPT]
