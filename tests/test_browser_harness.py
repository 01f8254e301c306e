"""The browser the tests use is a Chinese reader's (harness/browser.py), and the check that says so is
real: Chromium on this machine with its Chinese fonts hidden, or without its Chinese language, is
refused at start-up with what to install; and its waits work under the deployment's policy.
"""

from __future__ import annotations

import re
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
    wait_until,
)
from harness.servers import static_site
from test_record_form import CSP

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


def later_page(folder: Path) -> Path:
    """Two pages under the deployment's policy; the first sets ``data-later`` some frames after load."""
    (folder / "later.js").write_text('addEventListener("load", () => setTimeout(() => {'
                                     ' document.body.dataset.later = "yes"; }, 300));', encoding="utf-8")
    (folder / "index.html").write_text('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>稍后</title>'
                                       '<script src="later.js"></script><body><a href="next.html">下一页</a></body></html>',
                                       encoding="utf-8")
    (folder / "next.html").write_text('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>下一页</title>'
                                      '<body><h1>下一页</h1></body></html>', encoding="utf-8")
    return folder


def test_wait_until_sees_what_comes_later_under_the_policy_where_wait_for_function_cannot(browser, tmp_path):
    """Playwright's wait_for_function evals its predicate in the page, which the policy blocks once it
    has to look a second time; wait_until waits, across a navigation, and gives up at its deadline."""
    page = browser.new_page()
    with static_site(later_page(tmp_path), {"Content-Security-Policy": CSP}) as url:
        page.goto(url)
        with pytest.raises(Exception, match="unsafe-eval"):
            page.wait_for_function("document.body.dataset.later === 'yes'", timeout=5_000)
        page.goto(url)
        wait_until(page, "document.body.dataset.later === 'yes'", timeout=10_000)
        wait_until(page, "n => document.querySelectorAll('a').length === n", arg=1, timeout=10_000)
        page.evaluate("setTimeout(() => document.querySelector('a').click(), 100)")
        wait_until(page, "document.querySelector('h1') && document.querySelector('h1').textContent === '下一页'",
                   timeout=10_000)
        with pytest.raises(Exception, match="still false after"):
            wait_until(page, "document.body.dataset.never === 'yes'", timeout=300)


def test_no_test_waits_with_wait_for_function():
    here = Path(__file__).parent
    callers = [f"{path.name}:{number}" for path in sorted([*here.glob("*.py"), *(here.parent / "harness").glob("*.py")])
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"\.wait_for_function\(", line) and path != Path(__file__)]
    assert callers == [], "use harness.browser.wait_until: the deployment's policy blocks wait_for_function's eval"
