"""The portal plugin (macros/plugin/) keeps a build's state on itself and reads the records
afresh for every build: what ``mkdocs serve`` relies on when it rebuilds after an edit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import SOURCE_DATE_EPOCH
from macros.load.portal import load_portal

pytestmark = [
    pytest.mark.slow,  # two full builds
    pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning"),  # what mkdocs-macros uses
]


def build_in_process(project: Path, site_dir: Path):
    """One strict build as ``mkdocs serve`` does it: a fresh config (and plugins), same process."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)
    return config


def text_of(site_dir: Path, url: str, selector: str) -> str:
    html = (site_dir / url / "index.html").read_text(encoding="utf-8")
    return " ".join(e.get_text(" ", strip=True) for e in BeautifulSoup(html, "lxml").select(selector))


def test_a_second_build_in_the_same_process_sees_the_edited_record(project_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setattr(sys, "path", list(sys.path))  # mkdocs-macros puts the project folder on it
    portal = load_portal(project_copy)
    policy = next(p for p in portal.policies if p.legal_basis)
    law = portal.document(policy.legal_basis[0].law)
    record = project_copy / "docs" / policy.path
    old_title, new_title = policy.title, "测试用新标题（虚构，不得发布）"

    first = build_in_process(project_copy, tmp_path / "first")
    assert first.plugins["portal"].portal.policy(policy.id).title == old_title

    text = record.read_text(encoding="utf-8")
    assert text.count(f"title: {old_title}\n") == 1
    record.write_text(text.replace(f"title: {old_title}\n", f"title: {new_title}\n"), encoding="utf-8")
    second = build_in_process(project_copy, tmp_path / "second")

    assert second.plugins["portal"].portal.policy(policy.id).title == new_title
    for site, title in ((tmp_path / "first", old_title), (tmp_path / "second", new_title)):
        assert text_of(site, policy.url, "h1") == title  # the record page (plugin)
        assert title in text_of(site, "catalog/all/", "table")  # a generated index page (plugin)
        assert title in text_of(site, law.url, ".law-policies")  # the law's backlinks (a macro)
    assert old_title not in (tmp_path / "second" / "catalog" / "all" / "index.html").read_text(encoding="utf-8")
