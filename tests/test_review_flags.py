"""Review flags (待复核, issue 10): a record citing the superseded 2020 text, and one past its review
date, written as two fake records into a project copy. The check's warnings, the record header, the
open data and the catalog's filter and index page are rendered in process for the fast tier; one
build (slow) and Chromium show that the site carries the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from built import SITE_URL, content, norm, resolve, soup_of
from conftest import AS_OF, AS_OF_MOMENT, SOURCE_DATE_EPOCH, build, cli_in_process, copy_project
from harness.browser import wait_until
from harness.servers import static_site
from legal_documents import NEW, OLD, label, page_url
from macros.load.portal import load_portal
from macros.opendata.files import open_data_files
from macros.site.catalog import catalog_filters, generated_pages
from macros.site.records import policy_header

FAKE_CITING = "kejing-ceshi-yinyong-jiuwenben"
FAKE_OVERDUE = "kejing-ceshi-guoqi-fuhe"
FOLDER = "docs/policies/kejing"
SUPERSEDED_MESSAGE = f"所依据的{label(OLD)}已于 {NEW['revised']} 修订，本条待复核"
OVERDUE_MESSAGE = "本条的下次核对日期 2026-01-01 已过，本条待复核"


def fake_record(record_id: str, legal_basis: list[str], review_due: str) -> str:
    basis = "".join(f"\n  - {ref}" for ref in legal_basis)
    reasons = "".join(f"\n  - article: {ref}\n    because: 虚构正文" for ref in legal_basis)
    return f"""---
id: {record_id}
title: 测试用虚构政策{record_id[-4:]}（不得发布）
summary: 测试夹具中的虚构政策，只用于检查待复核标记，面向小微企业。
issuer: 虚构机关
document_title: 虚构文件
department: kejing
beneficiaries: [xiaowei]
categories: [jiangbu]
support_type: [jiangli]
delivery: yishenqing
legal_basis:{basis}
legal_basis_reasons:{reasons}
sources:
  - document: 虚构来源
    passage: 虚构段落
last_reviewed: "2025-06-01"
review_due: "{review_due}"
---

虚构正文。
"""


@pytest.fixture(scope="module")
def flagged(tmp_path_factory) -> SimpleNamespace:
    """A project copy with the two fake records, and its content as of AS_OF."""
    project = copy_project(tmp_path_factory.mktemp("flagged") / "project")
    folder = project / FOLDER
    citing = fake_record(FAKE_CITING, [f"{OLD['id']}#第八条", f"{OLD['id']}#第九条", "sme-law#第八条"], "2027-05-24")
    (folder / f"{FAKE_CITING}.md").write_text(citing, encoding="utf-8")
    overdue = fake_record(FAKE_OVERDUE, ["sme-law#第八条"], "2026-01-01")
    (folder / f"{FAKE_OVERDUE}.md").write_text(overdue, encoding="utf-8")
    return SimpleNamespace(project=project, portal=load_portal(project, AS_OF))


@pytest.fixture(scope="module")
def flagged_site(flagged) -> Path:
    result = build(flagged.project)
    assert result.returncode == 0, result.stdout + result.stderr
    return flagged.project / "site"


# -- what every output must show, wherever it is read from ------------------------------------------

def assert_flags_on_the_record_pages(portal, page_of: Callable) -> None:
    """``page_of(policy)``: the part of a record's page before its body."""
    citing = page_of(portal.policy(FAKE_CITING))
    flags = citing.select(".portal-flags li")
    assert [norm(li.get_text()) for li in flags] == [f"{SUPERSEDED_MESSAGE}（现行文本：{label(NEW)}）"]
    assert resolve(f"policies/kejing/{FAKE_CITING}/", flags[0].select_one("a")["href"])[0] == page_url(NEW)
    cited = [norm(li.get_text()).split("：本门户归类")[0] for li in citing.select(".portal-legal li")]
    assert f"{label(OLD)}第八条 已被修订" in cited and "《中华人民共和国中小企业促进法》第八条" in cited
    overdue = page_of(portal.policy(FAKE_OVERDUE))
    assert [norm(li.get_text()) for li in overdue.select(".portal-flags li")] == [OVERDUE_MESSAGE]
    unflagged = [p.id for p in portal.policies if p.id not in (FAKE_CITING, FAKE_OVERDUE)]
    assert unflagged and [i for i in unflagged if page_of(portal.policy(i)).select(".portal-flags")] == []


def assert_flags_in_the_open_data(portal, file: Callable[[str], bytes]) -> None:
    """``file(path)``: the bytes of an open-data file, e.g. api/catalog.json."""
    rows = {r["id"]: r for r in json.loads(file("api/catalog.json"))["policies"]}
    records = {r["id"]: r for r in json.loads(file("api/policies.json"))["policies"]}
    expected = {FAKE_CITING: [SUPERSEDED_MESSAGE], FAKE_OVERDUE: [OVERDUE_MESSAGE]}
    for policy in portal.policies:
        messages = expected.get(policy.id, [])
        assert rows[policy.id]["review"] == ("flagged" if messages else "clear")
        assert rows[policy.id]["review_flags"] == messages
        review = records[policy.id]["review"]
        assert [f["message"] for f in review["flags"]] == messages and review["name"] == ("待复核" if messages else "无需复核")
        assert json.loads(file(f"api/policies/{policy.id}.json"))["review"] == review
    assert records[FAKE_CITING]["review"]["flags"][0]["url"] == page_url(NEW)
    csv = file("api/policies.csv").decode("utf-8-sig")
    assert SUPERSEDED_MESSAGE in csv and OVERDUE_MESSAGE in csv


