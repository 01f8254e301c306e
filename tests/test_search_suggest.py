"""The suggestion files of the built site (search-index/suggest.json and suggest-<letter>.json,
macros/search/suggest.py): their pinyin is pypinyin's, the terms are the portal's own words in the
index, the titles are public pages, each in the file of its pinyin's first letter."""

from __future__ import annotations

import json

import pytest
from pypinyin import Style, lazy_pinyin

from macros.search.documents import SearchDoc
from macros.search.suggest import (
    READINGS_FILE,
    TITLE_KEYS,
    public_titles,
    readings,
    suggestions,
    syllables,
    title_keys,
    write_suggestions,
)


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def files(built_site) -> dict[str, list[list]]:
    return {p.name: read(p) for p in (built_site / "search-index").glob("suggest*.json")}


@pytest.fixture(scope="module")
def entries(files) -> list[list]:
    """The terms and the titles (a title: [title, document number])."""
    return [entry for name in sorted(files) if name != READINGS_FILE for entry in files[name]]


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


def test_every_term_of_chinese_characters_has_pypinyins_syllables(files):
    chinese = [e for e in files["suggest.json"] if all("\u4e00" <= ch <= "\u9fff" for ch in e[0])]
    assert len(chinese) >= 20
    for text, pinyin, _, _ in chinese:
        assert pinyin == " ".join(lazy_pinyin(text, style=Style.NORMAL)), text


def document_chunks(built_site) -> list[list]:
    manifest = read(built_site / "search-index" / "manifest.json")
    return [doc for n in range(0, manifest["docs"], manifest["doc_chunk"])
            for doc in read(built_site / "search-index" / f"docs-{n // manifest['doc_chunk']}.json")]


def test_titles_are_public_pages_and_never_the_clerks_guide(entries, built_site):
    docs = document_chunks(built_site)
    titles = [e for e in entries if len(e) == 2]
    assert len(titles) >= 10, "no page titles"
    for text, doc in titles:
        url = docs[doc][0]
        assert docs[doc][1] == text
        assert not url.startswith("guide/"), f"{text}: {url}"
        assert (built_site / url.split("#")[0] / "index.html").is_file() or (built_site / url).is_file(), url
    assert all(e[0] not in ("投稿指南", "数据字典") for e in entries)


def test_each_character_of_the_titles_has_the_readings_pypinyin_gives_it_there(files, entries):
    table = files[READINGS_FILE]
    for text, _ in (e for e in entries if len(e) == 2):
        for char, syllable in zip(text, lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: ["-"] * len(s)), strict=True):
            if syllable != "-":
                assert syllable in table[char], (text, char)


def test_a_character_read_two_ways_in_the_titles_has_both_readings_most_used_first():
    table = readings(["增长奖励", "长江大桥", "经济增长"])
    assert table["长"] == ["zhang", "chang"]
    assert title_keys("长江大桥", table) == ["c", "z"]
    assert title_keys("“2024年”", table) == ["0"]
    assert title_keys("《A级》", table) == ["a"]


def test_terms_are_the_portals_words_that_occur_in_the_index():
    docs = [SearchDoc("policies/a/", "留抵退税办理", "正文", "政策"), SearchDoc("guide/", "投稿指南", "正文", "页面"),
            SearchDoc("laws/x/#第一条", "法 第一条", "正文", "法律条文")]
    postings = {"留抵退税": [(0, 100)], "第三十二条": [(1, 1)]}
    found = suggestions(["留抵退税", "小巨人", "第三十二条"], postings, docs)
    assert found.terms == [["留抵退税", "liu di tui shui", "", 1]]
    assert found.titles == {"留抵退税办理": 0}
    assert public_titles(docs) == {"留抵退税办理": 0}


def test_everyday_words_are_offered_with_the_documents_of_their_entry():
    docs = [SearchDoc("policies/a/", "银企对接", "正文", "政策")]
    postings = {"贷款": [(0, 1)]}
    found = suggestions([], postings, docs, {"借钱": 3, "贷款": 3})
    assert found.terms == [["借钱", "jie qian", "", 3], ["贷款", "dai kuan", "", 3]]
    assert found.titles == {"银企对接": 0}


def test_the_built_suggestions_offer_the_vocabularies_everyday_words(entries, built_site):
    manifest = read(built_site / "search-index" / "manifest.json")
    entry_docs = read(built_site / "search-index" / "entries.json")
    for word in ("贷款", "补贴", "缓交"):
        entry = entry_of(entries, word)
        assert entry[2] == "" and entry[1] == " ".join(lazy_pinyin(word, style=Style.NORMAL))
        assert entry[3] == len(entry_docs[manifest["aliases"][word]]) > 0, word


def test_letters_and_digits_are_kept_and_punctuation_dropped():
    assert syllables("2024年“专精特新”A级") == "2024 nian zhuan jing te xin a ji"


def test_terms_in_one_file_and_titles_by_the_first_letter_of_their_pinyin(files):
    assert sorted(files) == sorted(["suggest.json", READINGS_FILE] + [f"suggest-{key}.json" for key in TITLE_KEYS])
    assert files["suggest.json"] and all(e[2] == "" for e in files["suggest.json"])
    table = files[READINGS_FILE]
    for key in TITLE_KEYS:
        for title, _ in files[f"suggest-{key}.json"]:
            first = syllables(title).split()[0]
            assert key == ("0" if first[0].isdigit() else first[0]) or key in title_keys(title, table), title
    assert sum(len(files[f"suggest-{key}.json"]) for key in TITLE_KEYS) >= 10


def test_a_title_beginning_with_a_digit_goes_to_the_file_0(tmp_path):
    write_suggestions(suggestions(["留抵退税"], {"留抵退税": [(0, 1)] * 4},
                                  [SearchDoc("policies/a/", "2024年奖励", "正文", "政策"),
                                   SearchDoc("policies/b/", "留抵退税办理", "正文", "政策")]), tmp_path)
    assert read(tmp_path / "suggest.json") == [["留抵退税", "liu di tui shui", "", 4]]
    assert read(tmp_path / "suggest-0.json") == [["2024年奖励", 0]]
    assert read(tmp_path / "suggest-l.json") == [["留抵退税办理", 1]]
    assert read(tmp_path / "suggest-z.json") == []
    assert read(tmp_path / READINGS_FILE) == {"年": ["nian"], "奖": ["jiang"], "励": ["li"], "留": ["liu"], "抵": ["di"],
                                              "退": ["tui"], "税": ["shui"], "办": ["ban"], "理": ["li"]}
