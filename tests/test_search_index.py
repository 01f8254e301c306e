"""The search index is the same whether its words are counted in one process or shared among
worker processes while the pages render (large sites, macros/search/counting.py BackgroundCounting),
and what it holds: no clerk page."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from macros.load.portal import load_portal
from macros.model.addresses import CLERK_SECTION
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


def test_no_clerk_page_is_in_the_public_search_index(built_site):
    """投稿指南 and every page below it (CLERK_SECTION) never answer a public question; every other
    portal page is still indexed."""
    index = built_site / "search-index"
    urls = [doc[0] for chunk in sorted(index.glob("docs-*.json"))
            for doc in json.loads(chunk.read_text(encoding="utf-8"))]
    clerk_pages = [path.relative_to(built_site).parent.as_posix() + "/"
                   for path in (built_site / CLERK_SECTION).rglob("index.html")]
    assert len(clerk_pages) >= 7, clerk_pages  # the guide, the form, the dashboard, the dictionary …
    assert [url for url in urls if url.startswith(CLERK_SECTION)] == []
    assert "" in urls and "laws/" in urls  # the home page and other portal pages are still there
