"""The legal library's pages: a law's whole page (version notice, metadata block, chapter contents
and every article with its anchor, copy buttons and backlinks, or 全文待录入), the laws index, the
home page's list, a report's text with the portal's annotations."""

from __future__ import annotations

from typing import Any

from ..legal import versions as library
from ..legal.documents import Document, annotated, paragraphs_of
from ..legal.references import LegalRef
from ..legal.text import Article
from ..model.portal import Portal
from .render import fragment


def versions(portal: Portal, doc: Document) -> dict[str, Any]:
    """What a page says about a text's versions: the current one, the one it replaced, the revision."""
    return {"current": library.current_version(portal.documents, doc),
            "replaced": library.replaced_version(portal.documents, doc),
            "revised_on": library.revision_date(portal.documents, doc)}


def document_meta(portal: Portal, doc: Document, page_url: str) -> str:
    return fragment(portal, "document.html", doc=doc, here=page_url, **versions(portal, doc))


def pending_notice(portal: Portal, doc: Document) -> str:
    return fragment(portal, "pending.html", doc=doc)


def version_notice(portal: Portal, doc: Document, page_url: str) -> str:
    """已被修订 on a superseded text (date, link to the current version); on a revision, what it replaced."""
    return fragment(portal, "version.html", doc=doc, here=page_url, **versions(portal, doc))


def citation(doc: Document, article: str) -> str:
    return f"{doc.label}{article}"


def article_html(portal: Portal, doc: Document, article: Article, page_url: str) -> str:
    return fragment(portal, "law-article.html", doc=doc, article=article, here=page_url,
                    citation=citation(doc, article.number), implementing=portal.implementing(doc.id, article.number),
                    ref=LegalRef(doc.id, article.number),
                    counterpart=library.counterpart(portal.documents, doc, article))


def law_body(portal: Portal, doc: Document, page_url: str) -> str:
    """Markdown for a law's text: preamble and contents, then each chapter as a Markdown heading
    (for the page's table of contents) followed by its articles; a text without chapters is its
    articles alone."""
    law = doc.law
    out = [fragment(portal, "law-contents.html", law=law), ""]
    for chapter in law.chapters:
        if chapter.number:
            out += [f"## {chapter.number} {chapter.title} {{#{chapter.number}}}", ""]
        out += ["\n".join(article_html(portal, doc, a, page_url) for a in chapter.articles), ""]
    return "\n".join(out)


def law_page(portal: Portal, doc: Document, page_url: str) -> str:
    """A law or regulation's whole page: its version notice, metadata block and text (or the
    全文待录入 notice). Every text of the library goes through this one function."""
    parts = [version_notice(portal, doc, page_url), document_meta(portal, doc, page_url)]
    parts.append(law_body(portal, doc, page_url) if doc.law is not None else pending_notice(portal, doc))
    return "\n\n".join(part for part in parts if part)


def library_texts(portal: Portal) -> list[Document]:
    return [d for d in portal.documents if d.kind != "report"]


def law_index(portal: Portal, page_url: str) -> str:
    """The laws index: every law and regulation of data/documents.yml, with its state."""
    return fragment(portal, "law-index.html", here=page_url, texts=library_texts(portal), state=library.state,
                    versions=lambda d: versions(portal, d))


def law_list(portal: Portal, page_url: str) -> str:
    """The library's texts as a short list of links (the home page)."""
    return fragment(portal, "law-list.html", here=page_url, texts=library_texts(portal), state=library.state)


def report_text(portal: Portal, doc: Document) -> str:
    """The report, one paragraph per source line, each followed by the portal's annotations on it
    (data/documents.yml ``annotations``: what a passage gets wrong, with links to the right texts)."""
    paragraphs = paragraphs_of(doc.body or "")
    notes = [[(note["note"], [reference(portal, target) for target in note.get("see") or ()])
              for note in annotated(doc.annotations, text)] for text in paragraphs]
    return fragment(portal, "report.html", paragraphs=list(zip(paragraphs, notes, strict=True)), here=doc.url)


def reference(portal: Portal, target: str) -> tuple[str, str]:
    """``sme-law#第五条`` or ``hubei-measures`` -> (site path, 《title》第五条)."""
    doc_id, _, article = target.partition("#")
    doc = portal.document(doc_id)
    return (f"{doc.url}#{article}" if article else doc.url), doc.label + article


def chapter_list(portal: Portal, doc: Document) -> str:
    return fragment(portal, "chapter-list.html", chapters=doc.meta.get("chapters") or [])


