"""Parts of words and characters on the real site, typed on a phone (zh-CN Chromium, the phone profile):
a part of the portal's terms finds them, labelled 部分匹配 and after the documents holding the part as a
word of their own; characters that are no word and no part of one find the documents holding them all,
labelled 按单字匹配 (lib/query.js). What each query must find is read from the records' text."""

from __future__ import annotations

import pytest

from macros.search.segment import LAYOUT_GAP
from test_browser_search_natural import ask, docs, expected, portal, record_results, record_url  # noqa: F401  (module fixtures)

pytestmark = pytest.mark.browser

LIUDI = "policies/shuiwu/shuiwu-liudi-tuishui/"  # 小微企业增值税期末留抵退税
GUARANTEE_FEE = "policies/xingye-danbao/xingye-danbao-danbaofei-xiatiao/"  # 市兴业担保公司年担保费率由1.5%降至1%


def text_of(doc) -> str:
    return (doc.title + "\n" + doc.text).lower()


def whole_then_partial(shown: dict, word: str) -> list[bool]:
    """For each result, best first: whether it matched through a longer term (部分匹配‘word’)."""
    return [f"（部分匹配‘{word}’）" in r["why"] for r in shown["results"]]


def test_a_part_inside_a_term_finds_the_term_labelled_and_the_report_broken_across_a_line(phone, site_url, docs):  # noqa: F811
    # the record writes 留抵退税, one of the portal's own terms; the report (from a PDF) breaks it as
    # 留抵退  税 across a line, which is read as one word
    assert "留抵退税" in text_of(next(d for d in docs if d.url == LIUDI))
    report = next(d for d in docs if d.url.startswith("reports/"))
    assert "留抵退税" not in text_of(report) and "留抵退税" in LAYOUT_GAP.sub("", text_of(report))
    shown = ask(phone, site_url, "抵退")
    assert "（抵退（部分匹配：留抵退税））" in shown["status"] and "已忽略" not in shown["status"], shown["status"]
    assert record_results(shown, docs) == expected(docs, [["抵退"]]) >= {LIUDI, report.url}
    why = {record_url(r["href"]): r["why"] for r in shown["results"]}
    assert why[LIUDI].startswith("标题含‘留抵退税’（部分匹配‘抵退’）"), why
    assert record_url(shown["results"][0]["href"]) == LIUDI  # the title holds it
    assert all(whole_then_partial(shown, "抵退")), shown["results"]


def test_a_part_inside_a_term_that_is_no_word_finds_the_term_labelled(phone, site_url, docs):  # noqa: F811
    shown = ask(phone, site_url, "精特新")  # inside 专精特新; no indexed term begins with it
    assert "（部分匹配：专精特新）" in shown["status"] and "已忽略" not in shown["status"], shown["status"]
    assert record_results(shown, docs) == expected(docs, [["精特新"]]) == expected(docs, [["专精特新"]])
    assert all(r["why"].startswith(("标题含‘专精特新’（部分匹配‘精特新’）", "正文含‘专精特新’（部分匹配‘精特新’）"))
               for r in shown["results"]), shown["results"]


def test_characters_that_are_no_word_find_the_documents_holding_each_of_them(phone, site_url, docs):  # noqa: F811
    # The guarantee fee record's title says 降至 (由1.5%降至1%); jieba does not make a word of it.
    assert "降至" in next(d for d in docs if d.url == GUARANTEE_FEE).title
    shown = ask(phone, site_url, "降至")
    assert shown["status"].startswith("找到") and "（降至（按单字匹配：‘降’‘至’））" in shown["status"], shown["status"]
    assert "已忽略" not in shown["status"]
    assert record_results(shown, docs) == {d.url for d in docs if "降" in text_of(d) and "至" in text_of(d)}
    assert record_url(shown["results"][0]["href"]) == GUARANTEE_FEE  # both characters in its title
    assert all(r["why"].startswith("按单字匹配：‘降’‘至’") for r in shown["results"]), shown["results"]
    marked = phone.eval_on_selector_all(".portal-result__title mark", "els => els.map(e => e.textContent)")
    assert "降至" in marked, marked


def test_characters_found_together_nowhere_are_named_and_ignored(phone, site_url, docs):  # noqa: F811
    assert not any(all(ch in text_of(d) for ch in "火箭发射") for d in docs)
    shown = ask(phone, site_url, "留抵退税 火箭发射")
    assert "已忽略：火箭发射。" in shown["status"] and "按单字匹配" not in shown["status"], shown["status"]
    assert record_results(shown, docs) == expected(docs, [["留抵退税"]])
