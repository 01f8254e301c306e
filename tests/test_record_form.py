"""The record form (guide/new/) in Debian's Chromium, served with deploy/nginx.conf's
Content-Security-Policy: a new record with every kind of field passes `python -m macros check`; an
opened record changes only where it was edited; the form words problems as the CLI does (one message
catalog); the body preview equals the build's cleaned body; the vendored libraries are the pinned ones.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString

from conftest import ROOT, build, copy_project
from harness.browser import wait_until
from harness.servers import static_site
from macros.core.messages import PLACEHOLDER, load_messages

pytestmark = pytest.mark.browser

FORM = "guide/new/"
CSP = re.search(r'add_header Content-Security-Policy "([^"]+)"', (ROOT / "deploy/shishou-portal-common.conf").read_text()).group(1)
RECORD = ROOT / "docs/policies/kejing/kejing-guishang-jiangli.md"
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def served(site: Path):
    """The built site with the deployment's Content-Security-Policy and nosniff."""
    return static_site(site, {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})


@pytest.fixture(scope="module")
def form_url(built_site):
    with served(built_site) as url:
        yield url + FORM


@contextmanager
def open_form(browser, form_url: str):
    """The form at ``form_url``, ready; on leaving, no CSP violation, no error, nothing sent anywhere."""
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(form_url)
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    yield page
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    origin = form_url.split(FORM)[0]
    assert [url for url in requests if not url.startswith((origin, "blob:", "data:"))] == []  # sends nothing anywhere
    assert all(r.startswith(origin) or not r.startswith("http") for r in requests)
    context.close()


@pytest.fixture
def form(browser, form_url):
    with open_form(browser, form_url) as page:
        yield page


