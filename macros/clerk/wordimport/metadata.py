"""Metadata found in the text: document number, title, written date, issuer, validity. Every value
is a guess with a note saying where it was found. The patterns and limits are data/wordimport.yml
``metadata``; the form guesses the same way in the browser (overrides/assets/js/lib/wordimport.js),
and both run the same table of cases (tests/fixtures/wordimport/cases.json)."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date, timedelta

from ...core.messages import Messages, fill
from ...model.wordimport import WordRules
from .markdown import Block, markdown_of
from .model import Draft, Guess


class Finder:
    def __init__(self, rules: WordRules, messages: Messages):
        self.rules, self.messages = rules, messages
        self.digits = rules("metadata.digits")

    def small_number(self, text: str) -> int:
        """1-31 in Arabic or Chinese numerals (十一, 二十, 三十一)."""
        if text.isascii() and text.isdigit():
            return int(text)
        if "十" not in text:
            return self.digits.get(text, 0)
        tens, _, ones = text.partition("十")
        return (self.digits.get(tens, 0) if tens else 1) * 10 + (self.digits.get(ones, 0) if ones else 0)

    def parse_date(self, match: re.Match | None) -> date | None:
        if match is None:
            return None
        year_text, month, day = match.group(1), match.group(2), match.group(3)
        if year_text.isascii() and year_text.isdigit():
            year = int(year_text)
        else:
            year = int("".join(str(self.digits.get(c, 0)) for c in year_text))
        try:
            return date(year, self.small_number(month), self.small_number(day))
        except ValueError:
            return None

    def document_number(self, blocks: list[Block]) -> tuple[int | None, Guess | None]:
        docno, announcement = (self.rules.re("metadata.document_number.pattern"),
                               self.rules.re("metadata.document_number.announcement"))
        for index, block in enumerate(blocks[:self.rules("metadata.document_number.first_blocks")]):
            match = docno.search(block.text) or announcement.search(block.text)
            if not match:
                continue
            written_as = "written" if match.re is docno else "announcement_written"
            value = fill(self.rules(f"metadata.document_number.{written_as}"),
                         {"issuer": match.group(1), "year": match.group(2), "number": match.group(3)})
            written = match.group(0)
            note = (self.messages.text("import.note_document_number") if written == value
                    else self.messages.text("import.note_document_number_fixed", written=written))
            alone = block.text.strip(" ") == written.strip(" ")
            return (index if alone else None), Guess(value, note)
        return None, None

    def title(self, blocks: list[Block]) -> tuple[int | None, str | None]:
        ends, docno = self.rules.re("metadata.title.ends"), self.rules.re("metadata.document_number.pattern")
        for index, block in enumerate(blocks[:self.rules("metadata.title.first_blocks")]):
            titled = block.kind in ("p", "h") and ends.search(block.text)
            if titled and len(block.text) <= self.rules("metadata.title.max_length") and not docno.search(block.text):
                return index, block.text
        return None, None

    def written_date(self, blocks: list[Block]) -> tuple[int | None, date | None, str]:
        pattern = self.rules.re("parts.date")
        last = self.rules("metadata.written_date.last_blocks")
        for index in range(len(blocks) - 1, max(len(blocks) - 1 - last, -1), -1):
            match = pattern.fullmatch(blocks[index].text.replace(" ", ""))
            if match and self.parse_date(match):
                return index, self.parse_date(match), match.group(0)
        return None, None, ""

    def issuer(self, blocks: list[Block], date_index: int | None, title: str | None) -> Guess | None:
        ends = self.rules.re("metadata.issuer.ends")
        if date_index:
            signature = blocks[date_index - 1].text
            if len(signature) <= self.rules("metadata.issuer.signature_max") and ends.search(signature):
                return Guess(signature, self.messages.text("import.note_issuer_signature"))
        head = self.rules.re("metadata.issuer.from_title").match(title or "")
        if head and ends.search(head.group(1)):
            return Guess(head.group(1), self.messages.text("import.note_issuer_title"))
        return None

    def validity(self, text: str, written: date | None) -> tuple[Guess | None, Guess | None]:
        effective = expires = None
        date_text = self.rules.re("parts.date")
        match = self.rules.re("metadata.effective").search(text)
        if match:
            day = self.parse_date(date_text.search(match.group(1)))
            if day:
                effective = Guess(day.isoformat(), self.messages.text("import.note_effective", text=match.group(0)))
            elif self.rules.re("metadata.issue_day").search(match.group(1)) and written:
                effective = Guess(written.isoformat(),
                                  self.messages.text("import.note_effective_issued", text=match.group(0)))
        until = self.rules.re("metadata.until").search(text)
        if until:
            day = self.parse_date(date_text.search(until.group(1)))
            if day:
                expires = Guess(day.isoformat(), self.messages.text("import.note_expires", text=until.group(0)))
        years = self.rules.re("metadata.years").search(text)
        if not expires and years and effective:
            count = self.small_number(years.group(1))
            start = date.fromisoformat(effective.value)
            end = None
            try:
                end = start.replace(year=start.year + count) - timedelta(days=1)
            except ValueError:  # 29 February: the 28th (a year past 9999: none)
                with suppress(ValueError):
                    end = start.replace(year=start.year + count, day=28)
            if end:
                expires = Guess(end.isoformat(), self.messages.text("import.note_expires_years", text=years.group(0)))
        return effective, expires


def draft_of(blocks: list[Block], messages: Messages, rules: WordRules) -> Draft:
    find = Finder(rules, messages)
    number_index, number = find.document_number(blocks)
    title_index, title = find.title(blocks)
    date_index, written, written_text = find.written_date(blocks)
    issuer = find.issuer(blocks, date_index, title)
    full_text = "\n".join(b.text for b in blocks)
    effective, expires = find.validity(full_text, written)
    skip = {i for i in (number_index, title_index) if i is not None}
    if title_index is not None:  # a red-head line ("……文件") above the title is not body text
        red_head = rules.re("metadata.title.red_head")
        skip |= {i for i in range(title_index)
                 if red_head.search(blocks[i].text) and len(blocks[i].text) <= rules("metadata.title.red_head_max")}
    body = markdown_of([b for i, b in enumerate(blocks) if i not in skip])
    guesses: dict[str, Guess] = {}
    if title:
        guesses["document_title"] = Guess(title, messages.text("import.note_document_title"))
        if len(title) <= rules("metadata.title.record_title_max"):
            guesses["title"] = Guess(title, messages.text("import.note_title"))
    if number:
        guesses["document_number"] = number
    if issuer:
        guesses["issuer"] = issuer
    if written:
        guesses["written_date"] = Guess(written.isoformat(), messages.text("import.note_written_date", text=written_text))
    if effective:
        guesses["effective"] = effective
    if expires:
        guesses["expires"] = expires
    return Draft(body, guesses)
