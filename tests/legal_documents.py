"""data/documents.yml read with plain PyYAML, independently of the loader: the texts, the 2022 report,
the superseded 2020 text and its 2025 revision, and how a text is cited and where its page is."""

from __future__ import annotations

import yaml

from conftest import ROOT

DOCUMENTS = yaml.safe_load((ROOT / "data" / "documents.yml").read_text(encoding="utf-8"))
LAWS = [d for d in DOCUMENTS if d["kind"] != "report"]
LIBRARY = [d for d in LAWS if d["text_status"] == "full"]
REPORT = next(d for d in DOCUMENTS if d["kind"] == "report")
OLD = next(d for d in DOCUMENTS if any(other.get("supersedes") == d["id"] for other in DOCUMENTS))
NEW = next(d for d in DOCUMENTS if d.get("supersedes") == OLD["id"])


def document(doc_id: str) -> dict:
    return next(d for d in DOCUMENTS if d["id"] == doc_id)


def label(doc: dict) -> str:
    """How the site cites a text: 《title》, with its edition when there are several."""
    title = doc["title"].replace("《", "〈").replace("》", "〉")
    return f"《{title}》" + (f"（{doc['edition']}）" if doc.get("edition") else "")


def page_url(doc: dict) -> str:
    return doc["page"][: -len(".md")] + "/"
