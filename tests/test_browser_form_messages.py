"""The record form's problems in the form's own language (issue 23), in Debian's Chromium in Chinese,
served with deploy/nginx.conf's Content-Security-Policy (`served`, the `form` fixture of
tests/test_record_form.py, which fails on any violation, console error or outside request):

- a problem names its field by its Chinese title (data/policy.schema.json), with none of the advice
  on writing YAML the command line gives (例如：summary: …, 数字请加引号, 应写作：effective: …), and is
  the same problem `check` finds in the file the form makes (field and catalog key);
- it is shown under its field and in the list at the bottom, whose link moves the focus to the field;
- a required field left empty is flagged under it once the clerk moves past it, not before;
- a gap dashboard link opens the form with the focus in the missing field, far down the page;
- a 有效期至 already past asks the clerk to confirm, next to the field (not a problem);
- a file with problems downloads only after a warning, under a name that says it is not finished.
"""

from __future__ import annotations

import re

import pytest

from harness.browser import wait_until
from test_record_form import (  # noqa: F401 (form and form_url are fixtures)
    BROKEN,
    RECORD,
    check,
    field,
    fill_new_record,
    form,
    form_problems,
    form_url,
    type_in,
    unmatched,
    wait_for_output,
)

pytestmark = pytest.mark.browser

FIELD_CODE = re.compile(r"(?<![A-Za-z_])(summary|title|issuer|contact\.phone|contact|amount\.text|expires|effective|"
                        r"phone|legal_basis_reasons|legal_basis|sources)(?![A-Za-z_])")
YAML_ADVICE = re.compile(r"例如：[a-z_]+: |数字请加引号|应写作：[a-z_.]+: |article:|because:|以“- ”开头|结束行“---”")
DEADLINE = 10_000  # ms, every wait


def listed(page) -> list[str]:
    return page.locator("#portal-record-problems li").all_inner_texts()


def notes(page, name: str) -> list[str]:
    return page.locator(f'[data-schemapath="root.{name}"] > .portal-field-problem').all_inner_texts()


def count_is(page, count: int) -> None:
    wait_until(page, "n => document.getElementById('portal-record-problems').dataset.count === String(n)",
                           arg=count, timeout=DEADLINE)


def in_view(page, selector: str) -> bool:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


def test_problems_name_fields_by_their_titles_without_yaml_advice(form, project_copy):  # noqa: F811 (the fixture)
    fill_new_record(form, "kejing-ceshi-yuyan", summary="", effective="2023-01-01", expires="2022-12-31")
    type_in(form, "[contact][phone]", "0716 123")
    text = wait_for_output(form, "0716 123")
    target = project_copy / "docs/policies/kejing/kejing-ceshi-yuyan.md"
    target.write_text(text, encoding="utf-8")
    expected = check(project_copy, target)
    assert sorted(line.split(":")[0] for line in expected) == ["contact.phone", "expires", "summary"]
    assert any("数字请加引号" in line for line in expected) and any("例如：summary: " in line for line in expected)
    count_is(form, 3)
    assert unmatched(form_problems(form), expected) == []  # the same problems as check
    shown = listed(form)
    assert sorted(line.split("：")[0] for line in shown) == ["咨询联系 · 咨询电话", "摘要", "有效期至"]
    for line in shown:
        assert not FIELD_CODE.search(line) and not YAML_ADVICE.search(line), line
    assert "现在 “有效期至” 是 2022-12-31，“施行日期” 是 2023-01-01" in " ".join(shown)
    assert "例如：工业企业首次纳入规模以上统计的，给予奖励5万元。" in " ".join(shown)  # an example, as a value


@pytest.mark.parametrize("name", ["bad-chinese-date", "bad-phone", "bad-outcomes", "bad-expires-before-effective"])
def test_an_opened_file_is_worded_for_the_form_too(form, project_copy, name):  # noqa: F811 (the fixture)
    source = BROKEN / f"{name}.md"
    target = project_copy / "docs/policies/kejing" / source.name
    target.write_bytes(source.read_bytes())
    expected = check(project_copy, target)
    form.locator("#portal-record-file").set_input_files(str(source))
    count_is(form, len(expected))
    assert unmatched(form_problems(form), expected) == []
    for line in listed(form):
        assert not YAML_ADVICE.search(line), line
    if name == "bad-chinese-date":
        assert "施行日期：“2022年7月1日”的日期格式不对；日期格式为 年-月-日；应写作：2022-07-01" in listed(form)


