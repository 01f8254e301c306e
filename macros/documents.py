"""The portal's own laws, regulations and reports: data/documents.yml and their texts in data/texts/.

Each row is checked field by field (every problem with its line) and becomes a frozen ``Document``;
a law's text that the parser cannot read is reported at the line of the text file where it fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .datareader import CODE_RE, DataFile, key, read_raw, suggest
from .frontmatter import confined, split_front_matter
from .law import LawFormatError, LawText, parse_law

KINDS = {"law": "法律", "regulation": "法规", "report": "报告"}
TEXT_STATUSES = {"full": "全文已录入", "pending": "全文待录入"}
# field -> example, for messages
REQUIRED = {"id": "sme-law", "kind": "law", "title": "中华人民共和国中小企业促进法",
            "page": "laws/sme-promotion-law.md", "text_status": "pending"}
OPTIONAL_TEXTS = ("short_title", "issuer", "document_number", "document_number_note", "adopted", "adopted_by",
                  "revised", "revised_by", "effective", "validity", "provenance", "pending_note", "speaker", "meeting",
                  "delivered", "published", "publisher", "section", "text")
OPTIONAL_LISTS = ("chapters", "official_sources")
ROW_EXAMPLE = f"{{id: {REQUIRED['id']}, kind: law, title: …, page: …, text_status: pending}}"
SOURCE_EXAMPLE = "{name: 国家法律法规数据库, url: \"https://flk.npc.gov.cn/\"}"
TEXT_EXAMPLE = "texts/sme-promotion-law-2017.md"
LAW_LAYOUT = ("法律全文应保持来源文件的格式：标题行，通过和修订信息，“<!-- INFO END -->”，"
              "然后是“## 第X章 名称”和以“第X条”加空格开头的条文")


@dataclass(frozen=True)
class Document:
    """A portal-owned law, regulation or report from data/documents.yml."""

    id: str
    kind: str  # law / regulation / report
    title: str
    page: str  # relative to docs/
    text_status: str  # full / pending
    meta: Mapping[str, Any]  # every field of the row, for the optional display fields
    law: LawText | None = None
    body: str | None = None  # full text of a report (front matter removed)

    @property
    def url(self) -> str:
        return self.page[: -len(".md")] + "/"


def _choice(file: DataFile, entry: dict, at: str, name: str, choices: Mapping[str, str]) -> str | None:
    value = file.text(entry, at, name, REQUIRED[name], required=True)
    if value is not None and value not in choices:
        allowed = "、".join(f"{code}（{label}）" for code, label in choices.items())
        file.problem(key(at, name), f"“{value}”不是可以填写的值；可填写：{allowed}{suggest(value, choices)}")
        return None
    return value


def _page(file: DataFile, entry: dict, at: str, docs_dir: Path) -> str | None:
    page = file.text(entry, at, "page", REQUIRED["page"], required=True)
    if page is None:
        return None
    target = docs_dir / page
    if not page.endswith(".md") or not confined(docs_dir, target) or not target.is_file():
        file.problem(key(at, "page"), f"找不到页面 docs/{page}；page 应为这份文件在 docs/ 中的页面（.md 文件）；"
                                      f"例如：page: {REQUIRED['page']}")
        return None
    return page


def _lists(file: DataFile, entry: dict, at: str) -> None:
    chapters = entry.get("chapters")
    if chapters is not None and (not isinstance(chapters, list) or not all(isinstance(c, str) and c for c in chapters)):
        file.problem(key(at, "chapters"), "格式不对；应为各章章名的列表；例如：chapters: [总则, 资金支持]")
    sources = entry.get("official_sources") or []
    for source_at, source in file.items(key(at, "official_sources"), sources, "官方来源", SOURCE_EXAMPLE,
                                        allow_empty=True):
        file.known_keys(source, source_at, ("name", "url"))
        file.text(source, source_at, "name", "国家法律法规数据库", required=True)
        file.text(source, source_at, "url")


def _text(file: DataFile, entry: dict, at: str, data_dir: Path) -> DataFile | None:
    """The text file of a row whose full text is entered, read (not yet parsed); None on a problem."""
    if "text" not in entry:
        file.problem(key(at, "text"), f"全文状态是 full（全文已录入）时必须填写全文文件；例如：text: {TEXT_EXAMPLE}",
                     file.line_of(at))
        return None
    name = file.text(entry, at, "text", TEXT_EXAMPLE, required=True)
    if name is None:
        return None
    if not confined(data_dir, data_dir / name):
        file.problem(key(at, "text"), f"“{name}”不在 data/ 中或是符号链接；全文必须放在 data/texts/ 中")
        return None
    if not (data_dir / name).is_file():
        file.problem(key(at, "text"),
                     f"找不到文件 data/{name}；全文文件应放在 data/texts/ 中；例如：text: {TEXT_EXAMPLE}")
        return None
    source, text = read_raw(data_dir, name)
    return DataFile(source, None, text or "")


def _law(text_file: DataFile) -> LawText | None:
    try:
        law = parse_law(text_file.content)
    except LawFormatError as error:
        where = text_file.content.find(error.paragraph) if error.paragraph else -1
        line = text_file.content.count("\n", 0, where) + 1 if where >= 0 else 1
        what = "这一段不属于任何一章或任何一条" if error.paragraph else "没有标题行"
        text_file.problem("法律全文", f"{what}；{LAW_LAYOUT}", line)
        return None
    if not law.articles:
        text_file.problem("法律全文", f"没有读出任何条文；{LAW_LAYOUT}", 1)
        return None
    return law


def read_documents(file: DataFile, root: Path) -> tuple[tuple[Document, ...], list[DataFile]]:
    """The documents and the text files read for them (each with its own problems)."""
    if not file.readable:
        return (), []
    data_dir, docs_dir = root / "data", root / "docs"
    documents, texts, ids = [], [], []
    known = list(REQUIRED) + list(OPTIONAL_TEXTS) + list(OPTIONAL_LISTS)
    for at, entry in file.items("", file.data, "文件", ROW_EXAMPLE):
        before = len(file.problems)
        file.known_keys(entry, at, known)
        doc_id = file.text(entry, at, "id", REQUIRED["id"], required=True)
        if doc_id is not None and not CODE_RE.match(doc_id):
            file.problem(key(at, "id"),
                         f"“{doc_id}”的格式不对；只能用小写英文字母、数字和连字符“-”；例如：id: {REQUIRED['id']}")
        elif doc_id is not None:
            ids.append((key(at, "id"), doc_id))
        kind = _choice(file, entry, at, "kind", KINDS)
        title = file.text(entry, at, "title", REQUIRED["title"], required=True)
        page = _page(file, entry, at, docs_dir)
        text_status = _choice(file, entry, at, "text_status", TEXT_STATUSES)
        for name in OPTIONAL_TEXTS:
            if name != "text" or text_status != "full":  # a full text's file is checked by _text
                file.text(entry, at, name)
        _lists(file, entry, at)
        text_file = _text(file, entry, at, data_dir) if text_status == "full" else None
        if text_file is not None:
            texts.append(text_file)
        if len(file.problems) > before or (text_file is not None and not text_file.readable):
            continue
        law = _law(text_file) if text_file and kind == "law" else None
        body = split_front_matter(text_file.content)[1] if text_file and kind != "law" else None
        documents.append(Document(doc_id, kind, title, page, text_status, MappingProxyType(dict(entry)), law, body))
    file.unique_codes(ids, label="id")
    return tuple(documents), texts
