"""Everyday words (``aliases`` in data/*.yml) and one-way relations (data/search/narrower.yml) on the
real site, typed on a phone (zh-CN Chromium, the phone profile): an everyday word finds every record
of its entry and says why; a broader word finds its narrower words, never the reverse."""

from __future__ import annotations

import pytest

from bench.compare import everyday_wanted, truth
from test_browser_search_natural import ask, docs, portal, record_url  # noqa: F401  (module fixtures)

pytestmark = pytest.mark.browser


def by_record(shown: dict) -> dict[str, str]:
    return {record_url(r["href"]): r["why"] for r in shown["results"]}


def entry_records(portal, field: str, code: str) -> set[str]:  # noqa: F811
    return {p.url for p in portal.with_value(field, code)}


def text_of(docs, url: str) -> str:  # noqa: F811
    doc = next(d for d in docs if d.url == url)
    return (doc.title + "\n" + doc.text).lower()


EVERYDAY = [
    ("贷款", "贷款", "categories", "rongzi"),
    ("贷款难怎么办", "贷款", "categories", "rongzi"),  # 难 inside a question is not a required word
    ("融资难", "融资难", "categories", "rongzi"),
    ("补贴", "补贴", "categories", "jiangbu"),
    ("税收优惠", "税收优惠", "categories", "shuifei"),
    ("缓交", "缓交", "support_type", "huanjiao"),
]


@pytest.mark.parametrize("query, word, field, code", EVERYDAY, ids=[case[0] for case in EVERYDAY])
def test_an_everyday_word_finds_every_record_of_its_entry(phone, site_url, portal, docs, query, word, field, code):  # noqa: F811
    term = portal.term(field, code)
    wanted = entry_records(portal, field, code)
    assert wanted and word in term.aliases
    shown = by_record(ask(phone, site_url, query))
    assert wanted <= set(shown), (query, wanted - set(shown))
    for url in wanted:
        if word in text_of(docs, url):
            assert f"含‘{word}’" in shown[url]
        else:
            assert shown[url].split("；")[0] == f"‘{word}’属于‘{term.name}’类"  # then any status note


def test_loans_find_the_bank_meeting_and_the_guarantee_fee(phone, site_url, portal):  # noqa: F811
    for query in ("贷款", "贷款难怎么办"):
        shown = by_record(ask(phone, site_url, query))
        found = {url for url, why in shown.items() if "属于‘融资支持’类" in why}
        assert any("yinqi-duijie" in url for url in found), shown
        assert any("danbaofei" in url for url in found), shown


def test_a_broader_word_finds_its_narrower_words_and_not_the_reverse(phone, site_url, docs):  # noqa: F811
    broad = by_record(ask(phone, site_url, "减免"))
    reduced = {d.url for d in docs if "减征" in (d.title + d.text) and "减免" not in (d.title + d.text)}
    exempted = {d.url for d in docs if "免征" in (d.title + d.text) and "减免" not in (d.title + d.text)}
    assert reduced and exempted
    assert all("（‘减征’属于‘减免’）" in broad[url] for url in reduced - exempted), broad
    assert all("（‘免征’属于‘减免’）" in broad[url] for url in exempted - reduced), broad
    narrow = ask(phone, site_url, "免征")
    assert not any("减征" in r["why"] or "同义词" in r["why"] for r in narrow["results"]), narrow["results"]
    assert not set(by_record(narrow)) & (reduced - exempted)


def test_phone_finds_every_provision_with_where_to_call_and_12366_the_tax_ones(phone, site_url, portal):  # noqa: F811
    shown = by_record(ask(phone, site_url, "电话"))
    assert {p.url for p in portal.policies} <= set(shown)
    tax = {p.url for p in portal.policies if any(h.number == "12366" for h in portal.next_step(p).hotlines)}
    assert tax and set(by_record(ask(phone, site_url, "12366"))) >= tax
    first = next(url for url in shown if url.startswith("policies/"))
    phone.goto(f"{site_url}{first}")
    assert phone.locator(".portal-next-step a[href^='tel:']").count() >= 1  # the page it opens has a number to tap


# The issue's own everyday questions (issue 22), with the record pages a person expects as judged by
# hand in bench/compare.py (EVERYDAY): each finds every one of them. (我们厂能享受哪些政策 is the
# matcher's question; search finds the records saying 享受 and 政策, scored in the bench only.)
ISSUE_QUESTIONS = ["贷款难怎么办", "融资难", "贷款", "税收优惠", "补贴", "个体户有什么补贴", "电话", "留抵", "进规奖励多少钱"]


@pytest.fixture(scope="module")
def hand_judged(portal):  # noqa: F811
    return everyday_wanted(truth(portal)[1])


def pages_of(shown: dict) -> list[str]:
    return list(dict.fromkeys(record_url(r["href"]).split("#")[0] for r in shown["results"]))


@pytest.mark.parametrize("question", ISSUE_QUESTIONS)
def test_each_everyday_question_finds_every_record_a_person_expects(phone, site_url, hand_judged, question):
    shown = ask(phone, site_url, question)
    assert hand_judged[question] <= set(pages_of(shown)), hand_judged[question] - set(pages_of(shown))
    assert not any(page.startswith("guide/") for page in pages_of(shown))

