"""The record form's drafts (drafts-box.js, lib/drafts.js) in Debian's Chromium in Chinese, the site
served with deploy/nginx.conf's Content-Security-Policy: half a form comes back after a reload with
the time it was saved (China's), and after the browser is closed and started again (a persistent
profile: what a clerk's browser keeps on disk); several drafts are listed by title and the clerk
switches between them; 删除草稿 asks first and removes the draft; leaving is warned of only when
the last change could not be kept (the storage full, or refused), which the form also says; an
opened record restored from its draft still differs from the original file only in the edited field.
Nothing is sent anywhere.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from dataclasses import field as datafield
from datetime import datetime

import pytest
from playwright.sync_api import Page

from harness.browser import ARGS, CHINA, CHROMIUM, launch_environment, wait_until
from test_record_form import FORM, RECORD, VIOLATIONS, field, served, type_in, wait_for_output

pytestmark = pytest.mark.browser

READY = "#portal-record-form[data-state=ready]"
STATUS = "#portal-record-draft-status"
SAVED = "#portal-record-draft-saved"
ALERT = "#portal-record-draft-alert"
ITEMS = "#portal-record-draft-list li"
# 2026-11-24 01:07 UTC: 09:07 in China. The tabs' clock is fixed there (timers keep running), so the
# time a draft was saved is known to the minute.
MOMENT = datetime.fromisoformat("2026-11-24T01:07:00+00:00")
SHOWN = "11月24日 09:07"
TITLE = "测试用虚构政策：草稿测试"
BODY = "\n## 这是什么\n\n测试用虚构正文，只用于草稿测试。\n"


@pytest.fixture(scope="module")
def form_url(built_site):
    with served(built_site) as url:  # one address for the module: the drafts of a test stay under its origin
        yield url + FORM


@dataclass
class Tab:
    """A form tab with what the record form's tests require of every tab: no CSP violation, no console
    error, no request to another host; its dialogs recorded and answered (accept unless told)."""

    page: Page
    errors: list[str] = datafield(default_factory=list)
    requests: list[str] = datafield(default_factory=list)
    dialogs: list[tuple[str, str]] = datafield(default_factory=list)
    answers: list[bool] = datafield(default_factory=list)

    def answer(self, dialog) -> None:
        self.dialogs.append((dialog.type, dialog.message))
        if self.answers.pop(0) if self.answers else True:
            dialog.accept()
        else:
            dialog.dismiss()

    def assert_clean(self, origin: str) -> None:
        assert self.page.evaluate("() => window.__cspViolations") == []
        assert self.errors == []
        assert [url for url in self.requests if not url.startswith((origin, "blob:", "data:"))] == []


def open_tab(context, url: str) -> Tab:
    context.clock.set_fixed_time(MOMENT)
    page = context.new_page()
    tab = Tab(page)
    page.add_init_script(VIOLATIONS)
    page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    page.on("request", lambda r: tab.requests.append(r.url))
    page.on("dialog", tab.answer)
    page.goto(url)
    page.wait_for_selector(READY)
    return tab


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def origin_of(url: str) -> str:
    return url.split(FORM)[0]


def stored_drafts(page) -> list[dict]:
    """The drafts in the tab's localStorage, newest first."""
    drafts = page.evaluate("""() => Object.keys(localStorage).filter(k => k.includes("record-draft.d"))
        .map(k => JSON.parse(localStorage.getItem(k)))""")
    return sorted(drafts, key=lambda d: -d["savedAt"])


def wait_until_kept(page, *needles: str) -> None:
    """Until one stored draft holds every needle (saved as the clerk types, without leaving the field)."""
    wait_until(page, """needles => Object.keys(localStorage).some(k => k.includes("record-draft.d")
        && needles.every(n => localStorage.getItem(k).includes(n)))""", arg=list(needles), timeout=10_000)


PAGE_GOES = """needle => {
  const kept = () => Object.keys(localStorage).some(k => k.includes("record-draft.d") && localStorage.getItem(k).includes(needle));
  const before = kept();
  window.dispatchEvent(new PageTransitionEvent("pagehide", {persisted: false}));
  return {before, after: kept()};
}"""


