"""The law page in Debian's Chromium (issue: law page): copy buttons and article anchors."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from conftest import real_portal
from harness.browser import wait_until

pytestmark = pytest.mark.browser

LAW = real_portal().laws[0]
CITED = "第四条"
TARGET = "第三十二条"


@pytest.fixture
def law_page(browser, site_url):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}{LAW.url}")
    yield page
    context.close()
    assert not errors, errors


def clipboard_after_click(page, selector: str) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    button = page.locator(selector)
    assert button.count() == 1, selector
    button.click()
    wait_until(page, "async () => (await navigator.clipboard.readText()) !== ''")
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_citation_puts_the_exact_citation_on_the_clipboard(law_page):
    text = clipboard_after_click(law_page, f'section[id="{CITED}"] button[data-copy=citation]')
    assert text == f"《{LAW.title}》{CITED}"
    assert text == "《中华人民共和国中小企业促进法》第四条"
    # the button tells the reader it worked
    assert law_page.locator(f'section[id="{CITED}"] button[data-copy=citation]').text_content() == "已复制"


def test_copy_link_puts_the_article_url_on_the_clipboard(law_page, site_url):
    text = clipboard_after_click(law_page, f'section[id="{CITED}"] button[data-copy=link]')
    assert text.endswith("#" + quote(CITED)), text
    assert text.endswith("#%E7%AC%AC%E5%9B%9B%E6%9D%A1")
    assert text == f"{site_url}{LAW.url}#{quote(CITED)}"


def test_copied_link_opens_the_article(law_page, site_url):
    text = clipboard_after_click(law_page, f'section[id="{CITED}"] button[data-copy=link]')
    law_page.goto("about:blank")
    law_page.goto(text)
    assert law_page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == CITED


def test_navigating_to_an_article_anchor_scrolls_it_into_view(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{LAW.url}#{TARGET}")
        page.wait_for_load_state("load")
        wait_until(page, "window.scrollY > 0", timeout=10_000)
        geometry = page.evaluate(
            """(id) => {
                const article = document.getElementById(id);
                const header = document.querySelector('.md-header');
                return {
                    target: document.querySelector(':target') && document.querySelector(':target').id,
                    top: article.getBoundingClientRect().top,
                    headerBottom: header ? header.getBoundingClientRect().bottom : 0,
                    height: window.innerHeight,
                    scrollY: window.scrollY,
                };
            }""",
            TARGET,
        )
        assert geometry["target"] == TARGET
        assert geometry["scrollY"] > 0
        # the article starts inside the viewport and is not hidden under the sticky header
        assert geometry["headerBottom"] - 1 <= geometry["top"] < geometry["height"] / 2, geometry
        assert page.locator(f'section[id="{TARGET}"] p.law-para').first.is_visible()
    finally:
        context.close()
