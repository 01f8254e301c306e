"""Printing: a page prints as its content only, and law articles print their permalink as text."""

from __future__ import annotations

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".portal-print-link",
          ".law-tools"]


def test_print_hides_site_chrome_and_shows_article_anchors(page, site_url):
    page.goto(f"{site_url}laws/sme-promotion-law/")
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") != "none"
    page.emulate_media(media="print")
    for selector in CHROME:
        displays = page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display)")
        assert displays and set(displays) == {"none"}, selector
    anchor_text = page.evaluate("getComputedStyle(document.querySelector('#第四条 .law-num'), '::after').content")
    assert "#第四条" in anchor_text
    assert page.is_visible("#第四条 .law-para")


def test_every_page_offers_a_print_button_that_prints(page, site_url):
    page.goto(f"{site_url}policies/kejing/kejing-guishang-jiangli/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("window.__printed") == 1
