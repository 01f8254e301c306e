"""The vocabularies' everyday words (``aliases`` in data/*.yml) and the one-way relations
(data/search/narrower.yml): the loaders' exact located Chinese messages, and the data the build ships
for the browser (search-index/manifest.json, entries.json)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, cli_in_process
from macros.core.messages import load_messages
from macros.load.vocabularies import read_vocabularies
from macros.model.addresses import MATCHER_URL
from macros.model.vocabularies import need_words
from test_search_vocabulary import load

VOCABULARY_FILES = ["departments", "beneficiaries", "industries", "categories", "support_types", "delivery", "matcher"]


def project(tmp_path: Path, appended: dict[str, str]) -> Path:
    """A copy of the real vocabularies and search vocabulary, with text appended to some files."""
    (tmp_path / "data").mkdir()
    for stem in VOCABULARY_FILES:
        shutil.copy(ROOT / "data" / f"{stem}.yml", tmp_path / "data" / f"{stem}.yml")
    shutil.copytree(ROOT / "data" / "search", tmp_path / "data" / "search")
    for stem, text in appended.items():
        with (tmp_path / "data" / f"{stem}.yml").open("a", encoding="utf-8") as file:
            file.write(text)
    return tmp_path


def lines(stem: str) -> list[str]:
    return (ROOT / "data" / f"{stem}.yml").read_text(encoding="utf-8").splitlines()


def next_line(stem: str) -> int:
    """The line of the first text appended to the real file."""
    return len(lines(stem)) + 1


def line_of_code(stem: str, code: str) -> int:
    return next(number for number, line in enumerate(lines(stem), 1) if f"code: {code}," in line)


def alias_problems(tmp_path: Path, appended: dict[str, str]) -> list[str]:
    root = project(tmp_path, appended)
    _, _, files = read_vocabularies(root / "data", load_messages(ROOT))
    return [str(p) for f in files for p in f.problems]


CATEGORY = next_line("categories")
ITEM = sum(line.startswith("- ") for line in lines("categories"))  # the index of the first appended entry
NEED = next_line("matcher")
NEEDS = sum(line.startswith("  - ") for line in "\n".join(lines("matcher")).split("\nneeds:\n")[1].splitlines())

ALIAS_ERRORS = [
    ("the same word in two entries",
     {"categories": "- {code: ceshia, name: 测试甲, aliases: [借贷]}\n- {code: ceshib, name: 测试乙, aliases: [借贷]}\n"},
     f"data/categories.yml:{CATEGORY + 1}: [{ITEM + 1}].aliases: “借贷”已是政策类别“测试甲”的常用说法"
     f"（data/categories.yml:{CATEGORY}）；一个词只能属于一个词条；请删除其中一处"),
    ("a need's word already a category's",
     {"matcher": "  - {code: ceshi, name: 测试, categories: [rongzi], support_type: [], aliases: [贷款]}\n"},
     f"data/matcher.yml:{NEED}: needs[{NEEDS}].aliases: “贷款”已是政策类别“融资支持”的常用说法"
     f"（data/categories.yml:{line_of_code('categories', 'rongzi')}）；"
     "一个词只能属于一个词条；请删除其中一处"),
    ("the name of an entry of the same list",
     {"categories": "- {code: ceshi, name: 测试, aliases: [科技创新]}\n"},
     f"data/categories.yml:{CATEGORY}: [{ITEM}].aliases: “科技创新”是政策类别“科技创新”的名称，搜索本来就能找到；"
     "不必再写作常用说法；请删除这个词"),
    ("a stop word",
     {"categories": "- {code: ceshi, name: 测试, aliases: [怎么办]}\n"},
     f"data/categories.yml:{CATEGORY}: [{ITEM}].aliases: “怎么办”是停用词（data/search/stopwords.yml），搜索时会被忽略；"
     "不能作常用说法；请换一个词，或把它从停用词中删除"),
    ("a synonym",
     {"categories": "- {code: ceshi, name: 测试, aliases: [研究开发]}\n"},
     f"data/categories.yml:{CATEGORY}: [{ITEM}].aliases: “研究开发”已写在 data/search/synonyms.yml 中；一个词只能写在一处："
     "意思相同的写法写同义词，某一类政策的常用说法写 aliases；请删除其中一处"),
    ("a narrower word",
     {"categories": "- {code: ceshi, name: 测试, aliases: [减征]}\n"},
     f"data/categories.yml:{CATEGORY}: [{ITEM}].aliases: “减征”已写在 data/search/narrower.yml 中；一个词只能写在一处："
     "意思相同的写法写同义词，某一类政策的常用说法写 aliases；请删除其中一处"),
    ("a word the query never holds whole",
     {"categories": "- {code: ceshi, name: 测试, aliases: [借钱，贷款]}\n"},
     f"data/categories.yml:{CATEGORY}: [{ITEM}].aliases: “借钱，贷款”不是一个词（搜索会在标点、空格处把它拆开，或含有大写字母）；"
     "只写汉字（或小写字母、数字），不写标点和空格；例如：研究开发"),
    ("not a list",
     {"support_types": "- {code: ceshi, name: 测试, aliases: {借钱: 贷款}}\n"},
     f"data/support_types.yml:{next_line('support_types')}: "
     f"[{sum(line.startswith('- ') for line in lines('support_types'))}].aliases: 格式不对；应为代码列表；例如：aliases: [贷款, 借钱]"),
]


@pytest.mark.parametrize("appended, expected", [case[1:] for case in ALIAS_ERRORS], ids=[case[0] for case in ALIAS_ERRORS])
def test_alias_errors_are_located_and_in_chinese(tmp_path, appended, expected):
    assert alias_problems(tmp_path, appended) == [expected]


def test_a_name_of_another_list_may_be_an_everyday_word(tmp_path):
    """补贴 is a support type's name and an everyday word for the category 财政奖补."""
    assert alias_problems(tmp_path, {"categories": "- {code: ceshi, name: 测试, aliases: [退税, 借贷]}\n"}) == []


