"""The browser the tests use is a Chinese reader's (harness/browser.py), and the check that says so is
real: Chromium on this machine with its Chinese fonts hidden, or without its Chinese language, is
refused at start-up with what to install.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.browser import (
    NotAChineseBrowser,
    RequestsInFlight,
    browser_problems,
    fonts_of,
    launch,
    settled_layout_shift,
)
from harness.servers import static_site

pytestmark = pytest.mark.browser


def chinese_font_files() -> list[str]:
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True).stdout
    return sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})


def without_chinese_fonts(folder: Path) -> dict:
    """A fontconfig setup that is this machine's, minus every font that covers Chinese."""
    rejected = "".join(f"<glob>{path}</glob>" for path in chinese_font_files())
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f"<fontconfig><include>/etc/fonts/fonts.conf</include><cachedir>{folder}/cache</cachedir>"
                      f"<selectfont><rejectfont>{rejected}</rejectfont></selectfont></fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config)}


def test_the_tests_browser_draws_chinese_with_a_chinese_font_and_has_the_chinese_date_box(browser, site_url):
    assert browser_problems(browser.browser) == []
    page = browser.new_page()
    page.goto(site_url)
    # the mainland's glyph forms: the page says zh-CN (with lang="zh", Chromium picks Noto's Japanese forms)
    assert "Noto Sans CJK SC" in fonts_of(page, "h1"), fonts_of(page, "h1")


def test_without_a_chinese_font_the_browser_is_refused_with_what_to_install(browser, tmp_path):
    assert chinese_font_files(), "this machine has no Chinese font: `make system-test-deps` installs fonts-noto-cjk"
    with pytest.raises(NotAChineseBrowser) as refused:
        launch(browser.browser.browser_type, env=without_chinese_fonts(tmp_path))
    message = str(refused.value)
    assert "as boxes (4 of 4 characters" in message and "fonts-noto-cjk" in message
    assert "date box" not in message  # the language pack is there: only the font is missing


def test_without_the_chinese_language_the_date_box_is_refused_with_what_to_install(browser):
    with pytest.raises(NotAChineseBrowser) as refused:
        launch(browser.browser.browser_type, env={"LANGUAGE": "en_US"})
    message = str(refused.value)
    assert "typed 2023年5月1日, it holds '0351-02-02'" in message and "chromium-l10n" in message
    assert "boxes" not in message


def test_every_tab_is_a_chinese_readers_and_a_phone_tab_is_a_phones(browser, site_url):
    desktop, phone = browser.new_page(), browser.new_page(phone=True)
    for tab in (desktop, phone):
        tab.goto(site_url)
        assert tab.evaluate("[navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]") == [
            "zh-CN", "Asia/Shanghai"]
    assert phone.evaluate("[innerWidth, innerHeight, devicePixelRatio, navigator.maxTouchPoints > 0]") == [
        390, 844, 2, True]
    assert desktop.evaluate("navigator.maxTouchPoints") == 0


def test_layout_shift_is_measured_until_the_page_settles_so_a_late_shift_counts(browser, site_url):
    """A request made after load, and a shift when its answer arrives: long after the two animation
    frames the old measure waited, within the quiet period that the answer starts again."""
    page = browser.new_page()
    page.add_init_script("""addEventListener("load", () => setTimeout(() => {
        fetch("/api/catalog.json").then((response) => response.text()).then(() => setTimeout(() => {
            const late = document.createElement("div");
            late.style.height = "300px";
            document.querySelector(".md-content").prepend(late);
        }, 100));
    }, 400))""")
    page.goto(site_url)
    assert settled_layout_shift(page) > 0.05


def test_requests_in_flight_holds_a_request_until_it_finishes_and_waits_for_it(browser, tmp_path):
    """What bench/run.py measure waits for: a request the page sent is pending until its answer has
    come, wait_until_none waits for it (and gives up at its deadline, naming it), then the set is empty."""
    (tmp_path / "index.html").write_text('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求</title>'
                                         '<script>fetch("held.txt"); fetch("quick.txt");</script></html>',
                                         encoding="utf-8")
    (tmp_path / "held.txt").write_text("held", encoding="utf-8")
    (tmp_path / "quick.txt").write_text("quick", encoding="utf-8")
    page = browser.new_page(phone=True)
    held = []
    page.route("**/held.txt", lambda route: held.append(route))  # answered only when the test lets it go
    requests = RequestsInFlight(page)
    with static_site(tmp_path) as url:
        with page.expect_request("**/held.txt"):
            page.goto(url)
        assert [r.url for r in requests.pending if r.url.endswith("held.txt")] == [url + "held.txt"]
        with pytest.raises(TimeoutError, match="held.txt"):
            requests.wait_until_none(deadline_ms=300)
        assert len(held) == 1
        held[0].continue_()
        requests.wait_until_none(deadline_ms=10_000)
        assert requests.pending == set()
