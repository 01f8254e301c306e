"""The search index is the same whether its words are counted in one process or shared among
worker processes while the pages render (large sites, macros/search/counting.py BackgroundCounting)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from macros.load.portal import load_portal
from macros.search import counting as workers
from macros.search.counting import BackgroundCounting
from macros.search.documents import record_documents
from macros.search.index import build_postings, char_postings
from macros.search.segment import portal_segmenter


@pytest.mark.slow
def test_worker_processes_build_the_same_postings(monkeypatch):
    portal = load_portal(ROOT)
    docs = record_documents(portal)
    segmenter = portal_segmenter(portal)
    alone = BackgroundCounting(docs, segmenter).counted()
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "CHUNK", 7)  # several tasks, whose results must come back in order
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 3)
    counting = BackgroundCounting(docs[:-5], segmenter)
    assert counting.pool is not None
    shared = counting.counted(docs[-5:])
    assert counting.pool is None  # the workers are stopped once the words are collected
    assert shared == alone
    terms, characters = build_postings(alone), char_postings(alone)
    assert len(terms) > 1000 and len(characters) > 500
    title_char = segmenter.characters(docs[0].title)[0]
    assert (0, True) in characters[title_char]  # the first document, flagged as having it in its title
