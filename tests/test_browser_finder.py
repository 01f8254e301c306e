"""Catalog filters and the policy matcher in Debian's Chromium, checked against the records.

The matcher's profiles list the provisions each must be offered, written by hand from the records'
data (their beneficiaries, industries, categories and support types; data/beneficiaries.yml `match`,
data/matcher.yml needs): the one implementation is assets/js/lib/matching.js, which tests/test_js.py
also runs in node on api/catalog.json with the same table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest

from conftest import MATCHER_READY, ROOT, build
from harness.browser import wait_until
from harness.servers import static_site
from macros.load.portal import load_portal

AS_OF = date(2026, 11, 24)  # the built site's SOURCE_DATE_EPOCH; the browser clock is set to it


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT, AS_OF)


def at_as_of(page):
    page.clock.set_fixed_time(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    return page


def expected_filter(portal, chosen: dict[str, list[str]]) -> set[str]:
    getters = {
        "department": lambda p: [p.department], "category": lambda p: list(p.categories),
        "beneficiary": lambda p: list(p.beneficiaries), "delivery": lambda p: [p.delivery],
        "status": lambda p: [portal.status(p)], "year": lambda p: [str(p.year) if p.year else "unknown"],
    }
    return {p.id for p in portal.policies
            if all(not values or set(values) & set(getters[name](p)) for name, values in chosen.items())}


def shown_rows(page) -> set[str]:
    return set(page.eval_on_selector_all("[data-finder-results] tr[data-policy]",
                                         "rows => rows.map(r => r.dataset.policy)"))


COMBINATIONS = [
    {"department": ["shuiwu"]},
    {"department": ["shuiwu", "renshe"], "category": ["shuifei", "shebao"]},
    {"department": ["shuiwu"], "category": ["shuifei"], "beneficiary": ["xiaowei"]},
    {"category": ["keji", "rongzi"], "delivery": ["weishuoming"], "status": ["unverified"]},
    {"beneficiary": ["gongye", "zhuanjingtexin"], "year": ["unknown"]},
    {"year": ["2022"], "department": ["shuiwu"]},
    {"status": ["expired"]},
]


@pytest.mark.parametrize("chosen", COMBINATIONS, ids=lambda c: urlencode(c, doseq=True))
def test_filter_combinations_show_exactly_the_expected_records(page, site_url, portal, chosen):
    at_as_of(page).goto(f"{site_url}catalog/")
    wait_until(page, "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0")
    for name, values in chosen.items():
        for value in values:
            page.check(f"input[name={name}][value='{value}']")
    expected = expected_filter(portal, chosen)
    assert shown_rows(page) == expected
    assert f"共 {len(expected)} 条" in page.text_content("[data-portal-filter] [data-finder-status]")

    # The URL carries the filters: reloading it restores the same view.
    shared = page.url
    assert all(f"{name}={value}" in shared for name, values in chosen.items() for value in values)
    page.goto("about:blank")
    page.goto(shared)
    wait_until(page, "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0")
    assert shown_rows(page) == expected
    for name, values in chosen.items():
        for value in values:
            assert page.is_checked(f"input[name={name}][value='{value}']")


def test_option_counts_tell_what_adding_the_option_would_give(page, site_url, portal):
    at_as_of(page).goto(f"{site_url}catalog/?department=shuiwu")
    wait_until(page, "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0")
    for category in portal.vocabularies["categories"].codes:
        expected = len(expected_filter(portal, {"department": ["shuiwu"], "category": [category]}))
        assert page.text_content(f"[data-count-for='category:{category}']") == f"({expected})"


# profile -> (the matcher's answers, the provisions it must list). Every record is 有效期待核实 (no
# effective date), which the matcher offers.
PROFILES = {
    # zhongxiao, xiaowei, gongye and zhizao-zhongxiaowei fit; 减税降费 is shuifei/shebao/jiangben or
    # jianmian/huanjiao/tuishui/feiyong
    "small-manufacturer-wants-tax-relief": (
        {"type": "qiye", "size": "xiao", "industry": "zhizao", "needs": ["shuifei"]},
        {"shuiwu-liudi-tuishui", "shuiwu-liushui-liangfei-jianmian", "shuiwu-zhizao-huanjiao-shuifei",
         "kejing-fangwu-zujin-jianmian", "renshe-shebaofei-jianzheng", "shuiwu-qiye-suodeshui-jianmian",
         "xingye-danbao-danbaofei-xiatiao"},
    ),
    # zhongxiao (zhong) and keji-zhongxiao (flag keji) fit; 技术创新 is keji/chuangye, 人才 is rencai
    "tech-sme-wants-technology-and-talent": (
        {"type": "qiye", "size": "zhong", "industry": "xinxi-keji", "flags": ["keji"], "needs": ["jishu", "rencai"]},
        {"kejing-chanxueyan-xiangmu-shenbao", "kejing-keji-fuzong", "kejing-keji-qiye-fuhuaqi",
         "shuiwu-keji-yanfa-jiakou"},
    ),
    # getihu and weishuoming (对象未写明: the sources name no beneficiary, so anyone may qualify) fit;
    # no record is written for 个体工商户 yet
    "individual-business-any-need": (
        {"type": "getihu", "size": "wei", "industry": "pifa-lingshou"},
        {"kejing-fangwu-zujin-jianmian", "renshe-shebaofei-jianzheng", "shuiwu-qiye-suodeshui-jianmian"},
    ),
    # gongye (gongye-qita), guishang-gongye and guimo-zhongdian-peiyu (flag guishang) fit; 资金奖补 is
    # jiangbu or jiangli/butie, 成长培育和服务 peiyu/fuwu or fuwu; kejing-guishang-jiangli is limited
    # to zhizao and gongye-qita; the 2022 工业经济大会 awards fit too, but they are a past one-off payout
    # (已兑现), never offered
    "large-industrial-guishang": (
        {"type": "qiye", "size": "da", "industry": "gongye-qita", "flags": ["guishang"], "needs": ["zijin", "fuwu"]},
        {"kejing-baoqi-bangfu", "kejing-guishang-jiangli"},
    ),
}


def fill_matcher(page, answers: dict) -> set[str]:
    page.locator(MATCHER_READY).wait_for(state="attached")
    page.check(f"input[name=type][value={answers['type']}]")
    page.check(f"input[name=size][value={answers['size']}]")
    page.select_option("select[name=industry]", answers.get("industry") or "")
    for flag in answers.get("flags", []):
        page.check(f"input[name=flag][value={flag}]")
    for need in answers.get("needs", []):
        page.check(f"input[name=need][value={need}]")
    page.click("[data-portal-matcher] button[type=submit]")
    wait_until(page, "document.querySelector('[data-portal-matcher] [data-finder-status]').textContent.length > 0")
    return set(page.eval_on_selector_all(".portal-match", "items => items.map(i => i.dataset.policy)"))


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_matcher_profiles_give_exactly_the_expected_provisions(page, site_url, name):
    answers, expected = PROFILES[name]
    at_as_of(page).goto(f"{site_url}matcher/")
    assert fill_matcher(page, answers) == expected
    if expected:
        first = page.locator(".portal-match").first
        assert first.locator("dt", has_text="能得到什么").count() == 1
        assert first.locator("dt", has_text="怎么申请").count() == 1
        assert first.locator(".portal-reasons li").count() >= 1


def test_profiles_are_not_all_alike(portal):
    results = [frozenset(expected) for _, expected in PROFILES.values()]
    non_empty = [r for r in results if r]
    assert len(non_empty) >= 3 and len(set(non_empty)) == len(non_empty)
    assert set().union(*results) <= {p.id for p in portal.policies}


def test_matcher_sends_nothing_anywhere(page, site_url):
    requests = []
    at_as_of(page).goto(f"{site_url}matcher/")
    page.on("request", lambda r: requests.append(r))
    fill_matcher(page, PROFILES["small-manufacturer-wants-tax-relief"][0])
    assert [r.url for r in requests if r.method != "GET" or "?" in r.url.split("/")[-1]] == []


def write_fake_record(project, record_id: str, effective: str, expires: str) -> None:
    (project / "docs" / "policies" / "kejing" / f"{record_id}.md").write_text(f"""---
