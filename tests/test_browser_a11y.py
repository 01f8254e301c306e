"""Accessibility in Debian's Chromium (issue 13: readable by every enterprise owner).

- axe-core on every kind of page, at desktop and phone widths, in the standard and in the
  elderly-friendly mode (长者模式: largest type and high contrast): no serious or critical
  violation, and none of the rules the issue named.
- Reflow: no horizontal scrolling at 320 CSS px (1280 px at 400 % zoom), at 195 CSS px (390 px at
  200 % zoom) and with the text at 200 %.
- Keyboard: every focused element is visible, on screen, not covered, with an outline that
  contrasts with what is around it; the phone navigation drawer takes no Tab stop while closed
  and is operable with the keyboard.
- The reading mode is in every page's header, carries to other pages and later visits, is kept
  in the browser only, is applied before the first paint and prints in black on white.
- After a search or the matcher, focus goes to the result count; results do not shift the page.

axe-core comes from npm (package.json, pinned in package-lock.json; `make test` runs `npm ci`)
and is injected from node_modules: nothing is fetched from the network. One built site, one
browser, and one browser tab per width and mode are shared by all the checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF_MOMENT, MATCHER_READY, ROOT, real_portal
from harness.browser import PHONE as PHONE_PROFILE
from harness.browser import settled_layout_shift, wait_until
from macros.model.addresses import CATALOG
from macros.model.facets import FACETS, groups_of

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Failing whatever axe calls their impact: the problems the issue reported.
NAMED_IN_ISSUE = {"link-in-text-block", "label-content-name-mismatch", "heading-order",
                  "landmark-no-duplicate-contentinfo", "landmark-contentinfo-is-top-level"}
DESKTOP, PHONE, NARROW = 1280, PHONE_PROFILE["viewport"]["width"], 320
ELDERLY = {"text": "2", "contrast": True}  # 特大 and 高对比度
PORTAL = real_portal()
FIRST = PORTAL.policies[0]
LAW = PORTAL.laws[0]  # the law with its articles


def page_types() -> dict[str, str]:
    """Every kind of page, from the records and the catalog's own facet list."""
    pages = {"home": ""}
    pages.update({f"document:{d.id}": d.url for d in PORTAL.documents})  # each law and version, the report
    sections = sorted({d.url.split("/")[0] for d in PORTAL.documents})  # laws/, reports/
    pages.update({f"section:{folder}": f"{folder}/" for folder in sections})
    pages["record"] = FIRST.url
    pages["catalog"] = f"{CATALOG}/"
    pages["catalog-all"] = f"{CATALOG}/all/"
    pages.update({f"index:{facet.slug}": f"{CATALOG}/{facet.slug}/" for facet in FACETS})
    departments, categories = FACETS[0], FACETS[1]
    department = next(code for code, _, _, found in groups_of(PORTAL, departments) if found)
    pages["index:one-department"] = f"{CATALOG}/{departments.slug}/{department}/"
    beneficiaries = next(facet for facet in FACETS if facet.field == "beneficiaries")
    pages.update({f"answer-in-law:{e.beneficiary}": f"{CATALOG}/{beneficiaries.slug}/{e.beneficiary}/"
                  for e in PORTAL.entitlements})  # a beneficiary no record serves: the law's articles
    pages["catalog-filtered"] = (f"{CATALOG}/?{departments.param}={FIRST.department}"
                                 f"&{categories.param}={FIRST.categories[0]}")
    pages["search-results"] = "search/?q=企业"  # more than a page of results: the 更多 button too
    pages["search-nothing"] = "search/?q=留抵退税 知识产权"  # both words are in the site, never together
    pages["matcher"] = "matcher/"
    pages["matcher-submitted"] = "matcher/"
    pages["open-data"] = "open-data/"
    pages["outcomes"] = "reports/outcomes/"  # 兑现情况: SVG charts beside their tables
    for guide in sorted((ROOT / "docs" / "guide").glob("*.md")):
        pages[f"guide:{guide.stem}"] = "guide/" if guide.stem == "index" else f"guide/{guide.stem}/"
    pages["gaps:one-department"] = f"guide/gaps/{FIRST.department}/"
    pages["404"] = "404.html"
    return pages


