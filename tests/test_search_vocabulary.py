"""The search vocabulary (data/search/stopwords.yml, synonyms.yml): the loader's exact Chinese
messages, a problem stopping the build and `python -m macros check`, and each list stated once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, build, cli_in_process
from macros.core.messages import load_messages
from macros.load.search import SYNONYMS_FILE, load_search_vocabulary

STOP_WORDS = "虚词: [的, 和]\n疑问词: [怎么]\n"
CONTENT = ["法律写研究开发，政策写研发；进规，纳入规模以上统计；规上，规模以上，规上企业"]


def load(tmp_path: Path, synonyms: str, stop_words: str = STOP_WORDS, texts=CONTENT):
    folder = tmp_path / "data" / "search"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stopwords.yml").write_text(stop_words, encoding="utf-8")
    (folder / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    vocabulary, problems = load_search_vocabulary(tmp_path, load_messages(ROOT), texts)
    return vocabulary, [str(p) for p in problems]


def test_a_valid_file_gives_groups_in_both_directions(tmp_path):
    vocabulary, problems = load(tmp_path, "# 说明\n研发: [研究开发]\n规上: [规模以上, 规上企业]\n进规: 纳入规模以上统计\n")
    assert problems == []
    assert vocabulary.synonyms == (("研发", "研究开发"), ("规上", "规模以上", "规上企业"), ("进规", "纳入规模以上统计"))
    assert vocabulary.stop_words == {"的", "和", "怎么"}


SYNONYM_ERRORS = [
    ("unknown: not one word", "# 说明\n专精特新: [专精特新“小巨人”]\n",
     "data/search/synonyms.yml:2: 同义词: “专精特新“小巨人””不是一个词"
     "（搜索会在标点、空格处把它拆开，或含有大写字母）；"
     "只写汉字（或小写字母、数字），不写标点和空格；例如：研究开发"),
    ("unknown: upper case", "Rd: [研究开发]\n",
     "data/search/synonyms.yml:1: 同义词: “Rd”不是一个词（搜索会在标点、空格处把它拆开，或含有大写字母）；"
     "只写汉字（或小写字母、数字），不写标点和空格；例如：研究开发"),
    ("unknown: in no content", "研发: [研究开发]\n个税: [个人所得税]\n",
     "data/search/synonyms.yml:2: 同义词: “个税”、“个人所得税”在法律、报告和政策中都没有出现，这一组找不到任何内容；"
     "请只添加网站内容中真实用到的写法，或检查是否写错"),
    ("duplicate entry", "研发: [研究开发]\n研发: [研究]\n",
     "data/search/synonyms.yml:2: 同义词: “研发”重复出现（第一次在第 1 行）；每个词只写一组；请把两组合并"),
    ("duplicate word in a group", "研发: [研究开发, 研究开发]\n",
     "data/search/synonyms.yml:1: 同义词: “研究开发”在这一组中写了两次；请删除其中一处"),
    ("a word in two groups", "研发: [研究开发]\n研究: [研究开发]\n",
     "data/search/synonyms.yml:2: 同义词: “研究开发”已写在第 1 行（“研发”那一组）；"
     "一个词只能属于一组；请把两组合并成一组"),
    ("loop of two", "研发: [研究开发]\n研究开发: [研发]\n",
     "data/search/synonyms.yml:1: 同义词: 这几组互相指向，形成循环：“研发”→“研究开发”→“研发”（另见第 2 行）；"
     "同义词组不分方向，写一组就够了；请把它们合并成一行，例如：研发: [研究开发]"),
    ("loop of three", "研发: [研究开发]\n研究开发: [开发]\n开发: [研发]\n",
     "data/search/synonyms.yml:1: 同义词: 这几组互相指向，形成循环："
     "“研发”→“研究开发”→“开发”→“研发”（另见第 2 行、第 3 行）；"
     "同义词组不分方向，写一组就够了；请把它们合并成一行，例如：研发: [研究开发, 开发]"),
    ("a word its own synonym", "研发: [研发]\n",
     "data/search/synonyms.yml:1: 同义词: “研发”的同义词又写了它自己；请删除这个同义词"),
    ("empty group", "研发: []\n",
     "data/search/synonyms.yml:1: 同义词: “研发”这一组是空的；"
     "请写出至少一个同义词，例如：研发: [研究开发]；或删除这一行"),
    ("group left blank", "研发: [研究开发]\n进规:\n",
     "data/search/synonyms.yml:2: 同义词: “进规”这一组是空的；"
     "请写出至少一个同义词，例如：研发: [研究开发]；或删除这一行"),
    ("a stop word", "研发: [研究开发, 的]\n",
     "data/search/synonyms.yml:1: 同义词: “的”是停用词（data/search/stopwords.yml 第 1 行），搜索时会被忽略；"
     "不能作同义词；请换一个词，或把它从停用词中删除"),
    ("nested mapping", "研发: {研究: 开发}\n",
     "data/search/synonyms.yml:1: 同义词: “研发”的同义词应写在方括号中；例如：研发: [研究开发]"),
    ("not a mapping", "- 研发\n- 研究开发\n",
     "data/search/synonyms.yml:1: 同义词: 文件应为“词: [同义词, …]”的形式；例如：研发: [研究开发]"),
    ("broken YAML", "研发: [研究开发]\n进规: [纳入规模以上统计\n",
     "data/search/synonyms.yml:3: 同义词: 这一行格式有误（常见原因：冒号后缺空格、方括号或引号没有成对、缩进不一致）；"
     "请对照文件开头的说明修改"),
    ("anchors", "研发: &a [研究开发]\n进规: *a\n",
     "data/search/synonyms.yml:1: 同义词: 不允许使用 YAML 锚点和别名（& 和 *）；请把值直接写出来"),
    ("tags", "研发: [研究开发]\n进规: !!python/object [纳入规模以上统计]\n",
     "data/search/synonyms.yml:2: 同义词: 不允许使用 YAML 标签“!!python/object”；请直接写词语，不要加“!”开头的标签"),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in SYNONYM_ERRORS],
                         ids=[case[0] for case in SYNONYM_ERRORS])
def test_synonym_errors_are_located_and_in_chinese(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert problems == [expected]


def test_every_problem_is_collected(tmp_path):
    _, problems = load(tmp_path, "研发: []\n进规: [的]\nRd: [研究开发]\n")
    assert [p.split(":")[1] for p in problems] == ["1", "2", "3"]


STOP_WORD_ERRORS = [
    ("duplicate", "虚词: [的, 和]\n疑问词: [怎么, 的]\n",
     "data/search/stopwords.yml:2: 停用词: “的”重复出现（第一次在第 1 行）；每个词只写一次；请删除其中一处"),
    ("not a list", "虚词: 的\n",
     "data/search/stopwords.yml:1: 停用词: “虚词”后面应为方括号中的词语列表；例如：疑问词: [怎么, 如何]"),
    ("not a word", "虚词: [的, “和”]\n",
     "data/search/stopwords.yml:1: 停用词: ““和””不是一个词（搜索会在标点、空格处把它拆开，或含有大写字母）；"
     "只写汉字（或小写字母、数字），不写标点和空格；例如：研究开发"),
    ("not a mapping", "- 的\n",
     "data/search/stopwords.yml:1: 停用词: 文件应为“分组名: [词, 词, …]”的形式；例如：疑问词: [怎么, 如何]"),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in STOP_WORD_ERRORS],
                         ids=[case[0] for case in STOP_WORD_ERRORS])
def test_stop_word_errors_are_located_and_in_chinese(tmp_path, text, expected):
    _, problems = load(tmp_path, "研发: [研究开发]\n", stop_words=text)
    assert problems == [expected]


def test_the_real_files_are_valid_against_the_real_content(portal):  # its loading raises on any problem
    assert portal.search.synonyms and portal.search.stop_words


BROKEN = "研发: [研究开发]\n研究开发: [研发]\n"
BROKEN_LINE = ("data/search/synonyms.yml:1: 同义词: 这几组互相指向，形成循环：“研发”→“研究开发”→“研发”（另见第 2 行）；"
               "同义词组不分方向，写一组就够了；请把它们合并成一行，例如：研发: [研究开发]")


@pytest.mark.slow  # an extra build: the loader's messages are checked in process above
def test_a_broken_synonym_file_stops_the_build_and_the_check(project_copy):
    (project_copy / SYNONYMS_FILE).write_text(BROKEN, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "内容检查未通过" in result.stderr
    assert BROKEN_LINE in result.stderr
    assert "Traceback" not in result.stderr
    check = cli_in_process(project_copy, "check")
    assert check.returncode == 1
    assert BROKEN_LINE in check.stdout.splitlines()


def test_the_build_ships_both_files_with_the_index(built_site, portal):
    manifest = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["stop_terms"]) == portal.search.stop_words
    assert [tuple(group) for group in manifest["synonyms"]] == list(portal.search.synonyms)


def string_literals(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {m.group(2) for m in re.finditer(r"(['\"])((?:(?!\1)[^\\\n])+)\1", text)}


def test_stop_words_and_synonyms_are_stated_only_in_their_data_files(portal):
    """No code keeps its own copy: no string literal in macros/ or the scripts is a stop word or a
    synonym (the manifest carries them to the browser)."""
    words = set(portal.search.stop_words) | {w for group in portal.search.synonyms for w in group}
    code = sorted((ROOT / "macros").rglob("*.py")) + sorted((ROOT / "overrides" / "assets" / "js").glob("*.js"))
    assert len(code) > 40  # every layer of macros/, not only its top folder
    for path in code:
        assert not string_literals(path) & words, (path.name, string_literals(path) & words)
