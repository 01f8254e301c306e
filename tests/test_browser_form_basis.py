"""The record form's legal-basis picker (法律依据, issue 23) in Debian's Chinese Chromium, on a phone too,
served with deploy/nginx.conf's Content-Security-Policy (the `form` page of tests/test_record_form.py,
which fails on any violation, console error or request to another host).

An article is found by its number however it is written (第三十二条, 32, 三十二) and by words of its
text or its chapter's title, in the current texts only, grouped by law and chapter as the library
holds them; two ticked articles are listed with their full text, written as the contract's
`legal_basis` (with their `legal_basis_reasons`) into a file `python -m macros check` accepts, and
unticking one leaves the other; an opened record shows its choices (a superseded text's article
marked, an article the portal lacks with the check's own message); everything works from the
keyboard; axe finds no violation in the picker.
"""

from __future__ import annotations

import re

import pytest

from conftest import real_portal
from harness.browser import wait_until
from test_browser_a11y import AXE_TAGS, axe_source  # noqa: F401 (a fixture)
from test_record_form import check, fill_new_record, form, form_problems, form_url, output, unmatched, wait_for_output  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PORTAL = real_portal()
CURRENT = [d for d in PORTAL.laws if not d.superseded_by]
OLD = next(d for d in PORTAL.laws if d.superseded_by)
CITING = PORTAL.root / "docs/policies/kejing/kejing-keji-qiye-fuhuaqi.md"  # a record with two articles
REASON = "测试用虚构额度5万元"  # fill_new_record's 支持额度 text: a sentence of the record