PAGES = page_types()

# -- page scripts -------------------------------------------------------------------------------

RUN_AXE = """async (tags) => {
  // the page as it settles: Material swaps the header title on scroll, with a fade
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  document.getAnimations().forEach(a => a.finish());
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary.split("\\n")[1])}));
}"""

# Wider than the screen: the document, or any visible box that is not inside a box of its own that
# scrolls sideways (a wide data table may scroll in its own region; the page may not).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scroller = (element, self) => {
    let outermost = null;
    for (let a = self ? element : element.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/^(auto|scroll)$/.test(getComputedStyle(a).overflowX)) outermost = a;
    }
    return outermost;
  };
  const wide = new Set();
  const check = (element, box, text) => {
    const style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility !== "visible") return;
    if (element.closest(".portal-visually-hidden")) return;
    if (text && style.textOverflow === "ellipsis" && style.overflowX === "hidden") return;  // cut short with "…"
    const region = scroller(element, text);
    const right = region ? region.getBoundingClientRect().right : box.right;
    const what = region || element;
    const name = what.tagName.toLowerCase() + "." + [...what.classList].join(".");
    if (right > width + 1) wide.add(name + " +" + Math.round(right - width) + "px");
  };
  for (const element of document.body.querySelectorAll("*")) check(element, element.getBoundingClientRect());
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);  // text running out of its box
  const range = document.createRange();
  while (texts.nextNode()) {
    if (!texts.currentNode.nodeValue.trim()) continue;
    range.selectNodeContents(texts.currentNode);
    check(texts.currentNode.parentElement, range.getBoundingClientRect(), true);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: [...wide].slice(0, 10)};
}"""

# What is wrong with the focused element, if anything; null when nothing has focus.
FOCUS_PROBLEMS = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });  // transitions end
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backdrop = (node) => {  // the colour behind a node: its backgrounds, composited
    const layers = [];
    for (let a = node; a; a = a.parentElement) {
      const c = rgb(getComputedStyle(a).backgroundColor);
      if (c.length === 3) { layers.push(c.concat(1)); break; }
      if (c[3] > 0) layers.push(c);
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return out;
  };
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const problems = [];
  if (box.width < 1 || box.height < 1) problems.push("no box");
  const outside = box.right <= 0 || box.bottom <= 0 || box.left >= innerWidth || box.top >= innerHeight;
  if (outside) problems.push("off-screen");
  if (box.left < -1 || box.right > innerWidth + 1) problems.push("cut off at the side");
  if (style.visibility !== "visible") problems.push("visibility " + style.visibility);
  let opacity = 1;
  for (let a = el; a; a = a.parentElement) opacity *= parseFloat(getComputedStyle(a).opacity);
  if (opacity < 0.9) problems.push("opacity " + opacity.toFixed(2));
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
    problems.push("outline " + style.outlineStyle + " " + style.outlineWidth);
  } else {
    const ratio = contrast(rgb(style.outlineColor), backdrop(el.parentElement));
    if (ratio < 3) problems.push("outline contrast " + ratio.toFixed(2) + ":1");
  }
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 8), 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const mine = hit && (el.contains(hit) || hit.contains(el) || [...(el.labels || [])].some(l => l.contains(hit)));
  if (!mine) problems.push("covered by " + (hit ? hit.tagName.toLowerCase() + "." + hit.className : "nothing"));
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join(".") + " "
    + (el.getAttribute("href") || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 16));
  return {name, problems};
}"""

# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `make test` (it runs `npm ci` for the pinned axe-core)"
    return AXE.read_text(encoding="utf-8")


def set_reading_mode(page, text: str = "0", contrast: bool = False) -> None:
    """Choose with the header's own controls, as a visitor does."""
    page.click(".md-header .portal-reading__toggle")
    page.check(f".portal-reading__panel input[name=portal-text][value='{text}']")
    (page.check if contrast else page.uncheck)(".portal-reading__panel input[name=portal-contrast]")
    page.keyboard.press("Escape")
    assert page.is_hidden(".portal-reading__panel")


SEARCH_STATUS = "document.querySelector('[data-search-status]')"
FILTER_STATUS = "document.querySelector('[data-portal-filter] [data-finder-status]')"
MATCHER_STATUS = "document.querySelector('[data-portal-matcher] [data-finder-status]')"


