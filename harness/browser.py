"""Debian's Chromium as the portal's readers and clerks have it: a Chinese browser with a Chinese font.

- ``chinese_chromium()`` launches /usr/bin/chromium (Playwright never downloads a browser here) in
  Chinese: the application language comes from ``LANGUAGE`` (Chromium on Linux ignores ``--lang``),
  which needs Debian's chromium-l10n; it decides how a date box reads typed text (年/月/日). Before it
  hands the browser over it checks both: Chinese text must be drawn with a font, not as boxes
  (fonts-noto-cjk: the Noto Sans CJK family Android phones use), and the date box must be the Chinese
  one. Either missing fails at once with what to install (``NotAChineseBrowser``): no run can pass
  on pages nobody sees.
- ``UsersBrowser.new_context`` gives every tab China's locale and time zone; ``phone=True`` adds the
  phone profile (390 × 844 CSS px, scale factor 2, touch) for tests about phones.
- ``SETTLED_LAYOUT_SHIFT`` measures layout shift until the page has been quiet for a while.
- ``wait_until`` waits for a predicate in the page, under the deployment's Content-Security-Policy too.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Error, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=zh-CN")
LANGUAGE = "zh_CN"  # Chromium's application locale on Linux (needs /usr/lib/chromium/locales/zh-CN.pak)
CHINA = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
INSTALL = "make system-test-deps (part of make test) installs them: apt-get install fonts-noto-cjk chromium-l10n"


class NotAChineseBrowser(RuntimeError):
    """The browser would not show the pages as readers see them; the message says what to install."""


# Four different characters drawn one by one: with a Chinese font they are four different images;
# without one Chromium draws each as the same empty box (the missing-glyph box of a Latin font).
GLYPHS = """(family) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const context = canvas.getContext("2d", {willReadFrequently: true});
  const image = (text) => {
    context.clearRect(0, 0, 64, 64);
    context.font = "48px " + family;
    context.fillText(text, 4, 52);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
  };
  const box = image("\\u{10FFFD}");  // a code point no font has
  const drawn = [..."中文字永"].map(image);
  return {distinct: new Set(drawn).size, boxes: drawn.filter((d) => d === box).length};
}"""

# Typed as a clerk types it, a Chinese date box reads 年, then 月, then 日.
DATE_BOX = """async () => {
  const input = document.createElement("input");
  Object.assign(input, {type: "date", min: "1949-01-01", max: "2100-12-31"});
  document.body.append(input);
  input.focus();
  return input;
}"""


def chinese_font_problem(page, family: str = "sans-serif") -> str | None:
    """Why Chinese text in ``family`` is not drawn with a Chinese font on this machine, or None."""
    found = page.evaluate(GLYPHS, family)
    if found["distinct"] == 4 and found["boxes"] == 0:
        return None
    return (f"Chromium draws Chinese text in {family} as boxes ({found['boxes']} of 4 characters drew the "
            f"missing-glyph box): no Chinese font is installed. Widths, wrapping, reflow and layout shift "
            f"measured now would be those of pages nobody reads. Install Debian's fonts-noto-cjk; {INSTALL}")


def date_box_problem(page) -> str | None:
    """Why a date box does not take a date typed in Chinese order (年/月/日), or None."""
    handle = page.evaluate_handle(DATE_BOX)
    page.keyboard.type("2023年5月1日")
    value = page.evaluate("input => { const v = input.value; input.remove(); return v; }", handle)
    if value == "2023-05-01":
        return None
    return (f"Chromium's date box is not the Chinese one (typed 2023年5月1日, it holds {value!r}): its language "
            f"pack is missing (/usr/lib/chromium/locales/zh-CN.pak) or LANGUAGE is not {LANGUAGE}. "
            f"Install Debian's chromium-l10n; {INSTALL}")


def fonts_of(page, selector: str) -> list[str]:
    """The fonts Chromium drew the text of ``selector``'s first element with (DevTools' "Rendered Fonts")."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [font["familyName"] for font in fonts]


def browser_problems(browser) -> list[str]:
    context = browser.new_context(**CHINA)
    try:
        page = context.new_page()
        page.set_content('<!doctype html><html lang="zh-CN"><body></body></html>')
        return [p for p in (chinese_font_problem(page), date_box_problem(page)) if p]
    finally:
        context.close()


