"""The suggestion files of the built site (search-index/suggest.json and suggest-<letter>.json,
macros/search/suggest.py): their pinyin is pypinyin's, the terms are the portal's own words in the
index, the titles are public pages, each in the file of its pinyin's first letter."""

from __future__ import annotations

import json

import pytest
from pypinyin import Style, lazy_pinyin

from macros.search.documents import SearchDoc
from macros.search.suggest import TITLE_KEYS, public_titles, suggestions, syllables, write_suggestions


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def files(built_site) -> dict[str, list[list]]:
    return {p.name: read(p) for p in (built_site / "search-index").glob("suggest*.json")}


@pytest.fixture(scope="module")
def entries(files) -> list[list]:
    return [entry for name in sorted(files) for entry in files[name]]


def entry_of(entries: list[list], text: str) -> list:
    found = [e for e in entries if e[0] == text]
    assert len(found) == 1, f"{text}: {len(found)} entries"
    return found[0]


def initials(entry: list) -> str:
    return "".join(s[0] for s in entry[1].split())


def test_the_entry_for_liudituishui_has_its_pinyin_and_initials(entries):
    entry = entry_of(entries, "留抵退税")
    assert entry[1].replace(" ", "") == "liudituishui"
    assert initials(entry) == "ldts"
    assert entry[2] == ""  # a term: choosing it searches for it
    assert entry[3] >= 1


def test_every_entry_of_chinese_characters_has_pypinyins_syllables(entries):
    chinese = [e for e in entries if all("\u4e00" <= ch <= "\u9fff" for ch in e[0])]
    assert len(chinese) >= 20
    for text, pinyin, _, _ in chinese:
        assert pinyin == " ".join(lazy_pinyin(text, style=Style.NORMAL)), text


def test_titles_are_public_pages_and_never_the_clerks_guide(entries, built_site):
    titles = [e for e in entries if e[2]]
    assert titles, "no page titles"
    for text, _, url, _ in titles:
        assert not url.startswith("guide/"), f"{text}: {url}"
        assert (built_site / url.split("#")[0] / "index.html").is_file() or (built_site / url).is_file(), url
    assert all(e[0] not in ("投稿指南", "数据字典") for e in entries)


def test_terms_are_the_portals_words_that_occur_in_the_index():
    docs = [SearchDoc("policies/a/", "留抵退税办理", "正文", "政策"), SearchDoc("guide/", "投稿指南", "正文", "页面"),
            SearchDoc("laws/x/#第一条", "法 第一条", "正文", "法律条文")]
    postings = {"留抵退税": [(0, 100)], "第三十二条": [(1, 1)]}
    assert suggestions(["留抵退税", "小巨人", "第三十二条"], postings, docs) == [
        ["留抵退税", "liu di tui shui", "", 1],
        ["留抵退税办理", "liu di tui shui ban li", "policies/a/", 0],
    ]
    assert public_titles(docs) == {"留抵退税办理": "policies/a/"}


def test_letters_and_digits_are_kept_and_punctuation_dropped():
    assert syllables("2024年“专精特新”A级") == "2024 nian zhuan jing te xin a ji"


def test_terms_in_one_file_and_titles_by_the_first_letter_of_their_pinyin(files):
    assert sorted(files) == sorted(["suggest.json"] + [f"suggest-{key}.json" for key in TITLE_KEYS])
    assert files["suggest.json"] and all(e[2] == "" for e in files["suggest.json"])
    for key in TITLE_KEYS:
        for entry in files[f"suggest-{key}.json"]:
            assert entry[2], entry
            assert entry[1][0] == key or (key == "0" and entry[1][0].isdigit()), entry
    assert sum(len(files[f"suggest-{key}.json"]) for key in TITLE_KEYS) >= 10


def test_a_title_beginning_with_a_digit_goes_to_the_file_0(tmp_path):
    write_suggestions([["留抵退税", "liu di tui shui", "", 4], ["2024年奖励", "2024 nian jiang li", "policies/a/", 0],
                       ["留抵退税办理", "liu di tui shui ban li", "policies/b/", 0]], tmp_path)
    assert read(tmp_path / "suggest.json") == [["留抵退税", "liu di tui shui", "", 4]]
    assert read(tmp_path / "suggest-0.json") == [["2024年奖励", "2024 nian jiang li", "policies/a/", 0]]
    assert read(tmp_path / "suggest-l.json") == [["留抵退税办理", "liu di tui shui ban li", "policies/b/", 0]]
    assert read(tmp_path / "suggest-z.json") == []
