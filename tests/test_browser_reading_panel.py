"""The 长者模式 panel and what it switches (issue 24, 适老化: 工信厅信管函〔2021〕67号), in Debian's
Chromium, zh-CN, real fonts, on a phone where it matters.

- The panel closes with its 关闭 button, with Escape and with a tap or click outside it; focus goes
  back to the 长者模式 button; on a phone it is a compact sheet under the header, its 关闭 on screen.
- In 长者模式 (any setting not the standard one) every visible check box, radio and link of the
  portal's kinds of page is a target of at least 44 × 44 CSS px (WCAG 2.5.5), measured with
  getBoundingClientRect (a check box or radio together with its label, which ticks it too; the box
  itself at least 24 × 24, WCAG 2.5.8).
- 大鼠标指针: a 48 px pointer image (data: URL, as the Content-Security-Policy allows), applied
  before the first paint and remembered across visits like the other settings.
"""

from __future__ import annotations

import re

import pytest

from conftest import AS_OF_MOMENT, MATCHER_READY, real_portal

pytestmark = pytest.mark.browser

PORTAL = real_portal()
TOGGLE = ".md-header .portal-reading__toggle"
PANEL = ".portal-reading__panel"
CLOSE = ".portal-reading__panel [data-reading-close]"
CURSOR = ".portal-reading__panel input[name=portal-cursor]"
# The kinds of page with check boxes, radios and links: the matcher, the catalog's filters, a
# record, the record form, a law, the report, the home page and the search page.
PAGES = {"matcher": "matcher/", "catalog": "catalog/", "catalog-all": "catalog/all/", "record": PORTAL.policies[0].url,
         "form": "guide/new/", "law": PORTAL.laws[0].url,
         "report": next(d for d in PORTAL.documents if d.kind == "report").url, "home": "", "search": "search/?q=企业"}
READY = {"matcher": MATCHER_READY, "form": "#portal-record-form[data-state=ready]",
         "catalog": "[data-portal-filter] [data-finder-status]:not(:empty)", "search": "[data-search-results] li"}
SMALL_TARGETS = """() => {
    const small = [];
    const targets = document.querySelectorAll("a[href], input[type=checkbox], input[type=radio]");
    for (const element of targets) {
        if (!element.checkVisibility({visibilityProperty: true})) continue;
        const own = element.getBoundingClientRect();
        if (!own.width || !own.height) continue;
        let target = own;
        for (const label of element.labels || []) {  // a label ticks its box: part of the target
            const box = label.getBoundingClientRect();
            if (box.width * box.height > target.width * target.height) target = box;
        }
        const name = `${element.tagName.toLowerCase()} ${element.className} ${(element.textContent || element.name).trim().slice(0, 20)}`;
        if (target.width < 44 || target.height < 44) small.push(`${name}: ${Math.round(target.width)}×${Math.round(target.height)}`);
        else if (element.matches("input") && (own.width < 24 || own.height < 24))
            small.push(`${name}: box ${Math.round(own.width)}×${Math.round(own.height)}`);
    }
    return {count: targets.length, small};
}"""


@pytest.fixture
def tab(browser):
    contexts = []

    def open_(phone: bool = False, width: int = 1280):
        context = browser.new_context(phone=phone) if phone else browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.clock.set_fixed_time(AS_OF_MOMENT)
        return page

    yield open_
    for context in contexts:
        context.close()


def choose(page, text: str = "0", contrast: bool = False, cursor: bool = False) -> None:
    """With the header's own controls, as a visitor does; closed with 关闭."""
    page.click(TOGGLE)
    page.check(f"{PANEL} input[name=portal-text][value='{text}']")
    (page.check if contrast else page.uncheck)(f"{PANEL} input[name=portal-contrast]")
    (page.check if cursor else page.uncheck)(CURSOR)
    page.click(CLOSE)


def focus_is_on_toggle(page) -> bool:
    return page.evaluate(f"document.activeElement === document.querySelector('{TOGGLE}')")


def test_the_panel_closes_with_its_button_escape_and_outside(tab, site_url):
    page = tab(phone=True)
    page.goto(site_url + PAGES["record"])
    # 关闭
    page.click(TOGGLE)
    assert page.is_visible(PANEL) and page.get_attribute(TOGGLE, "aria-expanded") == "true"
    page.focus(f"{PANEL} input[name=portal-text][value='1']")
    page.click(CLOSE)
    assert page.is_hidden(PANEL) and page.get_attribute(TOGGLE, "aria-expanded") == "false"
    assert focus_is_on_toggle(page)
    # Escape, from anywhere in the panel
    page.click(TOGGLE)
    page.focus(CURSOR)
    page.keyboard.press("Escape")
    assert page.is_hidden(PANEL) and focus_is_on_toggle(page)
    # a tap on the page's plain text outside the panel
    page.click(TOGGLE)
    page.focus(f"{PANEL} input[name=portal-contrast]")
    x, y = page.evaluate(f"""() => {{  // a point of plain text below the sheet
        const below = document.querySelector('{PANEL}').getBoundingClientRect().bottom;
        for (let y = below + 10; y < innerHeight; y += 10) {{
            const there = document.elementFromPoint(20, y);
            if (there && there.closest('.md-content') && !there.closest('a, button, input, label, select')) return [20, y];
        }}
    }}""")
    page.touchscreen.tap(x, y)
    assert page.is_hidden(PANEL) and focus_is_on_toggle(page)
    # a click outside, with a mouse on a desktop
    desktop = tab()
    desktop.goto(site_url + PAGES["law"])
    desktop.click(TOGGLE)
    assert desktop.is_visible(PANEL)
    desktop.mouse.click(5, 700)
    assert desktop.is_hidden(PANEL)
    # a tap inside does not close it
    page.click(TOGGLE)
    page.locator(f"{PANEL} .portal-reading__note").tap()
    assert page.is_visible(PANEL)


