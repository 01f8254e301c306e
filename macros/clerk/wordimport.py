"""Word (.docx) to a draft record: ``make import FILE=… DEPT=…`` / ``python -m macros import``.

mammoth (pinned; measured against reading the file with python-docx directly, see README "Word 导入")
turns the document into simple HTML; this module turns that HTML into the clean Markdown a record's
body is written in, and finds metadata in the text. Every value found is a guess and is marked
for review in a comment above it; what is not found stays empty, so ``make check`` lists exactly
what the clerk must still add. Nothing is written unless the whole import succeeds: a .doc/.wps
file, a file that is not a Word document, an oversized file or a zip bomb is refused with a message.

Body rules: Word's automatic numbering and bullets become Markdown lists (nested ones indented
four spaces, as Python-Markdown needs); numbering typed by hand (1. 1、（一）第一条) stays text,
its "1." escaped so Markdown does not renumber it; typed bullets (• ●) become list items; tables
become pipe tables (first row as header); bold and italic are kept; full-width and non-breaking
spaces at the start or end of a paragraph are removed and runs inside it become one space; empty
paragraphs are dropped; images are not imported (one message each).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import mammoth
from lxml import html as lxml_html

from ..core.messages import Messages
from ..load.contract import load_contract
from ..load.vocabularies import load_vocabularies
from ..model.records import ID_RE, POLICY_DIR
from .scaffold import yaml_scalar

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts of the file, as their headers declare them
MAX_RATIO = 100  # a part that unpacks to more than this many times its packed size is a zip bomb
OLD_FORMATS = {".doc", ".wps", ".wpt", ".dot", ".rtf"}
DRAFT_SUFFIX = ".md"


class ImportRefused(Exception):
    """A file that is not imported, with the message for the clerk (nothing was written); every
    message of an import is worded by the project's catalog (``import.…``)."""


@dataclass(frozen=True)
class Guess:
    value: str
    note: str  # why this value, for the clerk to review


@dataclass
class Draft:
    body: str
    guesses: dict[str, Guess] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# -- the container ----------------------------------------------------------------------------------