id: {record_id}
title: 测试用虚构政策{record_id[-1]}（不得发布）
summary: 测试夹具中的虚构政策，面向所有小微企业的资金奖补。
issuer: 虚构机关
document_title: 虚构文件
department: kejing
effective: {effective}
expires: {expires}
beneficiaries: [xiaowei, getihu, zhongxiao]
categories: [jiangbu]
support_type: [jiangli]
delivery: yishenqing
sources:
  - document: 虚构来源
    passage: 虚构段落
last_reviewed: 2026-11-24
review_due: 2027-05-24
---

虚构正文。
""", encoding="utf-8")


@pytest.mark.slow
def test_an_expired_provision_never_appears_in_the_matcher(browser, project_copy, tmp_path):
    write_fake_record(project_copy, "kejing-fake-expired-a", "2025-01-01", "2026-06-30")
    write_fake_record(project_copy, "kejing-fake-current-b", "2025-01-01", "2027-12-31")
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    with static_site(project_copy / "site") as url:
        context = browser.new_context()
        page = context.new_page()
        for moment, current_shown in ((datetime(2026, 11, 24, 10, tzinfo=UTC), True),
                                      (datetime(2028, 1, 5, 10, tzinfo=UTC), False)):
            page.clock.set_fixed_time(moment)
            page.goto(f"{url}matcher/")
            shown = fill_matcher(page, {"type": "qiye", "size": "xiao", "needs": ["zijin"]})
            assert "kejing-fake-expired-a" not in shown
            assert ("kejing-fake-current-b" in shown) == current_shown
        context.close()
