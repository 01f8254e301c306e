"""The catalog on a phone (issue 21): below a width each row of the policy table is a card (the title
and summary, then the department and the status after their headings), in both reading modes, at 320
and 390 CSS px, on the generated pages and in the filter's results; the filters are operable by touch
and by keyboard.

Measured in a zh-CN phone tab with Noto Sans CJK (harness/browser.py): a cell that wraps to one or two
characters a line, a card wider than the screen or a page that scrolls sideways fails."""

from __future__ import annotations

import json

import pytest

from conftest import AS_OF_MOMENT
from harness.browser import wait_until
from macros.model.addresses import CATALOG

pytestmark = pytest.mark.browser

ELDERLY = {"text": "2", "contrast": "high"}  # 特大 and 高对比度, as assets/js/reading.js keeps them
FILTER_STATUS = "document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0"

# For every visible row: its display, where it ends, the width inside it; for each cell its width (in
# px and in characters of its own type), how many lines its text takes and the heading before it.
CARDS = """() => [...document.querySelectorAll('.portal-table tbody tr[data-policy]')]
  .filter(row => row.offsetParent !== null).map(row => ({
    id: row.dataset.policy,
    display: getComputedStyle(row).display,
    right: row.getBoundingClientRect().right,
    inner: row.clientWidth - parseFloat(getComputedStyle(row).paddingLeft) - parseFloat(getComputedStyle(row).paddingRight),
    cells: [...row.cells].map(cell => {
      // the lines of the cell's text: the boxes of its text nodes, a new line where one starts
      // below the last by more than half the cell's type
      const size = parseFloat(getComputedStyle(cell).fontSize);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      const tops = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        tops.push(...[...range.getClientRects()].filter(r => r.width > 0).map(r => r.top));
      }
      tops.sort((a, b) => a - b);
      const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > size / 2).length;
      return {text: cell.textContent.trim(), lines, px: cell.getBoundingClientRect().width, heading: cell.dataset.label || null,
              em: cell.getBoundingClientRect().width / size,
              label: getComputedStyle(cell, '::before').content};
    }),
  }))"""
# a card shows the title and summary, the department and the status; the beneficiaries, delivery and
# year are in the table for screen readers only (on the record's page and in the filters for all)
SHOWN = ["部门", "状态"]
PAGE_WIDTH = "() => ({scroll: document.documentElement.scrollWidth, width: innerWidth})"


@pytest.fixture(scope="module")
def tabs(browser, site_url):
    """One phone tab per (width, mode); 长者模式 is the visitor's saved choice, applied before paint."""
    opened = {}

    def tab(width: int, mode: str):
        if (width, mode) not in opened:
            context = browser.new_context(phone=True, viewport={"width": width, "height": 740})
            if mode == "elderly":
                context.add_init_script(f"localStorage.setItem('/.portal.reading', {json.dumps(json.dumps(ELDERLY))})")
            page = context.new_page()
            page.clock.set_fixed_time(AS_OF_MOMENT)
            opened[(width, mode)] = page
        return opened[(width, mode)]

    yield tab
    for page in opened.values():
        page.context.close()


def card_problems(cards: list[dict], width: int) -> list[str]:
    problems = []
    for card in cards:
        if card["display"] != "flex":
            problems.append(f"{card['id']}: a table row ({card['display']}), not a card")
        if card["right"] > width + 0.5:
            problems.append(f"{card['id']}: the card ends at {card['right']:.0f} px, past the screen")
        title, *values = card["cells"]
        if title["em"] < 8:
            problems.append(f"{card['id']}: the title's line is {title['em']:.1f} characters wide")
        shown = [cell["heading"] for cell in values if cell["px"] > 1]
        if shown != SHOWN or any(not cell["text"] for cell in values):
            problems.append(f"{card['id']}: the card shows {shown}, not {SHOWN}, or a value is missing")
        values = [cell for cell in values if cell["px"] > 1]
        for cell in [title, *values]:  # a cell wraps only when it already fills the card's width
            if cell["lines"] > 1 and cell["px"] < 0.9 * card["inner"]:
                problems.append(f"{card['id']}: “{cell['text'][:12]}” takes {cell['lines']} lines "
                                f"{cell['px']:.0f} px wide in a card {card['inner']:.0f} px wide")
        for cell in values:
            if not cell["label"].startswith('"') or "：" not in cell["label"]:
                problems.append(f"{card['id']}: “{cell['text'][:12]}” has no heading before it ({cell['label']})")
    return problems