class PhoneBrowser:
    """The users' browser whose every new tab is a phone's (harness/browser.py's phone profile)."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **options):
        return self.browser.new_context(phone=True, **options)


@pytest.fixture
def browser(request, browser):
    """The session's browser; a test parametrized with ``("browser", ["phone"], indirect=True)`` gets
    the page (tests/test_record_form.py's `form`) in a phone's tab."""
    return PhoneBrowser(browser) if getattr(request, "param", None) == "phone" else browser


@pytest.fixture
def form_page(form):  # noqa: F811 (tests/test_record_form.py's form: served with the CSP, failing on any error)
    return form


def flat(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def expected(ordinal: int | None = None, word: str | None = None) -> list[str]:
    """What the picker must find, from the library itself: the current texts' articles of that number,
    or with the word in their text, their chapter's title or their law's title."""
    return [f"{d.id}#{a.number}" for d in CURRENT for c in d.law.chapters for a in c.articles
            if (ordinal is None or a.ordinal == ordinal)
            and (word is None or any(word in flat(t) for t in (a.text, c.title, d.law.title, d.meta.get("short_title"))))]


def article(ref: str):
    law, number = ref.split("#")
    return PORTAL.document(law), PORTAL.document(law).law.article(number)


def search(page, query: str) -> list[str]:
    page.locator("#portal-basis-search").fill(query)
    return page.locator("#portal-basis-results input[type=checkbox]").evaluate_all("boxes => boxes.map(b => b.value)")


def chosen(page) -> list[str]:
    return page.locator("#portal-basis-chosen > li").evaluate_all("items => items.map(i => i.dataset.ref)")


def item(page, ref: str):
    return page.locator(f'#portal-basis-chosen > li[data-ref="{ref}"]')


def found_status(page) -> str:
    return page.locator("#portal-basis-found").inner_text()


def test_an_article_is_found_by_its_number_however_it_is_written(form_page):
    shown = form_page.locator("#portal-record-editor").inner_text()  # what a clerk sees: words, not the file's codes
    assert PORTAL.messages.text("basis_help") in shown and "法律代码" not in shown and "documents.yml" not in shown
    thirty_two = expected(ordinal=32)
    assert "sme-law#第三十二条" in thirty_two and len(thirty_two) > 1  # the same number in several laws
    for query in ("第三十二条", "32", "三十二", "中小企业促进法 第三十二条"):
        wanted = thirty_two if query != "中小企业促进法 第三十二条" else ["sme-law#第三十二条"]
        assert search(form_page, query) == wanted, query
        assert found_status(form_page) == PORTAL.messages.text("basis_found", count=len(wanted))
    tenth = search(form_page, "第十条")
    assert tenth == expected(ordinal=10)
    assert f"{OLD.id}#第十条" not in tenth and OLD.law.article("第十条")  # the superseded text has one: left out
    assert search(form_page, "第九十九条") == []
    assert found_status(form_page) == PORTAL.messages.text("basis_found_none", query="第九十九条")


def test_words_find_articles_by_their_text_and_chapter_grouped_by_law_and_chapter(form_page):
    guarantee = search(form_page, "担保")
    assert guarantee == expected(word="担保") and len({ref.split("#")[0] for ref in guarantee}) > 1
    legends = form_page.locator("#portal-basis-results fieldset > legend").all_inner_texts()
    groups = []
    for ref in guarantee:
        doc, found = article(ref)
        chapter = next(c for c in doc.law.chapters if found in c.articles)
        name = " ".join(x for x in (doc.meta["short_title"], chapter.number, chapter.title) if x)
        if name not in groups:
            groups.append(name)
    assert legends == groups
    finance = search(form_page, "融资促进")  # the title of the SME law's third chapter: all its articles
    chapter = next(c for c in PORTAL.document("sme-law").law.chapters if c.title == "融资促进")
    assert [f"sme-law#{a.number}" for a in chapter.articles] == [r for r in finance if r.startswith("sme-law#")]
    assert finance == expected(word="融资促进")


def test_two_ticked_articles_are_listed_with_their_text_and_written_into_a_file_check_accepts(form_page, project_copy):
    fill_new_record(form_page, "kejing-ceshi-yiju", articles=())
    assert "sme-law#第三十二条" in search(form_page, "第三十二条")
    form_page.locator('#portal-basis-results input[value="sme-law#第三十二条"]').check()
    second = next(ref for ref in search(form_page, "担保") if ref.startswith("sme-law#"))
    form_page.locator(f'#portal-basis-results input[value="{second}"]').check()
    assert chosen(form_page) == ["sme-law#第三十二条", second]
    for ref in chosen(form_page):
        doc, found = article(ref)
        assert item(form_page, ref).locator("blockquote > p").all_inner_texts() == list(found.paragraphs)
        assert item(form_page, ref).locator(".portal-basis__item-title strong").inner_text() == f"{doc.meta['short_title']} {found.number}"
        item(form_page, ref).locator("textarea").fill(REASON)
    assert form_page.locator("#portal-basis-chosen-title").inner_text() == PORTAL.messages.text("basis_chosen_title", count=2)
    text = wait_for_output(form_page, f"  - article: {second}\n    because: {REASON}")
    assert f"legal_basis:\n  - sme-law#第三十二条\n  - {second}\nlegal_basis_reasons:\n  - article: sme-law#第三十二条\n" \
           f"    because: {REASON}\n  - article: {second}\n    because: {REASON}\n" in text
    wait_until(form_page, "() => document.getElementById('portal-record-problems').dataset.count === '0'")
    with form_page.expect_download() as download:
        form_page.locator("#portal-record-download").click()
    target = project_copy / "docs/policies/kejing/kejing-ceshi-yiju.md"
    download.value.save_as(target)
    assert target.read_text(encoding="utf-8") == text
    assert check(project_copy, target) == []

    search(form_page, "32")  # untick the first where it was found: the other stays, with its sentence
    form_page.locator('#portal-basis-results input[value="sme-law#第三十二条"]').uncheck()
    assert chosen(form_page) == [second]
    text = wait_for_output(form_page, f"legal_basis:\n  - {second}\nlegal_basis_reasons:\n  - article: {second}\n    because: {REASON}\n")
    assert "第三十二条" not in text
    target.write_text(text, encoding="utf-8")
    assert check(project_copy, target) == []


def test_an_opened_record_shows_its_choices_and_stays_the_same_file(form_page):
    original = CITING.read_text(encoding="utf-8")
    record = next(p for p in PORTAL.policies if p.id == CITING.stem)
    form_page.locator("#portal-record-file").set_input_files(str(CITING))
    assert wait_for_output(form_page, CITING.stem) == original
    refs = [ref.key for ref in record.legal_basis]
    wait_until(form_page, "n => document.querySelectorAll('#portal-basis-chosen > li').length === n", arg=len(refs))
    assert chosen(form_page) == refs
    assert [item(form_page, ref).locator("textarea").input_value() for ref in refs] == [record.legal_reason(ref) for ref in
                                                                                     record.legal_basis]
    search(form_page, refs[0].split("#")[1])
    assert form_page.locator(f'#portal-basis-results input[value="{refs[0]}"]').is_checked()
    assert output(form_page) == original  # shown, not rewritten


def test_an_opened_record_citing_a_superseded_text_or_a_missing_article_shows_them_marked(form_page, project_copy):
    old, missing = f"{OLD.id}#第一条", "sme-law#第九十九条"
    refs = [ref.key for ref in next(p for p in PORTAL.policies if p.id == CITING.stem).legal_basis]
    text = CITING.read_text(encoding="utf-8").replace(f"  - {refs[0]}\n", f"  - {old}\n", 1).replace(
        f"  - {refs[1]}\n", f"  - {missing}\n", 1).replace(f"article: {refs[0]}", f"article: {old}").replace(
        f"article: {refs[1]}", f"article: {missing}")
    target = project_copy / "docs/policies/kejing" / CITING.name
    target.write_text(text, encoding="utf-8")
    expected_problems = check(project_copy, target)
    assert [line.split(": ", 1)[0] for line in expected_problems] == ["legal_basis[1]"]  # the superseded one: a warning
    form_page.locator("#portal-record-paste").fill(text)
    form_page.locator("#portal-record-paste-open").click()
    wait_until(form_page, "() => document.querySelectorAll('#portal-basis-chosen > li').length === 2")
    assert chosen(form_page) == [old, missing]
    current = PORTAL.document(OLD.superseded_by)
    assert item(form_page, old).locator(".portal-basis__warning").inner_text() == "已被修订" + PORTAL.messages.text(
        "basis_superseded", current=current.label, revised=current.meta["revised"])
    assert item(form_page, old).locator("blockquote > p").all_inner_texts() == list(OLD.law.article("第一条").paragraphs)
    assert item(form_page, missing).locator(".portal-basis__warning").inner_text() == PORTAL.messages.text(
        "basis_unknown", ref=missing)
    wait_until(form_page, "n => document.getElementById('portal-record-problems').dataset.count === String(n)",
                           arg=len(expected_problems))
    assert len(form_problems(form_page)) == len(expected_problems) and unmatched(form_problems(form_page), expected_problems) == []
    assert "第九十九条" in item(form_page, missing).locator(".portal-field-problem").inner_text()  # shown under the article
    assert old not in search(form_page, "第一条")  # found again, only the current texts are offered


def active(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
      return {id: a.id, tag: a.tagName.toLowerCase(), type: a.type || "", value: a.value || "",
              ref: a.dataset.ref || "", text: a.textContent.trim(), inPicker: !!a.closest("#portal-basis")}; }""")


