"""A past one-off payout is a result, never an offer (issue 21), in Debian's Chromium on the phone
profile (harness/browser.py: zh-CN, Asia/Shanghai, 390 × 844): whatever a profile ticks, the matcher's
“可能适用” never lists a record whose status is 已兑现 (the 2022 awards for 2021 results), though
their beneficiaries and needs fit it; and the 兑现情况 page shows its charts within a phone's width,
in 长者模式 too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import MATCHER_READY
from harness.browser import wait_until
from macros.model.matching import Profile, fits_beneficiary, fits_needs, matching

pytestmark = pytest.mark.browser

OUTCOMES_PAGE = "reports/outcomes/"


def at_as_of(page):
    page.clock.set_fixed_time(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))  # the built site's as-of date
    return page


def tick_everything(page, size: str) -> set[str]:
    """企业 of the given size in 制造业, every qualification and every need ticked."""
    page.locator(MATCHER_READY).wait_for(state="attached")
    page.check("input[name=type][value=qiye]")
    page.check(f"input[name=size][value={size}]")
    page.select_option("select[name=industry]", "zhizao")
    for box in page.locator("input[name=flag], input[name=need]").all():
        box.check()
    page.click("[data-portal-matcher] button[type=submit]")
    wait_until(page, "document.querySelector('[data-portal-matcher] [data-finder-status]').textContent.length > 0")
    return set(page.eval_on_selector_all(".portal-match", "items => items.map(i => i.dataset.policy)"))


@pytest.mark.parametrize("size", ["wei", "xiao", "zhong", "da"])
def test_no_one_off_payout_is_offered_to_a_profile_that_ticks_everything(phone, site_url, portal, size):
    one_off = {p.id for p in portal.policies if portal.status(p) == "delivered"}
    assert one_off  # the 2022 awards for 2021 results
    profile = Profile("qiye", size, "zhizao", frozenset(portal.matcher.flags.codes),
                      frozenset(portal.matcher.needs.codes))
    beneficiaries = portal.vocabularies["beneficiaries"]
    fitting = {p.id for p in portal.policies if p.id in one_off
               and any(fits_beneficiary(beneficiaries[c].match, profile) for c in p.beneficiaries)
               and fits_needs(portal.matcher, p, profile.needs)}
    assert fitting == one_off  # without their status they would be listed: the test can fail

    at_as_of(phone).goto(f"{site_url}matcher/")
    offered = tick_everything(phone, size)
    assert offered and not offered & one_off
    assert offered == {p.id for p in matching(portal, profile)}
    status = phone.text_content("[data-portal-matcher] [data-finder-status]")
    assert "已兑现（一次性）" in status  # named among the states it leaves out
    for badge in phone.locator(".portal-match [data-status]").all():
        assert badge.get_attribute("data-status") != "delivered"


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "长者模式"])
def test_the_outcomes_charts_fit_a_phone(browser, site_url, elderly):
    context = browser.new_context(phone=True, viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto(site_url)
        if elderly:
            page.click(".md-header .portal-reading__toggle")
            page.check(".portal-reading__panel input[name=portal-text][value='2']")
            page.check(".portal-reading__panel input[name=portal-contrast]")
            page.keyboard.press("Escape")
        page.goto(f"{site_url}{OUTCOMES_PAGE}")
        charts = page.locator("svg.portal-chart__svg")
        assert charts.count() >= 4
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for chart in charts.all():
            box = chart.bounding_box()
            assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
            # the bars are drawn (filled by the stylesheet, not by a style attribute) and the labels are text
            fill = chart.locator("rect.portal-chart__bar").first.evaluate("r => getComputedStyle(r).fill")
            assert fill not in ("", "none", "rgb(0, 0, 0)")
            table = chart.locator("xpath=following-sibling::table")
            assert table.is_visible() and table.bounding_box()["x"] + table.bounding_box()["width"] <= width + 1
    finally:
        context.close()
