"""The incremental build (macros/plugin/, its cache in <project>/.cache/portal/) makes the same site, byte
for byte, as a full build with the cache off (PORTAL_CACHE=off), after each change a clerk makes to
one record, one after another, each committed; and it really reuses what it can: its report
(last-build.json) says how many pages and records it took from the cache. A change of the theme or
the code (overrides/, macros/) makes the next build rebuild everything, and the site is again the full
build's."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import AS_OF, build, commit_all, copy_project, git
from macros.model.status import status_of
from test_build_parallel import site_files

# The incremental build's interface, stated once (its names may still change).
CACHE_SWITCH = "PORTAL_CACHE"
CACHE_OFF = {CACHE_SWITCH: "off"}  # a plain full build, as the project builds without the cache
REPORT = Path(".cache/portal/last-build.json")  # beside mkdocs.yml, rewritten by each build with the cache on
REUSED, MADE = "reused", "made"  # counts by kind: taken from the cache, made afresh
EVERYTHING = "everything"  # true when the build decided to rebuild everything
PAGE, RECORD, COUNT = "page", "record", "count"  # final HTML pages; records read and checked; search-index term counts
KINDS = (PAGE, RECORD, COUNT)

DAY = "2026-11-20"  # the day of conftest.git's first commit: each change is committed later that day
RECORD_ID = "kejing-yinqi-duijie"  # the record the clerk changes (no record names it in superseded_by)
RECORD_FILE = f"docs/policies/kejing/{RECORD_ID}.md"
RECORD_PAGE = f"policies/kejing/{RECORD_ID}/index.html"
NEW_ID = "kejing-ceshi-zengliang"
NEW_FILE = f"docs/policies/kejing/{NEW_ID}.md"
NEW_TEMPLATE = "docs/policies/kejing/kejing-guishang-jiangli.md"  # a real record, copied as the new one
NEWER_ID = "kejing-guishang-jiangli"  # the record the new one then names as superseding it
NEWER_FILE = NEW_TEMPLATE
ADDED_BENEFICIARY = "xiaowei"  # in data/beneficiaries.yml; the record lists only zhongxiao
EXPIRES = "2026-10-31"  # before the as-of date (2026-11-24): the record's status becomes expired
TEMPLATE = "overrides/portal/record.html"


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_sentence(project: Path) -> None:
    file = project / RECORD_FILE
    file.write_text(file.read_text(encoding="utf-8").rstrip("\n") + "\n\n报告未写明活动的举办次数。\n", encoding="utf-8")


def add_beneficiary(project: Path) -> None:
    edit(project, RECORD_FILE, "  - zhongxiao\ncategories:", f"  - zhongxiao\n  - {ADDED_BENEFICIARY}\ncategories:")


def let_expire(project: Path) -> None:
    assert status_of(AS_OF, None, date.fromisoformat(EXPIRES), None) == "expired"
    edit(project, RECORD_FILE, "last_reviewed:", f'expires: "{EXPIRES}"\nlast_reviewed:')


def delete_record(project: Path) -> None:
    named = [f for f in (project / "docs/policies").rglob("*.md")
             if re.search(rf"^superseded_by:\s*['\"]?{RECORD_ID}\b", f.read_text(encoding="utf-8"), re.M)]
    assert named == [], f"{RECORD_ID} is named in superseded_by of {named}"
    (project / RECORD_FILE).unlink()


def name_newer(project: Path) -> None:
    edit(project, NEW_FILE, "\nlast_reviewed:", f"\nsuperseded_by: {NEWER_ID}\nlast_reviewed:")


def retitle_newer(project: Path) -> None:
    text = (project / NEWER_FILE).read_text(encoding="utf-8")
    (project / NEWER_FILE).write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M),
                                      encoding="utf-8")


def add_record(project: Path) -> None:
    text = (project / NEW_TEMPLATE).read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {NEW_ID}", text, count=1, flags=re.M)
    text = re.sub(r"^title: .*$", "title: 测试用虚构政策：增量构建测试奖励", text, count=1, flags=re.M)
    (project / NEW_FILE).write_text(text, encoding="utf-8")
    git(project, "add", "--", NEW_FILE)


# Each change a clerk makes, in order, with the path of the full site that it must change (it shows).
CHANGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("body: a sentence added", add_sentence, RECORD_PAGE),
    (f"beneficiaries: {ADDED_BENEFICIARY} added", add_beneficiary, f"catalog/beneficiaries/{ADDED_BENEFICIARY}/index.html"),
    (f"expires: {EXPIRES}, expired", let_expire, "catalog/status/expired/index.html"),
    ("record deleted", delete_record, RECORD_PAGE),
    ("record added", add_record, f"policies/kejing/{NEW_ID}/index.html"),
    (f"superseded_by: {NEWER_ID}", name_newer, f"policies/kejing/{NEW_ID}/index.html"),
    (f"the title of {NEWER_ID}, which another record names", retitle_newer, f"policies/kejing/{NEW_ID}/index.html"),
]


def build_with_report(project: Path, site: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    """A build with the cache on, and the report it wrote (None when it wrote none)."""
    report = project / REPORT
    before = report.stat().st_mtime_ns if report.exists() else None
    done = build(project, site)
    if not report.exists() or report.stat().st_mtime_ns == before:
        return done, None
    return done, json.loads(report.read_text(encoding="utf-8"))


def full_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return build(project, site, env=CACHE_OFF)


def built(name: str, done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, f"{name}: the build failed (exit {done.returncode}):\n{done.stderr[-3000:]}"


def differences(cached: dict[str, bytes], full: dict[str, bytes]) -> list[str]:
    """The paths that are in one site only, or in both with other bytes."""
    return sorted([f"only with the cache on: {path}" for path in cached.keys() - full.keys()]
                  + [f"only with the cache off: {path}" for path in full.keys() - cached.keys()]
                  + [f"differs: {path}" for path in cached.keys() & full.keys() if cached[path] != full[path]])


def rebuilt_everything(report: dict | None) -> None:
    assert report is not None, f"the build with the cache on wrote no fresh {REPORT}"
    assert report[EVERYTHING] is True, report
    assert report[REUSED].get(PAGE, 0) == 0, report  # no page taken from the cache


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A project copy in a repository of one commit; the builds' cache is on unless a build turns it off."""
    monkeypatch.delenv(CACHE_SWITCH, raising=False)
    project = copy_project(tmp_path / "project")
    commit_all(project, "初始内容")
    return project