class UsersBrowser:
    """A launched Chromium whose tabs are a Chinese reader's: every context gets China's locale and
    time zone (a test may set another time zone on purpose), and ``phone=True`` the phone profile."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, phone: bool = False, **options):
        return self.browser.new_context(**{**CHINA, **(PHONE if phone else {}), **options})

    def new_page(self, phone: bool = False, **options):
        """A tab in a context of its own, closed with the tab."""
        context = self.new_context(phone, **options)
        page = context.new_page()
        page.on("close", lambda _: _close_quietly(context))
        return page

    @property
    def version(self) -> str:
        return self.browser.version


def _close_quietly(context) -> None:
    try:
        context.close()
    except Error:
        pass  # the browser is closing, and its contexts with it


def launch_environment(extra: dict | None = None) -> dict:
    return {**os.environ, "LANGUAGE": LANGUAGE, **(extra or {})}


def launch(browser_type, env: dict | None = None, check: bool = True) -> UsersBrowser:
    """Debian's Chromium in Chinese from Playwright's ``browser_type``, checked (``NotAChineseBrowser``,
    the browser closed) unless ``check`` is false."""
    if not Path(CHROMIUM).exists():
        raise NotAChineseBrowser(f"{CHROMIUM} is missing: install Debian's chromium; {INSTALL}")
    browser = browser_type.launch(executable_path=CHROMIUM, args=list(ARGS), env=launch_environment(env))
    problems = browser_problems(browser) if check else []
    if problems:
        browser.close()
        raise NotAChineseBrowser("\n".join(problems))
    return UsersBrowser(browser)


@contextlib.contextmanager
def chinese_chromium(env: dict | None = None, check: bool = True) -> Iterator[UsersBrowser]:
    """``launch`` with Playwright started for the block, closed after it."""
    with sync_playwright() as playwright:
        users_browser = launch(playwright.chromium, env, check)
        try:
            yield users_browser
        finally:
            users_browser.browser.close()


class RequestsInFlight:
    """The requests a tab has sent and not yet finished (or failed)."""

    def __init__(self, page):
        self.page, self.pending = page, set()
        # functions of our own: Playwright marks each handler with an attribute, which a built-in
        # method such as set.add cannot take (AttributeError when the handler is added)
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))

    def wait_until_none(self, deadline_ms: int) -> None:
        """Until every request sent so far has finished or failed (checked as Playwright's events
        arrive), at most ``deadline_ms``."""
        stop = time.monotonic() + deadline_ms / 1000
        while self.pending:
            if time.monotonic() > stop:
                raise TimeoutError(f"{len(self.pending)} requests still open after {deadline_ms} ms: "
                                   + ", ".join(sorted(r.url for r in self.pending))[:500])
            self.page.wait_for_timeout(20)  # lets Playwright deliver the events that empty the set


# Layout shift from the start of the page until it has settled: no shift, no response and no font
# load for QUIET ms (polled, never a fixed sleep), within DEADLINE ms or the promise is rejected.
SETTLED_LAYOUT_SHIFT = """async ({quiet, deadline}) => {
  let total = 0, lastShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
      lastShift = Math.max(lastShift, entry.startTime + entry.duration);
    }
  }).observe({type: "layout-shift", buffered: true});
  const lastActivity = () => Math.max(lastShift,
    ...performance.getEntriesByType("resource").map((r) => r.responseEnd),
    ...performance.getEntriesByType("navigation").map((n) => n.loadEventEnd));
  const started = performance.now();
  await document.fonts.ready;
  while (document.readyState !== "complete" || performance.now() - lastActivity() < quiet) {
    if (performance.now() - started > deadline) {
      throw new Error("the page did not settle within " + deadline + " ms (layout shift so far " + total + ")");
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return total;
}"""


def settled_layout_shift(page, quiet_ms: int = 500, deadline_ms: int = 15_000) -> float:
    return page.evaluate(SETTLED_LAYOUT_SHIFT, {"quiet": quiet_ms, "deadline": deadline_ms})


# Playwright's wait_for_function evaluates its predicate with eval() in the page: the deployment's
# policy (script-src 'self', no 'unsafe-eval') blocks every poll after the first, so it passes only when
# the predicate already holds. Here the predicate is part of a function compiled by the DevTools
# protocol, which the policy does not govern, and polled once per frame inside the page.
POLL = """async ({arg, deadline}) => {
  const check = () => (PREDICATE);
  const started = performance.now();
  for (;;) {
    let value = check();
    if (typeof value === "function") value = value(arg);
    if (await value) return;
    if (performance.now() - started > deadline) throw new Error("wait_until: still false after " + deadline + " ms");
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}"""
NAVIGATED = ("Execution context was destroyed", "navigation")  # the page went on to another document: look again


def wait_until(page, predicate: str, arg=None, timeout: float = 30_000) -> None:
    """Waits until ``predicate`` (an expression, or a function of ``arg``, as Playwright's
    wait_for_function takes) is truthy in ``page``, across navigations, for at most ``timeout`` ms."""
    stop = time.monotonic() + timeout / 1000
    while True:
        left = (stop - time.monotonic()) * 1000
        try:
            page.evaluate(POLL.replace("PREDICATE", predicate), {"arg": arg, "deadline": max(left, 0)})
            return
        except Error as error:
            if left <= 0 or not any(reason in error.message for reason in NAVIGATED):
                raise