@pytest.mark.parametrize("text", ["0", "2"])
def test_on_a_phone_the_panel_is_a_compact_sheet(tab, site_url, text):
    page = tab(phone=True)
    page.goto(site_url + PAGES["matcher"])
    choose(page, text=text, contrast=True)
    page.click(TOGGLE)
    shown = page.evaluate(f"""() => {{
        const panel = document.querySelector('{PANEL}').getBoundingClientRect();
        const close = document.querySelector('{CLOSE}').getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect();
        return {{share: panel.width * panel.height / (innerWidth * innerHeight), left: panel.left, right: panel.right,
                 width: innerWidth, height: innerHeight, top: panel.top, header: header.bottom,
                 close: [close.top, close.bottom, close.width, close.height]}};
    }}""")
    # measured: 22 % of a 390 × 844 screen in standard type, 35 % in 特大 (it was 42 % without a 关闭)
    assert shown["share"] < (0.3 if text == "0" else 0.4), shown
    assert 0 <= shown["left"] and shown["right"] <= shown["width"]
    assert shown["top"] >= shown["header"] - 1  # under the header, not over its buttons
    top, bottom, width, height = shown["close"]
    assert 0 <= top and bottom <= shown["height"] and width >= 44 and height >= 44


@pytest.mark.parametrize("phone, mode", [
    (False, {"contrast": "high"}),  # standard type: the smallest targets
    (True, {"text": "1"}),
    (True, {"text": "2", "contrast": "high"}),
], ids=["desktop-contrast", "phone-large", "phone-largest-contrast"])
def test_every_check_box_radio_and_link_is_44_px_in_elderly_mode(tab, site_url, phone, mode):
    page = tab(phone=phone)
    page.goto(site_url)
    # the setting as reading.js keeps it (not through the panel: the measure does not depend on it)
    page.evaluate("mode => window.__md_set('portal.reading', mode)", mode)
    problems = {}
    for name, url in PAGES.items():
        page.goto(site_url + url)
        if name in READY:
            page.wait_for_selector(READY[name], state="attached")
        found = page.evaluate(SMALL_TARGETS)
        assert found["count"] > 10, name
        if found["small"]:
            problems[name] = found["small"][:8]
    assert problems == {}


def test_the_standard_mode_keeps_its_look(tab, site_url):
    """Only 长者模式 enlarges: the standard page is as it was (the matcher's boxes 16 px)."""
    page = tab()
    page.goto(site_url + PAGES["matcher"])
    page.wait_for_selector(MATCHER_READY, state="attached")
    assert page.evaluate("document.documentElement.hasAttribute('data-portal-elderly')") is False
    box = page.locator("[data-portal-matcher] input[type=checkbox]").first.bounding_box()
    assert box["width"] < 24


CURSORS = """() => Object.fromEntries([["page", "main"], ["link", "article a[href]"], ["box", "#portal-searchbar-q"],
    ["button", ".portal-reading__toggle"]].map(([name, selector]) => [name, getComputedStyle(document.querySelector(selector)).cursor]))"""


def test_the_large_cursor_is_applied_before_paint_and_remembered(tab, site_url):
    page = tab()
    page.goto(site_url + PAGES["record"])
    assert not page.evaluate(CURSORS)["page"].startswith("url(")
    choose(page, cursor=True)
    assert page.evaluate("document.documentElement.dataset.portalCursor") == "large"
    page.context.add_init_script("""
        new MutationObserver((changes, observer) => {
            if (!document.body) return;
            window.__atBody = document.documentElement.getAttribute('data-portal-cursor');
            observer.disconnect();
        }).observe(document, {childList: true, subtree: true});
    """)
    page.reload()
    assert page.evaluate("window.__atBody") == "large"  # on <html> before <body> exists
    page.click(TOGGLE)
    assert page.is_checked(CURSOR)
    page.keyboard.press("Escape")
    cursors = page.evaluate(CURSORS)
    for name, fallback in (("page", "auto"), ("link", "pointer"), ("button", "pointer"), ("box", "text")):
        assert re.fullmatch(r'url\("data:image/svg\+xml,.+"\) \d+ \d+, ' + fallback, cursors[name]), (name, cursors[name])
    assert len({cursors["page"], cursors["link"], cursors["box"]}) == 3  # an arrow, a hand, a text bar
    # each is an image Chromium decodes, 48 × 48 (Chromium shows cursor images up to 128 × 128)
    sizes = page.evaluate("""async (values) => Promise.all(values.map(async (value) => {
        const image = new Image();
        image.src = value.match(/url\\("(.+?)"\\)/)[1];
        await image.decode();
        return [image.naturalWidth, image.naturalHeight];
    }))""", [cursors["page"], cursors["link"], cursors["box"]])
    assert sizes == [[48, 48]] * 3
    # in 长者模式 from the cursor alone: the targets are large too
    assert page.evaluate("document.documentElement.hasAttribute('data-portal-elderly')")
    # 恢复默认 takes it off
    page.click(TOGGLE)
    page.click(f"{PANEL} [data-reading-reset]")
    assert not page.evaluate(CURSORS)["page"].startswith("url(")
    assert page.evaluate("document.documentElement.hasAttribute('data-portal-elderly')") is False