def wait_until_ready(page, name: str) -> None:
    """Wait for what the page's scripts render (search results, filter counts, the matcher, the
    record form)."""
    if name == "guide:new":
        page.wait_for_selector("#portal-record-form[data-state=ready]")
    elif name.startswith("search"):
        wait_until(page, f"/找到|没有/.test({SEARCH_STATUS}.textContent)")
    elif name in ("catalog", "catalog-filtered"):
        wait_until(page, f"{FILTER_STATUS}.textContent.length > 0")
    elif name.startswith("matcher"):
        page.locator(MATCHER_READY).wait_for(state="attached")
        if name == "matcher-submitted":
            page.click("[data-portal-matcher] button[type=submit]")
            wait_until(page, f"/找到|没有/.test({MATCHER_STATUS}.textContent)")


def open_page(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    wait_until_ready(page, name)


def new_tab(browser, width: int, height: int):
    """A phone's tab at the phone's width (harness/browser.py PHONE); else a desktop tab of that size
    (the narrow widths stand for a desktop zoomed in: 1280 px at 400 %, 390 px at 200 %)."""
    if width == PHONE:
        context = browser.new_context(phone=True)
    else:
        context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.clock.set_fixed_time(AS_OF_MOMENT)  # the day the built site is as of
    return page


@pytest.fixture(scope="module")
def tabs(browser, site_url):
    """One browser tab per (width, mode), reused by every page: mode "elderly" is switched on once
    with the header controls and then carried from page to page by the site itself."""
    opened = {}

    def tab(width: int, mode: str = "standard"):
        if (width, mode) not in opened:
            page = new_tab(browser, width, 800)
            if mode == "elderly":
                page.goto(site_url)
                set_reading_mode(page, **ELDERLY)
            opened[(width, mode)] = page
        return opened[(width, mode)]

    yield tab
    for page in opened.values():
        page.context.close()


@pytest.fixture
def fresh_tab(browser):
    """A browser tab with storage of its own, for a test that changes the reading mode or counts
    what happens on a page from its start."""
    contexts = []

    def tab(width: int, height: int = 740):
        page = new_tab(browser, width, height)
        contexts.append(page.context)
        return page

    yield tab
    for context in contexts:
        context.close()


def walk_with_tab(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it; what each stop looked like."""
    page.evaluate("""() => {  // the walk starts before the first element of the page
        const start = document.createElement("span");
        start.tabIndex = -1;
        document.body.prepend(start);
        start.focus();
    }""")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_PROBLEMS)
        if stop is None or (stops and stop["name"] == stops[0]["name"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"more than {limit} Tab stops: {[s['name'] for s in stops[-5:]]}")


def serious(violations: list[dict], named=frozenset()) -> str:
    """The violations that fail a page, one line each ('' when there are none)."""
    return "\n".join(f"{v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in violations
                     if v["impact"] in ("serious", "critical") or v["id"] in named)


def focus_problems(stops: list[dict]) -> list[str]:
    return [f"{stop['name']}: {', '.join(stop['problems'])}" for stop in stops if stop["problems"]]


# -- axe on every kind of page ------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["standard", "elderly"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violation(tabs, site_url, axe_source, name, width, mode):
    page = tabs(width, mode)
    open_page(page, site_url, name)
    expected_contrast = "high" if mode == "elderly" else None
    assert page.evaluate("document.documentElement.getAttribute('data-portal-contrast')") == expected_contrast
    page.evaluate(axe_source)
    assert serious(page.evaluate(RUN_AXE, AXE_TAGS), NAMED_IN_ISSUE) == ""


@pytest.mark.parametrize("mode", ["standard", "elderly"])
def test_axe_finds_no_serious_violation_in_the_open_phone_drawer(tabs, site_url, axe_source, mode):
    page = tabs(PHONE, mode)
    page.goto(site_url + LAW.url)
    page.click(".md-header label[for=__drawer]")
    page.evaluate("document.getAnimations().forEach(a => a.finish())")
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.evaluate(axe_source)
    found = serious(page.evaluate(RUN_AXE, AXE_TAGS))
    page.keyboard.press("Escape")
    assert found == ""


def test_the_axe_check_is_real(tabs, site_url, axe_source):
    """The harness finds the issue's problems when they are put back."""
    page = tabs(DESKTOP)
    open_page(page, site_url, "home")
    page.evaluate("""() => {
        document.querySelector('.md-copyright').setAttribute('role', 'contentinfo');
        document.querySelectorAll('.md-typeset p a:not(.md-button)').forEach(a => a.style.textDecoration = 'none');
        const button = document.createElement('button');
        button.textContent = '复制链接';
        button.setAttribute('aria-label', '复制第一条的链接');
        document.querySelector('.md-typeset').append(button);
    }""")
    page.evaluate(axe_source)
    found = {v["id"] for v in page.evaluate(RUN_AXE, AXE_TAGS)}
    assert {"landmark-no-duplicate-contentinfo", "link-in-text-block", "label-content-name-mismatch"} <= found


# -- reflow ---------------------------------------------------------------------------------------

# 1280 px at 400 % zoom and 390 px at 200 % zoom are 320 and 195 CSS px; text at 200 % doubles the
# root font size (everything is in rem), at the narrowest width. 长者模式 (特大, high contrast) is
# checked on the phone and at both zoom widths; its type is already 150 %, so it is not stacked with
# another 200 % (300 %, beyond what WCAG's text resizing asks).
REFLOW = {"320px": (NARROW, 1), "195px": (PHONE // 2, 1), "320px-text-200%": (NARROW, 2), "390px-phone": (PHONE, 1)}
REFLOW_CASES = [(condition, "standard") for condition in ("320px", "195px", "320px-text-200%")]
REFLOW_CASES += [(condition, "elderly") for condition in ("390px-phone", "320px", "195px")]


@pytest.mark.parametrize("condition,mode", REFLOW_CASES)
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_reflow_without_horizontal_scrolling(tabs, site_url, name, condition, mode):
    width, text_scale = REFLOW[condition]
    page = tabs(width, mode)
    open_page(page, site_url, name)
    if text_scale != 1:
        root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        page.evaluate("px => document.documentElement.style.fontSize = px + 'px'", root * text_scale)
    measured = page.evaluate(OVERFLOW)
    assert measured["wide"] == [] and measured["scrollWidth"] <= measured["width"], measured


def test_the_reflow_check_is_real(tabs, site_url):
    page = tabs(NARROW)
    open_page(page, site_url, "record")
    page.evaluate("document.querySelector('.portal-facts dd').style.whiteSpace = 'nowrap'")
    page.evaluate("document.querySelector('.portal-facts dd').textContent = '很长的一行'.repeat(20)")
    measured = page.evaluate(OVERFLOW)
    assert measured["wide"] and measured["wide"][0].startswith("dd.")


# -- keyboard focus -----------------------------------------------------------------------------

# The search, the filters and the matcher at both widths and, on the phone, in the elderly mode
# too; the home page for the header, the drawer and the footer.
FOCUS_WALKS = [(name, width, mode) for name in ("search-results", "catalog-filtered", "matcher-submitted")
               for width, mode in ((DESKTOP, "standard"), (PHONE, "standard"), (PHONE, "elderly"))]
FOCUS_WALKS += [("home", PHONE, "standard"), ("home", DESKTOP, "elderly")]


@pytest.mark.parametrize("name,width,mode", FOCUS_WALKS)
def test_every_focused_element_is_visible_and_on_screen(tabs, site_url, name, width, mode):
    page = tabs(width, mode)
    open_page(page, site_url, name)
    stops = walk_with_tab(page)
    names = " ".join(stop["name"] for stop in stops)
    for control in {"search-results": ["portal-result__title"], "catalog-filtered": ["input", "md-button"],
                    "matcher-submitted": ["input", "select", "md-button--primary"], "home": ["md-button"]}[name]:
        assert control in names, f"Tab never reached {control}"
    assert focus_problems(stops) == []
    if width == PHONE:  # the closed drawer takes no Tab stop
        assert page.evaluate("document.getElementById('__drawer').checked") is False
        assert not [s for s in stops if "md-nav__link" in s["name"]], names


def test_the_focus_check_is_real(tabs, site_url):
    page = tabs(DESKTOP)
    open_page(page, site_url, "search-results")
    page.focus("#portal-search-q")
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.add_style_tag(content="#portal-search-q:focus-visible { outline: none !important; }")
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == ["outline none 3px"]


def test_the_phone_drawer_opens_and_closes_with_the_keyboard(fresh_tab, site_url):
    page = fresh_tab(PHONE)
    in_drawer = "document.activeElement.closest('.md-sidebar--primary') !== null"
    drawer_open = "document.getElementById('__drawer').checked"
    page.goto(site_url + LAW.url)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "导航菜单"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate(drawer_open) and page.evaluate(in_drawer)
    assert page.get_attribute(".md-header .portal-nav-button", "aria-expanded") == "true"
    # every stop in the open drawer is visible; tabbing out of it closes it
    seen = []
    while page.evaluate(in_drawer):
        stop = page.evaluate(FOCUS_PROBLEMS)
        assert stop["problems"] == [], stop
        seen.append(stop["name"])
        assert len(seen) < 60, seen
        page.keyboard.press("Tab")
    assert any(name.startswith("a.md-nav__link") for name in seen), seen
    assert page.evaluate(drawer_open) is False

    # the open section's back button closes it, and focus goes to the button that opens it
    page.focus(".md-header .portal-nav-button")
    page.keyboard.press("Enter")
    section = page.evaluate("document.querySelector('.md-sidebar--primary .md-nav__toggle:checked:not(#__toc)').id")
    page.focus(f".md-sidebar--primary label.md-nav__title[for='{section}'] > .portal-nav-button")
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.getElementById('{section}').checked") is False
    assert page.evaluate("document.activeElement.parentElement.htmlFor") == section
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.keyboard.press("Enter")  # it opens the section again, focus on its first entry
    assert page.evaluate(f"document.getElementById('{section}').checked")
    assert page.evaluate("document.activeElement.closest('.md-nav__item--nested > .md-nav')"
                         ".parentElement.querySelector(':scope > .md-nav__toggle').id") == section
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    # Escape closes the drawer and focus returns to the menu button
    page.keyboard.press("Escape")
    assert page.evaluate(drawer_open) is False
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "导航菜单"


# -- the elderly-friendly reading mode (长者模式) ----------------------------------------------------


def test_the_header_override_is_materials_header_plus_the_reading_controls():
    """overrides/partials/header.html is a copy of Material's: when an upgrade changes Material's,
    this fails, and the copy is made again from the new one."""
    import material

    def lines(text: str) -> list[str]:
        text = re.sub(r"\{#-.*?-#\}", "", text, flags=re.S)
        return [line.strip() for line in text.splitlines() if line.strip()]

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = lines((ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8"))
    added = '{% include "partials/reading-mode.html" %}'
    assert ours.count(added) == 1
    ours.remove(added)
    assert ours == lines(theirs)



def test_every_page_has_the_reading_controls_in_its_header(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        header = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("header.md-header")
        assert header is not None, path
        toggle = header.select_one("[data-portal-reading] button.portal-reading__toggle")
        assert toggle is not None and "长者模式" in toggle.get_text(), path
        panel = header.select_one(f"#{toggle['aria-controls']}")
        assert len(panel.select("input[name=portal-text]")) >= 3, path  # standard and two larger steps
        assert panel.select_one("input[name=portal-contrast]") is not None, path


def reading_state(page) -> dict:
    return page.evaluate("""() => {
        document.getAnimations().forEach(a => a.finish());  // colour transitions end
        const text = document.querySelector('.md-typeset p');
        const link = document.querySelector('.md-typeset a:not(.md-button):not(.headerlink):not(.law-num)');
        return {
            root: parseFloat(getComputedStyle(document.documentElement).fontSize),
            text: parseFloat(getComputedStyle(text).fontSize),
            background: getComputedStyle(document.body).backgroundColor,
            color: getComputedStyle(text).color,
            link: getComputedStyle(link).color,
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
        };
    }""")


def test_large_type_and_high_contrast_carry_to_other_pages_and_later_visits(fresh_tab, site_url):
    page = fresh_tab(PHONE)
    requests = []
    page.goto(site_url + LAW.url)
    standard = reading_state(page)
    page.goto(site_url)
    page.on("request", lambda r: "favicon" in r.url or requests.append((r.method, r.url, r.headers.get("cookie"))))
    for step, scale in (("1", 1.25), ("2", 1.5)):
        before = len(requests)
        set_reading_mode(page, text=step, contrast=True)
        assert len(requests) == before, requests[before:]  # choosing sends nothing
        page.goto(site_url + LAW.url)  # another page
        shown = reading_state(page)
        assert shown["root"] == pytest.approx(standard["root"] * scale, rel=0.01), step
        assert shown["text"] == pytest.approx(standard["text"] * scale, rel=0.01), step
        assert shown["background"] == "rgb(0, 0, 0)" and shown["header"] == "rgb(0, 0, 0)"
        assert shown["color"] == "rgb(255, 255, 255)" and shown["link"] == "rgb(255, 255, 0)"
        assert page.is_checked(f".portal-reading__panel input[name=portal-text][value='{step}']")
        page.goto(site_url)
    # a later visit: a new tab of the same browser
    later = page.context.new_page()
    later.goto(site_url + FIRST.url)
    assert reading_state(later)["root"] == pytest.approx(standard["root"] * 1.5, rel=0.01)
    assert reading_state(later)["background"] == "rgb(0, 0, 0)"
    # kept in this browser only: no cookie, and choosing fetched nothing but the pages themselves
    assert page.context.cookies() == [] and later.evaluate("document.cookie") == ""
    assert later.evaluate("Object.keys(localStorage).filter(k => k.endsWith('portal.reading')).length") == 1
    assert requests and [r for r in requests if r[0] != "GET" or "?" in r[1] or r[2]] == []  # no page carries it
    # 恢复默认 puts everything back
    later.click(".md-header .portal-reading__toggle")
    later.click(".portal-reading__panel [data-reading-reset]")
    later.goto(site_url + LAW.url)
    assert reading_state(later) == standard


def test_the_mode_is_on_before_the_page_is_painted(fresh_tab, site_url):
    """reading.js runs in <head>: <html> carries the mode before <body> exists, so the first paint
    is already in large type and high contrast (no flash of the standard style)."""
    page = fresh_tab(DESKTOP)
    page.goto(site_url)
    set_reading_mode(page, **ELDERLY)
    page.context.add_init_script("""
        new MutationObserver((changes, observer) => {
            if (!document.body) return;
            window.__atBody = {text: document.documentElement.getAttribute('data-portal-text'),
                               contrast: document.documentElement.getAttribute('data-portal-contrast')};
            observer.disconnect();
        }).observe(document, {childList: true, subtree: true});
    """)
    page.goto(site_url + FIRST.url)
    assert page.evaluate("window.__atBody") == {"text": "2", "contrast": "high"}


def test_the_reading_controls_work_with_the_keyboard(fresh_tab, site_url):
    page = fresh_tab(PHONE)
    open_page(page, site_url, "record")
    page.focus(".md-header .portal-reading__toggle")
    page.keyboard.press("Enter")
    assert page.get_attribute(".md-header .portal-reading__toggle", "aria-expanded") == "true"
    page.keyboard.press("Tab")  # 关闭
    assert page.evaluate("document.activeElement.matches('[data-reading-close]')")
    page.keyboard.press("Tab")  # the checked size
    assert page.evaluate("document.activeElement.name") == "portal-text"
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.keyboard.press("ArrowRight")  # the next size: 大
    assert page.evaluate("document.documentElement.getAttribute('data-portal-text')") == "1"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.getAttribute('data-portal-contrast')") == "high"
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.keyboard.press("Escape")
    assert page.is_hidden(".portal-reading__panel")
    assert page.evaluate("document.activeElement.classList.contains('portal-reading__toggle')")
    page.click(".md-header .portal-reading__toggle")
    page.click(".portal-reading__panel [data-reading-reset]")
    assert page.evaluate("document.documentElement.hasAttribute('data-portal-contrast')") is False
    assert page.evaluate("document.documentElement.hasAttribute('data-portal-text')") is False


def test_the_elderly_mode_prints_large_and_in_black_on_white(tabs, site_url):
    page = tabs(PHONE, "elderly")
    page.goto(site_url + LAW.url)
    page.emulate_media(media="print")
    try:
        printed = reading_state(page)
        assert printed["background"] == "rgb(255, 255, 255)"
        assert printed["color"] == "rgb(0, 0, 0)" and printed["link"] == "rgb(0, 0, 0)"
        assert printed["text"] == pytest.approx(24)  # 18pt: larger than the standard 12pt (16px)
    finally:
        page.emulate_media(media="screen")


# -- focus and layout after a search or the matcher -----------------------------------------------

STATUS_IS_FOCUSED = "document.activeElement && document.activeElement.matches('[data-search-status]')"


def count_list_renders(page) -> None:
    page.evaluate("""() => {
        window.__renders = 0;
        const list = document.querySelector('[data-search-results]');
        new MutationObserver(() => window.__renders++).observe(list, {childList: true});
    }""")


def settled(page) -> None:
    """Everything the page had queued has run (the search answers from loaded shards)."""
    page.evaluate("() => new Promise(r => requestIdleCallback(() => requestAnimationFrame(r), {timeout: 2000}))")


def typed_into_search(fresh_tab, site_url, words: str):
    """A phone-sized search page with ``words`` typed into its box, its result renders counted."""
    page = fresh_tab(PHONE)
    page.goto(f"{site_url}search/")
    page.focus("#portal-search-q")
    count_list_renders(page)
    page.keyboard.type(words)
    return page


def test_enter_after_typing_moves_focus_to_the_count_without_rendering_again(fresh_tab, site_url):
    page = typed_into_search(fresh_tab, site_url, "企业")
    # the debounced search shows results while the reader is still in the box: focus stays there
    wait_until(page, f"/找到/.test({SEARCH_STATUS}.textContent)")
    assert page.evaluate("document.activeElement.id") == "portal-search-q"
    first = page.evaluate_handle("document.querySelector('.portal-result')")
    renders = page.evaluate("window.__renders")
    page.keyboard.press("Enter")
    wait_until(page, STATUS_IS_FOCUSED)
    settled(page)
    assert page.evaluate("window.__renders") == renders  # the same query is not shown again
    assert page.evaluate("f => f === document.querySelector('.portal-result')", first)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('portal-result__title')")


def test_enter_before_the_pause_runs_the_query_once(fresh_tab, site_url):
    page = typed_into_search(fresh_tab, site_url, "企业")
    page.keyboard.press("Enter")  # within the 200 ms pause
    wait_until(page, STATUS_IS_FOCUSED + " && /找到/.test(document.activeElement.textContent)")
    settled(page)
    assert page.evaluate("window.__renders") == 1
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= page.evaluate(
        "document.querySelector('.md-header').getBoundingClientRect().bottom")


def test_a_search_from_the_header_puts_focus_on_the_count(fresh_tab, site_url):
    page = fresh_tab(DESKTOP)
    page.goto(site_url + FIRST.url)
    page.fill("#portal-searchbar-q", "企业")
    page.press("#portal-searchbar-q", "Enter")
    page.wait_for_url(re.compile(r".*/search/\?q="))
    wait_until(page, STATUS_IS_FOCUSED + " && /找到/.test(document.activeElement.textContent)")
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []


def test_the_matcher_puts_focus_on_its_count_in_view(tabs, site_url):
    page = tabs(PHONE)
    open_page(page, site_url, "matcher")
    page.focus("[data-portal-matcher] button[type=submit]")
    page.keyboard.press("Enter")
    wait_until(page, f"/找到/.test({MATCHER_STATUS}.textContent)")
    assert page.evaluate("document.activeElement.matches('[data-portal-matcher] [data-finder-status]')")
    assert re.search(r"找到 \d+ 条", page.evaluate("document.activeElement.textContent"))
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []  # visible, not under the sticky header
    # the first result follows the count: one Tab away
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.portal-match') !== null")


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("name", ["search-results", "search-nothing", "catalog-filtered"])
def test_results_do_not_shift_the_page_as_they_arrive(fresh_tab, site_url, name, width):
    page = fresh_tab(width, 800)
    open_page(page, site_url, name)
    assert settled_layout_shift(page) < 0.005
