"""Parse a law's source text (as stored in data/texts/) into chapters, articles and paragraphs.

The source layout (from the national database via LawRefBook) is: front matter, a title line,
adoption/revision lines (possibly none), ``<!-- INFO END -->``, then ``## 第X章 名称`` headings
and articles that start a paragraph with ``第X条`` followed by a space. A text without chapters
(a short regulation) has articles only: it is read as one chapter without number or title.
Paragraphs (款) are separated by blank lines and kept one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.frontmatter import split_front_matter
from ..core.messages import Messages

CHAPTER_RE = re.compile(r"^## (第[零一二三四五六七八九十百]+章)\s+(.+?)\s*$")
ARTICLE_RE = re.compile(r"^(第[零一二三四五六七八九十百]+条)[ \u3000](.*)$", re.S)
INFO_END = "<!-- INFO END -->"


class LawFormatError(ValueError):
    """The source text does not have the expected layout: ``message`` says what (in the catalog's
    words, for the check's report), ``paragraph`` is where it went wrong (empty: at the start)."""

    def __init__(self, message: str, paragraph: str = ""):
        super().__init__(message)
        self.message = message
        self.paragraph = paragraph


DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Article:
    number: str  # 第三十二条
    ordinal: int  # 32
    chapter: str | None  # 第三章; None in a text without chapters
    paragraphs: tuple[str, ...]  # first paragraph without the article number

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Chapter:
    number: str | None  # 第三章; None for the one chapter of a text without chapters
    title: str | None  # 融资促进
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class LawText:
    title: str
    preamble: tuple[str, ...]  # adoption and revision lines
    chapters: tuple[Chapter, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for c in self.chapters for a in c.articles)

    @property
    def has_chapters(self) -> bool:
        return any(c.number for c in self.chapters)

    def article(self, number: str) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral up to 999 (第六十一条 -> 61)."""
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + current


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def parse_law(source: str, messages: Messages) -> LawText:
    """The law's chapters and articles; LawFormatError (worded by ``messages``) for another layout."""
    _, body, _ = split_front_matter(source)
    head, _, rest = body.partition(INFO_END)
    head_paras = _paragraphs(head)
    if not head_paras:
        raise LawFormatError(messages.text("law_text.no_title"))
    title = head_paras[0].lstrip("# ").strip()
    chapters: list[Chapter] = []
    chapter_number = chapter_title = heading_para = None
    articles: list[Article] = []

    def close_chapter() -> None:
        if chapter_number and not articles:
            raise LawFormatError(messages.text("law_text.empty_chapter", chapter=chapter_number), heading_para)
        if chapter_number or articles:
            chapters.append(Chapter(chapter_number, chapter_title, tuple(articles)))

    for para in _paragraphs(rest):
        heading = CHAPTER_RE.match(para)
        if heading:
            if articles and not chapter_number:
                raise LawFormatError(messages.text("law_text.article_before_chapters"), articles[0].paragraphs[0])
            close_chapter()
            chapter_number, chapter_title = heading.groups()
            heading_para, articles = para, []
            continue
        start = ARTICLE_RE.match(para)
        if start:
            number, first = start.groups()
            articles.append(Article(number, chinese_numeral(number[1:-1]), chapter_number, (first,)))
        elif articles:
            last = articles[-1]
            articles[-1] = Article(last.number, last.ordinal, last.chapter, last.paragraphs + (para,))
        else:
            raise LawFormatError(messages.text("law_text.stray_paragraph"), para)
    close_chapter()
    return LawText(title, tuple(head_paras[1:]), tuple(chapters))
