"""The record form (投稿指南 → 在线填写政策, docs/guide/new.md): what the browser needs, emitted by the build.

The form itself (assets/js/record-form.js) is generated in the browser from the record contract it
fetches (api/policy.schema.json) by json-editor, and checked against the contract by ajv's validation
code compiled from it (assets/vendor/ajv/, `make vendor`); this module adds, as one JSON block in
the page, only what the contract does not hold: the vocabularies' names (with the list a message
shows and the name -> code map of its hint), the laws' articles (the legal-basis picker), the clerks'
message catalog (data/messages.yml), each field's example as the checker words it
(load/checks.py), the checker's own few rules as data (refused template fields, the characters a
title may not hold, the body's name), where a record file goes, the forge (data/site.yml), the
review interval and body template of a new record (model/records.py), the sanitizer's allow-list
(sanitize.py) and the heading-link settings of the build's Markdown, so the preview cleans the body
exactly as the build does. Nothing in it is restated by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown.extensions.toc import TocExtension

from ..core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, RESERVED_ID, SLUG_ID, URL_SCHEMES
from ..legal.documents import SUPERSEDED, Document
from ..legal.versions import current_version, revision_date
from ..core.yamlsafe import STANDARD_TAGS, TEMPLATE_DELIMITERS
from ..load.checks import BODY_FIELD, FORBIDDEN_TITLE_CHARS, TEMPLATE_FIELDS, TYPE_KEYS, example_texts, known_laws
from ..load.portal import UNITS, YEARS, document_issuers, full_text_lines
from ..load.vocabularies import allowed_terms, codes_by_name
from ..model.addresses import source_path
from ..model.portal import Portal
from ..model.records import BODY_TEMPLATE, POLICY_DIR, REVIEW_INTERVAL
from .render import fragment
from .wordform import word_form

SCHEMA_URL = "api/policy.schema.json"
# The status (model/status.py) a date entered in the form may give a record at once, which the form
# asks the clerk to confirm: a 有效期至 already past publishes the record as 已失效.
CONFIRM_STATUS = "expired"
VENDOR = "assets/vendor/"
VALIDATOR = VENDOR + "ajv/policy-validator.js"  # ajv's code for the contract (macros/clerk/vendor.py)
SCRIPTS = (  # classic scripts, in order; the form itself is an ES module importing the rest
    "json-editor/jsoneditor.js",
    "markdown-it/markdown-it.min.js",
    "markdown-it-deflist/markdown-it-deflist.min.js",
    "markdown-it-admon/markdown-it-admon.min.js",
    "dompurify/purify.min.js",
)


def js_pattern(python_pattern: str) -> str:
    """A Python ``re`` pattern as a JavaScript ``u``-flag pattern: Python's \\w and \\W are Unicode-wide,
    JavaScript's are ASCII, so they are spelled out as Unicode classes."""
    return (python_pattern.replace("[^\\W_]", "[\\p{L}\\p{N}]").replace("\\w", "\\p{L}\\p{N}_"))


def sanitizer() -> dict:
    """sanitize.py's allow-list as data (the build's nh3 call and the preview's DOMPurify use the same)."""
    return {
        "tags": sorted(ALLOWED_TAGS),
        "attributes": {tag: sorted(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        "classes": {tag: sorted(names) for tag, names in ALLOWED_CLASSES.items()},
        "url_schemes": sorted(URL_SCHEMES),
        "reserved_id": js_pattern(RESERVED_ID.pattern),
        "slug_id": js_pattern(SLUG_ID.pattern),
        "link_rel": "noopener noreferrer",
        "content_removed": ["script", "style"],  # nh3's default clean_content_tags
    }


def heading_links(mdx_configs: Mapping[str, Any]) -> dict:
    """The toc extension's heading ids and permalinks, as the build configures them (mkdocs.yml)."""
    settings = TocExtension(**(mdx_configs.get("toc") or {})).getConfigs()
    permalink = settings["permalink"]
    symbol = "\u00b6" if permalink is True else (permalink or "")
    return {"permalink": bool(permalink), "symbol": symbol.replace("&para;", "\u00b6"),
            "title": settings["permalink_title"], "class": settings["permalink_class"],
            "separator": settings["separator"]}


def laws(portal: Portal) -> list[dict]:
    """The laws' chapters and articles with their full text, for the legal-basis picker (record-basis.js)
    and the checks; a text a later version replaced says so (its state, the current version, the date)."""
    return [{"id": d.id, "title": d.law.title if d.law else d.title,
             "short_title": d.meta.get("short_title") or d.title,
             "superseded": superseded(portal, d),
             "chapters": [{"number": c.number, "title": c.title} for c in d.law.chapters if c.number],
             "articles": [{"number": a.number, "ordinal": a.ordinal, "chapter": a.chapter, "text": "\n".join(a.paragraphs)}
                          for a in d.law.articles]}
            for d in portal.laws]


def superseded(portal: Portal, doc: Document) -> dict | None:
    if not doc.superseded_by:
        return None
    return {"label": SUPERSEDED, "current": current_version(portal.documents, doc).label,
            "revised": revision_date(portal.documents, doc)}


def checks(portal: Portal) -> dict:
    """What the form's checks (assets/js/lib/checks.js) need beyond the contract and the catalog: with
    the other records' files (ids are unique, superseded_by names one), the documents' issuers and full
    texts (load/portal.py), the form checks a record against the others as `check` does."""
    return {"examples": example_texts(portal.contract.schema), "template_fields": list(TEMPLATE_FIELDS),
            "title_forbidden": FORBIDDEN_TITLE_CHARS.pattern, "body_field": BODY_FIELD,
            "known_laws": known_laws([d.id for d in portal.laws]),
            "type_words": {kind: portal.messages.text(key) for kind, key in TYPE_KEYS.items()},
            "records": {p.id: ["docs/" + p.path] for p in portal.policies},
            "issuers": document_issuers(portal.documents), "full_texts": full_text_lines(portal.documents),
            "years": list(YEARS), "units": [list(pair) for pair in UNITS],
            "template_delimiters": list(TEMPLATE_DELIMITERS), "yaml_tags": sorted(STANDARD_TAGS)}


def form_config(portal: Portal, mdx_configs: Mapping[str, Any]) -> dict:
    site = portal.site
    return {
        "schema": SCHEMA_URL,
        "validator": VALIDATOR,
        "source": source_path("{id}"),
        "policy_dir": f"docs/{POLICY_DIR}",
        "vocabularies": {field: {"label": v.label, "where": v.where,
                                 "terms": [{"code": t.code, "name": t.name} for t in v.terms],
                                 "allowed": allowed_terms(v, portal.messages), "by_name": codes_by_name(v)}
                         for field, v in portal.vocabularies.items()},
        "laws": laws(portal),
        "messages": portal.messages.as_json(),
        "checks": checks(portal),
        "forge": {"kind": site.forge_kind, "url": site.forge_url, "branch": site.forge_branch or "main"},
        "review_days": REVIEW_INTERVAL.days,
        "body_template": BODY_TEMPLATE.lstrip("\n"),
        "sanitizer": sanitizer(),
        "headings": heading_links(mdx_configs),
        "ids": sorted(p.id for p in portal.policies),
        "word": word_form(portal.word_rules, portal.messages),  # Word import (wordform.py)
        "confirm_status": CONFIRM_STATUS,
    }


def record_form(portal: Portal, here: str, mdx_configs: Mapping[str, Any]) -> str:
    return fragment(portal, "record-form.html", here=here, config=form_config(portal, mdx_configs),
                    scripts=[VENDOR + s for s in SCRIPTS], site=portal.site)