def check(project: Path, *files: Path) -> list[str]:
    """`python -m macros check --format json` problems as `field: message` lines."""
    command = [sys.executable, "-m", "macros", "--root", str(project), "check", "--format", "json", *map(str, files)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    return [f"{p['field']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]


def form_problems(page) -> list[str]:
    """`field: catalog key` of each problem the form lists (its text is the form's wording of the key,
    tests/test_browser_form_messages.py)."""
    return [f"{li.get_attribute('data-field')}: {li.get_attribute('data-key')}"
            for li in page.locator("#portal-record-problems li").all()]


TEMPLATES = {key: re.compile("".join(".*?" if PLACEHOLDER.fullmatch(part) else re.escape(part)
                                     for part in re.split(r"(\{[a-z_]+\})", text)), re.DOTALL)
             for key, text in load_messages(ROOT).texts.items()}


def unmatched(shown: list[str], lines: list[str]) -> list[str]:
    """What only the form lists (`field: key`) or only check says (`field: message`): a problem of
    each is the same when the field is and check's message is the catalog text of the key, filled in."""
    left, only = list(lines), []
    for item in shown:
        field, key = item.split(": ", 1)
        hit = next((line for line in left if line.startswith(field + ": ")
                    and TEMPLATES[key].fullmatch(line[len(field) + 2:])), None)
        if hit is None:
            only.append("form: " + item)
        else:
            left.remove(hit)
    return only + ["check: " + line for line in left]


def output(page) -> str:
    return page.locator("#portal-record-output").input_value()


def wait_for_output(page, needle: str) -> str:
    wait_until(page, "needle => document.getElementById('portal-record-output').value.includes(needle)",
                           arg=needle)
    return output(page)


def field(page, name: str):
    return page.locator(f'[name="root{name}"]')


def type_in(page, name: str, value: str) -> None:
    """Fill a field and leave it, as a person does (json-editor takes a value when the field is left)."""
    field(page, name).fill(value)
    field(page, name).blur()


def tick(page, vocabulary: str, code: str, vocabularies: dict) -> None:
    index = [t["code"] for t in vocabularies[vocabulary]["terms"]].index(code)
    page.locator(f'[id="root[{vocabulary}]{index}"]').check()


def add_item(page, path: str) -> None:
    page.locator(f'[data-schemapath="root.{path}"] button.json-editor-btntype-add').first.click()


def add_row(page, path: str) -> None:
    """The add button of an array of objects itself (each row's object editor has a hidden one of its own)."""
    page.locator(f'[data-schemapath="root.{path}"] > .je-indented-panel > span > button.json-editor-btntype-add').click()


def config(page) -> dict:
    return json.loads(page.locator("#portal-form-config").text_content())


def choose_articles(page, reasons: dict[str, str]) -> None:
    """In the legal-basis picker: find each article by its number, tick it, write the record's sentence it rests on."""
    for ref, because in reasons.items():
        page.locator("#portal-basis-search").fill(ref.split("#")[1])
        page.locator(f'#portal-basis-results input[value="{ref}"]').check()
        page.locator(f'#portal-basis-chosen li[data-ref="{ref}"] textarea').fill(because)


def fill_new_record(page, record_id: str, articles=("sme-law#第八条", "sme-law#第十条"), **overrides: str) -> None:
    """Every kind of field: text, long text, code lists, choices, dates, number, lists, picker, groups."""
    vocabularies = config(page)["vocabularies"]
    values = {
        "[id]": record_id, "[title]": "测试用虚构政策：小微企业测试补贴",
        "[summary]": "测试用虚构记录，只用于浏览器测试，不得发布。",
        "[issuer]": "石首市测试局", "[document_title]": "测试用虚构文件", "[document_number]": "石测发〔2021〕2号",
        "[written_date]": "2021-03-01", "[effective]": "2021-03-05", "[expires]": "2023-12-31",
        "[amount][value]": "5", "[amount][unit]": "万元", "[amount][text]": "测试用虚构额度5万元",
        "[application][where]": "测试窗口", "[contact][phone]": "0716-1234567",
        "[sources][0][document]": "测试用虚构文件", "[sources][0][passage]": "第一条",
    }
    values.update({f"[{k}]": v for k, v in overrides.items()})
    for name, value in values.items():
        if value is not None:
            type_in(page, name, value)
    field(page, "[department]").select_option("kejing")
    field(page, "[delivery]").select_option("yishenqing")
    tick(page, "beneficiaries", "xiaowei", vocabularies)
    tick(page, "categories", "jiangbu", vocabularies)
    tick(page, "support_type", "butie", vocabularies)
    tick(page, "industries", "zhizao", vocabularies)
    add_item(page, "application.steps")
    type_in(page, "[application][steps][0]", "向测试窗口提交申请")
    choose_articles(page, {article: "测试用虚构额度5万元" for article in articles})  # the portal's mapping, with its sentence
    page.locator("#portal-record-body").fill("\n## 这是什么\n\n测试用虚构正文。\n")
    # the body is set last: the first output holding it was made after every field above had its value
    wait_for_output(page, "测试用虚构正文")


def test_a_new_record_with_every_kind_of_field_passes_check(form, project_copy, tmp_path):
    fill_new_record(form, "kejing-ceshi-xinjian")
    text = wait_for_output(form, "向测试窗口提交申请")
    assert form.locator("#portal-record-path").text_content() == "docs/policies/kejing/kejing-ceshi-xinjian.md"
    wait_until(form, "document.getElementById('portal-record-problems').dataset.count === '0'")
    with form.expect_download() as download:
        form.locator("#portal-record-download").click()
    assert download.value.suggested_filename == "kejing-ceshi-xinjian.md"
    target = project_copy / "docs/policies/kejing/kejing-ceshi-xinjian.md"
    download.value.save_as(target)
    assert target.read_text(encoding="utf-8") == text
    assert check(project_copy, target) == []
    for line in ('document_number: 石测发〔2021〕2号', 'effective: "2021-03-05"', "  value: 5", "  - sme-law#第十条",
                 '  phone: 0716-1234567', "    passage: 第一条", "  - xiaowei", "  - article: sme-law#第十条",
                 "    because: 测试用虚构额度5万元"):
        assert line in text.splitlines(), line


def test_an_opened_record_changes_only_where_it_was_edited(form):
    original = RECORD.read_text(encoding="utf-8")
    form.locator("#portal-record-file").set_input_files(str(RECORD))
    assert wait_for_output(form, "kejing-guishang-jiangli") == original  # opened and untouched: the same bytes
    type_in(form, "[summary]", "测试用：改写后的摘要，只用于检查只有这一行改变。")
    changed = wait_for_output(form, "测试用：改写后的摘要")
    diff = [line for line in difflib.unified_diff(original.splitlines(), changed.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    before = next(line for line in original.splitlines() if line.startswith("summary: "))
    assert diff == ["-" + before, "+summary: 测试用：改写后的摘要，只用于检查只有这一行改变。"]


def test_a_field_added_to_an_opened_record_goes_in_contract_order(form):
    original = RECORD.read_text(encoding="utf-8")
    form.locator("#portal-record-paste").fill(original)
    form.locator("#portal-record-paste-open").click()
    wait_for_output(form, "kejing-guishang-jiangli")
    type_in(form, "[contact][phone]", "0716-1234567")
    changed = wait_for_output(form, "0716-1234567")
    added = [line for line in difflib.ndiff(original.splitlines(), changed.splitlines()) if line[:1] in "+-"]
    assert added == ["+ contact:", "+   phone: 0716-1234567"]
    lines = changed.splitlines()
    assert lines.index("contact:") == lines.index("delivery: weishuoming") + 1  # after delivery, before legal_basis


def test_the_dashboard_link_opens_the_record_from_the_site(form, form_url):
    form.goto(form_url + "?open=kejing-guishang-jiangli")
    form.wait_for_selector("#portal-record-form[data-state=ready]")
    assert wait_for_output(form, "kejing-guishang-jiangli") == RECORD.read_text(encoding="utf-8")
    status = form.locator("#portal-record-open-status").text_content()
    assert "docs/policies/kejing/kejing-guishang-jiangli.md" in status


def test_missing_required_field_and_reversed_dates_show_the_clis_messages(form, project_copy):
    fill_new_record(form, "kejing-ceshi-cuowu", title="", effective="2023-01-01", expires="2022-12-31")
    text = wait_for_output(form, 'expires: "2022-12-31"')
    target = project_copy / "docs/policies/kejing/kejing-ceshi-cuowu.md"
    target.write_text(text, encoding="utf-8")
    expected = check(project_copy, target)
    assert sorted(line.split(":")[0] for line in expected) == ["expires", "title"]
    wait_until(form, "document.getElementById('portal-record-problems').dataset.count === '2'")
    assert unmatched(form_problems(form), expected) == []


def type_into_date_box(page, name: str, keys: str) -> None:
    """Keys typed into a date box from its first part (年), as a clerk types them."""
    field(page, name).focus()
    page.keyboard.type(keys)
    field(page, name).blur()


def test_a_date_typed_in_chinese_is_understood_by_the_date_box(form):
    type_into_date_box(form, "[effective]", "2023年5月1日")
    assert field(form, "[effective]").input_value() == "2023-05-01"
    assert 'effective: "2023-05-01"' in wait_for_output(form, "effective:")
    assert not [p for p in form_problems(form) if p.startswith("effective")]


def test_a_year_no_policy_has_is_refused_with_the_clis_message(form, project_copy):
    """Typed digit by digit, 0351 is a year the date box holds; the form says what check says of it."""
    fill_new_record(form, "kejing-ceshi-nianfen", effective=None)
    type_into_date_box(form, "[effective]", "03510501")
    text = wait_for_output(form, 'effective: "0351-05-01"')
    target = project_copy / "docs/policies/kejing/kejing-ceshi-nianfen.md"
    target.write_text(text, encoding="utf-8")
    expected = check(project_copy, target)
    assert expected == ["effective: “0351-05-01”的年份是 351 年，不像政策文件的日期；日期应在 1949-01-01 至 2100-12-31 "
                        "之间；请核对年份"]
    wait_until(form, "document.getElementById('portal-record-problems').dataset.count === '1'")
    assert unmatched(form_problems(form), expected) == []
    assert form.locator('[data-schemapath="root.effective"] .portal-field-problem').inner_text() == expected[0].split(
        ": ", 1)[1]


BROKEN = ROOT / "tests/fixtures/broken/kejing"


@pytest.mark.parametrize("name", ["bad-document-number", "bad-phone", "bad-vocabulary", "bad-impossible-date",
                                  "bad-chinese-date", "bad-expires-before-effective", "bad-implausible-year",
                                  "bad-chinese-key", "bad-empty-body"])
def test_an_opened_broken_record_shows_exactly_the_clis_messages(form, project_copy, name):
    source = BROKEN / f"{name}.md"
    target = project_copy / "docs/policies/kejing" / source.name
    target.write_bytes(source.read_bytes())
    expected = check(project_copy, target)
    assert expected
    form.locator("#portal-record-file").set_input_files(str(source))
    wait_until(form, "n => document.getElementById('portal-record-problems').dataset.count === String(n)",
                           arg=len(expected))
    assert unmatched(form_problems(form), expected) == []


FORGE = "https://forge.example.invalid/shishou/portal"


@pytest.fixture
def form_with_forge(browser, form_url):
    """The form page as a build with data/site.yml's forge_url set would emit it."""
    context = browser.new_context()

    def with_forge(route):
        html = route.fetch().text()
        route.fulfill(body=html.replace('"url": null', f'"url": "{FORGE}"', 1), content_type="text/html; charset=utf-8")
    context.route(form_url.split("?")[0], with_forge)
    page = context.new_page()
    page.goto(form_url)
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    yield page
    context.close()


def test_the_forge_link_prefills_a_new_file_and_edits_an_opened_one(form_with_forge):
    page = form_with_forge
    assert config(page)["forge"] == {"kind": "github", "url": FORGE, "branch": "main"}
    fill_new_record(page, "kejing-ceshi-lianjie")
    text = wait_for_output(page, "kejing-ceshi-lianjie")
    link = urlsplit(page.locator("#portal-record-forge").get_attribute("href"))
    assert f"{link.scheme}://{link.netloc}{link.path}" == FORGE + "/new/main/docs/policies/kejing"
    assert parse_qs(link.query) == {"filename": ["kejing-ceshi-lianjie.md"], "value": [text]}
    page.locator("#portal-record-file").set_input_files(str(RECORD))
    wait_for_output(page, "kejing-guishang-jiangli")
    edit = page.locator("#portal-record-forge").get_attribute("href")
    assert edit == FORGE + "/edit/main/docs/policies/kejing/kejing-guishang-jiangli.md"


def test_without_a_forge_address_there_is_no_forge_link(form):
    assert config(form)["forge"]["url"] is None  # data/site.yml: the repository's address is not known yet
    assert form.locator("#portal-record-forge").is_hidden()


# -- the preview and the build agree ------------------------------------------------------------------

TRICKY_BODIES = {
    "list-after-paragraph": "第一段\n- 甲\n- 乙\n",
    "list-after-blank": "第一段\n\n- 甲\n- 乙\n",
    "nested-two-spaces": "- 甲\n  - 子\n- 乙\n",
    "nested-four-spaces": "- 甲\n    - 子\n- 乙\n",
    "numbered-from-three": "3. 三\n4. 四\n",
    "numbered-with-parenthesis": "1) 一\n2) 二\n",
    "manual-numbering": "1\\. 第一项\n\n（一）第二项\n\n第三条　内容\n",
    "table": "| 项目 | 金额 |\n|---|---:|\n| 奖励 | 5万元 |\n",
    "emphasis": "**加粗** 和 *斜体* 和 __下划__ 中文*强调*文字\n",
    "headings": "## 这是什么\n\n### 谁可以享受？\n\n## 这是什么\n\n## 标题 {#custom-id}\n\n## 保留 {#__config}\n",
    "scripts-and-handlers": "<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b> <span style=\"color:red\">红</span>"
                            "\n\n<iframe src=\"https://example.invalid/\"></iframe>\n",
    "links": "[官网](https://example.invalid/a?b=1&c=2) [坏](javascript:alert(1)) <https://example.invalid/x> "
             "[邮件](mailto:a@example.invalid)\n",
    "line-break": "第一行  \n第二行\n第三行\n",
    "quote-and-code": "> 引用\n> 第二行\n\n```\ncode <b>\n```\n",
    "admonition": "!!! note \"注意\"\n    内容\n",
    "definition": "术语\n:   定义\n",
    "entities": "A &amp; B &copy; 5 > 3\n",
    "full-width-spaces": "　　第一条　为了测试。\n",
    "classes": "<div class=\"admonition warning md-header\">提示</div>\n\n<p class=\"md-button\">按钮</p>\n",
}


def record_with_body(name: str, body: str) -> str:
    head = RECORD.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    head = head.replace("id: kejing-guishang-jiangli", f"id: preview-{name}", 1)
    return head + "\n---\n\n" + body


def canonical(html: str):
    """A comparable tree: tags, sorted attributes, text with runs of white space made one; empty
    paragraphs and white space between tags do not count."""
    soup = BeautifulSoup(f"<div>{html}</div>", "html.parser").div

    def walk(node):
        out = []
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text = re.sub(r"\s+", " ", str(child))
                if text.strip():
                    out.append(text.strip())
                continue
            inner = walk(child)
            if child.name == "p" and not inner:
                continue
            attributes = tuple(sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in child.attrs.items()))
            out.append((child.name, attributes, tuple(inner)))
        return out
    return walk(soup)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview"))
    folder = project / "docs/policies/kejing"
    for name, body in TRICKY_BODIES.items():
        (folder / f"preview-{name}.md").write_text(record_with_body(name, body), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    with served(project / "site") as url:
        yield project / "site", url


@pytest.mark.slow
def test_the_preview_cleans_the_body_exactly_as_the_build(browser, preview_site):
    site, url = preview_site
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.goto(url + FORM)
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    differences = {}
    for name, body in TRICKY_BODIES.items():
        built = BeautifulSoup((site / f"policies/kejing/preview-{name}/index.html").read_text(encoding="utf-8"), "lxml")
        expected = built.select_one(".portal-body").decode_contents()
        page.locator("#portal-record-body").fill("\n" + body)
        shown = page.locator("#portal-record-preview").inner_html()
        if canonical(shown) != canonical(expected):
            differences[name] = (shown, expected)
    assert differences == {}
    assert page.evaluate("window.__cspViolations") == []
    context.close()


# -- the vendored libraries ------------------------------------------------------------------------------

def test_vendored_libraries_are_the_pinned_npm_packages_with_their_licences():
    from macros.clerk.vendor import MANIFEST, VENDOR_DIR, expand, locked_versions, sha256

    manifest = json.loads((ROOT / MANIFEST).read_text(encoding="utf-8"))
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert (ROOT / "node_modules").is_dir(), "node_modules is missing: run `make test` (it runs npm ci)"
    versions = locked_versions(ROOT)
    vendored = {p.relative_to(ROOT / VENDOR_DIR).as_posix() for p in (ROOT / VENDOR_DIR).rglob("*") if p.is_file()}
    listed = {"manifest.json"}
    for entry in manifest["packages"]:
        assert entry["version"] == versions[entry["name"]] == package["dependencies"][entry["name"]]
        assert f"{entry['folder']}/LICENSE" in entry["sha256"]
        for origin, target in expand(ROOT, entry):
            assert sha256(ROOT / VENDOR_DIR / target) == entry["sha256"][target] == sha256(origin), target
        listed |= set(entry["sha256"])
    assert vendored == listed


def test_the_form_page_loads_only_its_own_scripts(built_site):
    soup = BeautifulSoup((built_site / FORM / "index.html").read_text(encoding="utf-8"), "lxml")
    modules = [s["src"] for s in soup.select("script[type=module][src]")]
    assert any("javascripts/record-form." in s for s in modules), modules
    sources = [s["src"] for s in soup.select("script[src]")]
    assert any("vendor/json-editor/jsoneditor." in s for s in sources), sources
    form = next((built_site / "assets/javascripts").glob("record-form.*.min.js")).read_text(encoding="utf-8")
    for module in ("lib/checks.", "lib/recordfile.", "record-preview."):  # imported by the form, content-named
        assert re.search(r'from"\./' + re.escape(module) + r'[0-9a-f]{8}\.min\.js"', form), module
    others = BeautifulSoup((built_site / "catalog/index.html").read_text(encoding="utf-8"), "lxml")
    assert not [s for s in others.select("script[src]") if "vendor/" in s["src"] or "record-" in s["src"]]


def test_the_form_fits_a_phone_and_every_field_has_a_label(browser, form_url):
    context = browser.new_context(phone=True)
    page = context.new_page()
    page.goto(form_url)
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
        '#portal-record-form input:not([type=hidden]), #portal-record-form select, #portal-record-form textarea'))
        .filter(e => e.offsetParent !== null && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.id || e.name)""")
    assert unlabelled == []
    context.close()
