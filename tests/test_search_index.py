"""The search index is the same whether its words are counted in one process or shared among
worker processes (large sites, macros/search.py PARALLEL_FROM)."""

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
    alone = search.build_postings(docs, segmenter)
    monkeypatch.setattr(search, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search.os, "cpu_count", lambda: 2)
    shared = search.build_postings(docs, segmenter)
    assert dict(shared) == dict(alone) and len(alone) > 1000