def reload(page) -> None:
    page.reload()
    page.wait_for_selector(READY)


def fill_half(page, title: str = TITLE, body: str = BODY) -> None:
    """A few fields and the body; the last field is still being typed in (not left)."""
    type_in(page, "[title]", title)
    field(page, "[department]").select_option("kejing")
    type_in(page, "[summary]", "测试用虚构摘要。")
    page.locator("#portal-record-body").fill(body)
    field(page, "[issuer]").click()
    page.keyboard.type("石首市测试局")
    wait_until_kept(page, title, "石首市测试局")


def status(page) -> str:
    return page.locator(STATUS).text_content()


def titles(page) -> list[str]:
    return page.locator(f"{ITEMS} .portal-record-form__draft-title").all_inner_texts()


def test_half_a_form_comes_back_after_a_reload_with_the_time_it_was_saved(context, form_url):
    tab = open_tab(context, form_url)
    page = tab.page
    assert status(page) == "" and page.locator("#portal-record-draft-none").is_visible()
    assert stored_drafts(page) == []  # the form as loaded is not a draft
    fill_half(page)
    assert page.locator(SAVED).text_content() == f"草稿已自动保存在本机浏览器（{SHOWN}）"
    assert page.locator(SAVED).is_visible()
    [kept] = stored_drafts(page)
    reload(page)
    assert status(page) == f"已恢复 {SHOWN} 保存的草稿“{TITLE}”"
    assert field(page, "[title]").input_value() == TITLE
    assert field(page, "[department]").input_value() == "kejing"
    assert field(page, "[summary]").input_value() == "测试用虚构摘要。"
    assert field(page, "[issuer]").input_value() == "石首市测试局"
    assert page.locator("#portal-record-body").input_value() == BODY
    text = wait_for_output(page, "测试用虚构正文")
    assert f"title: {TITLE}" in text.splitlines() and "issuer: 石首市测试局" in text.splitlines()
    assert titles(page) == [TITLE]
    assert page.locator(f"{ITEMS} .portal-record-form__draft-current").inner_text() == "正在填写"
    field(page, "[document_title]").click()
    page.keyboard.type("测试用虚构文件")
    # the page going away (pagehide) writes at once what was typed, though the field was not left and the
    # typing pause has not passed: looked at in one task, so no timer can have written it first
    assert page.evaluate(PAGE_GOES, "测试用虚构文件") == {"before": False, "after": True}
    reload(page)
    assert field(page, "[document_title]").input_value() == "测试用虚构文件"
    assert field(page, "[title]").input_value() == TITLE
    [kept] = stored_drafts(page)
    reload(page)  # restoring was no change: the draft is as it was
    assert status(page) == f"已恢复 {SHOWN} 保存的草稿“{TITLE}”"
    assert stored_drafts(page) == [kept]
    assert tab.dialogs == []  # everything was kept: leaving asked nothing
    tab.assert_clean(origin_of(form_url))


def test_a_draft_is_kept_when_the_browser_is_closed_and_started_again(browser, form_url, tmp_path):
    profile = tmp_path / "profile"  # the clerk's browser profile: what Chromium keeps on disk

    def start():
        return browser.browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=list(ARGS), env=launch_environment(), **CHINA)
    first = start()
    tab = open_tab(first, form_url)
    fill_half(tab.page)
    tab.assert_clean(origin_of(form_url))
    first.close()

    again = start()
    try:
        tab = open_tab(again, form_url)
        page = tab.page
        assert status(page) == "本机上有 1 份草稿，可以在下面选择继续填写。"
        assert field(page, "[title]").input_value() == ""  # a new start: listed, not put in unasked
        assert titles(page) == [TITLE]
        assert page.locator(f"{ITEMS} .portal-record-form__draft-about").inner_text() == f"新建的政策，保存于 {SHOWN}"
        page.locator(ITEMS).get_by_role("button", name="继续填写").click()
        assert status(page) == f"已恢复 {SHOWN} 保存的草稿“{TITLE}”"
        assert field(page, "[title]").input_value() == TITLE
        assert field(page, "[issuer]").input_value() == "石首市测试局"
        assert page.locator("#portal-record-body").input_value() == BODY
        tab.assert_clean(origin_of(form_url))
    finally:
        again.close()


