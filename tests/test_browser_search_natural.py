"""Natural Chinese queries typed into the built site in Debian's Chromium (issue 11).

Each query is typed the way people ask: with function and question words, punctuation,
full-width spaces, everyday words or formal ones, one character, a pasted sentence, or words that
find nothing together. What each query means is written here as the words it must keep; the result
set it must give is computed from the records (``record_documents``): a word matches a document if
any word of its synonym group (data/search/synonyms.yml) occurs in the document's title or text,
and every word is required.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ROOT, build, copy_project
from harness.browser import wait_until
from harness.servers import static_site
from macros.load.portal import load_portal
from macros.model.addresses import CLERK_SECTION
from macros.search.documents import record_documents
from macros.search.segment import LAYOUT_GAP
from test_browser_search import target_text

pytestmark = pytest.mark.browser

LONG_SENTENCE = "请问我们是小微企业，想了解一下增值税留抵退税怎么办理，有什么条件，向哪个部门咨询？"


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT)


@pytest.fixture(scope="module")
def docs(portal):
    return record_documents(portal)


def group_of(portal, word: str) -> list[str]:
    """The synonym group of a word (the word alone if it has none), from data/search/synonyms.yml,
    with the narrower words of its words (data/search/narrower.yml: 减免 -> 减征, 免征)."""
    group = next((list(group) for group in portal.search.synonyms if word in group), [word])
    narrower = [w for relation in portal.search.narrower if relation[0] in group for w in relation[1:]]
    return list(dict.fromkeys(group + narrower))


def expected(docs, concepts: list[list[str]]) -> set[str]:
    """The reference semantics: every concept required; a concept matches if any of its words occurs
    (in the text as read: a line break between two Chinese characters is no word boundary)."""
    def matches(doc, words):
        text = LAYOUT_GAP.sub("", (doc.title + "\n" + doc.text).lower())
        return any(word in text for word in words)
    return {d.url for d in docs if all(matches(d, words) for words in concepts)}


def record_url(href: str) -> str:
    parts = urlsplit(href)
    return parts.path.lstrip("/") + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def ask(page, site_url: str, query: str) -> dict:
    """Type the query into the search page (as a person would) and read everything it shows."""
    page.goto(f"{site_url}search/")
    wait_until(page, "document.querySelector('[data-search-status]').textContent !== ''")
    page.click("#portal-search-q")
    page.keyboard.type(query)
    wait_until(page, "query => new URL(location.href).searchParams.get('q') === query"
        " && /找到|没有/.test(document.querySelector('[data-search-status]').textContent)", arg=query)
    while page.is_visible("[data-search-more]"):
        count = page.locator(".portal-result").count()
        page.click("[data-search-more]")
        wait_until(page, f"document.querySelectorAll('.portal-result').length > {count}")
    results = page.eval_on_selector_all(".portal-result", """els => els.map(e => ({
        href: e.querySelector('.portal-result__title').getAttribute('href'),
        title: e.querySelector('.portal-result__title').textContent,
        kind: e.querySelector('.portal-result__kind').textContent,
        why: e.querySelector('.portal-result__why').textContent}))""")
    help_links = page.eval_on_selector_all("[data-search-help] a", "els => els.map(e => ({href: e.getAttribute('href'),"
                                           " text: e.closest('li').textContent}))")
    return {"status": page.text_content("[data-search-status]"), "results": results, "help": help_links,
            "help_visible": page.is_visible("[data-search-help]")}


NEAR_MISS = "缺少："  # a result lacking a word says so: shown only when no result holds every word


def record_results(shown: dict, docs) -> set[str]:
    """The record pages among the results holding every word (not the near misses)."""
    urls = {d.url for d in docs}
    return {record_url(r["href"]) for r in shown["results"] if NEAR_MISS not in r["why"]} & urls


# kind, query typed, the words it keeps (each expanded by its synonym group), the words it drops
NATURAL_QUERIES = [
    ("function word", "企业的奖励", ["企业", "奖励"], ["的"]),
    ("function word", "小微企业的退税", ["小微企业", "退税"], ["的"]),
    ("question", "怎么申请留抵退税", ["留抵退税"], ["怎么申请"]),
    ("question", "如何申请研发费用加计扣除？", ["研发", "费用", "加计扣除"], ["如何申请"]),
    ("question", "有哪些社保减免", ["社保", "减免"], ["有", "哪些"]),
    ("question", "专精特新企业有什么奖励吗？", ["专精特新", "企业", "奖励"], ["有", "什么", "吗"]),
    ("punctuation", "“专精特新”、“小巨人”！", ["专精特新", "小巨人"], []),
    ("punctuation", "留抵退税,小微企业.", ["留抵退税", "小微企业"], []),
    ("full-width space", "留抵退税\u3000小微企业", ["留抵退税", "小微企业"], []),
    ("synonym, everyday word", "研发", ["研发"], []),
    ("synonym, everyday word", "进规奖励", ["进规", "奖励"], []),
    ("synonym, formal word", "研究开发费用", ["研究开发", "费用"], []),
    ("synonym, formal word", "纳入规模以上统计", ["纳入规模以上统计"], []),
    ("synonym, formal word", "免征", ["免征"], []),
    ("one character", "税", ["税"], []),
    ("one character", "贷", ["贷"], []),
    ("long sentence", LONG_SENTENCE, ["小微企业", "增值税", "留抵退税", "条件", "部门", "咨询"],
     ["请问", "我们", "是", "想", "了解", "一下", "怎么办理", "有", "什么", "向", "哪个"]),
    ("word not in the site", "留抵退税 火箭发射", ["留抵退税"], ["火箭发射"]),
    ("no result", "留抵退税 知识产权", ["留抵退税", "知识产权"], []),
]


@pytest.mark.parametrize("kind, query, words, dropped", NATURAL_QUERIES,
                         ids=[f"{q[0]}: {q[1]}" for q in NATURAL_QUERIES])
def test_natural_query_finds_what_the_records_say(page, site_url, built_site, portal, docs,
                                                  kind, query, words, dropped):
    concepts = [group_of(portal, word) for word in words]
    wanted = expected(docs, concepts)
    assert bool(wanted) == (kind != "no result"), (query, wanted)  # every case is meaningful
    shown = ask(page, site_url, query)
    assert record_results(shown, docs) == wanted, shown["status"]
    if dropped:
        assert f"已忽略：{'、'.join(dropped)}。" in shown["status"]
    else:
        assert "已忽略" not in shown["status"]
    assert all(NEAR_MISS in r["why"] for r in shown["results"]) == (kind == "no result")
    for result in shown["results"]:  # the portal's own pages are indexed from their visible text
        if record_url(result["href"]) not in {d.url for d in docs} and NEAR_MISS not in result["why"]:
            text = re.sub(r"\s+", "", target_text(built_site, result["href"])).lower()
            assert all(any(word in text for word in group) for group in concepts), (query, result["href"])


def test_a_pasted_sentence_is_not_cut(page, site_url):
    assert len(LONG_SENTENCE) >= 40
    assert "找到" in ask(page, site_url, LONG_SENTENCE)["status"]


@pytest.mark.parametrize("query", ["研究开发费用", "研发", "规上", "社保", "社会保险"])
def test_results_say_which_synonym_matched(page, site_url, portal, docs, query):
    by_url = {d.url: d for d in docs}
    typed = re.sub("费用$", "", query)
    shown = ask(page, site_url, query)
    by_synonym = 0
    for result in shown["results"]:
        doc = by_url.get(record_url(result["href"]))
        if doc is None or typed in doc.title + "\n" + doc.text:
            continue
        named = re.search(f"含‘(.+?)’（‘{typed}’的同义词）", result["why"])
        assert named and named.group(1) in group_of(portal, typed), result
        assert named.group(1) in doc.title + "\n" + doc.text
        by_synonym += 1
    assert by_synonym, "no result was found through a synonym"


def test_every_result_says_where_each_word_is(page, site_url, docs):
    by_url = {d.url: d for d in docs}
    shown = ask(page, site_url, "小微企业 留抵退税")
    assert shown["results"]
    for result in shown["results"]:
        for word in ("小微企业", "留抵退税"):
            where = "标题" if word in result["title"] else "正文"
            assert f"{where}含‘{word}’" in result["why"], result
        if record_url(result["href"]) in by_url:
            assert result["title"] == by_url[record_url(result["href"])].title


KIND_RANK = {"政策": 0, "法律条文": 1}


@pytest.mark.parametrize("query", ["企业 奖励", "研发", "减免", "贷"])
def test_ranking_title_first_then_provisions_then_law_articles_then_pages(page, site_url, query):
    shown = ask(page, site_url, query)
    words = query.split()
    # a result ranked down for its status (已失效, or 已被修订 for a superseded law's article) says so
    keys = [("排在有效的政策之后" in r["why"], -sum("标题含" in part for part in r["why"].split("；")),
             KIND_RANK.get(r["kind"], 2)) for r in shown["results"]]
    assert keys == sorted(keys), [(r["title"], r["kind"], r["why"]) for r in shown["results"]]
    assert len(set(keys)) > 1, query  # the query exercises the ranking
    for result in shown["results"]:
        for part in result["why"].split("；"):
            if part.startswith("标题含") and len(words) == 1 and "同义词" not in part and "属于" not in part:
                assert words[0] in result["title"]


def test_no_result_offers_each_word_alone_and_the_closest_catalog_pages(page, site_url, built_site, portal, docs):
    shown = ask(page, site_url, "留抵退税 知识产权")
    assert shown["status"].startswith("没有找到同时包含“留抵退税”“知识产权”的内容")
    assert shown["results"] and shown["help_visible"]
    for result in shown["results"]:  # the closest results are shown at once, each saying what it lacks
        lacks = re.search(r"缺少：‘(.+?)’", result["why"]).group(1)
        held = ({"留抵退税", "知识产权"} - {lacks}).pop()
        assert f"含‘{held}’" in result["why"], result
        if record_url(result["href"]) in {d.url for d in docs}:
            assert record_url(result["href"]) in expected(docs, [[held]]) - expected(docs, [[lacks]]), result
    fewer = {link["text"]: link["href"] for link in shown["help"] if link["text"].startswith("去掉")}
    assert len(fewer) == 2
    for text, href in fewer.items():
        removed, count = re.fullmatch(r"去掉‘(.+)’后有 (\d+) 条", text).groups()
        remaining = parse_qs(urlsplit(href).query)["q"][0]
        assert remaining == ({"留抵退税", "知识产权"} - {removed}).pop()
        after = ask(page, site_url, remaining)  # the link's promise holds
        assert len(after["results"]) == int(count)
        assert record_results(after, docs) == expected(docs, [[remaining]])
    facets = [link for link in shown["help"] if "catalog/" in link["href"]]
    assert facets
    fields = {"departments": "department", "categories": "categories"}
    matched = {p.url for p in portal.policies} & (expected(docs, [["留抵退税"]]) | expected(docs, [["知识产权"]]))
    for link in facets:
        slug, code = urlsplit(link["href"]).path.strip("/").split("/")[-2:]
        assert (built_site / "catalog" / slug / code / "index.html").exists()
        policies = {p.url for p in portal.with_value(fields[slug], code)}
        count = int(re.search(r"其中 (\d+) 条政策", link["text"]).group(1))
        assert count == len(policies & matched) > 0, link
    departments = {p.department for p in portal.policies if p.url in matched}
    assert {urlsplit(link["href"]).path.strip("/").split("/")[-1] for link in facets} >= departments


def test_a_query_of_unknown_words_names_them_and_points_to_the_catalog(page, site_url, built_site):
    shown = ask(page, site_url, "火箭发射")
    assert "已忽略：火箭发射" in shown["status"] and shown["results"] == []
    targets = {urlsplit(link["href"]).path.strip("/") for link in shown["help"]}
    assert targets == {"catalog/departments", "catalog/categories"}
    for target in targets:
        assert (built_site / target / "index.html").exists()


def test_a_thin_result_offers_the_query_with_one_word_less(page, site_url, docs):
    shown = ask(page, site_url, "申请留抵退税")
    wanted = expected(docs, [["留抵退税"]])
    assert len(shown["results"]) < len(expected(docs, [["申请"]]))
    link = next(link for link in shown["help"] if link["text"].startswith("去掉‘申请’"))
    assert parse_qs(urlsplit(link["href"]).query)["q"][0] == "留抵退税"
    assert record_results(ask(page, site_url, "留抵退税"), docs) == wanted


# (the normaliser itself, lib/query.js interpret(): tests/test_js.py, in node)

# -- partial words, single characters, public pages (issue 22), on the phone profile ---------------


def test_the_beginning_of_a_word_finds_it_labelled_as_partial(phone, site_url, docs):
    shown = ask(phone, site_url, "留抵")
    assert "没有找到" not in shown["status"] and "已忽略" not in shown["status"], shown["status"]
    assert record_results(shown, docs) == expected(docs, [["留抵退税"]])
    for result in shown["results"]:
        assert re.search(r"含‘留抵[^’]+’（部分匹配‘留抵’）", result["why"]), result


@pytest.mark.parametrize("question, plain", [("进规奖励多少钱", "进规奖励"), ("贷款难怎么办", "贷款")])
def test_a_single_character_in_a_question_is_not_required(phone, site_url, question, plain):
    with_character = ask(phone, site_url, question)
    without = ask(phone, site_url, plain)
    assert without["results"]
    assert [r["href"] for r in with_character["results"]] == [r["href"] for r in without["results"]]
    assert "已忽略" in with_character["status"]


def test_characters_glued_to_a_stop_word_are_split_again(phone, site_url):
    shown = ask(phone, site_url, "我们厂能享受哪些政策")
    assert shown["results"] and "找到" in shown["status"]
    assert "已忽略：我们、哪些、厂、能。" in shown["status"]


@pytest.mark.parametrize("query", ["电话", "个体户有什么补贴", "进规奖励", "留抵退税", "字段"])
def test_no_clerk_page_answers_a_public_question(phone, site_url, query):
    shown = ask(phone, site_url, query)
    assert [r["href"] for r in shown["results"] if urlsplit(r["href"]).path.lstrip("/").startswith(CLERK_SECTION)] == []


# -- in-force provisions before expired ones ------------------------------------------------------

FAKE_ID = "shuiwu-ceshi-yishixiao"


def expired_record(portal) -> str:
    vocab = portal.vocabularies
    return (
        "---\n"
        f"id: {FAKE_ID}\n"
        "title: 测试记录：已失效的留抵退税（虚构）\n"
        "summary: 这是测试中生成的虚构政策，只用于检查搜索结果的排序。\n"
        "issuer: 虚构发文机关\n"
        "document_title: 虚构文件\n"
        "department: shuiwu\n"
        f"beneficiaries: [{vocab['beneficiaries'].codes[0]}]\n"
        f"categories: [{vocab['categories'].codes[0]}]\n"
        f"support_type: [{vocab['support_type'].codes[0]}]\n"
        f"delivery: {vocab['delivery'].codes[0]}\n"
        'effective: "2020-01-01"\n'
        'expires: "2020-12-31"\n'
        "sources:\n  - document: 虚构来源\n    passage: 虚构段落\n"
        'last_reviewed: "2026-11-24"\n'
        'review_due: "2027-05-24"\n'
        "---\n\n虚构正文，只用于测试。\n"
    )


@pytest.fixture(scope="module")
def site_with_expired(tmp_path_factory, portal):
    project = copy_project(tmp_path_factory.mktemp("expired-project"))
    (project / "docs" / "policies" / "shuiwu" / f"{FAKE_ID}.md").write_text(expired_record(portal), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    with static_site(project / "site") as url:
        yield url


@pytest.mark.slow  # site_with_expired is an extra build
def test_expired_provisions_come_after_everything_in_force(page, site_with_expired):
    shown = ask(page, site_with_expired, "留抵退税")
    urls = [record_url(r["href"]) for r in shown["results"]]
    fake = f"policies/shuiwu/{FAKE_ID}/"
    assert urls[-1] == fake, urls  # after every in-force provision and page, though its title matches
    assert shown["results"][0]["kind"] == "政策" and "标题含‘留抵退税’" in shown["results"][0]["why"]
    assert shown["results"][-1]["why"] == "标题含‘留抵退税’；已失效，排在有效的政策之后"
