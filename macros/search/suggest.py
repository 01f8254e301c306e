"""Suggestions as you type (lib/suggest.js): the portal's own terms that are in the index and the
vocabularies' everyday words (suggest.json), and the titles of its public pages (suggest-<letter>.json,
by the first letter of their pinyin), with their pinyin from pypinyin.

The browser fetches suggest.json only once the reader types in a search box, never before, and the
titles only for typed letters (a typed ``l`` fetches suggest-l.json and suggest-pinyin.json): the
terms are bounded by the vocabulary, the titles grow with the records, so typed Chinese fetches a few
KB whatever the size of the site (its titles are in the results themselves). The search fetches
suggest.json too, for the portal's terms a query word may be part of (精特新 -> 专精特新, lib/query.js),
with their number of documents.

A term carries its syllables (``liu di tui shui``). A title carries only its document number (its
address is in the index's docs-<n>.json, fetched when it is chosen); its syllables are read in the
browser from suggest-pinyin.json: every Chinese character of the titles with the readings pypinyin
gives it in them, in context (长 is zhang in 增长 and chang in 长江; a character read both ways in
the titles has both). At 10,000 records this keeps the titles to a third of the bytes that titles
with their syllables and addresses would take. The browser matches a typed prefix against whole
syllables, their beginnings or their initials (``ldts``, ``liudi``, ``liudts``), so no table of
initials is shipped or kept by hand. Clerk and maintainer pages (``guide/``) and law articles (their
law's title is offered) are left out.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from ..core.cache import Cache, digest
from .documents import SearchDoc

SUGGEST_FILE = "suggest.json"  # the terms: [term, syllables, "", documents]
READINGS_FILE = "suggest-pinyin.json"  # every Chinese character of the titles -> its readings in them
TITLES_FILE = "suggest-{}.json"  # [title, document number] for titles whose pinyin begins with that letter (digits: 0)
TITLE_KEYS = "abcdefghijklmnopqrstuvwxyz0"  # a file for each, if empty: a typed letter never fetches a missing file
CLERK_PAGES = "guide/"  # the clerks' guide, the form and the gap dashboard: never suggested to the public
LEFT_OUT_KINDS = ("法律条文",)
ARTICLE_NUMBER = re.compile(r"^第[一二三四五六七八九十百零〇]+[条章]$")
ASCII_WORD = re.compile(r"[0-9a-z]+")
NO_READING = "\0"  # what pypinyin is told to give a character it has no reading for


def _ascii_words(chunk: str) -> list[str]:
    return ASCII_WORD.findall(chunk.lower())


def syllables(text: str) -> str:
    """留抵退税 -> "liu di tui shui"; ASCII letters and digits are kept as words, punctuation dropped."""
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors=_ascii_words))


def public_titles(docs: Iterable[SearchDoc]) -> dict[str, int]:
    """Title -> document number, for every public page that is not a law article (first one wins)."""
    titles: dict[str, int] = {}
    for number, doc in enumerate(docs):
        if doc.url.startswith(CLERK_PAGES) or doc.kind in LEFT_OUT_KINDS or not doc.title.strip():
            continue
        titles.setdefault(doc.title.strip(), number)
    return titles


def title_reading(title: str) -> list[str]:
    """Each character's syllable as pypinyin reads it in the title (``NO_READING`` for others)."""
    return lazy_pinyin(title, style=Style.NORMAL, errors=lambda chunk: [NO_READING] * len(chunk))


class ReadingMemo:
    """``title_reading`` of each title, from an earlier build when it read the same title (pypinyin
    is the search index's slowest step after jieba; the cache's shared key covers its version)."""

    KIND = "pinyin"

    def __init__(self, cache: Cache):
        self.cache, self.base = cache, digest(cache.shared_key, self.KIND)

    def __call__(self, title: str) -> list[str]:
        key = digest(self.base, title)
        found = self.cache.value(self.KIND, key)
        if found is None:
            found = title_reading(title)
            self.cache.put_value(self.KIND, key, found)
        return found


def readings(titles: Iterable[str], read: Callable[[str], list[str]] = title_reading) -> dict[str, list[str]]:
    """Each Chinese character of the titles -> the syllables pypinyin reads it with there, in context,
    the most used first. ``read``: ``title_reading``, or an earlier build's reading of the same title."""
    used: dict[str, Counter] = defaultdict(Counter)
    for title in titles:
        read_here = read(title)
        for char, syllable in zip(title, read_here, strict=True):
            if syllable != NO_READING:
                used[char][syllable] += 1
    return {char: [s for s, _ in counts.most_common()] for char, counts in sorted(used.items())}


def title_keys(title: str, table: dict[str, list[str]]) -> list[str]:
    """The files a title is in: the first letters of its first syllable's readings (0 for a digit).
    Must agree with titleSyllables() in lib/suggest.js: a character with readings is a syllable, a run
    of ASCII letters and digits a word, anything else is skipped."""
    for char in title.lower():
        if char in table:
            return sorted({reading[0] for reading in table[char]})
        if ASCII_WORD.fullmatch(char):
            return ["0" if char.isdigit() else char]
    return []


def suggestion_terms(words: Iterable[str], postings: dict[str, list]) -> dict[str, int]:
    """The portal's own words (dictionary, synonyms) that occur in the index -> their number of documents."""
    return {word: len(postings[word]) for word in dict.fromkeys(words)
            if word in postings and not ARTICLE_NUMBER.match(word)}


@dataclass(frozen=True)
class Suggestions:
    terms: list[list]  # [term, syllables, "", documents]
    titles: dict[str, int]  # title -> document number
    readings: dict[str, list[str]]


def suggestions(words: Iterable[str], postings: dict[str, list], docs: Iterable[SearchDoc],
                everyday: dict[str, int] | None = None, read: Callable[[str], list[str]] = title_reading) -> Suggestions:
    """The terms (the portal's words in the index, and ``everyday``: the vocabularies' everyday words,
    贷款, 补贴 -> the documents of their entry, offered whether or not the word occurs in the text)
    and the public titles that are not terms, with the readings of their characters."""
    terms = suggestion_terms(words, postings)
    for word, count in (everyday or {}).items():
        terms[word] = max(terms.get(word, 0), count)
    titles = {title: doc for title, doc in sorted(public_titles(docs).items()) if title not in terms}
    return Suggestions([[term, syllables(term), "", count] for term, count in sorted(terms.items())],
                       titles, readings(titles, read))


def write_suggestions(found: Suggestions, out_dir: Path) -> str:
    """suggest.json (the terms), suggest-pinyin.json and suggest-<letter>.json (the titles); their text,
    for the index's version."""
    files: dict[str, object] = {SUGGEST_FILE: found.terms, READINGS_FILE: found.readings}
    files.update({TITLES_FILE.format(key): [] for key in TITLE_KEYS})
    for title, doc in found.titles.items():
        for key in title_keys(title, found.readings):
            files[TITLES_FILE.format(key)].append([title, doc])  # type: ignore[union-attr]
    texts = []
    for name in sorted(files):
        text = json.dumps(files[name], ensure_ascii=False, separators=(",", ":"))
        (out_dir / name).write_text(text, encoding="utf-8")
        texts.append(text)
    return "".join(texts)
