"""Segmenting is most of the index's cost (jieba). From ``PARALLEL_FROM`` documents on it runs in
worker processes while MkDocs renders the pages (``BackgroundCounting``); smaller sites count in the
build's own process at the end. Each worker makes the same segmenter from ``Segmenter.arguments``."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import zip_longest

from ..core.cache import Cache, digest, plain
from ..core.parallel import parallel_allowed
from .documents import SearchDoc
from .segment import Segmenter

PARALLEL_FROM = 500
CHUNK = 250  # documents per task
_worker_segmenter: Segmenter | None = None  # in a worker process only

@dataclass(frozen=True)
class Counted:
    """What the index needs of one document, made where jieba runs (possibly a worker process)."""

    terms: dict[str, int]  # term counts of the title and text (plain data: cached and read back fast)
    title_terms: frozenset[str]
    title_chars: str  # each Chinese character of the title once
    other_chars: str  # each Chinese character only the text has, once


def _start_worker(arguments: tuple) -> None:
    global _worker_segmenter
    _worker_segmenter = Segmenter(*arguments)


def _counted(segmenter: Segmenter, texts: list[tuple[str, str]]) -> list[Counted]:
    return [_count(segmenter, title, text) for title, text in texts]


def counted_here(segmenter: Segmenter, docs: list[SearchDoc]) -> list[Counted]:
    """The documents' counts, made in this process."""
    return _counted(segmenter, [(doc.title, doc.text) for doc in docs])


def _count(segmenter: Segmenter, title: str, text: str) -> Counted:
    in_title = set(segmenter.characters(title))
    every = dict.fromkeys(segmenter.characters(title + "\n" + text))
    return Counted(dict(Counter(segmenter.terms(title + "\n" + text))), frozenset(segmenter.terms(title)),
                   "".join(c for c in every if c in in_title), "".join(c for c in every if c not in in_title))


def _counted_in_worker(texts: list[tuple[str, str]]) -> list[Counted]:
    return _counted(_worker_segmenter, texts)


class CountMemo:
    """Documents' counts from an earlier build, by the hash of the segmenter's words and the
    document's title and text (the cache's shared key covers the dictionary, code and jieba)."""

    KIND = "count"

    def __init__(self, cache: Cache, segmenter: Segmenter):
        self.cache = cache
        self.base = digest(cache.shared_key, self.KIND, segmenter.extra_words, sorted(segmenter.stop_terms))

    def key(self, doc: SearchDoc) -> str:
        return digest(self.base, doc.title, doc.text)

    def get(self, doc: SearchDoc) -> Counted | None:
        return self.cache.value(self.KIND, self.key(doc), (Counted,))

    def put(self, doc: SearchDoc, counted: Counted) -> None:
        self.cache.put_value(self.KIND, self.key(doc), counted)


class RecordDocMemo:
    """Each record's search document and its counts, from an earlier build that made the record's page
    from the same inputs: ``keys`` are the pages' keys (plugin/cache.py), which cover everything the
    document is made of (the record's file, the record its 已被替代 line names, the as-of date), and
    ``CountMemo``'s base covers the segmenter. Saves making 10,000 documents and hashing their text."""

    KIND = "record-doc"

    def __init__(self, counts: CountMemo, keys: Mapping[str, str]):
        self.cache, self.keys, self.base = counts.cache, keys, digest(counts.base, self.KIND)

    def get(self, path: str) -> tuple[SearchDoc, Counted] | None:
        """The document and counts of the record at ``path`` (under docs/), or None."""
        found = self.cache.value(self.KIND, digest(self.base, self.keys[path])) if path in self.keys else None
        return (SearchDoc(*found[0]), Counted(*found[1])) if found is not None else None

    def put(self, path: str, doc: SearchDoc, counted: Counted) -> None:
        if path in self.keys:
            self.cache.put_value(self.KIND, digest(self.base, self.keys[path]), (plain(doc), plain(counted)))


class BackgroundCounting:
    """Counts the terms of ``docs`` in worker processes, started now, collected by ``counted``.

    The plugin starts it as soon as the records are read (on_files), so jieba works on another core
    while MkDocs renders the pages; with one core, or a small site, everything is counted in this
    process when ``counted`` is called.
    """

    def __init__(self, docs: list[SearchDoc], segmenter: Segmenter, memo: CountMemo | None = None,
                 known: list[Counted | None] = ()):  # type: ignore[assignment]
        """``known``: the counts of the first documents, when already known (``RecordDocMemo``)."""
        self.docs, self.segmenter, self.memo = docs, segmenter, memo
        self.known = [found or (memo.get(doc) if memo else None) for doc, found in zip_longest(docs, known)]
        self.todo = [doc for doc, known in zip(docs, self.known, strict=True) if known is None]
        self.pool: ProcessPoolExecutor | None = None
        self.futures = []
        workers = min((os.cpu_count() or 1) - 1, 4)  # one core stays with the build's own process
        if len(self.todo) < PARALLEL_FROM or workers < 1 or not parallel_allowed():
            return
        texts = [(doc.title, doc.text) for doc in self.todo]
        context = multiprocessing.get_context("spawn")  # no fork: the build may run beside threads (mkdocs serve)
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                        initargs=(segmenter.arguments,))
        self.futures = [self.pool.submit(_counted_in_worker, texts[i:i + CHUNK]) for i in range(0, len(texts), CHUNK)]

    def counted(self, more: list[SearchDoc] = ()) -> list[Counted]:  # type: ignore[assignment]
        """The counts of the documents given at the start, then of ``more``."""
        more = list(more)
        known_more = [self.memo.get(doc) if self.memo else None for doc in more]
        todo_more = [doc for doc, known in zip(more, known_more, strict=True) if known is None]
        fresh = iter(self._fresh(todo_more))
        made = []
        for doc, known in zip([*self.docs, *more], [*self.known, *known_more], strict=True):
            if known is None:
                known = next(fresh)
                if self.memo:
                    self.memo.put(doc, known)
            made.append(known)
        return made

    def _fresh(self, more: list[SearchDoc]) -> list[Counted]:
        """The counts of the documents no earlier build counted, then of ``more``'s."""
        if self.pool is None:
            return counted_here(self.segmenter, [*self.todo, *more])
        more_futures = [self.pool.submit(_counted_in_worker, [(doc.title, doc.text) for doc in more])] if more else []
        try:
            return [item for future in self.futures + more_futures for item in future.result()]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (also when the build fails half-way)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