def test_the_real_vocabularies_carry_the_everyday_words():
    vocabularies, _, files = read_vocabularies(ROOT / "data", load_messages(ROOT))
    assert [str(p) for f in files for p in f.problems] == []
    assert {"贷款", "融资难", "资金周转"} <= set(vocabularies["categories"]["rongzi"].aliases)
    assert "补贴" in vocabularies["categories"]["jiangbu"].aliases
    assert "缓交" in vocabularies["support_type"]["huanjiao"].aliases


# -- one-way relations ---------------------------------------------------------------------------

CONTENT = ["减征企业养老保险费；免征增值税；税费减免；的"]


def narrower(tmp_path: Path, text: str):
    """The search vocabulary with this narrower.yml (and no synonyms), against CONTENT."""
    folder = tmp_path / "data" / "search"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "narrower.yml").write_text(text, encoding="utf-8")
    return load(tmp_path, "", stop_words="虚词: [的]\n", texts=CONTENT)


def test_a_valid_file_gives_one_way_relations(tmp_path):
    vocabulary, problems = narrower(tmp_path, "# 说明\n减免: [减征, 免征]\n")
    assert problems == []
    assert vocabulary.narrower == (("减免", "减征", "免征"),)
    assert vocabulary.synonyms == ()


NARROWER_ERRORS = [
    ("its own narrower word", "减免: [减免]\n",
     "data/search/narrower.yml:1: 较窄的词: “减免”的较窄的词又写了它自己；请删除这个词"),
    ("a loop", "减免: [减征]\n减征: [减免]\n",
     "data/search/narrower.yml:1: 较窄的词: 这几行互相包含，形成循环：“减免”→“减征”→“减免”（另见第 2 行）；"
     "较宽的词找较窄的词，不能反过来；请删除其中一行"),
    ("a word in no content", "减免: [减征, 火箭]\n",
     "data/search/narrower.yml:1: 较窄的词: “火箭”在法律、报告和政策中都没有出现，查“减免”不会因它多找到内容；"
     "请只写网站内容中真实用到的写法，或检查是否写错"),
    ("a stop word", "减免: [减征, 的]\n",
     "data/search/narrower.yml:1: 较窄的词: “的”是停用词（data/search/stopwords.yml 第 1 行），搜索时会被忽略；"
     "不能作同义词；请换一个词，或把它从停用词中删除"),
    ("not a word", "减免: [减征，免征]\n",
     "data/search/narrower.yml:1: 较窄的词: “减征，免征”不是一个词（搜索会在标点、空格处把它拆开，或含有大写字母）；"
     "只写汉字（或小写字母、数字），不写标点和空格；例如：研究开发"),
    ("not a mapping", "- 减免\n",
     "data/search/narrower.yml:1: 较窄的词: 文件应为“较宽的词: [较窄的词, …]”的形式；例如：减免: [减征, 免征]"),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in NARROWER_ERRORS], ids=[case[0] for case in NARROWER_ERRORS])
