"""Records -> HTML, through the autoescaped templates in overrides/portal/.

Record values reach the templates only as data (the template source is the portal's own), and
autoescaping applies to every value. Links are relative to the page being built (``here`` is a
site-relative directory URL such as ``catalog/departments/kejing/``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from datetime import timedelta, timezone
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import library, review
from .documents import annotated
from .law import Article
from .records import Document, Policy, Portal
from .status import MEANINGS, STATUSES, UTC_OFFSET_HOURS

TEMPLATES = Path("overrides") / "portal"


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def rel(page_url: str, target: str) -> str:
    """Relative link from one directory URL to a site path (``a/b/`` or ``a/b/#x`` or ``x.json``)."""
    path, hash_mark, fragment = target.partition("#")
    base = posixpath.join("/", page_url)
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    link = posixpath.relpath(posixpath.join("/", path), base)
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (hash_mark + fragment if hash_mark else "")


def number(value: Any) -> str:
    """5.0 -> 5; other numbers as written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@lru_cache(maxsize=8)
def environment(template_dir: Path) -> Environment:
    """One Jinja environment per template folder; templates reload when edited (mkdocs serve)."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.globals.update(rel=rel, number=number, status_label=STATUSES.__getitem__)
    return env


def fragment(portal: Portal, name: str, **context: Any) -> str:
    """Render overrides/portal/<name> with the portal's lookups, as one raw HTML block.

    Fragments pass through Python-Markdown inside portal pages, where a blank line would end
    the raw HTML block and let Markdown re-read the rest: the output therefore has no blank
    lines (whitespace between tags is insignificant; values are escaped text).
    """
    template = environment(portal.root / TEMPLATES).get_template(name)
    html = template.render(
        term=portal.term, terms=lambda field, codes: [portal.term(field, code) for code in codes],
        status_of=portal.status, policy=portal.policy, document=portal.document,
        contract=portal.contract, facet_slug=facet_slugs(), **context,
    )
    return "\n".join(line for line in html.splitlines() if line.strip())


def facet_slugs() -> dict[str, str]:
    """Record field -> its catalog facet's URL segment (department -> departments)."""
    from .pages import FACETS
    return {f.field: f.slug for f in FACETS if f.field}


def link(page_url: str, target: str, text: object, cls: str = "") -> str:
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<a{klass} href="{esc(rel(page_url, target))}">{esc(text)}</a>'


# -- policies -------------------------------------------------------------------------------------

def policy_table(portal: Portal, policies: Iterable[Policy], page_url: str) -> str:
    return fragment(portal, "policy-table.html", policies=list(policies), here=page_url)


def policy_header(portal: Portal, p: Policy) -> str:
    """Everything on a provision's page before its body (overrides/portal/record.html)."""
    report = review.sole_report(portal.documents, p.sources)
    return fragment(portal, "record.html", p=p, here=p.url, flags=portal.review_flags(p), report=report,
                    report_year=review.report_year(report) if report else "")


def policy_footer(portal: Portal, p: Policy) -> str:
    """Everything after a provision's body: its 修订记录 (overrides/portal/record-history.html)."""
    from .opendata import record_path  # opendata imports the exports, which import this module's users
    china = timezone(timedelta(hours=UTC_OFFSET_HOURS))
    return fragment(portal, "record-history.html", p=p, here=p.url, available=portal.history.available,
                    changes=portal.history.of(f"docs/{p.path}"), snapshot=record_path(p.id),
                    day=lambda change: change.when.astimezone(china).date().isoformat())


def status_legend(portal: Portal) -> str:
    return fragment(portal, "status-legend.html", statuses=[(c, label, MEANINGS[c]) for c, label in STATUSES.items()])


# -- documents (laws, regulations, the report) ----------------------------------------------------

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
    paragraphs = [line.strip() for line in (doc.body or "").split("\n") if line.strip()]
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


# -- the data dictionary (generated from the contract, so it cannot drift) --------------------------

def data_dictionary(portal: Portal) -> str:
    return fragment(portal, "data-dictionary.html", vocabularies=portal.vocabularies)
