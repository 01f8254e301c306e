"""Status badges recomputed in the browser from the record's dates (issue: catalog, status).

A fake record (effective 2026-01-01, expires 2026-12-31) is written into a project copy and
built with the fixed as-of date (AS_OF, 2026-11-24); its page is then opened in Debian's Chromium with
the page clock set to other days. (The browser's evaluator of the status table, lib/status.js, is
compared with Python's at the boundaries in tests/test_js.py, without a browser.)
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF, build, copy_project, real_portal
from harness.servers import static_site
from macros.core.clock import CHINA
from macros.model.status import STATUSES, status_of

pytestmark = pytest.mark.browser

FAKE_ID = "kejing-ceshi-zhuangtai"
EFFECTIVE = date(2026, 1, 1)
EXPIRES = date(2026, 12, 31)
FAKE_URL = f"policies/kejing/{FAKE_ID}/"


def fake_record() -> str:
    portal = real_portal()
    vocab = portal.vocabularies
    return (
        "---\n"
        f"id: {FAKE_ID}\n"
        "title: 测试记录：有效期到2026年底（虚构）\n"
        "summary: 这是测试中生成的虚构政策，只用于检查浏览器中的有效状态。\n"
        "issuer: 虚构发文机关\n"
        "document_title: 虚构文件\n"
        "department: kejing\n"
        f"beneficiaries: [{vocab['beneficiaries'].codes[0]}]\n"
        f"categories: [{vocab['categories'].codes[0]}]\n"
        f"support_type: [{vocab['support_type'].codes[0]}]\n"
        f"delivery: {vocab['delivery'].codes[0]}\n"
        f'effective: "{EFFECTIVE.isoformat()}"\n'
        f'expires: "{EXPIRES.isoformat()}"\n'
        "sources:\n  - document: 虚构来源\n    passage: 虚构段落\n"
        'last_reviewed: "2026-11-24"\n'
        'review_due: "2027-05-24"\n'
        "---\n\n虚构正文，只用于测试。\n"
    )


@pytest.fixture(scope="module")
def fake_site(tmp_path_factory):
    """The project with the fake record, built and served on loopback (an extra build: slow)."""
    project = copy_project(tmp_path_factory.mktemp("status-project"))
    (project / "docs" / "policies" / "kejing" / f"{FAKE_ID}.md").write_text(fake_record(), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    with static_site(site) as url:
        yield site, url


def badge_in_browser(browser, url: str, moment: datetime, timezone_id: str = "Asia/Shanghai") -> dict:
    context = browser.new_context(timezone_id=timezone_id)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.clock.set_fixed_time(moment)
        page.goto(url)
        page.wait_for_load_state("load")
        badge = page.locator(f'.portal-policy[data-policy="{FAKE_ID}"] .portal-status')
        assert badge.count() == 1
        result = {"text": badge.text_content().strip(), "code": badge.get_attribute("data-status"),
                  "title": badge.get_attribute("title")}
    finally:
        context.close()
    assert not errors, errors
    return result


@pytest.mark.slow
def test_build_time_status_is_computed_from_the_dates(fake_site):
    site, _ = fake_site
    soup = BeautifulSoup((site / FAKE_URL / "index.html").read_text(encoding="utf-8"), "lxml")
    badge = soup.select_one(f'.portal-policy[data-policy="{FAKE_ID}"] .portal-status')
    code = status_of(AS_OF, EFFECTIVE, EXPIRES, None)
    assert badge["data-status"] == code and badge.get_text() == STATUSES[code]
    assert badge["data-effective"] == EFFECTIVE.isoformat() and badge["data-expires"] == EXPIRES.isoformat()


@pytest.mark.parametrize("day, expected", [
    (date(2027, 1, 5), "已失效"),
    (date(2026, 6, 1), "现行有效"),
    (date(2026, 12, 15), "即将到期"),
    (date(2025, 12, 31), "尚未施行"),
])
@pytest.mark.slow
def test_badge_is_recomputed_for_the_day_the_page_is_opened(browser, fake_site, day, expected):
    _, url = fake_site
    assert STATUSES[status_of(day, EFFECTIVE, EXPIRES, None)] == expected  # the Python rule agrees
    shown = badge_in_browser(browser, url + FAKE_URL, datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA))
    assert shown["text"] == expected
    if shown["code"] != status_of(AS_OF, EFFECTIVE, EXPIRES, None):  # recomputed: the badge says for which day
        assert shown["title"] == f"按今天（{day.isoformat()}）的日期重新核对"
    assert STATUSES[shown["code"]] == expected


@pytest.mark.parametrize("moment, expected", [
    (datetime(2026, 12, 31, 23, 30, tzinfo=CHINA), "即将到期"),  # the last day in force, late evening in China
    (datetime(2027, 1, 1, 0, 30, tzinfo=CHINA), "已失效"),       # still 2026-12-31 in UTC
])
@pytest.mark.slow
def test_the_day_is_the_day_in_china_whatever_the_visitors_time_zone(browser, fake_site, moment, expected):
    _, url = fake_site
    shown = badge_in_browser(browser, url + FAKE_URL, moment, timezone_id="UTC")
    assert shown["title"] == f"按今天（{moment.date().isoformat()}）的日期重新核对"  # China's day, not UTC's
    assert shown["text"] == expected


@pytest.mark.slow
def test_catalog_rows_are_recomputed_too(browser, fake_site):
    _, url = fake_site
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.set_fixed_time(datetime(2027, 1, 5, 10, 0, tzinfo=CHINA))
        page.goto(url + "catalog/all/")
        badge = page.locator(f'tr[data-policy="{FAKE_ID}"] .portal-status')
        assert badge.text_content().strip() == "已失效"
    finally:
        context.close()

