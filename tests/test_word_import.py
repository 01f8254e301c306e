"""`python -m macros import` (make import): Word files the tests write with python-docx, converted to
draft records. The notices (harness/wordnotice.py) are fictitious (测试局), made for tests. The rules
are data (data/wordimport.yml) that the record form's Word import reads too: the table of cases
(tests/fixtures/wordimport/cases.json) is run here and by node (tests/js/wordimport.test.mjs), and the
form's code, run in node on the same generated notices, must give the command line's draft and refusals."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import ROOT, cli_in_process
from harness import wordnotice
from jsnode import JS, run_json
from macros.clerk.wordimport.markdown import Block, blocks_of, markdown_of
from macros.clerk.wordimport.metadata import draft_of
from macros.clerk.wordimport.numbering import Numberer, Numbering, format_number
from macros.core.messages import fill, load_messages
from macros.load.wordimport import load_word_rules
from macros.site.wordform import word_form

CASES = json.loads((ROOT / "tests/fixtures/wordimport/cases.json").read_text(encoding="utf-8"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def realistic_notice(path: Path, picture: bool = False) -> Path:
    return wordnotice.realistic_notice(path, picture, used_styles_only=True)


def save(document, path: Path) -> Path:
    return wordnotice.save(document, path, used_styles_only=True)


def run_import(project: Path, file: Path, *args: str):
    """`python -m macros import` (make import), in this process."""
    return cli_in_process(project, "import", str(file), *args)


def run_check(project: Path, file: Path):
    return cli_in_process(project, "check", str(file))


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


EXPECTED_BODY = """
各乡镇测试所，局属各单位：

现将《测试企业奖励办法》印发给你们，请认真贯彻执行。

## 第一章 总则

第一条 为了测试导入功能，制定本办法。

第二条 本办法适用于测试企业。

1\\. 对符合条件的测试企业给予奖励：

1. 首次纳入测试统计的，奖励1万元；
2. 连续两年纳入的，再奖励2万元。

申请时请注意：**材料须真实**，逾期*不予受理*。

| 奖励项目 | 金额 |
|---|---|
| 首次纳入 | 1万元 |
| 连续纳入 | 2万元 |

- 营业执照复印件
- 申请表

本办法自2021年3月5日起施行，有效期至2023年12月31日。

石首市测试局

二〇二一年三月五日
"""

EXPECTED_FRONT_MATTER = """---
# 草稿：由 make import 从“notice.docx”生成。标有“待核对”的值是从文件中找出来的，请对照原文逐项核对，
# 核对后删除这些注释。然后运行 make check FILES=docs/policies/kejing/kejing-2021-2.md，按提示补齐其余内容。
# 待核对：政策编号按部门和文号生成；可改为更好懂的拼音（文件名要一起改），发布后不要再改
id: "kejing-2021-2"
# 待核对：暂用文件标题；请改写成企业看得懂的一句话：给谁、给什么（不超过 60 字）
title: "石首市测试局关于印发测试企业奖励办法的通知"
summary:
# 待核对：发文机关取自文末落款
issuer: "石首市测试局"
# 待核对：文件名称取自文件标题
document_title: "石首市测试局关于印发测试企业奖励办法的通知"
# 待核对：文号取自文件开头，原文写作“石测发[2021]2号”，已改为标准写法
document_number: "石测发〔2021〕2号"
# 待核对：成文日期取自文末“二〇二一年三月五日”
written_date: "2021-03-05"
department: "kejing"
# 待核对：施行日期取自原文“自2021年3月5日起施行”
effective: "2021-03-05"
# 待核对：有效期截止日期取自原文“有效期至2023年12月31日”
expires: "2023-12-31"
beneficiaries:
categories:
support_type:
delivery:
# 待核对：来源文件按导入的 Word 文件填写；passage 请写本政策在原文中的位置（例如：第三条）
sources:
  - document: "石首市测试局关于印发测试企业奖励办法的通知（石测发〔2021〕2号）"
    passage:
