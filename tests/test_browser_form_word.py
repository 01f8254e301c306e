"""The record form's Word import in Chromium (zh-CN, Chinese fonts), served with deploy/nginx.conf's
Content-Security-Policy (the `form` fixture of tests/test_record_form.py fails on any violation,
console error or request to another host): a generated notice with automatic 第X条 numbering across a
table, a signature and a date in Chinese numerals fills the fields and the body exactly as
`make import` writes its draft, each guessed value marked 待核对 next to its field until the clerk edits
or confirms it; the same refusals with the command line's words; a draft of `make import` opened in
the form shows its comments as marks and loses them."""

from __future__ import annotations

import pytest

from conftest import ROOT
from harness import wordnotice
from harness.browser import wait_until
from macros.core.messages import load_messages
from test_record_form import field, form, form_url, output, type_in, wait_for_output  # noqa: F401 (fixtures)
from test_word_import import REFUSED, front_matter_values, review_notes, run_import

pytestmark = pytest.mark.browser

FIELDS = ("id", "title", "issuer", "document_title", "document_number", "written_date", "department", "effective",
          "expires")


def import_word(page, path) -> str:
    """Choose a Word file in the form; the status once the import has finished."""
    status = page.locator("#portal-record-word-status")
    page.locator("#portal-record-word").set_input_files(str(path))
    wait_until(page, """() => ['ok', 'error'].includes(document.getElementById('portal-record-word-status').dataset.kind)
        && !document.getElementById('portal-record-word').value""")
    return status.text_content()


def marks(page) -> dict[str, str]:
    """The 待核对 marks shown, by field: their text without the button's."""
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.portal-field-review'))
        .filter(m => m.offsetParent !== null).map(m => [m.dataset.field, m.querySelector('span').textContent]))""")


def cli_draft(project, notice) -> str:
    result = run_import(project, notice, "--department", "kejing")
    assert result.returncode == 0, result.stderr
    return next((project / "docs/policies/kejing").glob("kejing-2023-*.md")).read_text(encoding="utf-8")


def test_a_word_notice_fills_the_form_as_make_import_writes_its_draft(form, content_copy, tmp_path):  # noqa: F811
    notice = wordnotice.numbered_notice(tmp_path / "通知.docx")
    cli = cli_draft(content_copy, notice)
    said = import_word(form, notice)
    assert form.locator("#portal-record-word-status").get_attribute("data-kind") == "ok", said
    field(form, "[department]").select_option("kejing")  # the id follows from the department and the 文号
    wait_until(form, "document.querySelector('[name=\"root[id]\"]').value !== ''")
    values = front_matter_values(cli)
    assert {name: field(form, f"[{name}]").input_value() for name in FIELDS} == {name: values[name] for name in FIELDS}
    source = next(line for line in cli.splitlines() if line.startswith("  - document: "))
    assert field(form, "[sources][0][document]").input_value() == source.split(": ", 1)[1].strip('"')
    assert form.locator("#portal-record-body").input_value() == cli.split("\n---\n", 1)[1]
    preview = form.locator("#portal-record-preview").inner_text()
    assert preview.index("补贴项目") < preview.index("第四条 本办法自二〇二三年五月一日起施行")  # 第四条 after the table

    expected = {name: "待核对：" + note for name, note in review_notes(cli).items()}
    wait_until(form, "n => document.querySelectorAll('.portal-field-review').length === n", arg=len(expected))
    assert marks(form) == expected
    assert "待核对" not in wait_for_output(form, "kejing-2023-5")  # marks next to the fields, never in the file

    type_in(form, "[title]", "测试企业补贴")  # editing a guessed field clears its mark
    wait_until(form, "() => !document.querySelector('.portal-field-review[data-field=\"title\"]')")
    form.locator('.portal-field-review[data-field="issuer"] button').click()  # so does confirming it
    assert set(marks(form)) == set(expected) - {"title", "issuer"}


@pytest.mark.parametrize("name", ["renamed.docx", "huge.docx", "bomb.docx", "old.doc"])
def test_a_refused_file_gets_the_command_lines_words_and_changes_nothing(form, content_copy, tmp_path, name):  # noqa: F811
    make, _ = REFUSED[name]
    make(tmp_path / name)
    cli = run_import(content_copy, tmp_path / name, "--department", "kejing")
    assert cli.returncode == 1
    reason = cli.stderr.strip().split("没有导入，也没有写任何文件：", 1)[1]
    before = output(form)
    said = import_word(form, tmp_path / name)
    assert said == "没有导入，表单没有改动：" + reason
    assert form.locator("#portal-record-word-status").get_attribute("data-kind") == "error"
    assert output(form) == before and marks(form) == {}


def test_a_make_import_draft_opened_in_the_form_shows_its_comments_as_marks(form, content_copy, tmp_path):  # noqa: F811
    cli = cli_draft(content_copy, wordnotice.numbered_notice(tmp_path / "notice.docx"))
    draft = next((content_copy / "docs/policies/kejing").glob("kejing-2023-*.md"))
    form.locator("#portal-record-file").set_input_files(str(draft))
    text = wait_for_output(form, "kejing-2023-5")
    assert marks(form) == {name: "待核对：" + note for name, note in review_notes(cli).items()}
    kept = [line for line in cli.splitlines() if not line.startswith("# ")]  # only the draft's comments go
    assert text.splitlines() == kept
    type_in(form, "[summary]", "测试用摘要")
    changed = wait_for_output(form, "测试用摘要")
    assert "待核对" not in changed and "核对后删除这些注释" not in changed
    type_in(form, "[title]", "测试企业补贴")
    wait_until(form, "() => !document.querySelector('.portal-field-review[data-field=\"title\"]')")
    assert "issuer" in marks(form)


def test_a_browser_that_cannot_unpack_a_word_file_says_so(browser, form_url, tmp_path):  # noqa: F811
    context = browser.new_context()
    context.add_init_script("delete window.DecompressionStream;")  # as browsers before Chromium 103
    page = context.new_page()
    page.goto(form_url)
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    said = import_word(page, wordnotice.numbered_notice(tmp_path / "notice.docx"))
    assert said == load_messages(ROOT).text("import.form_old_browser")
    assert field(page, "[title]").input_value() == ""
    context.close()


def test_the_marks_still_to_review_come_back_with_the_draft_after_a_reload(form, tmp_path):  # noqa: F811
    notice = wordnotice.numbered_notice(tmp_path / "通知.docx")
    import_word(form, notice)
    wait_until(form, "() => document.querySelectorAll('.portal-field-review').length > 1")
    form.locator('.portal-field-review[data-field="issuer"] button').click()  # one is reviewed before leaving
    left = marks(form)
    assert "issuer" not in left and left
    wait_until(form, """left => Object.keys(localStorage).some(k => {
        try { const d = JSON.parse(localStorage.getItem(k)); return d.review && d.review.length === left; }
        catch (e) { return false; } })""",  # kept with the draft
                           arg=len(left), timeout=10_000)
    form.reload()
    form.wait_for_selector("#portal-record-form[data-state=ready]", timeout=30_000)
    wait_until(form, "n => document.querySelectorAll('.portal-field-review').length === n", arg=len(left),
                           timeout=10_000)
    assert marks(form) == left