def tab_until(page, wanted, limit: int = 15) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = active(page)
        assert now["inPicker"], now
        if wanted(now):
            return now
    raise AssertionError(f"not reached in {limit} Tab presses: {active(page)}")


def test_the_picker_works_with_the_keyboard_only(form_page):
    before = form_page.evaluate("""() => {  // the last field before the picker, where a clerk's Tab comes from
        const all = [...document.querySelectorAll("#portal-record-editor input, #portal-record-editor select, "
          + "#portal-record-editor textarea, #portal-record-editor button")].filter(e => e.offsetParent !== null);
        const at = all.indexOf(document.getElementById("portal-basis-search"));
        all[at - 1].id = all[at - 1].id || "portal-test-before-basis";
        return all[at - 1].id; }""")
    form_page.locator(f'[id="{before}"]').focus()
    form_page.keyboard.press("Tab")
    assert active(form_page)["id"] == "portal-basis-search"
    form_page.keyboard.type("第三十二条")
    form_page.keyboard.press("Tab")
    assert active(form_page)["value"] == expected(ordinal=32)[0] == "sme-law#第三十二条"
    form_page.keyboard.press("Space")
    assert chosen(form_page) == ["sme-law#第三十二条"]
    assert form_page.locator("#portal-basis-said").inner_text() == PORTAL.messages.text(
        "basis_added", article="中小企业促进法 第三十二条", count=1)
    reason = tab_until(form_page, lambda a: a["tag"] == "textarea")
    assert reason["ref"] == "sme-law#第三十二条"
    form_page.keyboard.type(REASON)
    wait_for_output(form_page, f"because: {REASON}")
    remove = tab_until(form_page, lambda a: a["tag"] == "button")
    assert remove["text"] == PORTAL.messages.text("basis_remove") + " 中小企业促进法 第三十二条"
    form_page.keyboard.press("Enter")
    assert chosen(form_page) == []
    assert active(form_page)["id"] == "portal-basis-search"  # focus stays in the picker, not lost to the form_page
    wait_until(form_page, "() => !document.getElementById('portal-record-output').value.includes('legal_basis')")
    assert not form_page.locator('#portal-basis-results input[value="sme-law#第三十二条"]').is_checked()

    form_page.keyboard.press("Control+A")  # an empty search: the laws to browse, one closed group each
    form_page.keyboard.press("Backspace")
    assert found_status(form_page) == PORTAL.messages.text("basis_browse")
    summary = tab_until(form_page, lambda a: a["tag"] == "summary")
    assert summary["text"] == PORTAL.messages.text("basis_law_summary", law=CURRENT[0].law.title,
                                                   count=len(CURRENT[0].law.articles))
    form_page.keyboard.press("Enter")
    first = tab_until(form_page, lambda a: a["type"] == "checkbox")
    assert first["value"] == f"{CURRENT[0].id}#第一条"
    form_page.keyboard.press("Space")
    assert chosen(form_page) == [first["value"]]