def test_two_drafts_are_listed_by_title_and_the_clerk_switches_between_them(context, form_url):
    tab = open_tab(context, form_url)
    page = tab.page
    fill_half(page, "测试用虚构政策甲", "\n甲的正文。\n")
    with page.expect_navigation():
        page.locator("#portal-record-draft-new").click()
    page.wait_for_selector(READY)
    assert field(page, "[title]").input_value() == ""
    assert titles(page) == ["测试用虚构政策甲"]
    fill_half(page, "测试用虚构政策乙", "\n乙的正文。\n")
    assert sorted(titles(page)) == ["测试用虚构政策乙", "测试用虚构政策甲"]
    current = page.locator(f"{ITEMS}[data-current=true] .portal-record-form__draft-title")
    assert current.inner_text() == "测试用虚构政策乙"
    page.locator(ITEMS, has_text="测试用虚构政策甲").get_by_role("button", name="继续填写").click()
    assert status(page) == f"已恢复 {SHOWN} 保存的草稿“测试用虚构政策甲”"
    assert field(page, "[title]").input_value() == "测试用虚构政策甲"
    assert page.locator("#portal-record-body").input_value() == "\n甲的正文。\n"
    assert current.inner_text() == "测试用虚构政策甲"
    type_in(page, "[summary]", "甲改过的摘要。")
    wait_until_kept(page, "甲改过的摘要。")
    page.locator(ITEMS, has_text="测试用虚构政策乙").get_by_role("button", name="继续填写").click()
    assert field(page, "[title]").input_value() == "测试用虚构政策乙"
    assert field(page, "[summary]").input_value() == "测试用虚构摘要。"
    assert page.locator("#portal-record-body").input_value() == "\n乙的正文。\n"
    drafts = {d["title"]: d for d in stored_drafts(page)}
    assert sorted(drafts) == ["测试用虚构政策乙", "测试用虚构政策甲"]
    assert drafts["测试用虚构政策甲"]["value"]["summary"] == "甲改过的摘要。"
    assert drafts["测试用虚构政策乙"]["value"]["summary"] == "测试用虚构摘要。"
    assert tab.dialogs == []
    tab.assert_clean(origin_of(form_url))


def test_deleting_a_draft_asks_first_and_removes_it(context, form_url):
    tab = open_tab(context, form_url)
    page = tab.page
    fill_half(page)
    delete = page.locator(ITEMS).get_by_role("button", name="删除草稿")
    tab.answers.append(False)  # 取消: nothing is deleted
    delete.click()
    assert tab.dialogs == [("confirm", f"确定删除草稿“{TITLE}”吗？删除后不能恢复。")]
    assert titles(page) == [TITLE] and len(stored_drafts(page)) == 1
    tab.answers.append(True)
    with page.expect_navigation():  # a new record's draft deleted: the blank form
        delete.click()
    page.wait_for_selector(READY)
    assert status(page) == f"已删除草稿“{TITLE}”。"
    assert stored_drafts(page) == []
    assert titles(page) == [] and page.locator("#portal-record-draft-none").is_visible()
    assert field(page, "[title]").input_value() == ""
    reload(page)
    assert status(page) == "" and field(page, "[title]").input_value() == ""
    assert [kind for kind, _ in tab.dialogs] == ["confirm", "confirm"]  # and no leave-page warning
    tab.assert_clean(origin_of(form_url))


FILL_STORAGE = """() => {  // fills this origin's localStorage to its quota, as years of other use might
  let size = 1 << 20, n = 0;
  while (size >= 256) {
    try { localStorage.setItem("test-filler-" + n++, "x".repeat(size)); } catch (e) { size >>= 1; }
  }
}"""
EMPTY_STORAGE = """() => Object.keys(localStorage).filter(k => k.startsWith("test-filler-"))
    .forEach(k => localStorage.removeItem(k))"""


