"""What to do next, as a reader on a phone sees it (zh-CN Chromium, 390 × 844, harness/browser.py):
a record page begins with a short link down to its next step, which is then on screen; the matcher
shows each result's next step, and a 个体工商户 with no need ticked gets the articles of 促进个体工商户发展条例
and the numbers to call, never advice to untick needs they did not tick."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml

from conftest import MATCHER_READY, ROOT
from harness.browser import wait_until

AS_OF_MOMENT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # the built site's SOURCE_DATE_EPOCH
TAX_RECORD = "policies/shuiwu/shuiwu-liudi-tuishui/"
ENTITLEMENTS = yaml.safe_load((ROOT / "data" / "entitlements.yml").read_text(encoding="utf-8"))
UNTICK = "可以减少勾选的需求"


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """node => {
        const box = node.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight; }""")


def test_on_a_phone_a_record_begins_with_the_way_to_its_next_step(phone, site_url):
    phone.clock.set_fixed_time(AS_OF_MOMENT)
    phone.goto(f"{site_url}{TAX_RECORD}")
    jump = phone.locator(".portal-next-step-jump a")
    assert jump.is_visible() and in_viewport(phone, ".portal-next-step-jump a")
    assert jump.inner_text().strip().startswith("下一步：怎么办")
    assert not in_viewport(phone, "#portal-next-step")  # it is at the end of a long page
    jump.tap()
    wait_until(phone, "location.hash === '#portal-next-step'", timeout=5000)
    wait_until(phone, """() => { const box = document.getElementById('portal-next-step').getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight; }""", timeout=5000)
    calls = phone.eval_on_selector_all(".portal-next-step a[href^='tel:']", "links => links.map(a => a.getAttribute('href'))")
    assert calls == ["tel:12366", "tel:12345"]
    box = phone.locator(".portal-next-step a.portal-call").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a tap target


def test_on_a_wide_screen_the_short_link_is_not_shown_and_the_next_step_is_read_once(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}{TAX_RECORD}")
    assert not page.locator(".portal-next-step-jump a").is_visible()
    assert page.locator("h2#portal-next-step").count() == 1


def fill_matcher(page, answers: dict) -> str:
    page.locator(MATCHER_READY).wait_for(state="attached")
    page.check(f"input[name=type][value={answers['type']}]")
    page.check(f"input[name=size][value={answers['size']}]")
    for need in answers.get("needs", []):
        page.check(f"input[name=need][value={need}]")
    page.click("[data-portal-matcher] button[type=submit]")
    wait_until(page, "document.querySelector('[data-portal-matcher] [data-finder-status]').textContent.length > 0", timeout=5000)
    return page.text_content("[data-portal-matcher] [data-finder-status]")


def test_an_individual_business_with_no_need_ticked_gets_the_law_and_the_numbers(phone, site_url, portal):
    phone.clock.set_fixed_time(AS_OF_MOMENT)
    phone.goto(f"{site_url}matcher/")
    status = fill_matcher(phone, {"type": "getihu", "size": "wei"})
    assert UNTICK not in status and "法规中写明的支持" in status
    answer = phone.locator("[data-finder-results] .portal-entitlement")
    answer.wait_for(state="visible", timeout=5000)
    articles = answer.locator(".portal-entitlement__articles > li")
    assert [articles.nth(i).get_attribute("data-article") for i in range(articles.count())] == [
        a["article"] for a in ENTITLEMENTS[0]["articles"]]
    first = articles.first.locator("a")
    assert first.get_attribute("href") == f"../laws/getihu-fazhan-tiaoli/#{ENTITLEMENTS[0]['articles'][0]['article']}"
    calls = answer.locator("a[href^='tel:']")
    assert [calls.nth(i).get_attribute("href") for i in range(calls.count())] == ["tel:12366", "tel:12345"]
    assert "全国纳税服务热线，不是石首市税务部门的电话" in answer.inner_text()
    assert UNTICK not in phone.inner_text("[data-portal-matcher]")
    # the records whose source names no beneficiary come after the answer, apart, never as 适用于您
    apart = phone.locator("[data-finder-results] .portal-matches-unstated")
    assert apart.locator("h2").inner_text(timeout=5000) == "来源没有写明适用对象的政策"
    unstated = sorted(p.id for p in portal.policies if tuple(p.beneficiaries) == ("weishuoming",))
    assert unstated and sorted(apart.locator(".portal-match").evaluate_all("items => items.map(i => i.dataset.policy)")) == unstated
    assert phone.locator("[data-finder-results] > .portal-matches > .portal-match").count() == 0
    assert answer.evaluate("(a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)",
                           apart.element_handle())
    reasons = apart.locator(".portal-reasons li").all_inner_texts()
    assert reasons and all(r == "来源没有写明适用对象和条件，是否适用于您，请向主管部门确认" for r in reasons)
    assert f"另有 {len(unstated)} 条政策的来源没有写明适用对象" in status


def test_untick_advice_only_when_a_need_was_ticked(page, site_url):
    page.clock.set_fixed_time(AS_OF_MOMENT)
    page.goto(f"{site_url}matcher/")
    assert UNTICK in fill_matcher(page, {"type": "getihu", "size": "wei", "needs": ["rongzi"]})


def test_each_match_shows_its_next_step_from_the_builds_data(page, site_url):
    page.clock.set_fixed_time(AS_OF_MOMENT)
    page.goto(f"{site_url}matcher/")
    fill_matcher(page, {"type": "qiye", "size": "xiao", "needs": ["shuifei"]})
    items = page.eval_on_selector_all(".portal-match", """items => items.map(i => ({
        id: i.dataset.policy, text: i.querySelector('.portal-match__next').innerText,
        how: i.querySelector('[data-slot=how]').textContent,
        calls: Array.from(i.querySelectorAll('.portal-match__next a[href^="tel:"]')).map(a => a.getAttribute('href'))}))""")
    assert items
    for item in items:
        assert "请咨询负责部门未写明" not in item["how"] and "未写明" not in item["how"].replace("来源未写明办理方式", "")
        assert item["calls"] and item["calls"][-1] == "tel:12345", item
        assert "不是石首市某个部门的电话" in item["text"], item
        if item["calls"][0] == "tel:12366":
            assert "全国纳税服务热线，不是石首市税务部门的电话" in item["text"], item


def test_the_catalog_filtered_to_individual_businesses_links_the_answer_in_law(page, site_url):
    page.clock.set_fixed_time(AS_OF_MOMENT)
    page.goto(f"{site_url}catalog/?beneficiary=getihu")
    wait_until(page, "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0",
                           timeout=5000)
    assert "共 0 条" in page.text_content("[data-portal-filter] [data-finder-status]")
    link = page.locator("[data-finder-results] .portal-empty a")
    assert link.count() == 1
    link.click()
    page.wait_for_url(f"{site_url}catalog/beneficiaries/getihu/", timeout=5000)
    assert page.locator(".portal-entitlement .portal-entitlement__articles > li").count() == len(ENTITLEMENTS[0]["articles"])