@pytest.mark.slow
def test_each_change_to_a_record_builds_incrementally_the_full_builds_site(repository, tmp_path, subtests):
    cached_site = tmp_path / "cached"  # every build with the cache on writes here, as a clerk's preview does
    cold, cold_report = build_with_report(repository, cached_site)
    built("cold, cache on", cold)
    built("cold, cache off", full_build(repository, tmp_path / "full"))
    full = site_files(tmp_path / "full")
    assert {"api/policies.json", "SHA256SUMS", "catalog/all/index.html", RECORD_PAGE} <= set(full)
    assert differences(site_files(cached_site), full) == []
    rebuilt_everything(cold_report)
    assert all(cold_report[MADE][kind] > 0 for kind in KINDS), cold_report  # a cold cache: all made afresh
    assert all(cold_report[REUSED].get(kind, 0) == 0 for kind in KINDS), cold_report  # nothing to reuse
    cold_pages = cold_report[MADE][PAGE]

    for number, (name, change, shown_in) in enumerate(CHANGES, start=1):
        with subtests.test(msg=name):
            change(repository)
            git(repository, "commit", "-qam", f"测试：{name}", when=f"{DAY}T1{number}:00:00+08:00")
            incremental, report = build_with_report(repository, cached_site)
            built(f"{name}, cache on", incremental)
            built(f"{name}, cache off", full_build(repository, tmp_path / f"{number}-full"))
            before, full = full, site_files(tmp_path / f"{number}-full")
            assert before.get(shown_in) != full.get(shown_in), f"{name} does not show in {shown_in}"
            assert differences(site_files(cached_site), full) == [], name
            assert report is not None, f"{name}: the build with the cache on wrote no fresh {REPORT}"
            assert report[EVERYTHING] is False, report
            assert report[REUSED][PAGE] > 0, report
            assert report[MADE][PAGE] < cold_pages, report
            assert report[REUSED][RECORD] > 0, report


