"""Suggestions as you type (lib/suggest.js): the portal's own terms that are in the index
(suggest.json) and the titles of its public pages (suggest-<letter>.json, by the first letter of their
pinyin), each with its pinyin from pypinyin.

The browser fetches suggest.json only once the reader types in a search box, never before, and a
title file only for typed letters (a typed ``l`` fetches suggest-l.json): the terms are bounded by
the vocabulary, the titles grow with the records, so typed Chinese fetches a few KB whatever the
size of the site (its titles are in the results themselves). The pinyin is shipped as syllables (``liu di tui shui``): the browser
matches a typed prefix against whole syllables, their beginnings or their initials (``ldts``,
``liudi``, ``liudts``), so no table of initials is shipped or kept by hand. Clerk and maintainer
pages (``guide/``) and law articles (their law's title is offered) are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from .documents import SearchDoc

SUGGEST_FILE = "suggest.json"
TITLES_FILE = "suggest-{}.json"  # the titles whose pinyin begins with that letter (digits: 0)
TITLE_KEYS = "abcdefghijklmnopqrstuvwxyz0"  # a file for each, if empty: a typed letter never fetches a missing file
CLERK_PAGES = "guide/"  # the clerks' guide, the form and the gap dashboard: never suggested to the public
LEFT_OUT_KINDS = ("法律条文",)
ARTICLE_NUMBER = re.compile(r"^第[一二三四五六七八九十百零〇]+[条章]$")
ASCII_WORD = re.compile(r"[0-9a-z]+")


def _ascii_words(chunk: str) -> list[str]:
    return ASCII_WORD.findall(chunk.lower())


def syllables(text: str) -> str:
    """留抵退税 -> "liu di tui shui"; ASCII letters and digits are kept as words, punctuation dropped."""
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors=_ascii_words))


def public_titles(docs: Iterable[SearchDoc]) -> dict[str, str]:
    """Title -> page address, for every public page that is not a law article (first address wins)."""
    titles: dict[str, str] = {}
    for doc in docs:
        if doc.url.startswith(CLERK_PAGES) or doc.kind in LEFT_OUT_KINDS or not doc.title.strip():
            continue
        titles.setdefault(doc.title.strip(), doc.url)
    return titles


def suggestion_terms(words: Iterable[str], postings: dict[str, list]) -> dict[str, int]:
    """The portal's own words (dictionary, synonyms) that occur in the index -> their number of documents."""
    return {word: len(postings[word]) for word in dict.fromkeys(words)
            if word in postings and not ARTICLE_NUMBER.match(word)}


def suggestions(words: Iterable[str], postings: dict[str, list], docs: Iterable[SearchDoc]) -> list[list]:
    """``[text, syllables, address or "" (a term: search for it), documents]``, terms first."""
    terms = suggestion_terms(words, postings)
    entries = [[term, syllables(term), "", count] for term, count in sorted(terms.items())]
    entries += [[title, syllables(title), url, 0] for title, url in sorted(public_titles(docs).items())
                if title not in terms]
    return entries


def title_key(entry: list) -> str:
    """Must equal titleKey() in lib/suggest.js: the first letter of the pinyin, 0 for a digit."""
    first = entry[1][:1]
    return "0" if first.isdigit() else first


def write_suggestions(entries: list[list], out_dir: Path) -> str:
    """suggest.json (the terms) and suggest-<letter>.json (the titles); their text, for the index's version."""
    files: dict[str, list] = {SUGGEST_FILE: [e for e in entries if not e[2]]}
    files.update({TITLES_FILE.format(key): [] for key in TITLE_KEYS})
    for entry in (e for e in entries if e[2] and e[1]):
        files.setdefault(TITLES_FILE.format(title_key(entry)), []).append(entry)
    texts = []
    for name in sorted(files):
        text = json.dumps(files[name], ensure_ascii=False, separators=(",", ":"))
        (out_dir / name).write_text(text, encoding="utf-8")
        texts.append(text)
    return "".join(texts)