def test_leaving_warns_only_when_a_change_could_not_be_kept_and_the_form_says_why(context, form_url):
    tab = open_tab(context, form_url)
    page = tab.page
    field(page, "[title]").click()  # typed, as a person does (the browser warns only after the page was used)
    page.keyboard.type(TITLE)
    wait_until_kept(page, TITLE)
    page.evaluate(FILL_STORAGE)
    type_in(page, "[summary]", "测试用：存不下的修改。" * 20)
    alert = page.locator(ALERT)
    alert.wait_for(state="visible", timeout=10_000)
    assert alert.inner_text().startswith("草稿没有保存：这个浏览器给本站的存储空间已满。")
    assert page.locator("#portal-record-draft-bar").get_attribute("data-kind") == "error"
    tab.answers.append(False)  # 留下
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    assert tab.dialogs == [("beforeunload", "")]
    assert not page.is_closed()
    assert field(page, "[summary]").input_value().startswith("测试用：存不下的修改。")
    page.evaluate(EMPTY_STORAGE)  # space again: the next change is kept, and the alert goes
    type_in(page, "[contact][phone]", "0716-1234567")
    wait_until_kept(page, "0716-1234567")
    assert alert.is_hidden() and page.locator(SAVED).is_visible()
    assert "测试用：存不下的修改。" in stored_drafts(page)[0]["value"]["summary"]
    tab.assert_clean(origin_of(form_url))
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert tab.dialogs == [("beforeunload", "")]  # all kept: no second warning


