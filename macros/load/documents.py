"""data/documents.yml and the texts in data/texts/: every row checked field by field (every problem
with its line) into a frozen ``Document`` (legal/documents.py).

A law's text that the parser cannot read is reported at the line of the text file where it fails.
The legal library's rules are checked here too: a law or regulation with its full text states its
number of articles (``articles``), which must be what the text holds, numbered 第一条, 第二条 … in
order; a text may replace an earlier version (``supersedes``: the earlier one's id), which then
carries ``superseded_by``; an ``annotations`` entry quotes a passage of the text (which must be
there) and says what the reader needs to know about it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from ..core.datafile import CODE_RE, DataFile, key, read_raw
from ..core.files import confined
from ..core.frontmatter import split_front_matter
from ..legal.documents import KINDS, TEXT_STATUSES, Document, flat
from ..legal.text import LawFormatError, LawText, parse_law
from .site import choices as choices_text

# field -> example, for messages
REQUIRED = {"id": "sme-law", "kind": "law", "title": "中华人民共和国中小企业促进法", "page": "laws/sme-promotion-law.md",
            "text_status": "pending"}
OPTIONAL_TEXTS = ("short_title", "edition", "issuer", "issuer_note", "document_number", "document_number_note",
                  "adopted", "adopted_by", "revised", "revised_by", "effective", "validity", "validity_source",
                  "provenance", "pending_note", "speaker", "meeting", "delivered", "published", "publisher", "section",
                  "text", "supersedes")
OPTIONAL_LISTS = ("chapters", "official_sources", "annotations")
DATES = ("adopted", "revised", "effective", "delivered", "published")
DATE_RE = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
ANNOTATION_EXAMPLE = "{quote: 原文中的一段话, note: 读者需要知道的说明}"
ROW_EXAMPLE = f"{{id: {REQUIRED['id']}, kind: law, title: …, page: …, text_status: pending}}"
SOURCE_EXAMPLE = "{name: 国家法律法规数据库, url: \"https://flk.npc.gov.cn/\"}"
TEXT_EXAMPLE = "texts/sme-promotion-law-2017.md"


def _choice(file: DataFile, entry: dict, at: str, name: str, choices: Mapping[str, str]) -> str | None:
    value = file.text(entry, at, name, REQUIRED[name], required=True)
    if value is not None and value not in choices:
        file.say("data.not_a_choice", key(at, name), value=value, allowed=choices_text(file.messages, choices),
                 hint=file.suggest(value, choices))
        return None
    return value


def _page(file: DataFile, entry: dict, at: str, docs_dir: Path) -> str | None:
    page = file.text(entry, at, "page", REQUIRED["page"], required=True)
    if page is None:
        return None
    target = docs_dir / page
    if not page.endswith(".md") or not confined(docs_dir, target) or not target.is_file():
        file.say("documents.page_missing", key(at, "page"), page=page, example=REQUIRED["page"])
        return None
    return page


def _dates(file: DataFile, entry: dict, at: str) -> None:
    for name in DATES:
        value = entry.get(name)
        if isinstance(value, str) and not DATE_RE.match(value):
            file.say("documents.date_format", key(at, name), value=value, name=name)


def _validity(file: DataFile, entry: dict, at: str) -> None:
    """A text's validity is shown only where a source states it: ``validity`` needs ``validity_source``."""
    if entry.get("validity") and not entry.get("validity_source"):
        file.say("documents.validity_unsourced", key(at, "validity"), validity=entry["validity"])


def _lists(file: DataFile, entry: dict, at: str) -> None:
    chapters = entry.get("chapters")
    if chapters is not None and (not isinstance(chapters, list) or not all(isinstance(c, str) and c for c in chapters)):
        file.say("documents.chapters_format", key(at, "chapters"))
    sources = entry.get("official_sources") or []
    what = file.messages.text("documents.official_source")
    for source_at, source in file.items(key(at, "official_sources"), sources, what, SOURCE_EXAMPLE, allow_empty=True):
        file.known_keys(source, source_at, ("name", "url"))
        file.text(source, source_at, "name", "国家法律法规数据库", required=True)
        file.text(source, source_at, "url")
    notes = entry.get("annotations") or []
    what = file.messages.text("documents.annotation")
    for note_at, note in file.items(key(at, "annotations"), notes, what, ANNOTATION_EXAMPLE, allow_empty=True):
        file.known_keys(note, note_at, ("quote", "note", "see"))
        file.text(note, note_at, "quote", "原文中的一段话", required=True)
        file.text(note, note_at, "note", "读者需要知道的说明", required=True)
        file.codes(note, note_at, "see", "[sme-law#第五条, hubei-measures]")