def assert_flags_in_the_catalog(filters, flagged_index) -> None:
    """``filters``: the catalog's filter form; ``flagged_index``: catalog/review/flagged/."""
    options = {i["value"]: norm(i.parent.get_text()) for i in filters.select("input[name=review]")}
    assert options == {"flagged": "待复核", "clear": "无需复核"}
    listed = {a["href"].rstrip("/").split("/")[-1] for a in flagged_index.select("td a[href*=policies]")}
    assert listed == {FAKE_CITING, FAKE_OVERDUE}


def html(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "lxml")


# -- rendered in process ---------------------------------------------------------------------------------

def test_the_record_header_shows_the_flags(flagged):
    assert_flags_on_the_record_pages(flagged.portal, lambda policy: html(policy_header(flagged.portal, policy)))


def test_the_open_data_carries_the_flags(flagged):
    files = open_data_files(flagged.portal, SITE_URL)
    assert_flags_in_the_open_data(flagged.portal, files.__getitem__)


def test_the_catalog_filters_and_lists_the_flagged_records(flagged):
    flagged_index = next(page for page in generated_pages(flagged.portal) if page.url == "catalog/review/flagged/")
    assert_flags_in_the_catalog(html(catalog_filters(flagged.portal, "catalog/")), html(flagged_index.content))


def test_check_reports_the_flags_as_warnings_with_file_and_line(flagged, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)  # the as-of date decides what is overdue
    project = flagged.project
    result = cli_in_process(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    citing = (project / FOLDER / f"{FAKE_CITING}.md").read_text(encoding="utf-8").split("\n")
    overdue = (project / FOLDER / f"{FAKE_OVERDUE}.md").read_text(encoding="utf-8").split("\n")
    basis_line = citing.index(f"  - {OLD['id']}#第八条") + 1
    due_line = overdue.index('review_due: "2026-01-01"') + 1
    lines = result.stdout.split("\n")
    assert (lines[0], lines[3:]) == ("检查通过：没有发现问题。", ["另有 2 条待复核警告（不影响检查结果和网站生成）。", ""])
    # each warning: where, what, then what to do about it
    assert lines[1].startswith(f"{FOLDER}/{FAKE_OVERDUE}.md:{due_line}: 警告：review_due: {OVERDUE_MESSAGE}（请")
    assert lines[2].startswith(f"{FOLDER}/{FAKE_CITING}.md:{basis_line}: 警告：legal_basis[0]: {SUPERSEDED_MESSAGE}（")
    data = json.loads(cli_in_process(project, "check", "--format", "json").stdout)
    assert data["count"] == 0 and [w["line"] for w in data["warnings"]] == [due_line, basis_line]


def test_the_real_records_are_not_flagged(portal):
    assert [p.id for p in portal.policies if portal.review_flags(p)] == []


# -- the built site -------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_build_carries_the_flags_to_the_pages_the_open_data_and_the_catalog(flagged, flagged_site):
    assert_flags_on_the_record_pages(flagged.portal, lambda policy: content(soup_of(flagged_site, policy.url)))
    assert_flags_in_the_open_data(flagged.portal, lambda path: (flagged_site / path).read_bytes())
    assert_flags_in_the_catalog(content(soup_of(flagged_site, "catalog/")),
                                content(soup_of(flagged_site, "catalog/review/flagged/")))


@pytest.fixture(scope="module")
def flagged_url(flagged_site):
    with static_site(flagged_site) as url:
        yield url


@pytest.mark.browser
def test_the_catalog_filter_shows_exactly_the_flagged_records(page, flagged_url):
    page.goto(f"{flagged_url}catalog/?review=flagged")
    wait_until(page, "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0")
    rows = "[data-finder-results] tr[data-policy]"
    shown = set(page.eval_on_selector_all(rows, "rows => rows.map(r => r.dataset.policy)"))
    assert shown == {FAKE_CITING, FAKE_OVERDUE}
    assert page.is_checked("input[name=review][value=flagged]")
    assert page.text_content("[data-count-for='review:flagged']") == "(2)"


@pytest.mark.browser
def test_the_matcher_shows_the_flag_on_the_result(page, flagged_url):
    page.clock.set_fixed_time(AS_OF_MOMENT)
    page.goto(f"{flagged_url}matcher/")
    page.check("input[name=type][value=qiye]")
    page.check("input[name=size][value=xiao]")
    page.click("[data-portal-matcher] button[type=submit]")
    wait_until(page, "document.querySelectorAll('.portal-match').length > 0")
    note = page.locator(f".portal-match[data-policy={FAKE_CITING}] .portal-match__review")
    assert note.text_content() == f"待复核：{SUPERSEDED_MESSAGE}"
