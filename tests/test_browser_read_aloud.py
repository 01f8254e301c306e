"""朗读 on article pages (issue 24, 适老化: 工信厅信管函〔2021〕67号) in Debian's Chromium, zh-CN, real fonts.

The page uses the browser's own speech synthesis; here it is replaced before any script runs by a
recording stand-in (``speechSynthesis`` and ``SpeechSynthesisUtterance``): each ``speak()`` is
recorded with its text, language and voice, its start event fired, and its end fired when the test
says so (or at once, to read a whole page). The recorded texts, joined, must be the article's text
as the browser shows it (its innerText, without its buttons, ¶ links, chapter list and page
furniture), one short sentence each, highlighted in turn; pause, 继续 and 停止 behave; the
page says plainly when the device has no Chinese voice or no speech synthesis at all.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, real_portal
from harness.browser import wait_until

pytestmark = pytest.mark.browser

PORTAL = real_portal()
RECORD = "policies/kejing/kejing-baoqi-bangfu/"
REPORT = next(d for d in PORTAL.documents if d.kind == "report")
LAW = PORTAL.laws[0]
ARTICLE_PAGES = (RECORD, LAW.url, REPORT.url)
NOT_ARTICLES = ("", "laws/", "catalog/", "matcher/")
# the longest sentence given to a voice, as lib/speech.js states it
MAX_CHUNK = int(re.search(r"export const MAX_CHUNK = (\d+);", (ROOT / "overrides" / "assets" / "js" / "lib" / "speech.js")
                          .read_text(encoding="utf-8")).group(1))

CHINESE = {"name": "Ting-Ting", "lang": "zh-CN", "localService": True, "default": False, "voiceURI": "tingting"}
ENGLISH = {"name": "Alex", "lang": "en-US", "localService": True, "default": True, "voiceURI": "alex"}
NETWORK_CHINESE = {"name": "Google 普通话（中国大陆）", "lang": "zh-CN", "localService": False, "default": False,
                   "voiceURI": "google-zh"}

# A stand-in for the Web Speech API: records, and ends an utterance when told (or at once).
STUB = """
(() => {
  const voices = %s;
  const log = [];
  let current = null;
  let auto = false;
  function fire(utterance, name, extra) {
    const handler = utterance["on" + name];
    if (handler) handler(Object.assign(new Event(name), extra || {}));
  }
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  }
  const synth = {
    get speaking() { return current !== null; },
    paused: false, pending: false,
    getVoices() { return voices.slice(); },
    speak(utterance) {
      log.push({text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name});
      current = utterance;
      setTimeout(() => {
        if (current !== utterance) return;
        fire(utterance, "start");
        if (auto) setTimeout(() => window.__speech.end(), 0);
      }, 0);
    },
    cancel() {
      const utterance = current;
      current = null;
      sessionStorage.setItem("speech-cancels", String(Number(sessionStorage.getItem("speech-cancels") || 0) + 1));
      if (utterance) setTimeout(() => fire(utterance, "error", {error: "interrupted"}), 0);
    },
    pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {},
  };
  window.__speech = {
    log,
    end() {
      const utterance = current;
      if (!utterance) return false;
      current = null;
      fire(utterance, "end");
      return true;
    },
    set auto(value) { auto = value; },
    get speaking() { return current !== null; },
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
})();
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {value: undefined, configurable: true});
window.SpeechSynthesisUtterance = undefined;
"""

PLAY = "[data-read-aloud] [data-read-aloud-play]"
STOP = "[data-read-aloud] [data-read-aloud-stop]"
STATUS = "[data-read-aloud] [data-read-aloud-status]"
# What the reader hears is not: the page's buttons and furniture, ¶ links, the law's chapter list.
NOT_READ = ("[data-read-aloud]", "button", "nav", "script", "style", "template", "[hidden]", "[aria-hidden=true]",
            ".headerlink", ".portal-visually-hidden", ".law-tools", ".portal-print-link", ".portal-changed")
HIGHLIGHTED = """() => {
    const highlight = CSS.highlights.get("portal-read-aloud");
    const ranges = highlight ? [...highlight] : [];
    const now = [...document.querySelectorAll(".portal-read-aloud__now")];
    return {text: ranges.map(r => r.toString()).join(""), ranges: ranges.length,
            inBlock: ranges.length === 1 && now.length === 1 && now[0].contains(ranges[0].commonAncestorContainer),
            visible: ranges.length === 1 && (() => { const b = ranges[0].getBoundingClientRect();
                                                     return b.top >= 0 && b.bottom <= innerHeight; })()};
}"""


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def article_text(page) -> str:
    """The article's visible text as the browser renders it (innerText: nothing hidden by the page's
    styles) with what is not read hidden too, whitespace removed."""
    return flat(page.evaluate("""selectors => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(selectors + " { display: none !important; }");
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        const text = document.querySelector("article.md-content__inner").innerText;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== sheet);
        return text;
    }""", ", ".join(NOT_READ)))


def tab(browser, site_url, url: str, script: str | None, phone: bool = False):
    context = browser.new_context(phone=phone)
    if script:
        context.add_init_script(script)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + url)
    page.wait_for_selector("[data-read-aloud]:not([hidden])")
    return page, errors


@pytest.fixture
def opened(browser, site_url):
    contexts = []

    def open_(url: str, script: str | None = STUB % json.dumps([ENGLISH, NETWORK_CHINESE, CHINESE]), phone=False):
        page, errors = tab(browser, site_url, url, script, phone)
        contexts.append((page.context, errors))
        return page

    yield open_
    for context, errors in contexts:
        context.close()
        assert not errors, errors


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.log")


def wait_for_speaking(page, count: int) -> None:
    wait_until(page, f"window.__speech.log.length >= {count}", timeout=10_000)


def test_only_article_pages_have_the_control(built_site):
    for url in ARTICLE_PAGES:
        soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        controls = soup.select("article [data-read-aloud]")
        assert len(controls) == 1, url
        assert controls[0].has_attr("hidden")  # shown by its script: nothing without one
        assert controls[0].select_one("[data-read-aloud-play]").get_text() == "朗读全文"
        script = [s["src"] for s in soup.select("script[type=module]") if "read-aloud." in s["src"]]
        assert len(script) == 1 and not script[0].startswith("/"), url  # relative: works under a path
    for url in NOT_ARTICLES:
        soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        assert soup.select("[data-read-aloud]") == [], url
        assert not [s for s in soup.select("script[type=module]") if "read-aloud." in s["src"]], url


@pytest.mark.parametrize("url", ARTICLE_PAGES)
def test_the_whole_article_is_read_in_order_in_short_sentences(opened, url):
    page = opened(url)
    assert page.text_content(STATUS).startswith("点击“朗读全文”")
    page.evaluate("window.__speech.auto = true")
    page.click(PLAY)
    wait_until(page, "document.querySelector('[data-read-aloud]').dataset.state === 'idle'", timeout=60_000)
    assert page.text_content(STATUS) == "本页已读完。"
    texts = [call["text"] for call in spoken(page)]
    heard, shown = flat("".join(texts)), article_text(page)
    at = next((i for i, (a, b) in enumerate(zip(heard, shown, strict=False)) if a != b), min(len(heard), len(shown)))
    assert heard == shown, (heard[at - 40:at + 80], shown[at - 40:at + 80])
    assert all(0 < len(text) <= MAX_CHUNK for text in texts)
    assert {(call["lang"], call["voice"]) for call in spoken(page)} == {("zh-CN", CHINESE["name"])}  # the device's own
    assert page.evaluate("CSS.highlights.has('portal-read-aloud')") is False  # cleared at the end
    assert page.locator(".portal-read-aloud__now").count() == 0


def test_a_record_is_read_sentence_by_sentence(opened):
    page = opened(RECORD)
    page.evaluate("window.__speech.auto = true")
    page.click(PLAY)
    wait_until(page, "document.querySelector('[data-read-aloud]').dataset.state === 'idle'", timeout=60_000)
    texts = [call["text"] for call in spoken(page)]
    # the title first, then the record; sentences end at 。 and line ends; no button, no ¶
    assert texts[0] == "市“四大家”领导和行政事业单位包保帮扶规模企业和重点培育企业"
    assert "规模企业和重点培育企业（报告称共139家）。" in texts
    assert texts.index("来源未写明联系方式。") + 1 == texts.index("已纳入包保的企业可直接联系自己的帮扶单位；")
    assert not [t for t in texts if "打印本页" in t or "¶" in t or "朗读" in t or "长者模式" in t]


def test_the_sentence_read_is_highlighted_and_pause_resume_stop(opened):
    page = opened(LAW.url)
    page.click(PLAY)
    wait_for_speaking(page, 1)
    first = spoken(page)[0]["text"]
    assert flat(page.evaluate(HIGHLIGHTED)["text"]) == flat(first)
    assert page.text_content(PLAY) == "暂停" and page.is_enabled(STOP)
    for n in range(2, 8):  # each sentence in turn: highlighted, its paragraph marked, on screen
        assert page.evaluate("window.__speech.end()")
        wait_for_speaking(page, n)
        shown = page.evaluate(HIGHLIGHTED)
        assert flat(shown["text"]) == flat(spoken(page)[-1]["text"]), n
        assert shown["inBlock"] and shown["ranges"] == 1
    page.evaluate("window.__speech.end()")
    wait_for_speaking(page, 8)
    wait_until(page, f"({HIGHLIGHTED})().visible", timeout=5_000)  # scrolled to it
    eighth = spoken(page)[-1]["text"]
    # 暂停: the voice stops, nothing more is said
    page.click(PLAY)
    assert page.text_content(PLAY) == "继续" and page.text_content(STATUS).startswith("已暂停")
    assert page.evaluate("window.__speech.speaking") is False
    assert page.evaluate("window.__speech.end()") is False
    assert len(spoken(page)) == 8
    assert flat(page.evaluate(HIGHLIGHTED)["text"]) == flat(eighth)  # still shows where it stopped
    # 继续: that sentence again, then on
    page.click(PLAY)
    wait_for_speaking(page, 9)
    assert spoken(page)[-1]["text"] == eighth and page.text_content(PLAY) == "暂停"
    page.evaluate("window.__speech.end()")
    wait_for_speaking(page, 10)
    # 停止: silence, no highlight, back to the start
    page.click(STOP)
    assert page.evaluate("window.__speech.speaking") is False
    assert page.text_content(STATUS) == "已停止朗读。" and page.text_content(PLAY) == "朗读全文"
    assert page.is_disabled(STOP) and page.evaluate(HIGHLIGHTED)["ranges"] == 0
    assert page.evaluate("document.activeElement.matches('[data-read-aloud-play]')")
    page.click(PLAY)
    wait_for_speaking(page, 11)
    assert spoken(page)[-1]["text"] == first
    # leaving the page stops the voice
    cancels = int(page.evaluate("sessionStorage.getItem('speech-cancels')"))
    page.goto(page.url.split("laws/")[0] + "laws/")
    assert int(page.evaluate("sessionStorage.getItem('speech-cancels')")) > cancels


def test_the_page_text_is_not_changed_by_reading(opened):
    """The highlight is a CSS highlight and a class: copying, printing and finding in the page see
    the same text and the same elements while it reads."""
    page = opened(REPORT.url)
    article = """() => { const article = document.querySelector('article').cloneNode(true);
        article.querySelector('[data-read-aloud]').remove();  // the control's own words change
        getSelection().selectAllChildren(document.querySelector('article dl'));
        return {text: article.textContent, elements: article.querySelectorAll('*').length,
                copied: getSelection().toString()}; }"""
    before = page.evaluate(article)
    page.click(PLAY)
    wait_for_speaking(page, 1)
    page.evaluate("window.__speech.end()")
    wait_for_speaking(page, 2)
    assert page.locator("article .portal-read-aloud__now").count() == 1
    assert page.evaluate(article) == before


def test_keyboard_and_a_phone(opened):
    page = opened(RECORD, phone=True)
    control = page.locator("[data-read-aloud]")
    assert control.evaluate("e => e.getBoundingClientRect().right <= innerWidth")
    for button in (PLAY, STOP):
        box = page.locator(button).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, button
    assert page.get_attribute("[data-read-aloud]", "aria-label") == "朗读本页"
    page.focus(PLAY)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # visible focus
    page.keyboard.press("Enter")
    wait_for_speaking(page, 1)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-read-aloud-stop]')")
    page.keyboard.press("Enter")
    assert page.text_content(STATUS) == "已停止朗读。"


@pytest.mark.parametrize("voices, message", [
    ([ENGLISH], "本设备没有中文语音，无法朗读"),
    ([ENGLISH, NETWORK_CHINESE], "本设备没有中文语音，无法朗读：只有联网语音"),
])
def test_no_chinese_voice_is_said_plainly(opened, voices, message):
    page = opened(RECORD, STUB % json.dumps(voices))
    assert page.text_content(STATUS).startswith(message)
    assert page.get_attribute(STATUS, "aria-live") == "polite"
    assert page.is_disabled(PLAY) and page.is_visible(STATUS)
    page.click(PLAY, force=True)
    assert spoken(page) == []


def test_no_speech_synthesis_is_said_plainly(opened):
    page = opened(LAW.url, NO_SPEECH)
    assert page.text_content(STATUS) == "本浏览器不支持语音朗读（没有语音合成功能），无法朗读本页。"
    assert page.is_disabled(PLAY) and page.is_disabled(STOP)


def test_elderly_mode_and_high_contrast(opened):
    page = opened(REPORT.url)
    page.evaluate("""() => { document.documentElement.setAttribute('data-portal-text', '2');
                             document.documentElement.setAttribute('data-portal-contrast', 'high'); }""")
    colors = page.evaluate(f"""() => {{ const b = getComputedStyle(document.querySelector('{PLAY}'));
                                        return [b.color, b.backgroundColor]; }}""")
    assert colors == ["rgb(0, 0, 0)", "rgb(255, 255, 0)"]
    assert page.locator("[data-read-aloud]").evaluate("e => e.getBoundingClientRect().right <= innerWidth")