last_reviewed:
review_due:
---
"""


def test_realistic_notice_becomes_a_draft_whose_check_lists_what_is_missing(content_copy, tmp_path):
    source = realistic_notice(tmp_path / "notice.docx")
    result = run_import(content_copy, source, "--department", "kejing")
    assert result.returncode == 0, result.stderr
    draft = content_copy / "docs/policies/kejing/kejing-2021-2.md"
    assert draft.read_text(encoding="utf-8") == EXPECTED_FRONT_MATTER + EXPECTED_BODY
    checked = run_check(content_copy, draft)
    fields = [line.split(": ", 2)[1] for line in checked.stdout.splitlines()[:-1]]
    # exactly the required fields the notice cannot tell (found ones are filled, marked 待核对)
    assert fields == ["summary", "beneficiaries", "categories", "support_type", "delivery", "sources[0].passage",
                      "last_reviewed", "review_due"]
    assert all("还没有填写" in line for line in checked.stdout.splitlines()[:-1])


def test_numbered_clauses_and_dates_in_chinese_numerals(content_copy, tmp_path):
    d = docx.Document()
    d.add_paragraph("石首市测试局关于测试日期的意见")
    d.add_paragraph("第一条 本意见自印发之日起施行，有效期三年。")
    d.add_paragraph("石首市测试局")
    d.add_paragraph("二○二二年十二月三十一日")  # ○ (U+25CB), as Word users often type 〇
    save(d, tmp_path / "dates.docx")
    result = run_import(content_copy, tmp_path / "dates.docx", "--department", "kejing", "--id", "kejing-ceshi-riqi")
    assert result.returncode == 0, result.stderr
    text = (content_copy / "docs/policies/kejing/kejing-ceshi-riqi.md").read_text(encoding="utf-8")
    assert 'written_date: "2022-12-31"' in text
    assert "# 待核对：原文为“自印发之日起施行”，暂按成文日期填写；请核对实际印发日期\neffective: \"2022-12-31\"" in text
    assert "# 待核对：原文为“有效期三年”，按施行日期推算（含当天）；请核对\nexpires: \"2025-12-30\"" in text
    assert "document_number" not in text


def test_a_document_without_metadata_leaves_every_field_empty(content_copy, tmp_path):
    d = docx.Document()
    d.add_paragraph("企业可以向测试窗口咨询。")
    d.add_paragraph("")
    d.add_paragraph("　　窗口电话另行通知。")
    save(d, tmp_path / "plain.docx")
    result = run_import(content_copy, tmp_path / "plain.docx", "--department", "caizheng")
    assert result.returncode == 0, result.stderr
    assert "（文件中没有找到元数据）" in result.stdout
    draft = content_copy / "docs/policies/caizheng/caizheng-draft.md"
    text = draft.read_text(encoding="utf-8")
    assert text.endswith("---\n\n企业可以向测试窗口咨询。\n\n窗口电话另行通知。\n")
    guessed = [line for line in text.splitlines() if line.startswith("# 待核对")]
    assert guessed == ["# 待核对：政策编号按部门和文号生成；可改为更好懂的拼音（文件名要一起改），发布后不要再改"]
    checked = run_check(content_copy, draft)
    fields = [line.split(": ", 2)[1] for line in checked.stdout.splitlines()[:-1]]
    assert fields == ["title", "summary", "issuer", "document_title", "beneficiaries", "categories", "support_type",
                      "delivery", "sources[0].document", "sources[0].passage", "last_reviewed", "review_due"]


def test_pictures_are_not_imported_and_said_so(content_copy, tmp_path):
    source = realistic_notice(tmp_path / "notice.docx", picture=True)
    result = run_import(content_copy, source, "--department", "kejing")
    assert result.returncode == 0, result.stderr
    assert "提示：notice.docx: 第 1 张图片没有导入" in result.stderr
    text = (content_copy / "docs/policies/kejing/kejing-2021-2.md").read_text(encoding="utf-8")
    assert text == EXPECTED_FRONT_MATTER + EXPECTED_BODY
    assert "<img" not in text and "![" not in text


def zip_bomb(path: Path) -> Path:
    """A .docx-shaped zip whose document part unpacks to 200 MB of zeros (under 1 MB packed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                part.write(chunk)
    return path


REFUSED = {
    "malformed.docx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"), "文件已损坏"),
    "renamed.docx": (lambda p: p.write_text("只是改了扩展名的文本", encoding="utf-8"), "不是真正的 Word 文档"),
    "bomb.docx": (zip_bomb, "可能是恶意构造的压缩文件"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 old word"), "另存为"),
    "wps.wps": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 wps"), "Word 文档（*.docx）"),
    "huge.docx": (lambda p: p.write_bytes(b"\0" * (21 * 1024 * 1024)), "文件太大"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_write_nothing(content_copy, tmp_path, name):
    make, message = REFUSED[name]
    source = tmp_path / name
    make(source)
    before = files_under(content_copy / "docs")
    result = run_import(content_copy, source, "--department", "kejing")
    assert result.returncode == 1
    assert "没有导入，也没有写任何文件" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert files_under(content_copy / "docs") == before


def test_an_existing_record_is_never_overwritten(content_copy, tmp_path):
    source = realistic_notice(tmp_path / "notice.docx")
    before = files_under(content_copy / "docs")
    result = run_import(content_copy, source, "--department", "kejing", "--id", "kejing-guishang-jiangli")
    assert result.returncode == 1 and "已经存在" in result.stderr
    assert files_under(content_copy / "docs") == before


# -- Word's automatic numbering ---------------------------------------------------------------------

NUMBERED_FRONT_MATTER = {
    "id": "kejing-2023-5", "title": "石首市测试局关于印发测试企业补贴办法的通知", "issuer": "石首市测试局",
    "document_title": "石首市测试局关于印发测试企业补贴办法的通知", "document_number": "石测发〔2023〕5号",
    "written_date": "2023-04-20", "department": "kejing", "effective": "2023-05-01", "expires": "2026-04-30",
}
NUMBERED_BODY = """
各有关单位：

现将《测试企业补贴办法》印发给你们，请遵照执行。

第一条 为了测试自动编号，制定本办法。

第二条 本办法适用于测试企业。

第三条 补贴标准如下：

（一）首次纳入的，补贴1万元；

（二）连续纳入的，再补贴2万元。

| 补贴项目 | 金额 |
|---|---|
| 首次纳入 | 1万元 |
| 连续纳入 | 2万元 |

第四条 本办法自二〇二三年五月一日起施行，有效期三年。

第五条 申请材料：

（一）申请表；

石首市测试局

二〇二三年四月二十日
"""


def front_matter_values(text: str) -> dict[str, str]:
    """The draft's filled top-level values (the comments and empty fields left out)."""
    head = text.split("\n---\n", 1)[0]
    values = {}
    for line in head.splitlines()[1:]:
        if line and not line.startswith(("#", " ")) and ": " in line:
            name, value = line.split(": ", 1)
            values[name] = json.loads(value) if value.startswith('"') else value
    return values


def review_notes(text: str) -> dict[str, str]:
    """Each “# 待核对：…” comment of a draft by the field below it."""
    lines = text.splitlines()
    return {lines[i + 1].split(":")[0]: line.removeprefix("# 待核对：")
            for i, line in enumerate(lines) if line.startswith("# 待核对：")}


def test_word_numbering_keeps_the_notices_clause_numbers_across_a_table(content_copy, tmp_path):
    source = wordnotice.numbered_notice(tmp_path / "notice.docx")
    result = run_import(content_copy, source, "--department", "kejing")
    assert result.returncode == 0, result.stderr
    text = (content_copy / "docs/policies/kejing/kejing-2023-5.md").read_text(encoding="utf-8")
    assert text.split("\n---\n", 1)[1] == NUMBERED_BODY
    clauses = [line.split(" ")[0] for line in text.splitlines() if line.startswith("第") and "条 " in line]
    assert clauses == ["第一条", "第二条", "第三条", "第四条", "第五条"]  # 第四条 after the table, not 1.
    assert front_matter_values(text) == NUMBERED_FRONT_MATTER
    assert "# 待核对：施行日期取自原文“自二〇二三年五月一日起施行”\neffective: \"2023-05-01\"" in text


# -- the table of cases both languages run -------------------------------------------------------------

@pytest.fixture(scope="module")
def rules():
    return load_word_rules(ROOT)


@pytest.fixture(scope="module")
def messages():
    return load_messages(ROOT)


def test_numbers_in_each_of_words_formats(rules):
    assert [format_number(value, name, rules) for value, name, _ in CASES["numbers"]] == \
        [written for _, _, written in CASES["numbers"]]


@pytest.mark.parametrize("case", CASES["numbering"], ids=lambda c: c["case"])
def test_word_numbering_is_written_as_the_notices_numbers(rules, case):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(case["document"].encode(), parser)
    styles = etree.fromstring(case["styles"].encode(), parser) if "styles" in case else None
    numberer = Numberer(Numbering(W, etree.fromstring(case["numbering"].encode(), parser), styles, rules), rules)
    numberer.walk(document.find(f"{{{W}}}body"))
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in document.iter(f"{{{W}}}p")]
    assert texts == case["texts"]


@pytest.mark.parametrize("case", CASES["bodies"], ids=lambda c: c["case"])
def test_mammoths_html_becomes_the_markdown_body(rules, case):
    blocks, images = blocks_of(case["html"], rules)
    assert (markdown_of(blocks), images) == (case["markdown"], case["images"])


@pytest.mark.parametrize("case", CASES["drafts"], ids=lambda c: c["case"])
def test_the_guesses_and_their_notes(rules, messages, case):
    draft = draft_of([Block("p", text, text) for text in case["texts"]], messages, rules)
    expected = {field: (value, fill(messages.texts[f"import.{key}"], values))
                for field, (value, key, values) in case["guesses"].items()}
    assert {field: (g.value, g.note) for field, g in draft.guesses.items()} == expected
    assert draft.body == case["body"]


def test_a_broken_rule_is_a_located_problem(content_copy, tmp_path):
    rules_file = content_copy / "data/wordimport.yml"
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(text.replace("  ends: '(通知|", "  ends: '((通知|"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("    ends: '(通知|"))
    result = run_import(content_copy, realistic_notice(tmp_path / "notice.docx"), "--department", "kejing")
    assert result.returncode == 1
    assert f"data/wordimport.yml:{line}: metadata.title.ends: 这条规则不是有效的正则表达式" in result.stderr
    assert "Traceback" not in result.stderr


# -- the form's code on the same files: the same draft, the same refusals ----------------------------------

def form_imports(project: Path, files: list[Path]) -> list[dict]:
    """lib/wordimport.js in node (the vendored mammoth converting), with the page config's `word`."""
    config = word_form(load_word_rules(project), load_messages(project))
    return run_json(JS / "word-import.mjs", {"config": config, "files": [{"path": str(f), "name": f.name} for f in files]})


def test_the_forms_import_gives_the_command_lines_draft(content_copy, tmp_path):
    notices = [wordnotice.numbered_notice(tmp_path / "numbered.docx"),
               realistic_notice(tmp_path / "realistic.docx", picture=True)]
    for notice, record in zip(notices, ("kejing-2023-5", "kejing-2021-2"), strict=True):
        result = run_import(content_copy, notice, "--department", "kejing")
        assert result.returncode == 0, result.stderr
        text = (content_copy / f"docs/policies/kejing/{record}.md").read_text(encoding="utf-8")
        form = form_imports(content_copy, [notice])[0]["draft"]
        assert "\n" + form["body"] == text.split("\n---\n", 1)[1]
        cli = front_matter_values(text)
        assert {field: guess["value"] for field, guess in form["guesses"].items()} == \
            {k: v for k, v in cli.items() if k not in ("id", "department")}
        notes = {field: note for field, note in review_notes(text).items() if field not in ("id", "sources")}
        assert {field: guess["note"] for field, guess in form["guesses"].items()} == notes
    assert form["warnings"] == ["realistic.docx: 第 1 张图片没有导入：门户不发布图片；图片中的文字请改写成正文或表格"]


def test_the_forms_import_refuses_what_the_command_line_refuses_with_its_words(content_copy, tmp_path):
    made = []
    for name, (make, _) in sorted(REFUSED.items()):
        make(tmp_path / name)
        made.append(tmp_path / name)
    shutil.copy(made[0], tmp_path / "no-document.docx")
    with zipfile.ZipFile(tmp_path / "no-document.docx", "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    made.append(tmp_path / "no-document.docx")
    form = form_imports(content_copy, made)
    for file, result in zip(made, form, strict=True):
        cli = run_import(content_copy, file, "--department", "kejing")
        assert cli.returncode == 1
        reason = cli.stderr.strip().split("没有导入，也没有写任何文件：", 1)[1]
        assert result == {"refused": reason}, file.name