CASES = [(width, mode) for width in (320, 390) for mode in ("standard", "elderly")]
PAGES = [f"{CATALOG}/all/", f"{CATALOG}/departments/shuiwu/", f"{CATALOG}/status/unverified/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width,mode", CASES, ids=[f"{w}px-{m}" for w, m in CASES])
def test_each_row_of_a_catalog_page_is_a_readable_card(tabs, site_url, width, mode, path):
    page = tabs(width, mode)
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.dataset.portalText || '0'") == ("2" if mode == "elderly" else "0")
    cards = page.evaluate(CARDS)
    assert len(cards) == int(page.get_attribute("[data-count]", "data-count"))
    assert card_problems(cards, width) == []
    measured = page.evaluate(PAGE_WIDTH)
    assert measured["scroll"] <= measured["width"], measured


@pytest.mark.parametrize("width,mode", CASES, ids=[f"{w}px-{m}" for w, m in CASES])
def test_filter_results_are_cards_and_the_filters_work_by_touch_and_keyboard(tabs, site_url, width, mode):
    page = tabs(width, mode)
    page.goto(f"{site_url}{CATALOG}/")
    wait_until(page, FILTER_STATUS)
    every = page.evaluate(CARDS)
    assert len(every) > 5 and card_problems(every, width) == []

    # Touch: a tap on the name of an option ticks it; the cards left are that department's.
    option = page.locator("label.portal-option", has=page.locator("input[name=department][value=shuiwu]"))
    box = option.bounding_box()
    assert box["height"] >= 24 and box["x"] + box["width"] <= width, box  # a target a finger can hit
    page.locator("input[name=department][value=shuiwu]").evaluate("i => i.closest('label').scrollIntoView()")
    page.tap("label.portal-option:has(input[name=department][value=shuiwu]) .portal-option__name")
    wait_until(page, "location.search.includes('department=shuiwu')")
    tapped = page.evaluate(CARDS)
    assert tapped and all(card["id"].startswith("shuiwu-") for card in tapped), [c["id"] for c in tapped]
    assert len(tapped) < len(every) and card_problems(tapped, width) == []

    # Keyboard: Space on a focused option unticks it again; every card comes back.
    page.focus("input[name=department][value=shuiwu]")
    page.keyboard.press("Space")
    wait_until(page, "!location.search.includes('department=shuiwu')")
    assert not page.is_checked("input[name=department][value=shuiwu]")
    assert [card["id"] for card in page.evaluate(CARDS)] == [card["id"] for card in every]
    measured = page.evaluate(PAGE_WIDTH)
    assert measured["scroll"] <= measured["width"], measured


def test_the_table_is_still_a_table_on_a_wide_screen_and_for_screen_readers(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}{CATALOG}/all/")
    assert {card["display"] for card in page.evaluate(CARDS)} == {"table-row"}
    context.close()
    context = browser.new_context(phone=True)
    page = context.new_page()
    page.goto(f"{site_url}{CATALOG}/all/")
    snapshot = page.locator(".portal-table").aria_snapshot()
    assert "- table" in snapshot and "- columnheader \"部门\"" in snapshot and "- row " in snapshot, snapshot[:400]
    context.close()


def test_the_card_check_is_real(tabs, site_url):
    page = tabs(320, "standard")
    page.goto(f"{site_url}{CATALOG}/all/")
    page.add_style_tag(content=".md-typeset .portal-table tr { display: table-row !important; }"
                               ".md-typeset .portal-table td { display: table-cell !important; }")
    problems = card_problems(page.evaluate(CARDS), 320)
    assert any("a table row" in p for p in problems) and any("lines" in p for p in problems), problems