def test_storage_the_browser_refuses_is_said_at_once_and_leaving_then_warns(browser, form_url, tmp_path):
    """A browser set to keep no site data (设置 → 隐私 → 阻止所有 Cookie, the profile's own setting):
    localStorage throws on every use."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"default_content_setting_values": {"cookies": 2}}}), encoding="utf-8")
    context = browser.browser.browser_type.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=list(ARGS), env=launch_environment(), **CHINA)
    try:
        tab = open_tab(context, form_url)
        page = tab.page
        assert page.evaluate("() => { try { localStorage.length; return 'usable'; } catch (e) { return e.name; } }") \
            == "SecurityError"
        alert = page.locator(ALERT)
        assert alert.is_visible()
        assert alert.inner_text() == ("这个浏览器不允许本站保存草稿（可能是无痕浏览，或禁止了网站保存数据）：关闭或刷新页面会丢失"
                                      "填写的内容，请填完后及时下载文件。")
        with page.expect_event("close"):
            page.close(run_before_unload=True)
        assert tab.dialogs == []  # nothing typed yet: nothing to lose
        tab = open_tab(context, form_url)
        field(tab.page, "[title]").click()
        tab.page.keyboard.type(TITLE)
        tab.answers.append(False)
        with tab.page.expect_event("dialog"):
            tab.page.close(run_before_unload=True)
        assert tab.dialogs == [("beforeunload", "")]
        assert field(tab.page, "[title]").input_value() == TITLE
        tab.assert_clean(origin_of(form_url))
    finally:
        context.close()


def changed_lines(original: str, changed: str) -> list[str]:
    return [line for line in difflib.unified_diff(original.splitlines(), changed.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_opened_record_restored_from_its_draft_changes_only_the_edited_field(context, form_url):
    original = RECORD.read_text(encoding="utf-8")
    before = next(line for line in original.splitlines() if line.startswith("summary: "))
    summary = "测试用：草稿里改写的摘要，只用于检查恢复后只有这一行改变。"
    edited = ["-" + before, "+summary: " + summary]
    tab = open_tab(context, form_url)
    page = tab.page
    page.locator("#portal-record-file").set_input_files(str(RECORD))
    assert wait_for_output(page, "kejing-guishang-jiangli") == original
    assert stored_drafts(page) == []  # opened and untouched: no draft
    type_in(page, "[summary]", summary)
    wait_until_kept(page, summary)
    [draft] = stored_drafts(page)
    assert draft["opened"] == {"text": original, "path": "docs/policies/kejing/kejing-guishang-jiangli.md"}
    reload(page)
    record_title = draft["title"]
    assert status(page) == f"已恢复 {SHOWN} 保存的草稿“{record_title}”"
    assert changed_lines(original, wait_for_output(page, summary)) == edited
    assert "已打开 docs/policies/kejing/kejing-guishang-jiangli.md" in page.locator("#portal-record-open-status").inner_text()
    about = page.locator(f"{ITEMS} .portal-record-form__draft-about").inner_text()
    assert about == f"修改 docs/policies/kejing/kejing-guishang-jiangli.md，保存于 {SHOWN}"

    # the gap dashboard's link to the same record, in another tab: its draft is put back
    other = open_tab(context, form_url + "?open=kejing-guishang-jiangli")
    assert status(other.page) == f"已恢复 {SHOWN} 保存的草稿“{record_title}”"
    assert changed_lines(original, wait_for_output(other.page, summary)) == edited
    with other.page.expect_download() as download:
        other.page.locator("#portal-record-download").click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert changed_lines(original, saved) == edited

    # 删除草稿 of an opened record: the file as it was opened, unchanged
    other.page.locator(ITEMS).get_by_role("button", name="删除草稿").click()
    assert status(other.page) == f"已删除草稿“{record_title}”。"
    assert wait_for_output(other.page, "kejing-guishang-jiangli") == original
    assert stored_drafts(other.page) == []
    for each in (tab, other):
        each.assert_clean(origin_of(form_url))


def test_a_new_tab_lists_the_drafts_and_puts_none_in_unasked(context, form_url):
    tab = open_tab(context, form_url)
    fill_half(tab.page)
    other = open_tab(context, form_url)  # a second tab, or the form opened again from the menu
    assert status(other.page) == "本机上有 1 份草稿，可以在下面选择继续填写。"
    assert field(other.page, "[title]").input_value() == ""
    assert re.fullmatch(r"新建的政策，保存于 \d+月\d+日 \d\d:\d\d",
                        other.page.locator(f"{ITEMS} .portal-record-form__draft-about").inner_text())
    for each in (tab, other):
        each.assert_clean(origin_of(form_url))


AGE_THE_DRAFT = """older => Object.keys(localStorage).filter(k => k.includes("record-draft.d")).forEach(k => {
  const draft = JSON.parse(localStorage.getItem(k));
  draft.opened.text = older;
  localStorage.setItem(k, JSON.stringify(draft));
})"""


def test_a_draft_of_a_record_the_site_has_changed_since_says_so_and_keeps_its_own_original(context, form_url):
    """The draft was made from the file as it was then (here: a variant of today's file, as if the site's
    file was edited after the draft was saved); the dashboard's link puts the draft back over that
    file, and says that the site's file has changed since."""
    current = RECORD.read_text(encoding="utf-8")
    older = current.replace("\nsummary: ", "\n# 测试用：草稿保存时的文件多这一行注释\nsummary: ", 1)
    assert older != current
    summary = "测试用：网站文件更新前改写的摘要。"
    tab = open_tab(context, form_url + "?open=kejing-guishang-jiangli")
    type_in(tab.page, "[summary]", summary)
    wait_until_kept(tab.page, summary)
    tab.page.evaluate(AGE_THE_DRAFT, older)
    other = open_tab(context, form_url + "?open=kejing-guishang-jiangli")
    said = status(other.page)
    assert said.startswith(f"已恢复 {SHOWN} 保存的草稿“")
    assert said.endswith("；网站上的这个政策文件在这之后有过更新，草稿仍按当时打开的文件生成（只改您改过的字段），请核对")
    before = next(line for line in older.splitlines() if line.startswith("summary: "))
    assert changed_lines(older, wait_for_output(other.page, summary)) == ["-" + before, "+summary: " + summary]
    for each in (tab, other):
        each.assert_clean(origin_of(form_url))
