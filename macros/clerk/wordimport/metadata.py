"""Metadata found in the text: document number, title, written date, issuer, validity. Every value
is a guess with a note saying where it was found."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...core.messages import Messages
from .markdown import Block, markdown_of
from .model import Draft, Guess

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