AXE_ON = """async ([selector, tags]) => {
  const result = await axe.run(document.querySelector(selector), {runOnly: {type: "tag", values: tags},
                                                                   resultTypes: ["violations"]});
  return result.violations.map(v => v.id + " (" + v.impact + "): " + v.help + ": "
                                    + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


@pytest.mark.parametrize("browser", ["desktop", "phone"], indirect=True)
def test_axe_finds_no_violation_in_the_picker(form_page, axe_source):  # noqa: F811 (the fixture)
    form_page.evaluate(axe_source)
    search(form_page, "担保")
    for ref in search(form_page, "担保")[:2]:
        form_page.locator(f'#portal-basis-results input[value="{ref}"]').check()
    assert len(chosen(form_page)) == 2
    assert form_page.evaluate(AXE_ON, ["#portal-basis", AXE_TAGS]) == []
    search(form_page, "")
    form_page.locator("#portal-basis-results details > summary").first.click()
    assert form_page.evaluate(AXE_ON, ["#portal-basis", AXE_TAGS]) == []


@pytest.mark.parametrize("browser", ["phone"], indirect=True)
def test_on_a_phone_articles_are_ticked_by_touch_and_fit_the_screen(form_page):
    refs = search(form_page, "担保")
    form_page.locator(f'#portal-basis-results input[value="{refs[0]}"]').locator("xpath=..").tap()
    assert chosen(form_page) == [refs[0]]
    item(form_page, refs[0]).locator("textarea").tap()
    assert active(form_page)["ref"] == refs[0]
    sizes = form_page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      const boxes = [...document.querySelectorAll("#portal-basis *")].map(e => e.getBoundingClientRect()).filter(b => b.width);
      const targets = [...document.querySelectorAll("#portal-basis-results label, #portal-basis button")]
        .map(e => e.getBoundingClientRect().height);
      return {width, right: Math.max(...boxes.map(b => b.right)), left: Math.min(...boxes.map(b => b.left)),
              smallest: Math.min(...targets), scroll: document.documentElement.scrollWidth};
    }""")
    assert sizes["left"] >= 0 and sizes["right"] <= sizes["width"] and sizes["scroll"] <= sizes["width"], sizes
    assert sizes["smallest"] >= 24, sizes  # WCAG 2.2 target size (minimum)
    item(form_page, refs[0]).locator("button").tap()
    assert chosen(form_page) == []
