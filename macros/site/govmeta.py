"""The government metadata of a page (model/govmeta.py): its column's tags and, on an article page,
the article's, from the records, data/documents.yml and the repository's history (the oldest commit
of the file the article comes from: when the portal published it). Written by
overrides/partials/gov-meta.html from what the plugin puts on ``page.meta`` and ``config.extra``."""

from __future__ import annotations

from ..core.problems import Problem
from ..legal.documents import KINDS, TEXT_STATUSES, Document
from ..model.govmeta import Column, Columns, article_tags
from ..model.portal import Portal
from ..model.records import Policy

COLUMNS_FILE = "data/columns.yml"
# A law's or report's Description: what the document is, who issued it, whether its full text is here.
DOCUMENT_DESCRIPTION = "{title}（{kind}，{issuer}，{status}）"
DOCUMENT_DESCRIPTION_NO_ISSUER = "{title}（{kind}，{status}）"


def record_tags(portal: Portal, policy: Policy) -> tuple[tuple[str, str], ...]:
    """A record: its title, when its file was first committed, its document's 发文机关 (not the
    portal), its categories and support types, its summary."""
    words = [portal.term("categories", code).name for code in policy.categories]
    words += [portal.term("support_type", code).name for code in policy.support_type]
    return article_tags(policy.title, portal.first_published(f"docs/{policy.path}"), policy.issuer, words,
                        policy.summary)


def document_title(doc: Document) -> str:
    """A law's or report's name, with its edition when two versions share the name."""
    edition = doc.meta.get("edition")
    return f"{doc.title}（{edition}）" if edition else doc.title


def document_source_file(doc: Document) -> str:
    """The file a law's or report's page publishes: its text (data/texts/), else its own page."""
    text = doc.meta.get("text")
    return f"data/{text}" if text else f"docs/{doc.page}"


def document_tags(portal: Portal, doc: Document) -> tuple[tuple[str, str], ...]:
    """A law's, regulation's or report's page (data/documents.yml): its name, when its text was first
    committed, its issuer, its short title and kind."""
    issuer = doc.meta.get("issuer")
    values = {"title": document_title(doc), "kind": KINDS[doc.kind], "issuer": issuer,
              "status": TEXT_STATUSES[doc.text_status]}
    description = (DOCUMENT_DESCRIPTION if issuer else DOCUMENT_DESCRIPTION_NO_ISSUER).format(**values)
    return article_tags(values["title"], portal.first_published(document_source_file(doc)), issuer,
                        [doc.meta.get("short_title") or "", KINDS[doc.kind]], description)


def page_tags(portal: Portal, src_uri: str, column: Column) -> list[tuple[str, str]]:
    """A page's column tags, then its article tags when it is an article page."""
    tags = list(column.tags())
    if src_uri in portal.by_path:
        tags += record_tags(portal, portal.by_path[src_uri])
    elif src_uri in portal.document_pages:
        tags += document_tags(portal, portal.document_pages[src_uri])
    return tags


def column_problems(portal: Portal, sections: list[str], columns: Columns, urls: list[str]) -> list[Problem]:
    """data/columns.yml against the navigation: a column for each top-level section (``sections``), no
    column that is not one, and a column for every page of the build (``urls``)."""
    messages, path = portal.messages, COLUMNS_FILE
    problems = [Problem(path, 1, "name", messages.text("columns.section_missing", name=name,
                                                          example=f"{{name: {name}, description: …, keywords: […], type: …}}"))
                for name in sections if name not in columns.by_name]
    problems += [Problem(path, column.line, "name",
                         messages.text("columns.not_in_nav", name=column.name, sections="、".join(sections),
                                       hint=messages.suggest(column.name, sections)))
                 for column in portal.columns if column.name not in sections]
    problems += [Problem(path, 1, "also", messages.text("columns.page_without_column", url=url or "/"))
                 for url in urls if columns.of(url) is None]
    return problems
