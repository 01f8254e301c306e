"""Suggestions as you type in Debian's Chromium (zh-CN, the phone profile) on the built site: the ARIA
1.2 combobox of the header's and the search page's boxes (assets/js/suggest-box.js), by pinyin
initials, the keyboard, a tap, and axe on the open list."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from harness.browser import wait_until
from test_browser_a11y import AXE_TAGS, ELDERLY, RUN_AXE, axe_source, serious, set_reading_mode  # noqa: F401

OPTIONS = "#{list} [role=option]"


def typed(page, box: str, text: str) -> str:
    """Type into a search box and wait for its list to open; the listbox's id."""
    page.focus(box)
    page.keyboard.type(text)
    wait_until(page, f"document.querySelector('{box}').getAttribute('aria-expanded') === 'true'", timeout=10_000)
    return page.get_attribute(box, "aria-controls")


def option_texts(page, list_id: str) -> list[str]:
    return page.eval_on_selector_all(OPTIONS.format(list=list_id), "els => els.map(e => e.firstChild.textContent)")


def test_initials_offer_liudituishui_and_down_enter_searches_for_it(phone, site_url):
    phone.goto(site_url)
    box = "#portal-searchbar-q"
    list_id = typed(phone, box, "ldts")
    assert option_texts(phone, list_id)[0] == "留抵退税"
    assert phone.get_attribute(box, "role") == "combobox"
    assert phone.get_attribute(box, "aria-autocomplete") == "list"
    assert phone.get_attribute(f"#{list_id}", "role") == "listbox"
    assert phone.get_attribute(box, "aria-activedescendant") is None
    count = phone.text_content("[data-portal-suggest-count]")
    assert f"有 {len(option_texts(phone, list_id))} 条建议" in count
    phone.keyboard.press("ArrowDown")
    first = phone.locator(OPTIONS.format(list=list_id)).first
    assert phone.get_attribute(box, "aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert phone.evaluate("document.activeElement.id") == "portal-searchbar-q"  # the focus stays in the box
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/search/?q=*", timeout=10_000)
    assert unquote(phone.url).endswith("q=留抵退税")
    wait_until(phone, "/找到/.test(document.querySelector('[data-search-status]').textContent)", timeout=10_000)


def test_an_everyday_word_is_offered_by_its_pinyin_and_finds_its_entrys_records(phone, site_url):
    phone.goto(f"{site_url}search/")
    box = "#portal-search-q"
    list_id = typed(phone, box, "daikuan")
    assert option_texts(phone, list_id)[0] == "贷款"
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Enter")
    wait_until(phone, "/找到/.test(document.querySelector('[data-search-status]').textContent)", timeout=10_000)
    assert "属于‘融资支持’类" in phone.text_content("[data-search-results]")


def test_a_records_title_by_its_initials_opens_the_record(phone, site_url):
    phone.goto(site_url)
    list_id = typed(phone, "#portal-searchbar-q", "jmfwzj")  # 减免房屋租金
    options = phone.locator(OPTIONS.format(list=list_id))
    assert options.first.text_content() == "减免房屋租金（打开页面）"
    options.first.tap()
    wait_until(phone, "document.querySelector('h1') && document.querySelector('h1').textContent.includes('减免房屋租金')",
                            timeout=10_000)
    assert "/policies/" in phone.url


def test_full_pinyin_escape_closes_and_keeps_what_was_typed(phone, site_url):
    phone.goto(f"{site_url}search/")
    box = "#portal-search-q"
    list_id = typed(phone, box, "liudi")
    assert "留抵退税" in option_texts(phone, list_id)
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Escape")
    assert phone.get_attribute(box, "aria-expanded") == "false"
    assert phone.is_hidden(f"#{list_id}")
    assert phone.get_attribute(box, "aria-activedescendant") is None
    assert phone.input_value(box) == "liudi"
    assert phone.text_content("[data-portal-suggest-count]") == ""


def test_a_tap_on_an_option_searches_for_it_and_the_list_fits_the_phone(phone, site_url):
    phone.goto(f"{site_url}search/")
    list_id = typed(phone, "#portal-search-q", "dbf")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    box = phone.locator(f"#{list_id}").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    phone.locator(OPTIONS.format(list=list_id), has_text="担保费").first.tap()
    wait_until(phone, "/找到/.test(document.querySelector('[data-search-status]').textContent)", timeout=10_000)
    assert phone.input_value("#portal-search-q") == "担保费"
    assert phone.get_attribute("#portal-search-q", "aria-expanded") == "false"


def test_the_suggestions_are_not_fetched_before_the_reader_types(phone, site_url, built_site):
    version = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))["version"]
    fetched = []
    phone.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]) if "search-index/suggest" in r.url else None)
    phone.goto(f"{site_url}search/?q=留抵退税")
    wait_until(phone, "/找到/.test(document.querySelector('[data-search-status]').textContent)", timeout=10_000)
    assert fetched == [f"suggest.json?v={version}"]  # the search's own: the portal's terms a word may be part of
    phone.fill("#portal-search-q", "")
    typed(phone, "#portal-search-q", "x")
    assert sorted(fetched[1:]) == ["suggest-pinyin.json", "suggest-x.json", "suggest.json"]


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "长者模式"])
def test_axe_finds_no_violation_on_the_open_list(phone, site_url, axe_source, elderly):  # noqa: F811
    phone.goto(site_url)
    if elderly:
        set_reading_mode(phone, **ELDERLY)
    list_id = typed(phone, "#portal-searchbar-q", "ldts")
    phone.keyboard.press("ArrowDown")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    phone.evaluate(axe_source)
    violations = phone.evaluate(RUN_AXE, AXE_TAGS)
    assert serious(violations, {v["id"] for v in violations}) == ""  # none at all, whatever their impact
    assert phone.is_visible(f"#{list_id}")