def test_a_problem_is_under_its_field_and_its_link_moves_the_focus_there(form):  # noqa: F811 (the fixture)
    type_in(form, "[contact][phone]", "0716 123")
    form.locator('#portal-record-problems li[data-field="contact.phone"]').wait_for(timeout=DEADLINE)
    [note] = notes(form, "contact.phone")
    [item] = form.locator('#portal-record-problems li[data-field="contact.phone"]').all_inner_texts()
    assert item == "咨询联系 · 咨询电话：" + note
    assert field(form, "[contact][phone]").get_attribute("aria-invalid") == "true"
    described = field(form, "[contact][phone]").get_attribute("aria-describedby").split()
    assert form.locator('[data-schemapath="root.contact.phone"] > .portal-field-problem').get_attribute("id") in described
    form.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert not in_view(form, '[name="root[contact][phone]"]')
    form.locator('#portal-record-problems li[data-field="summary"] a').click()
    assert form.evaluate("document.activeElement.name") == "root[summary]"
    assert in_view(form, '[name="root[summary]"]')
    form.locator('#portal-record-problems li[data-field="contact.phone"] a').click()
    assert form.evaluate("document.activeElement.name") == "root[contact][phone]"
    assert in_view(form, '[name="root[contact][phone]"]')
    form.locator('#portal-record-problems li[data-field="sources"] a').click()  # a list: its first box
    assert form.evaluate("document.activeElement.name") == "root[sources][0][document]"


def test_a_required_field_is_flagged_once_the_clerk_moves_past_it(form):  # noqa: F811 (the fixture)
    assert form.locator('#portal-record-problems li[data-field="summary"]').count() == 1  # left to do, listed
    assert notes(form, "summary") == [] and notes(form, "title") == []
    assert field(form, "[summary]").get_attribute("aria-invalid") is None
    field(form, "[title]").focus()
    assert notes(form, "title") == []  # in the field: not yet
    form.keyboard.press("Tab")  # on to 摘要, past 政策标题
    wait_until(form, """() => document.querySelectorAll(
        '[data-schemapath="root.title"] > .portal-field-problem').length === 1""", timeout=DEADLINE)
    [note] = notes(form, "title")
    assert note.startswith("缺少必填字段；政策标题：") and not YAML_ADVICE.search(note)
    assert field(form, "[title]").get_attribute("aria-invalid") == "true"
    assert notes(form, "summary") == []  # where the clerk is now: not flagged
    form.keyboard.press("Tab")
    wait_until(form, """() => document.querySelectorAll(
        '[data-schemapath="root.summary"] > .portal-field-problem').length === 1""", timeout=DEADLINE)
    assert notes(form, "issuer") == []  # never reached


def test_a_dashboard_link_lands_in_the_missing_field(form, form_url):  # noqa: F811 (the fixture)
    dashboard = form_url.replace("guide/new/", "guide/gaps/kejing/")
    form.goto(dashboard)
    link = form.locator('li[data-fact="phone"] a.portal-gap-open').first
    record = link.evaluate("a => a.closest('li[data-policy]').dataset.policy")
    assert "field=contact.phone" in link.get_attribute("href")
    link.click()
    form.wait_for_selector("#portal-record-form[data-state=ready]", timeout=DEADLINE)
    assert form.evaluate("document.activeElement.name") == "root[contact][phone]"
    assert in_view(form, '[name="root[contact][phone]"]')
    assert form.evaluate("window.scrollY") > 2000  # far below the top where it used to land
    status = form.locator("#portal-record-open-status").inner_text()
    assert f"{record}.md" in status and "请补充“咨询联系 · 咨询电话”" in status
    form.goto(dashboard)
    form.locator('li[data-fact="validity"] a.portal-gap-open').first.click()  # 缺施行日期或有效期
    form.wait_for_selector("#portal-record-form[data-state=ready]", timeout=DEADLINE)
    assert form.evaluate("document.activeElement.name") == "root[effective]"
    assert in_view(form, '[name="root[effective]"]')