def test_narrower_errors_are_located_and_in_chinese(tmp_path, text, expected):
    _, problems = narrower(tmp_path, text)
    assert problems == [expected]


def test_the_real_file_relates_jianmian_one_way(portal):
    assert ("减免", "减征", "免征") in portal.search.narrower
    assert not any({"减征", "免征"} & set(group) for group in portal.search.synonyms)


# -- what the build ships ------------------------------------------------------------------------

def test_the_build_ships_each_entry_once_with_its_records(built_site, portal):
    folder = built_site / "search-index"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entries = json.loads((folder / "entries.json").read_text(encoding="utf-8"))
    docs = [row for n in range(manifest["docs"] // manifest["doc_chunk"] + 1)
            for row in json.loads((folder / f"docs-{n}.json").read_text(encoding="utf-8"))]
    assert manifest["narrower"] == [list(group) for group in portal.search.narrower]
    assert len(entries) == len(manifest["entries"]) == len(set(manifest["aliases"].values()))
    rongzi = portal.vocabularies["categories"]["rongzi"]
    entry = manifest["aliases"]["贷款"]
    assert manifest["entries"][entry] == rongzi.name
    assert {manifest["aliases"][word] for word in rongzi.aliases} == {entry}
    numbers, doc = [], 0
    for gap in entries[entry]:
        doc += gap
        numbers.append(doc)
    assert sorted(docs[n][0] for n in numbers) == sorted(p.url for p in portal.with_value("categories", "rongzi"))
    assert len(numbers) >= 2


def test_the_matcher_shows_each_need_with_the_everyday_words_of_its_entries(built_site, portal):
    """The words are stated once (on the categories and support types); the matcher page reads them."""
    page = (built_site / MATCHER_URL / "index.html").read_text(encoding="utf-8")
    rongzi = portal.matcher.needs["rongzi"]
    words = need_words(rongzi, portal.vocabularies)
    assert set(portal.vocabularies["categories"]["rongzi"].aliases) <= set(words)
    label = re.search(r'<label class="portal-option"><input type="checkbox" name="need" value="rongzi">(.*?)</label>', page)
    assert label is not None
    assert label.group(1) == f' {rongzi.name}<span class="portal-option__words">（{"、".join(words)}）</span>'
    talent = re.search(r'value="rencai">(.*?)</label>', page)
    assert talent is not None and "portal-option__words" not in talent.group(1)  # no everyday words: none shown


def test_a_repeated_alias_stops_python_m_macros_check(content_copy):
    with (content_copy / "data" / "support_types.yml").open("a", encoding="utf-8") as file:
        file.write("- {code: ceshi, name: 测试, aliases: [贷款]}\n")
    check = cli_in_process(content_copy, "check")
    assert check.returncode == 1
    assert (f"data/support_types.yml:{next_line('support_types')}: "
            f"[{sum(line.startswith('- ') for line in lines('support_types'))}].aliases: “贷款”已是政策类别“融资支持”的常用说法"
            f"（data/categories.yml:{line_of_code('categories', 'rongzi')}）；一个词只能属于一个词条；请删除其中一处"
            ) in check.stdout.splitlines()
