"""Every data file goes through the loader: each is broken here in a typical way and must give
located Chinese problems (file, line, field, message) as a ContentError, never a traceback.

The loader is called directly on a copy of the project (no site build). Lines are found in the
text each test wrote; lists of allowed codes are read from the data files with plain PyYAML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build, cli_in_process
from macros.core.files import SourceFile
from macros.core.frontmatter import read_source
from macros.core.messages import load_messages
from macros.core.problems import ContentError, Problem
from macros.core.yamlsafe import DATA_FILE, compose_yaml, yaml_data
from macros.load.portal import load_portal
from macros.load.vocabularies import EXAMPLES


def problems_of(project: Path) -> list[Problem]:
    """The problems the loader reports; any exception other than ContentError fails the test."""
    with pytest.raises(ContentError) as caught:
        load_portal(project)
    return caught.value.problems


def edit(project: Path, name: str, old: str, new: str) -> str:
    """Replace ``old`` (once) in data/<name>; returns the new text."""
    path = project / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (name, old)
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, pattern: str, nth: int = 0) -> int:
    """Line number of the ``nth`` line matching ``pattern``."""
    found = [n for n, line in enumerate(text.split("\n"), start=1) if re.search(pattern, line)]
    return found[nth]


def allowed(entries: list[dict]) -> str:
    return "、".join(f"{e['code']}（{e['name']}）" for e in entries)


def data(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


# -- line numbers ----------------------------------------------------------------------------------


def test_a_data_file_counts_lines_from_its_first_line_and_front_matter_after_the_fence():
    text = "# 注释\nsite_name: 甲\nnested:\n  inner: 乙\nbroken: a: b\n"
    fixed = text.replace("broken: a: b\n", "")
    data_file = SourceFile("data/example.yml", load_messages(ROOT))
    assert compose_yaml(text, data_file, 1, DATA_FILE) is None  # line 5 cannot be read
    assert [(p.line, p.field) for p in data_file.problems] == [(5, "YAML")]

    data_file = SourceFile("data/example.yml", load_messages(ROOT))
    value = yaml_data(compose_yaml(fixed, data_file, 1, DATA_FILE), data_file)
    assert value == {"site_name": "甲", "nested": {"inner": "乙"}}
    assert (data_file.lines["site_name"], data_file.lines["nested"], data_file.lines["nested.inner"]) == (2, 3, 4)

    record = read_source("docs/policies/kejing/example.md", f"---\n{text}---\n正文\n".encode(), load_messages(ROOT))
    assert [(p.line, p.field) for p in record.problems] == [(6, "元数据")]  # one more: the opening ---
    record = read_source("docs/policies/kejing/example.md", f"---\n{fixed}---\n正文\n".encode(), load_messages(ROOT))
    assert (record.lines["site_name"], record.lines["nested.inner"]) == (3, 5)


def test_the_real_data_loads_typed(portal):
    matcher = data("matcher.yml")
    assert portal.matcher.sizes.codes == [s["code"] for s in matcher["sizes"]]
    assert [n.categories for n in portal.matcher.needs.terms] == [tuple(n["categories"]) for n in matcher["needs"]]
    beneficiaries = {b["code"]: b["match"] for b in data("beneficiaries.yml")}
    assert {t.code: t.match.as_dict() for t in portal.vocabularies["beneficiaries"].terms} == beneficiaries
    site = data("site.yml")
    assert dict(portal.site) == site and portal.site.icp == site["icp"]
    assert [(d.id, d.page, d.text_status) for d in portal.documents] == [
        (d["id"], d["page"], d["text_status"]) for d in data("documents.yml")]


# -- each file broken in a typical way ---------------------------------------------------------------


def test_departments_duplicate_code_and_missing_name(content_copy):
    departments = data("departments.yml")
    first, second, third = (d["code"] for d in departments[:3])
    edit(content_copy, "departments.yml", f"- code: {second}\n", f"- code: {first}\n")
    text = edit(content_copy, "departments.yml", f"  name: {departments[2]['name']}\n", "")
    assert problems_of(content_copy) == [
        Problem("data/departments.yml", line_of(text, rf"^- code: {first}$", 1), "[1].code",
                f"代码“{first}”重复（第一次在第 {line_of(text, rf'^- code: {first}$')} 行）；每个代码只能出现一次；"
                "请删除重复的一项或换一个代码"),
        Problem("data/departments.yml", line_of(text, rf"^- code: {third}$"), "[2].name",
                f"缺少必填字段；请在这一项中补上；例如：name: {EXAMPLES['departments'][1]}"),
    ]


def test_categories_wrong_indentation(content_copy):
    second = data("categories.yml")[1]["code"]
    text = edit(content_copy, "categories.yml", f"- {{code: {second},", f"  - {{code: {second},")
    assert problems_of(content_copy) == [
        Problem("data/categories.yml", line_of(text, rf"^  - {{code: {second},"), "YAML",
                "这一行的 YAML 格式有误（常见原因：冒号后缺空格、引号没有成对、缩进和上下行不一致）；"
                "请对照本文件中其他项的写法修改"),
    ]


def test_beneficiary_match_with_an_unknown_size(content_copy):
    index = next(i for i, b in enumerate(data("beneficiaries.yml")) if b["match"].get("sizes") == ["wei", "xiao"])
    text = edit(content_copy, "beneficiaries.yml", "sizes: [wei, xiao]}", "sizes: [wei, tiny]}")
    assert problems_of(content_copy) == [
        Problem("data/beneficiaries.yml", line_of(text, r"sizes: \[wei, tiny\]"), f"[{index}].match.sizes",
                "“tiny”不在企业规模词表中（data/matcher.yml 的 sizes）；"
                f"可填写：{allowed(data('matcher.yml')['sizes'])}"),
    ]


def test_site_missing_icp(content_copy):
    text = edit(content_copy, "site.yml", f"icp: {data('site.yml')['icp']}\n", "")
    assert problems_of(content_copy) == [
        Problem("data/site.yml", line_of(text, r"^site_name:"), "icp",
                "缺少页脚必填项“ICP备案号”；请在 data/site.yml 中添加；"
                "若暂时没有，写 icp: null，页面会显示“待主办单位提供”"),
    ]


def test_documents_row_without_page_and_row_with_unknown_text_status(content_copy):
    documents = data("documents.yml")
    edit(content_copy, "documents.yml", f"  page: {documents[1]['page']}\n", "")
    assert documents[2]["text_status"] == "full", documents[2]
    text = edit(content_copy, "documents.yml", f"  text_status: full\n  text: {documents[2]['text']}\n",
                f"  text_status: 已录入\n  text: {documents[2]['text']}\n")
    assert problems_of(content_copy) == [
        Problem("data/documents.yml", line_of(text, rf"^- id: {documents[1]['id']}$"), "[1].page",
                "缺少必填字段；请在这一项中补上；例如：page: laws/sme-promotion-law.md"),
        Problem("data/documents.yml", line_of(text, r"^  text_status: 已录入$"), "[2].text_status",
                "“已录入”不是可以填写的值；可填写：full（全文已录入）、pending（全文待录入）"),
    ]


def test_documents_page_and_text_must_exist(content_copy):
    documents = data("documents.yml")
    law = next(d for d in documents if d["text_status"] == "full")
    row = documents.index(law)
    edit(content_copy, "documents.yml", f"  page: {law['page']}\n", "  page: laws/no-such-page.md\n")
    text = edit(content_copy, "documents.yml", f"  text: {law['text']}\n", "  text: texts/no-such-text.md\n")
    assert problems_of(content_copy) == [
        Problem("data/documents.yml", line_of(text, r"^  page: laws/no-such-page\.md$"), f"[{row}].page",
                "找不到页面 docs/laws/no-such-page.md；page 应为这份文件在 docs/ 中的页面（.md 文件）；"
                "例如：page: laws/sme-promotion-law.md"),
        Problem("data/documents.yml", line_of(text, r"^  text: texts/no-such-text\.md$"), f"[{row}].text",
                "找不到文件 data/texts/no-such-text.md；全文文件应放在 data/texts/ 中；"
                "例如：text: texts/sme-promotion-law-2017.md"),
    ]


def test_matcher_need_with_an_unknown_category(content_copy):
    need = data("matcher.yml")["needs"][2]
    assert need["categories"], need
    wrong = need["categories"][0] + "x"
    text = edit(content_copy, "matcher.yml", f"categories: [{need['categories'][0]}", f"categories: [{wrong}")
    assert problems_of(content_copy) == [
        Problem("data/matcher.yml", line_of(text, rf"code: {need['code']},"), "needs[2].categories",
                f"“{wrong}”不在政策类别词表中（data/categories.yml）；可填写：{allowed(data('categories.yml'))}；"
                f"您是不是要填写“{need['categories'][0]}”？"),
    ]


def test_schema_with_a_trailing_comma(content_copy):
    path = content_copy / "data" / "policy.schema.json"
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r'("kejing-guishang-jiangli")(\n\s*\])', r"\1,\2", text, count=1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    assert problems_of(content_copy) == [
        Problem("data/policy.schema.json", line_of(broken, r'"kejing-guishang-jiangli",$'), "JSON",
                "格式有误：这一行末尾多了一个逗号；JSON 中最后一项后面不能有逗号；请删除这个逗号"),
    ]


def test_vocabulary_with_a_python_tag(content_copy):
    first = data("industries.yml")[0]
    text = edit(content_copy, "industries.yml", f"name: {first['name']}}}",
                "name: !!python/object/apply:os.system [echo pwned]}")
    assert problems_of(content_copy) == [
        Problem("data/industries.yml", line_of(text, r"!!python"), "[0].name",
                "不允许使用 YAML 标签“!!python/object/apply:os.system”；请直接写值，不要加“!”开头的标签"),
    ]


def test_law_text_the_parser_cannot_read(content_copy):
    law = next(d for d in data("documents.yml") if d["kind"] == "law" and d["text_status"] == "full")
    path = content_copy / "data" / law["text"]
    text = path.read_text(encoding="utf-8")
    first_chapter = re.search(r"^## 第一章.*$", text, re.M).group(0)
    text = text.replace(first_chapter, "这一段不在任何一章中（测试插入）。\n\n" + first_chapter, 1)
    path.write_text(text, encoding="utf-8")
    assert problems_of(content_copy) == [
        Problem(f"data/{law['text']}", line_of(text, r"^这一段不在任何一章中"), "法律全文",
                "这一段不属于任何一章或任何一条；"
                "法律全文应保持来源文件的格式：标题行，通过和修订信息，“<!-- INFO END -->”，"
                "然后是“## 第X章 名称”和以“第X条”加空格开头的条文"),
    ]


def test_search_dictionary_line_with_a_wrong_frequency(content_copy):
    path = content_copy / "data" / "search" / "userdict.txt"
    text = path.read_text(encoding="utf-8") + "惠企政策　2000 n\n"  # a full-width space
    path.write_text(text, encoding="utf-8")
    assert problems_of(content_copy) == [
        Problem("data/search/userdict.txt", line_of(text, r"^惠企政策", -1), "词典",
                "这一行格式不对；每行写一个词，后面可以跟词频（数字）和词性（小写英文字母），用一个半角空格分开；"
                "例如：专精特新 2000 n"),
    ]


def test_open_data_without_licenses(content_copy):
    path = content_copy / "data" / "open-data.yml"
    text = re.sub(r"^licenses:\n(  .*\n)+", "", path.read_text(encoding="utf-8"), flags=re.M)
    assert "licenses" not in text
    path.write_text(text, encoding="utf-8")
    assert problems_of(content_copy) == [
        Problem("data/open-data.yml", line_of(text, r"^name:"), "licenses",
                "缺少必填字段；使用条件未确定时如实写“未指定”；"
                "例如：licenses: [{name: notspecified, title: 使用条件待主办单位确定}]"),
    ]


def test_problems_in_several_files_are_reported_together(content_copy):
    edit(content_copy, "site.yml", f"icp: {data('site.yml')['icp']}\n", "")
    edit(content_copy, "beneficiaries.yml", "sizes: [wei, xiao]}", "sizes: [wei, tiny]}")
    assert {p.path for p in problems_of(content_copy)} == {"data/site.yml", "data/beneficiaries.yml"}


# -- what clerks and the build see --------------------------------------------------------------------


def test_check_command_prints_the_located_problem_and_exits_1(content_copy):
    need = data("matcher.yml")["needs"][2]
    text = edit(content_copy, "matcher.yml", f"categories: [{need['categories'][0]}", "categories: [no-such-category")
    result = cli_in_process(content_copy, "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    located = f"data/matcher.yml:{line_of(text, 'no-such-category')}: needs[2].categories: "
    assert located + "“no-such-category”不在政策类别词表中（data/categories.yml）" in output, output


@pytest.mark.slow  # an extra build: the loader's messages are checked in process above
def test_build_stops_with_the_located_problem(project_copy):
    index = [s["code"] for s in data("matcher.yml")["sizes"]].index("xiao")
    edit(project_copy, "matcher.yml", "  - {code: xiao, name: 小型}\n", "  - {code: xiao}\n")
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    text = (project_copy / "data" / "matcher.yml").read_text(encoding="utf-8")
    assert "内容检查未通过，网站没有生成：" in output
    assert f"data/matcher.yml:{line_of(text, r'code: xiao}')}: sizes[{index}].name: 缺少必填字段" in output