def test_a_past_expiry_date_asks_the_clerk_to_confirm(form):  # noqa: F811 (the fixture)
    fill_new_record(form, "kejing-ceshi-shixiao", expires="2099-12-31")
    count_is(form, 0)
    assert form.locator(".portal-field-question").count() == 0  # a date still to come: nothing to ask
    type_in(form, "[expires]", "2023-12-31")
    question = form.locator('[data-schemapath="root.expires"] > .portal-field-question')
    question.wait_for(timeout=DEADLINE)
    assert question.inner_text().startswith("有效期至是 2023-12-31，已经过去了：这条政策发布后会显示为“已失效”")
    assert "日期填对了吗？" in question.inner_text()
    assert form.locator("#portal-record-problems").get_attribute("data-count") == "0"  # a question, not an error
    pending = form.locator("#portal-record-problems .portal-record-form__question")
    assert "有 1 项日期要确认" in pending.inner_text()
    described = field(form, "[expires]").get_attribute("aria-describedby").split()
    assert "portal-field-question-text" in described
    question.get_by_label("日期没错，这条政策确已失效").check()
    wait_until(form, """() => document.getElementById('portal-field-question').dataset.confirmed === 'true'""",
                           timeout=DEADLINE)
    assert question.inner_text().startswith("已确认：有效期至 2023-12-31 已过，发布后显示为“已失效”。")
    assert pending.count() == 0
    type_in(form, "[expires]", "2022-06-30")  # another date: asked again
    wait_until(form, """() => document.getElementById('portal-field-question').dataset.confirmed === 'false'""",
                           timeout=DEADLINE)


def test_an_opened_records_own_past_date_is_not_asked_about(form):  # noqa: F811 (the fixture)
    text = RECORD.read_text(encoding="utf-8").replace('last_reviewed:', 'expires: "2023-12-31"\nlast_reviewed:', 1)
    form.locator("#portal-record-paste").fill(text)
    form.locator("#portal-record-paste-open").click()
    wait_for_output(form, 'expires: "2023-12-31"')
    count_is(form, 0)
    assert form.locator(".portal-field-question").count() == 0  # published as 已失效 already


def test_a_file_with_problems_downloads_after_a_warning_under_a_name_that_says_so(form, project_copy):  # noqa: F811 (the fixture)
    fill_new_record(form, "kejing-ceshi-weiwancheng", title="")
    count_is(form, 1)
    downloads = []
    form.on("download", lambda d: downloads.append(d))
    form.locator("#portal-record-download").click()
    warning = form.locator("#portal-record-download-warning")
    warning.wait_for(timeout=DEADLINE)
    assert warning.get_attribute("role") == "alert"
    assert warning.inner_text().startswith("这个文件还有 1 个问题，还不能作为完成的政策文件提交。")
    assert form.evaluate("document.activeElement.id") == "portal-record-download-back"
    assert notes(form, "title")  # every problem is flagged now
    form.locator("#portal-record-download-back").click()
    assert form.evaluate("document.activeElement.name") == "root[title]" and warning.count() == 0
    assert downloads == []
    form.locator("#portal-record-download").click()
    with form.expect_download(timeout=DEADLINE) as download:
        form.locator("#portal-record-download-anyway").click()
    assert download.value.suggested_filename == "kejing-ceshi-weiwancheng-有错误未完成.md"
    status = form.locator("#portal-record-action-status").inner_text()
    assert "kejing-ceshi-weiwancheng-有错误未完成.md" in status and "不能提交" in status
    saved = project_copy / "unfinished.md"
    download.value.save_as(saved)
    assert "id: kejing-ceshi-weiwancheng" in saved.read_text(encoding="utf-8")
    type_in(form, "[title]", "测试用虚构政策：小微企业测试补贴")  # fixed: the record's own name again
    count_is(form, 0)
    with form.expect_download(timeout=DEADLINE) as download:
        form.locator("#portal-record-download").click()
    assert download.value.suggested_filename == "kejing-ceshi-weiwancheng.md"
    assert warning.count() == 0


def test_an_amount_that_is_not_a_number_is_the_problem_check_finds(form, project_copy):  # noqa: F811 (the fixture)
    """`amount.value: 最高50` passed the form and failed check (issue 23): now both refuse it."""
    fill_new_record(form, "kejing-ceshi-shuzhi", **{"amount][value": "最高50"})
    text = wait_for_output(form, "value: 最高50")
    target = project_copy / "docs/policies/kejing/kejing-ceshi-shuzhi.md"
    target.write_text(text, encoding="utf-8")
    expected = check(project_copy, target)
    assert [line.split(":")[0] for line in expected] == ["amount.value"]
    count_is(form, 1)
    assert unmatched(form_problems(form), expected) == []
    assert listed(form) == ["支持额度 · 数值：格式不对；应为数字；数值；例如：5"]
    assert notes(form, "amount.value") == ["格式不对；应为数字；数值；例如：5"]