@pytest.mark.slow
def test_a_changed_template_rebuilds_everything(repository, tmp_path):
    built("cold, cache on", build_with_report(repository, tmp_path / "cold")[0])
    edit(repository, TEMPLATE, '<h2 id="portal-explained">政策解读</h2>', '<h2 id="portal-explained">政策解读说明</h2>')
    git(repository, "commit", "-qam", "测试：模板改动", when=f"{DAY}T11:00:00+08:00")
    changed, report = build_with_report(repository, tmp_path / "cached")
    built("template changed, cache on", changed)
    built("template changed, cache off", full_build(repository, tmp_path / "full"))
    full = site_files(tmp_path / "full")
    assert "政策解读说明".encode() in full[RECORD_PAGE]  # the change shows
    assert differences(site_files(tmp_path / "cached"), full) == []
    rebuilt_everything(report)


TABLE = "catalog/departments/kejing/"  # a table outside the navigation (pages in it are always rendered)


def add_copies(project: Path, count: int) -> list[str]:
    """``count`` more records (copies of a real one with ids of their own, titles marked as made up):
    enough for a table of more than one page (site/catalog.py PAGE_SIZE)."""
    text = (project / NEW_TEMPLATE).read_text(encoding="utf-8")
    ids = [f"kejing-ceshi-fenye-{number:03d}" for number in range(count)]
    for number, record_id in enumerate(ids):
        copy = re.sub(r"^id: .*$", f"id: {record_id}", text, count=1, flags=re.M)
        copy = re.sub(r"^title: .*$", f"title: 测试用虚构政策{number:03d}：分页测试", copy, count=1, flags=re.M)
        (project / "docs/policies/kejing" / f"{record_id}.md").write_text(copy, encoding="utf-8")
    return ids


@pytest.mark.slow
def test_a_change_to_one_row_of_a_long_table_rebuilds_the_pages_that_show_it(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_SWITCH, raising=False)
    project = copy_project(tmp_path / "project")
    last = add_copies(project, 120)[-1]  # listed on the second page of its department's table
    built("cold, cache on", build_with_report(project, tmp_path / "cached")[0])
    first_pages = [p for p in site_files(tmp_path / "cached") if p.startswith(TABLE)]
    assert f"{TABLE}2/index.html" in first_pages
    before = {page: (tmp_path / "cached" / page).stat().st_ino for page in first_pages}
    edit(project, f"docs/policies/kejing/{last}.md", "：分页测试", "：分页测试（已改标题）")
    changed, report = build_with_report(project, tmp_path / "cached")
    built("title changed, cache on", changed)
    built("title changed, cache off", full_build(project, tmp_path / "full"))
    full = site_files(tmp_path / "full")
    assert "（已改标题）".encode() in full[f"{TABLE}2/index.html"]
    assert "（已改标题）".encode() not in full[f"{TABLE}index.html"]
    assert differences(site_files(tmp_path / "cached"), full) == []
    assert report is not None and report[EVERYTHING] is False, report
    made_pages = report[MADE][PAGE]
    assert 0 < made_pages < report[REUSED][PAGE], report  # the record's page and the table pages showing it
    after = {page: (tmp_path / "cached" / page).stat().st_ino for page in first_pages}
    assert [page for page in first_pages if after[page] != before[page]] == [f"{TABLE}2/index.html"]  # written anew
