"""Chinese full-text search in Debian's Chromium, over the built site (issue: finding policies)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from harness.browser import wait_until
from macros.load.portal import load_portal
from macros.search.documents import policy_document

USERDICT = ROOT / "data" / "search" / "userdict.txt"
DICTIONARY_TERMS = [line.split()[0] for line in USERDICT.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT)


def run_query(page, site_url: str, query: str) -> list[dict]:
    page.goto(f"{site_url}search/?q={query}")
    wait_until(page, "/找到|没有/.test(document.querySelector('[data-search-status]').textContent)")
    # show every result
    while page.is_visible("[data-search-more]"):
        count = page.locator(".portal-result").count()
        page.click("[data-search-more]")
        wait_until(page, f"document.querySelectorAll('.portal-result').length > {count}")
    return page.eval_on_selector_all(
        ".portal-result__title",
        "els => els.map(e => ({href: e.getAttribute('href'), title: e.textContent, html: e.innerHTML}))")


def target_text(site: Path, href: str) -> str:
    """Visible text of what a result points at: the whole page, or the law article it anchors."""
    parts = urlsplit(href)
    html = (site / unquote(parts.path).lstrip("/") / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    if parts.fragment:
        node = soup.find(id=unquote(parts.fragment))
        assert node is not None, href
        return node.get_text(" ")
    return soup.select_one(".md-content").get_text(" ")


def policy_hrefs(results: list[dict]) -> set[str]:
    return {urlsplit(r["href"]).path.lstrip("/") for r in results if "/policies/" in r["href"]}


@pytest.mark.parametrize("term", DICTIONARY_TERMS)
def test_each_dictionary_term_finds_the_provisions_containing_it(page, site_url, portal, term):
    containing = {p.url for p in portal.policies if term in (lambda d: d.title + d.text)(policy_document(portal, p))}
    results = run_query(page, site_url, term)
    assert containing <= policy_hrefs(results), f"{term}: missing {containing - policy_hrefs(results)}"


@pytest.mark.parametrize("query", ["留抵退税 小微企业", "企业 奖励", "申请条件", "小微企业税费"])
def test_multi_word_query_returns_only_pages_containing_every_word(page, site_url, built_site, query):
    words = {"申请条件": ["申请", "条件"], "小微企业税费": ["小微企业", "税费"]}.get(query, query.split())
    results = run_query(page, site_url, query)
    assert results, query
    for result in results:
        text = re.sub(r"\s+", "", target_text(built_site, result["href"]))
        assert all(word in text for word in words), (query, result["href"])


def test_words_that_never_occur_together_show_the_closest_each_saying_what_it_lacks(page, site_url):
    results = run_query(page, site_url, "留抵退税 知识产权")
    assert results
    assert page.text_content("[data-search-status]").startswith("没有找到同时包含“留抵退税”“知识产权”的内容")
    reasons = page.eval_on_selector_all(".portal-result__why", "els => els.map(e => e.textContent)")
    assert all(re.search("缺少：‘(留抵退税|知识产权)’", why) for why in reasons), reasons


def test_a_word_not_in_the_site_is_named_and_does_not_empty_the_result(page, site_url):
    with_unknown = {r["href"].split("?")[0] for r in run_query(page, site_url, "留抵退税 火箭发射")}
    assert "已忽略：火箭发射" in page.text_content("[data-search-status]")
    assert with_unknown == {r["href"].split("?")[0] for r in run_query(page, site_url, "留抵退税")}


def test_law_article_number_leads_to_its_anchor(page, site_url):
    results = run_query(page, site_url, "第三十二条")
    assert unquote(results[0]["href"]).endswith("#第三十二条")
    assert "第三十二条" in results[0]["title"]
    assert not any(unquote(r["href"]).endswith(("#第二十二条", "#第三十条", "#第十二条")) for r in results)
    page.click(".portal-result__title >> nth=0")
    page.wait_for_url(re.compile(r".*laws/sme-promotion-law/.*"))
    assert unquote(page.evaluate("location.hash")) == "#第三十二条"
    assert page.evaluate("document.getElementById('第三十二条').getBoundingClientRect().top") < 400
    assert page.locator("#第三十二条 mark.portal-hit").count() >= 1


def test_title_matches_rank_above_mere_mentions(page, site_url):
    for query in ("留抵退税", "科技副总", "加计扣除"):
        results = run_query(page, site_url, query)
        in_title = [query in r["title"] for r in results]
        assert in_title[0], query
        assert in_title == sorted(in_title, reverse=True), (query, [r["title"] for r in results])


def test_matches_are_highlighted(page, site_url):
    results = run_query(page, site_url, "留抵退税")
    assert "<mark>留抵退税</mark>" in results[0]["html"]
    assert page.locator(".portal-result__excerpt mark").count() >= 1


def test_search_is_usable_by_keyboard_on_a_phone(browser, site_url):
    context = browser.new_context(phone=True)
    page = context.new_page()
    page.goto(f"{site_url}search/")
    page.focus("#portal-search-q")
    page.keyboard.type("小微企业")
    page.keyboard.press("Enter")
    # focus goes to the result count (announced), whether the typed query had already been shown
    wait_until(page, "document.activeElement.matches('[data-search-status]')"
                           " && /找到/.test(document.activeElement.textContent)")
    assert page.evaluate("document.querySelectorAll('.portal-result').length") > 0
    assert "q=" in page.url
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # nothing wider than the phone
    page.keyboard.press("Tab")  # from the count on to the first result
    assert page.evaluate("document.activeElement.classList.contains('portal-result__title')")
    context.close()


def test_only_the_needed_shards_are_downloaded(page, site_url, built_site):
    shards = len(list((built_site / "search-index").glob("shard-*.json")))
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "search-index/shard-" in r.url else None)
    run_query(page, site_url, "留抵退税")
    assert 1 <= len(set(fetched)) <= len(set("留抵退税"))
    assert len(set(fetched)) <= shards