def check_container(path: Path, messages: Messages) -> bytes:
    """The file's bytes, if it is a .docx of sane size that unpacks to a sane size; else ImportRefused."""
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ImportRefused(messages.text("import.old_format", name=path.name, suffix=suffix))
    if suffix != ".docx":
        raise ImportRefused(messages.text("import.not_docx", name=path.name))
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportRefused(messages.text("import.file_missing", path=path)) from None
    if size > MAX_DOCX_BYTES:
        raise ImportRefused(messages.text("import.too_large", name=path.name, size=size // (1024 * 1024),
                                          limit=MAX_DOCX_BYTES // (1024 * 1024)))
    raw = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(messages.text("import.not_a_zip", name=path.name)) from None
    if "word/document.xml" not in {p.filename for p in parts}:
        raise ImportRefused(messages.text("import.no_document", name=path.name))
    unpacked = sum(p.file_size for p in parts)
    inflated = [p for p in parts if p.file_size > 1024 * 1024 and p.file_size > MAX_RATIO * max(p.compress_size, 1)]
    if unpacked > MAX_UNPACKED_BYTES or inflated:
        raise ImportRefused(messages.text("import.zip_bomb", name=path.name, size=unpacked // (1024 * 1024)))
    return raw


def to_html(name: str, raw: bytes, messages: Messages) -> str:
    try:
        return mammoth.convert_to_html(io.BytesIO(raw)).value
    except Exception:  # mammoth reads untrusted XML: any failure is a broken file, never a traceback
        raise ImportRefused(messages.text("import.broken", name=name)) from None


# -- HTML to Markdown ---------------------------------------------------------------------------------

SPACES = re.compile(r"[\s\u3000\u00a0]+")
TYPED_BULLET = re.compile(r"^[•●▪■◆·・]\s*")
MARKDOWN_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s)")
NUMBER_DOT = re.compile(r"^(\d+)\.")


def clean_text(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def escape(text: str) -> str:
    """Markdown-significant characters in running text, as Python-Markdown reads them."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;")


def inline(element) -> str:
    parts = [escape(element.text or "")]
    for child in element:
        inner = inline(child)
        if child.tag == "strong" and inner.strip():
            parts.append(f"**{inner.strip()}**")
        elif child.tag == "em" and inner.strip():
            parts.append(f"*{inner.strip()}*")
        elif child.tag == "a" and re.match(r"^https?://", child.get("href") or ""):
            parts.append(f"[{inner}]({child.get('href')})")
        elif child.tag == "br":
            parts.append(" ")
        elif child.tag != "img":
            parts.append(inner)
        parts.append(escape(child.tail or ""))
    return clean_text("".join(parts))


def paragraph(text: str) -> str:
    if MARKDOWN_START.match(text):
        return "\\" + text
    return NUMBER_DOT.sub(r"\1\\.", text)


def list_lines(element, depth: int) -> list[str]:
    lines = []
    for number, item in enumerate(element.findall("li"), start=1):
        marker = f"{number}. " if element.tag == "ol" else "- "
        nested = [child for child in item if child.tag in ("ol", "ul")]
        for child in nested:
            item.remove(child)
        lines.append("    " * depth + marker + inline(item))
        for child in nested:
            lines += list_lines(child, depth + 1)
    return lines


def table_lines(element) -> list[str]:
    rows = [[inline(cell).replace("|", "\\|") for cell in row.findall("./td") + row.findall("./th")]
            for row in element.iter("tr")]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return (["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            + ["| " + " | ".join(row) + " |" for row in rows[1:]])


@dataclass(frozen=True)
class Block:
    kind: str  # p, h, list, table
    text: str  # the paragraph's plain text (for finding metadata)
    markdown: str
    level: int = 0


def blocks_of(html: str) -> tuple[list[Block], int]:
    """The document's blocks, and how many images it held (not imported)."""
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    images = len(root.findall(".//img"))
    blocks = []
    for element in root:
        if element.tag in ("ol", "ul"):
            blocks.append(Block("list", clean_text(element.text_content()), "\n".join(list_lines(element, 0))))
        elif element.tag == "table":
            lines = table_lines(element)
            if lines:
                blocks.append(Block("table", clean_text(element.text_content()), "\n".join(lines)))
        else:
            text = inline(element)
            if not text:
                continue
            plain = clean_text(element.text_content())
            if re.fullmatch(r"h[1-6]", element.tag):
                blocks.append(Block("h", plain, text, int(element.tag[1])))
            elif TYPED_BULLET.match(plain):
                blocks.append(Block("list", plain, "- " + TYPED_BULLET.sub("", text)))
            else:
                blocks.append(Block("p", plain, paragraph(text)))
    return blocks, images


def markdown_of(blocks: list[Block]) -> str:
    """Blocks joined by one blank line; headings shifted so the highest is ## (the page's # is the title);
    consecutive typed bullets form one list."""
    top = min((b.level for b in blocks if b.kind == "h"), default=2)
    out: list[str] = []
    for index, block in enumerate(blocks):
        text = "#" * (block.level - top + 2) + " " + block.markdown if block.kind == "h" else block.markdown
        joined = (index and block.kind == "list" and blocks[index - 1].kind == "list"
                  and block.markdown.startswith("- ") and blocks[index - 1].markdown.startswith("- "))
        if joined:
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


# -- metadata found in the text ------------------------------------------------------------------------

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "О": 0, "O": 0, "Ｏ": 0, "0": 0, "０": 0,
             "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_YEAR = "[〇○零ОOＯ0０一二三四五六七八九]{4}"
CN_SMALL = "[一二三四五六七八九十]{1,3}"
DATE_TEXT = re.compile(rf"({CN_YEAR}|\d{{4}})\s*年\s*({CN_SMALL}|\d{{1,2}})\s*月\s*({CN_SMALL}|\d{{1,2}})\s*日")
DOCNO = re.compile(r"([\u4e00-\u9fff]{2,12})\s*[〔\[［(（【{]\s*((?:19|20)\d{2})\s*[〕\]］)）】}]\s*第?\s*0*(\d+)\s*号")
ANNOUNCEMENT = re.compile(r"([\u4e00-\u9fff]+(?: [\u4e00-\u9fff]+)*公告)\s*((?:19|20)\d{2})\s*年\s*第\s*(\d+)\s*号")
TITLE_END = re.compile(r"(通知|意见|办法|决定|规定|方案|细则|措施|公告|通告|批复|规划|若干政策)$")
TITLE_ISSUER = re.compile(r"^(.+?)关于")  # 石首市人民政府关于印发……的通知
ISSUER_END = re.compile(r"(人民政府|政府办公室|办公室|委员会|局|厅|部|委|院|中心|公司|办)$")
EFFECTIVE = re.compile(r"自\s*(.{0,20}?)\s*起\s*(?:施行|执行|实施|生效)")
UNTIL = re.compile(r"有效期\s*(?:至|到|截至)\s*(" + DATE_TEXT.pattern + ")")
YEARS = re.compile(r"有效期\s*(?:为)?\s*([一二三四五六七八九十两]|\d+)\s*年")
ISSUE_DAY = re.compile(r"(印发|发布|公布|下发)之日")


def small_number(text: str) -> int:
    """1-31 in Arabic or Chinese numerals (十一, 二十, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_DIGITS.get(text, 2 if text == "两" else 0)
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def parse_date(match: re.Match) -> date | None:
    year_text, month, day = match.group(1), match.group(2), match.group(3)
    if year_text.isdigit() and year_text.isascii():
        year = int(year_text)
    else:
        year = int("".join(str(CN_DIGITS[c]) for c in year_text))
    try:
        return date(year, small_number(month), small_number(day))
    except ValueError:
        return None


def find_document_number(blocks: list[Block], messages: Messages) -> tuple[int | None, Guess | None]:
    for index, block in enumerate(blocks[:8]):
        match = DOCNO.search(block.text) or ANNOUNCEMENT.search(block.text)
        if not match:
            continue
        if match.re is DOCNO:
            value = f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
        else:
            value = f"{match.group(1)}{match.group(2)}年第{match.group(3)}号"
        written = match.group(0)
        note = (messages.text("import.note_document_number") if written == value
                else messages.text("import.note_document_number_fixed", written=written))
        alone = block.text.strip() == written.strip()
        return (index if alone else None), Guess(value, note)
    return None, None


def find_title(blocks: list[Block]) -> tuple[int | None, str | None]:
    for index, block in enumerate(blocks[:10]):
        titled = block.kind in ("p", "h") and TITLE_END.search(block.text)
        if titled and len(block.text) <= 120 and not DOCNO.search(block.text):
            return index, block.text
    return None, None


def find_written_date(blocks: list[Block]) -> tuple[int | None, date | None, str]:
    for index in range(len(blocks) - 1, max(len(blocks) - 6, -1), -1):
        match = DATE_TEXT.fullmatch(blocks[index].text.replace(" ", ""))
        if match and parse_date(match):
            return index, parse_date(match), match.group(0)
    return None, None, ""


def find_issuer(blocks: list[Block], date_index: int | None, title: str | None, messages: Messages) -> Guess | None:
    if date_index:
        signature = blocks[date_index - 1].text
        if len(signature) <= 30 and ISSUER_END.search(signature):
            return Guess(signature, messages.text("import.note_issuer_signature"))
    head = TITLE_ISSUER.match(title or "")
    if head and ISSUER_END.search(head.group(1)):
        return Guess(head.group(1), messages.text("import.note_issuer_title"))
    return None


def find_validity(text: str, written: date | None, messages: Messages) -> tuple[Guess | None, Guess | None]:
    effective = expires = None
    match = EFFECTIVE.search(text)
    if match:
        inner = DATE_TEXT.search(match.group(1))
        if inner and parse_date(inner):
            note = messages.text("import.note_effective", text=match.group(0))
            effective = Guess(parse_date(inner).isoformat(), note)
        elif ISSUE_DAY.search(match.group(1)) and written:
            effective = Guess(written.isoformat(), messages.text("import.note_effective_issued", text=match.group(0)))
    until = UNTIL.search(text)
    if until:
        day = parse_date(DATE_TEXT.search(until.group(1)))
        if day:
            expires = Guess(day.isoformat(), messages.text("import.note_expires", text=until.group(0)))
    years = YEARS.search(text)
    if not expires and years and effective:
        count = small_number(years.group(1))
        start = date.fromisoformat(effective.value)
        try:
            end = start.replace(year=start.year + count) - timedelta(days=1)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + count, day=28)
        expires = Guess(end.isoformat(), messages.text("import.note_expires_years", text=years.group(0)))
    return effective, expires


def draft_of(blocks: list[Block], messages: Messages) -> Draft:
    number_index, number = find_document_number(blocks, messages)
    title_index, title = find_title(blocks)
    date_index, written, written_text = find_written_date(blocks)
    issuer = find_issuer(blocks, date_index, title, messages)
    full_text = "\n".join(b.text for b in blocks)
    effective, expires = find_validity(full_text, written, messages)
    skip = {i for i in (number_index, title_index) if i is not None}
    if title_index is not None:  # a red-head line ("……文件") above the title is not body text
        skip |= {i for i in range(title_index) if blocks[i].text.endswith("文件") and len(blocks[i].text) <= 30}
    body = markdown_of([b for i, b in enumerate(blocks) if i not in skip])
    guesses: dict[str, Guess] = {}
    if title:
        guesses["document_title"] = Guess(title, messages.text("import.note_document_title"))
        if len(title) <= 60:
            guesses["title"] = Guess(title, messages.text("import.note_title"))
    if number:
        guesses["document_number"] = number
    if issuer:
        guesses["issuer"] = issuer
    if written:
        note = messages.text("import.note_written_date", text=written_text)
        guesses["written_date"] = Guess(written.isoformat(), note)
    if effective:
        guesses["effective"] = effective
    if expires:
        guesses["expires"] = expires
    return Draft(body, guesses)


# -- the draft file ---------------------------------------------------------------------------------------

def slug_of_number(number: Guess | None) -> str | None:
    match = re.search(r"((?:19|20)\d{2})\D+(\d+)号$", number.value) if number else None
    return f"{match.group(1)}-{match.group(2)}" if match else None


def draft_text(contract, draft: Draft, department: str, record_id: str, id_note: str | None, source_name: str,
               messages: Messages) -> str:
    path = contract_path(department, record_id)
    lines = ["---", "# " + messages.text("import.draft_head", name=source_name),
             "# " + messages.text("import.draft_then", path=path)]
    values: dict[str, tuple[str, str | None]] = {
        "id": (record_id, id_note), "department": (department, None)}
    for name, guess in draft.guesses.items():
        values[name] = (guess.value, guess.note)
    for spec in contract.fields:
        if spec.name == "sources":
            document = draft.guesses.get("document_title")
            number = draft.guesses.get("document_number")
            source = document.value if document else ""
            if document and number:
                source = f"{document.value}（{number.value}）"
            if source:
                lines.append("# " + messages.text("import.to_review", note=messages.text("import.note_sources")))
            lines += ["sources:", f"  - document: {yaml_scalar(source) if source else ''}".rstrip(), "    passage:"]
            continue
        if spec.name in values:
            value, note = values[spec.name]
            if note:
                lines.append("# " + messages.text("import.to_review", note=note))
            lines.append(f"{spec.name}: {yaml_scalar(value)}")
        elif spec.required:
            lines.append(f"{spec.name}:")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + draft.body


def contract_path(department: str, record_id: str) -> str:
    return f"docs/{POLICY_DIR}/{department}/{record_id}{DRAFT_SUFFIX}"


def import_docx(root: Path, file: Path, department: str, messages: Messages,
                record_id: str | None = None) -> tuple[Path, Draft]:
    """Write the draft record; ImportRefused (and nothing written) when the file or the answers are not usable."""
    vocabularies = load_vocabularies(root)
    if department not in vocabularies["department"]:
        raise ImportRefused(messages.text("new.department_unknown", department=department,
                                          codes="、".join(vocabularies["department"].codes)))
    raw = check_container(file, messages)
    blocks, images = blocks_of(to_html(file.name, raw, messages))
    if not blocks:
        raise ImportRefused(messages.text("import.no_text", name=file.name))
    draft = draft_of(blocks, messages)
    draft.warnings += [messages.text("import.image_skipped", name=file.name, number=n) for n in range(1, images + 1)]
    id_note = None
    if record_id is None:
        record_id = f"{department}-{slug_of_number(draft.guesses.get('document_number')) or 'draft'}"
        id_note = messages.text("import.note_id")
    if not ID_RE.match(record_id):
        raise ImportRefused(messages.text("new.id_format", id=record_id))
    target = root / contract_path(department, record_id)
    if target.exists():
        raise ImportRefused(messages.text("import.exists", path=target.relative_to(root)))
    text = draft_text(load_contract(root), draft, department, record_id, id_note, file.name, messages)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target, draft