def _text(file: DataFile, entry: dict, at: str, data_dir: Path) -> DataFile | None:
    """The text file of a row whose full text is entered, read (not yet parsed); None on a problem."""
    if "text" not in entry:
        file.say("documents.text_missing", key(at, "text"), file.line_of(at), example=TEXT_EXAMPLE)
        return None
    name = file.text(entry, at, "text", TEXT_EXAMPLE, required=True)
    if name is None:
        return None
    if not confined(data_dir, data_dir / name):
        file.say("documents.text_outside", key(at, "text"), name=name)
        return None
    if not (data_dir / name).is_file():
        file.say("documents.text_not_found", key(at, "text"), name=name, example=TEXT_EXAMPLE)
        return None
    source, text = read_raw(data_dir, name, file.messages)
    return DataFile(source, None, text or "")


def _line_in(text_file: DataFile, paragraph: str) -> int:
    where = text_file.content.find(paragraph) if paragraph else -1
    return text_file.content.count("\n", 0, where) + 1 if where >= 0 else 1


def _law(text_file: DataFile) -> LawText | None:
    messages = text_file.messages
    layout = messages.text("law_text.layout")
    try:
        law = parse_law(text_file.content, messages)
    except LawFormatError as error:
        text_file.say("law_text.problem", "法律全文", _line_in(text_file, error.paragraph), problem=error.message,
                      layout=layout)
        return None
    if not law.articles:
        text_file.say("law_text.no_articles", "法律全文", 1, layout=layout)
        return None
    for expected, article in enumerate(law.articles, start=1):
        if article.ordinal != expected:
            text_file.say("law_text.numbering", "法律全文", _line_in(text_file, article.paragraphs[0]),
                          expected=expected, number=article.number)
            return None
    return law


def _article_count(file: DataFile, entry: dict, at: str, law: LawText, text: str) -> bool:
    """The row states how many articles the text has; a different count stops the build."""
    declared = entry.get("articles")
    actual = len(law.articles)
    span = file.messages.text("documents.article_span", first=law.articles[0].number, last=law.articles[-1].number)
    if "articles" not in entry:
        file.say("documents.articles_missing", key(at, "articles"), file.line_of(at), text=text, actual=actual,
                 span=span)
        return False
    if not isinstance(declared, int) or isinstance(declared, bool) or declared != actual:
        file.say("documents.articles_wrong", key(at, "articles"), declared=declared, text=text, actual=actual,
                 span=span)
        return False
    return True


def _annotations_found(file: DataFile, at: str, entry: dict, kind: str, body: str) -> None:
    """Every annotation of a report quotes a passage of one of its lines (whitespace aside)."""
    notes = entry.get("annotations") or []
    if notes and kind != "report":
        file.say("documents.annotations_not_report", key(at, "annotations"))
        return
    lines = [flat(line) for line in body.split("\n")]
    for index, note in enumerate(notes):
        quote = note.get("quote") if isinstance(note, dict) else None
        if isinstance(quote, str) and not any(flat(quote) in line for line in lines):
            file.say("documents.quote_not_found", key(at, f"annotations[{index}].quote"), quote=quote)


def _link_versions(file: DataFile, documents: list[Document], rows: dict[str, str],
                   declared: set[str]) -> list[Document]:
    """Check every ``supersedes`` and give each replaced text its ``superseded_by`` (a row with
    problems of its own is not loaded: a reference to it is not reported twice)."""
    by_id = {d.id: d for d in documents}
    replaced: dict[str, str] = {}
    for doc in documents:
        target, at = doc.supersedes, rows[doc.id]
        if target is None or (target not in by_id and target in declared):
            continue
        if target in by_id and _unread(by_id[target]):
            continue
        if target not in by_id or target == doc.id or by_id[target].law is None:
            texts = [d.id for d in documents if d.law is not None and d.id != doc.id]
            file.say("documents.supersedes_unknown", key(at, "supersedes"), target=target,
                     hint=file.suggest(target, texts))
        elif target in replaced:
            file.say("documents.superseded_twice", key(at, "supersedes"), target=target, by=replaced[target])
        elif not doc.meta.get("revised"):
            file.say("documents.supersedes_without_revised", key(at, "supersedes"), file.line_of(at))
        else:
            replaced[target] = doc.id
    seen_cycle = _cycle(replaced)
    if seen_cycle:
        file.say("documents.supersedes_cycle", key(rows[seen_cycle], "supersedes"), id=seen_cycle)
    return [replace(d, superseded_by=replaced.get(d.id)) for d in documents]


