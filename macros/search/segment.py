"""Chinese text into search terms: jieba with the portal's dictionary (data/search/userdict.txt), its
synonyms and the laws' article numbers as whole words, stop words left out; every Chinese character
also as itself (``characters``), for one-character queries."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import jieba

from ..load.search import WORD

# Chinese puts no space between words: a space or line break between two Chinese characters is a
# break in the source's layout (the 2022 report, taken from a PDF, has 留抵退  税), not a word boundary.
LAYOUT_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


class Segmenter:
    """jieba with the portal's dictionary; one instance per build.

    Every dictionary word inside a token is indexed too (中小微企业 also gives 小微企业), and the
    portal's own terms (userdict.txt, synonyms, article numbers) are indexed wherever they occur,
    whatever jieba made of the surrounding text: a query for them finds every document that
    contains them. Stop words and single characters are not terms (characters have their own
    postings, ``char_postings``, with a title flag instead of a count).
    """

    def __init__(self, userdict: Path | None, extra_words: Iterable[str] = (), stop_terms: Iterable[str] = ()):
        self.arguments = (userdict, tuple(extra_words), tuple(stop_terms))  # to make the same one in a worker
        self.stop_terms = frozenset(stop_terms)
        self.userdict = userdict if userdict and userdict.exists() else None
        self.extra_words = tuple(extra_words)
        self.forced: list[str] = list(extra_words)
        if self.userdict:
            lines = self.userdict.read_text(encoding="utf-8").splitlines()
            self.forced += [line.split()[0] for line in lines if line.strip()]
        self._tokenizer: jieba.Tokenizer | None = None

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba with the portal's words, loaded on first use (half a second): a build whose words
        are all counted in worker processes never loads it."""
        if self._tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            if self.userdict:
                tokenizer.load_userdict(str(self.userdict))
            for word in self.extra_words:
                tokenizer.add_word(word, freq=2000)
            self._tokenizer = tokenizer
        return self._tokenizer

    def _inner_words(self, token: str) -> list[str]:
        freq = self.tokenizer.FREQ
        return [token[i:i + n] for n in range(2, len(token)) for i in range(len(token) - n + 1)
                if freq.get(token[i:i + n])]

    def _run_terms(self, run: str) -> list[str]:
        terms = []
        for token in self.tokenizer.cut(run, HMM=True):
            terms.append(token)
            if len(token) > 2:
                terms += self._inner_words(token)
        for word in self.forced:
            if word in run:
                terms += [word] * max(0, run.count(word) - terms.count(word))
        return terms

    def terms(self, text: str) -> list[str]:
        out = []
        for run in WORD.findall(LAYOUT_GAP.sub("", text.lower())):
            if run[0].isascii():
                out.append(run)
            else:
                out += [t for t in self._run_terms(run) if len(t.strip()) > 1 and t not in self.stop_terms]
        return out

    def characters(self, text: str) -> list[str]:
        return [ch for run in WORD.findall(text.lower()) if not run[0].isascii()
                for ch in run if ch not in self.stop_terms]


def portal_segmenter(portal) -> Segmenter:
    """The build's segmenter: the portal's dictionary, synonyms and article numbers; its stop words."""
    return Segmenter(portal.root / "data" / "search" / "userdict.txt",
                     law_terms(portal) + portal.search.synonym_words + portal.search.narrower_words,
                     portal.search.stop_words)


def law_terms(portal) -> list[str]:
    """Article and chapter numbers as whole words, so 第三十二条 is one term."""
    words = []
    for law in portal.laws:
        for chapter in law.law.chapters:
            words += [chapter.number] if chapter.number else []
            words += [a.number for a in chapter.articles]
    return list(dict.fromkeys(words))
