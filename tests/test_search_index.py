"""The search index is the same whether its words are counted in one process or shared among
worker processes while the pages render (large sites, macros/search.py BackgroundCounting)."""

from __future__ import annotations

import pytest

import macros.search as search
from conftest import ROOT
from macros.records import load_portal


@pytest.mark.slow
def test_worker_processes_build_the_same_postings(monkeypatch):
    portal = load_portal(ROOT)
    docs = search.record_documents(portal)
    segmenter = search.portal_segmenter(portal)
    alone = search.BackgroundCounting(docs, segmenter).counted()
    monkeypatch.setattr(search, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search, "CHUNK", 7)  # several tasks, whose results must come back in order
    monkeypatch.setattr(search.os, "cpu_count", lambda: 3)
    counting = search.BackgroundCounting(docs[:-5], segmenter)
    assert counting.pool is not None
    shared = counting.counted(docs[-5:])
    assert counting.pool is None  # the workers are stopped once the words are collected
    assert shared == alone
    terms, characters = search.build_postings(alone), search.char_postings(alone)
    assert len(terms) > 1000 and len(characters) > 500
    title_char = segmenter.characters(docs[0].title)[0]
    assert (0, True) in characters[title_char]  # the first document, flagged as having it in its title