def _unread(doc: Document) -> bool:
    """A law whose text could not be read (its problems are reported on the text file)."""
    return doc.text_status == "full" and doc.kind != "report" and doc.law is None


def _check_references(file: DataFile, documents: list[Document], rows: dict[str, str], declared: set[str]) -> None:
    """Each annotation's ``see`` names a document here, and an article that its text has (a row
    with problems of its own is not loaded: references to it are not reported twice)."""
    by_id = {d.id: d for d in documents}
    for doc in documents:
        for index, note in enumerate(doc.annotations):
            for target in note.get("see") or ():
                doc_id, _, article = target.partition("#")
                found = by_id.get(doc_id)
                if (found is None and doc_id in declared) or (found is not None and _unread(found)):
                    continue
                if found is None or (article and (found.law is None or found.law.article(article) is None)):
                    file.say("documents.see_unknown", key(rows[doc.id], f"annotations[{index}].see"), target=target,
                             hint=file.suggest(doc_id, list(by_id)))


def _cycle(replaced: dict[str, str]) -> str | None:
    for start in replaced:
        current, seen = start, set()
        while current in replaced:
            if current in seen:
                return current
            seen.add(current)
            current = replaced[current]
    return None


def read_documents(file: DataFile, root: Path) -> tuple[tuple[Document, ...], list[DataFile]]:
    """The documents and the text files read for them (each with its own problems)."""
    if not file.readable:
        return (), []
    data_dir, docs_dir = root / "data", root / "docs"
    documents, texts, ids, rows = [], [], [], {}
    known = list(REQUIRED) + list(OPTIONAL_TEXTS) + list(OPTIONAL_LISTS) + ["articles"]
    for at, entry in file.items("", file.data, file.messages.text("documents.row"), ROW_EXAMPLE):
        before = len(file.problems)
        file.known_keys(entry, at, known)
        doc_id = file.text(entry, at, "id", REQUIRED["id"], required=True)
        if doc_id is not None and not CODE_RE.match(doc_id):
            file.say("documents.id_format", key(at, "id"), id=doc_id, example=REQUIRED["id"])
        elif doc_id is not None:
            ids.append((key(at, "id"), doc_id))
        kind = _choice(file, entry, at, "kind", KINDS)
        title = file.text(entry, at, "title", REQUIRED["title"], required=True)
        page = _page(file, entry, at, docs_dir)
        text_status = _choice(file, entry, at, "text_status", TEXT_STATUSES)
        for name in OPTIONAL_TEXTS:
            if name != "text" or text_status != "full":  # a full text's file is checked by _text
                file.text(entry, at, name)
        _dates(file, entry, at)
        _validity(file, entry, at)
        _lists(file, entry, at)
        text_file = _text(file, entry, at, data_dir) if text_status == "full" else None
        if text_file is not None:
            texts.append(text_file)
        if len(file.problems) > before or (text_file is not None and not text_file.readable):
            continue
        law = _law(text_file) if text_file and kind != "report" else None
        if law is not None and not _article_count(file, entry, at, law, entry["text"]):
            continue
        body = split_front_matter(text_file.content)[1] if text_file and kind == "report" else None
        if text_file is not None:
            _annotations_found(file, at, entry, kind, split_front_matter(text_file.content)[1])
        documents.append(Document(doc_id, kind, title, page, text_status, MappingProxyType(dict(entry)), law, body))
        rows[doc_id] = at
    file.unique_codes(ids, label="id")
    declared = {doc_id for _, doc_id in ids}
    _check_references(file, documents, rows, declared)
    return tuple(_link_versions(file, documents, rows, declared)), texts
