"""The legal library (issue 10): every text of data/documents.yml through one code path, versions,
review flags, each provision's 修订记录, and the corrections from the content review.

Texts are compared with data/texts/ parsed here with a few regular expressions, independently of
macros/legal/text.py; the expected article count of each text is the one its own provenance states
(``structure`` in the text's front matter) and the one data/documents.yml declares.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SOURCE_DATE_EPOCH, build, commit_all, copy_project, git
from harness.servers import static_site
from macros.load.portal import load_portal
from test_law_page import law_blocks

DOCUMENTS = yaml.safe_load((ROOT / "data" / "documents.yml").read_text(encoding="utf-8"))
LIBRARY = [d for d in DOCUMENTS if d["kind"] != "report" and d["text_status"] == "full"]
REPORT = next(d for d in DOCUMENTS if d["kind"] == "report")
AS_OF = date(2026, 11, 24)  # SOURCE_DATE_EPOCH of the test builds (conftest.py)
DIGITS = "零一二三四五六七八九"
OLD = next(d for d in DOCUMENTS if any(other.get("supersedes") == d["id"] for other in DOCUMENTS))
NEW = next(d for d in DOCUMENTS if d.get("supersedes") == OLD["id"])


def chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 32 -> 三十二, 72 -> 七十二 (enough for these texts)."""
    assert 0 < n < 100
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[units] if units else "")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def split_source(text: str) -> tuple[dict, str]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    assert match, "source text has no front matter"
    return yaml.safe_load(match.group(1)), text[match.end():]


def source_text(doc: dict) -> dict:
    """A library text straight from data/texts/: its stated count, header lines, chapters, articles."""
    meta, body = split_source((ROOT / "data" / doc["text"]).read_text(encoding="utf-8"))
    head, marker, rest = body.partition("<!-- INFO END -->")
    assert marker
    head_lines = [line.strip() for line in head.split("\n") if line.strip()]
    chapters, articles = law_blocks(rest)
    stated = int(re.search(r"(\d+) articles", meta["structure"]).group(1))
    return {"stated": stated, "title": head_lines[0].lstrip("# "), "preamble": head_lines[1:], "chapters": chapters,
            "articles": articles}


def label(doc: dict) -> str:
    title = doc["title"].replace("《", "〈").replace("》", "〉")
    return f"《{title}》" + (f"（{doc['edition']}）" if doc.get("edition") else "")


def page_url(doc: dict) -> str:
    return doc["page"][: -len(".md")] + "/"


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def content(soup: BeautifulSoup):
    node = soup.select_one("article.md-content__inner")
    assert node is not None
    return node


def resolve(site: Path, from_url: str, href: str) -> tuple[str, str]:
    """A relative link on page ``from_url`` -> (site-relative directory URL, fragment)."""
    parts = urlsplit(href)
    path = os.path.normpath(os.path.join("/" + from_url, unquote(parts.path))).lstrip("/")
    return (path + "/" if path and not path.endswith(".json") else path), unquote(parts.fragment)


by_id = pytest.mark.parametrize("doc", LIBRARY, ids=[d["id"] for d in LIBRARY])


# -- the five texts -----------------------------------------------------------------------------

def test_the_library_holds_the_five_texts_of_the_issue():
    assert sorted(d["text"] for d in LIBRARY) == sorted(f"texts/{name}.md" for name in (
        "sme-promotion-law-2017", "youhua-yingshang-huanjing-tiaoli-2019", "cujin-getigongshanghu-fazhan-tiaoli-2022",
        "baozhang-zhongxiao-qiye-kuanxiang-zhifu-tiaoli-2020", "baozhang-zhongxiao-qiye-kuanxiang-zhifu-tiaoli-2025"))


@by_id
def test_each_text_has_exactly_its_article_count_with_an_anchor_each(built_site, doc):
    source = source_text(doc)
    numbers = [number for number, _ in source["articles"]]
    assert numbers == [f"第{chinese(i)}条" for i in range(1, source["stated"] + 1)]
    assert doc["articles"] == source["stated"] == len(numbers)
    sections = content(soup_of(built_site, page_url(doc))).select("section.law-article")
    assert [s.get("id") for s in sections] == numbers


@by_id
def test_every_article_shows_exactly_the_source_text(built_site, doc):
    source = dict(source_text(doc)["articles"])
    mismatches = []
    for section in content(soup_of(built_site, page_url(doc))).select("section.law-article"):
        shown = [norm(p.get_text()) for p in section.select("p.law-para")]
        if shown != [norm(p) for p in source[section["id"]]]:
            mismatches.append(section["id"])
        number = section.select_one("p.law-para a.law-num")
        assert number is not None and number["href"] == f"#{section['id']}"
    assert not mismatches, f"{doc['id']}: {mismatches}"


@by_id
def test_chapters_or_none(built_site, doc):
    source = source_text(doc)
    page = content(soup_of(built_site, page_url(doc)))
    headings = [h for h in page.find_all("h2") if h.get("id", "").endswith("章")]
    toc = page.select_one("nav.law-toc")
    if source["chapters"]:
        assert [(h["id"], norm(h.get_text()).rstrip("¶").strip()) for h in headings] == [
            (number, f"{number} {title}") for number, title in source["chapters"]]
        assert [a["href"] for a in toc.select("a")] == [f"#{number}" for number, _ in source["chapters"]]
    else:  # a text without chapters: no chapter headings, no contents, every article still there
        assert headings == [] and toc is None
        assert f"共 {len(source['articles'])} 条" in page.select_one(".law-toc--flat").get_text()


@by_id
def test_every_article_has_copy_link_and_copy_citation(built_site, doc):
    for section in content(soup_of(built_site, page_url(doc))).select("section.law-article"):
        assert section.select_one("button[data-copy=link]")["data-anchor"] == section["id"]
        assert section.select_one("button[data-copy=citation]")["data-citation"] == label(doc) + section["id"]


@by_id
def test_the_header_lines_are_shown_as_found(built_site, doc):
    """Including the 2025 revision's stray full-width parenthesis, which the source keeps."""
    source = source_text(doc)
    shown = [norm(p.get_text()) for p in content(soup_of(built_site, page_url(doc))).select(".law-preamble p")]
    assert shown == [norm(line) for line in source["preamble"]]


def test_the_stray_header_character_case_is_real():
    assert any(line.endswith("修订）") for line in source_text(NEW)["preamble"])
    assert not source_text(OLD)["preamble"] and not source_text(OLD)["chapters"]  # the 2020 header is empty


@by_id
def test_metadata_and_provenance_block(built_site, doc):
    block = content(soup_of(built_site, page_url(doc))).select_one("dl.portal-docblock")
    shown = {norm(dt.get_text()): norm(dt.find_next_sibling("dd").get_text()) for dt in block.find_all("dt")}
    assert shown["标题"] == doc["title"] and shown["发文机关"] == doc["issuer"]
    assert shown["文号"].startswith(doc["document_number"] or "暂无")
    assert shown["施行日期"] == doc["effective"]
    assert shown["来源说明"] == doc["provenance"]
    assert shown["条文数"].startswith(f"共 {doc['articles']} 条")
    for source in doc["official_sources"]:
        assert block.select_one(f'a[href="{source["url"]}"]') is not None


def test_the_laws_index_lists_every_text_with_its_state(built_site):
    rows = {r["data-document"]: r for r in content(soup_of(built_site, "laws/")).select("tr[data-document]")}
    assert list(rows) == [d["id"] for d in DOCUMENTS if d["kind"] != "report"]
    for doc in DOCUMENTS:
        if doc["kind"] == "report":
            continue
        row = rows[doc["id"]]
        assert resolve(built_site, "laws/", row.select_one("a")["href"])[0] == page_url(doc)
        state = norm(row.find_all("td")[-1].get_text())
        if doc is OLD:
            assert state.startswith("已被修订") and NEW["revised"] in state
        elif doc["text_status"] == "full":
            assert state == f"全文已录入（{doc['articles']} 条）"
        else:
            assert state == "全文待录入"


def test_back_links_from_the_records_that_cite_an_article(built_site):
    portal = load_portal(ROOT, AS_OF)
    for doc in portal.laws:
        page = content(soup_of(built_site, doc.url))
        for article in doc.law.articles:
            citing = {p.url for p in portal.implementing(doc.id, article.number)}
            links = page.select(f'section[id="{article.number}"] .law-policies a')
            assert {resolve(built_site, doc.url, a["href"])[0] for a in links} == citing


# -- a wrong text or count stops the build --------------------------------------------------------

def test_an_article_count_that_disagrees_with_the_text_stops_the_build(project_copy):
    doc = next(d for d in LIBRARY if d["articles"] == 72)
    path = project_copy / "data" / "documents.yml"
    text = path.read_text(encoding="utf-8")
    row = text.index(f"- id: {doc['id']}\n")
    broken = text[:row] + text[row:].replace("  articles: 72\n", "  articles: 71\n", 1)
    path.write_text(broken, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    line = broken[:broken.index("  articles: 71\n", row)].count("\n") + 1
    assert (f"data/documents.yml:{line}: [{DOCUMENTS.index(doc)}].articles: 条文数写的是“71”，"
            f"但全文 data/{doc['text']} 读出 72 条（第一条至第七十二条）") in result.stdout + result.stderr
    assert not (project_copy / "site" / "index.html").exists()


def test_a_text_missing_an_article_stops_the_build(project_copy):
    doc = next(d for d in LIBRARY if d["articles"] == 39)
    path = project_copy / "data" / doc["text"]
    text = path.read_text(encoding="utf-8")
    dropped = re.search(r"^第十条 .*\n\n", text, re.M).group(0)
    path.write_text(text.replace(dropped, "", 1), encoding="utf-8")
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"data/{doc['text']}:" in output and "条文编号不连续：这里应为第 10 条，却是“第十一条”" in output


# -- versions -------------------------------------------------------------------------------------

def test_the_superseded_text_is_marked_with_the_date_and_links_to_the_current_one(built_site):
    page = content(soup_of(built_site, page_url(OLD)))
    notice = page.select_one(".portal-superseded")
    assert notice is not None and "已被修订" in notice.get_text()
    assert NEW["revised"] in notice.get_text() and NEW["effective"] in notice.get_text()
    current = notice.select_one("a.portal-superseded__current")
    assert resolve(built_site, page_url(OLD), current["href"])[0] == page_url(NEW)
    assert norm(current.get_text()) == label(NEW)
    # the current version says what it replaced
    back = content(soup_of(built_site, page_url(NEW))).select_one(".portal-version a")
    assert resolve(built_site, page_url(NEW), back["href"])[0] == page_url(OLD)


def test_each_superseded_article_links_to_its_place_in_the_current_version(built_site):
    """Computed from the two texts: an article whose text is unchanged links to it (“同为第X条”
    when the number is the same too); any other sends the reader to the current text as a whole."""
    def text_of(articles):  # number -> paragraphs, the number itself left out
        return {n: [norm(re.sub(rf"^{n}\s", "", p[0]))] + [norm(x) for x in p[1:]] for n, p in articles}
    old, new = text_of(source_text(OLD)["articles"]), text_of(source_text(NEW)["articles"])
    page = content(soup_of(built_site, page_url(OLD)))
    same_number = 0
    for number, paragraphs in old.items():
        note = page.select_one(f'section[id="{number}"] .law-current')
        target = resolve(built_site, page_url(OLD), note.select_one("a")["href"])
        identical = [n for n, p in new.items() if p == paragraphs]
        if number in identical:
            same_number += 1
            assert target == (page_url(NEW), number) and f"同为{number}" in note.get_text()
        elif identical:
            assert target == (page_url(NEW), identical[0])
        else:
            assert target == (page_url(NEW), "") and "现行文本" in note.get_text()
    assert same_number >= 1


def test_search_indexes_every_article_and_ranks_the_superseded_version_after(built_site):
    manifest = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))
    docs = []
    for n in range((manifest["docs"] + manifest["doc_chunk"] - 1) // manifest["doc_chunk"]):
        docs += json.loads((built_site / "search-index" / f"docs-{n}.json").read_text(encoding="utf-8"))
    rank = {d[0]: (int(manifest["order"][i]) // 3, d[4]) for i, d in enumerate(docs)}
    for doc in LIBRARY:
        for number, _ in source_text(doc)["articles"]:
            tier, note = rank[f"{page_url(doc)}#{number}"]
            assert (tier, note) == ((2, "已被修订") if doc is OLD else (0, "")), (doc["id"], number)


@pytest.mark.browser
def test_search_shows_the_current_version_first(page, site_url):
    page.goto(f"{site_url}search/?q=款项支付 第八条")
    page.wait_for_function("/找到|没有/.test(document.querySelector('[data-search-status]').textContent)")
    titles = page.eval_on_selector_all(".portal-result__title", "els => els.map(e => e.getAttribute('href'))")
    hrefs = [unquote(h) for h in titles]
    new = next(i for i, h in enumerate(hrefs) if urlsplit(h).path == f"/{page_url(NEW)}" and h.endswith("#第八条"))
    old = next(i for i, h in enumerate(hrefs) if urlsplit(h).path == f"/{page_url(OLD)}" and h.endswith("#第八条"))
    assert new < old
    assert "已被修订" in page.locator(".portal-result").nth(old).text_content()


@pytest.mark.browser
@by_id
def test_copy_citation_of_an_article_of_each_text(browser, site_url, doc):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{page_url(doc)}")
        last = source_text(doc)["articles"][-1][0]
        page.evaluate("navigator.clipboard.writeText('')")
        page.locator(f'section[id="{last}"] button[data-copy=citation]').click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == label(doc) + last
        page.evaluate("navigator.clipboard.writeText('')")
        page.locator(f'section[id="{last}"] button[data-copy=link]').click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        assert unquote(page.evaluate("navigator.clipboard.readText()")) == f"{site_url}{page_url(doc)}#{last}"
    finally:
        context.close()


# -- review flags: a record citing the 2020 text, and one past its review date ------------------------

FAKE_CITING = "kejing-ceshi-yinyong-jiuwenben"
FAKE_OVERDUE = "kejing-ceshi-guoqi-fuhe"


def fake_record(record_id: str, legal_basis: list[str], review_due: str) -> str:
    basis = "".join(f"\n  - {ref}" for ref in legal_basis)
    return f"""---
id: {record_id}
title: 测试用虚构政策{record_id[-4:]}（不得发布）
summary: 测试夹具中的虚构政策，只用于检查待复核标记，面向小微企业。
issuer: 虚构机关
document_title: 虚构文件
department: kejing
beneficiaries: [xiaowei]
categories: [jiangbu]
support_type: [jiangli]
delivery: yishenqing
legal_basis:{basis}
sources:
  - document: 虚构来源
    passage: 虚构段落
last_reviewed: "2025-06-01"
review_due: "{review_due}"
---

虚构正文。
"""


@pytest.fixture(scope="module")
def flagged(tmp_path_factory):
    """A project copy with two fake records, built; (project, site, portal)."""
    project = copy_project(tmp_path_factory.mktemp("flagged") / "project")
    folder = project / "docs" / "policies" / "kejing"
    citing = fake_record(FAKE_CITING, [f"{OLD['id']}#第八条", f"{OLD['id']}#第九条", "sme-law#第八条"], "2027-05-24")
    (folder / f"{FAKE_CITING}.md").write_text(citing, encoding="utf-8")
    overdue = fake_record(FAKE_OVERDUE, ["sme-law#第八条"], "2026-01-01")
    (folder / f"{FAKE_OVERDUE}.md").write_text(overdue, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, project / "site", load_portal(project, AS_OF)


SUPERSEDED_MESSAGE = f"所依据的{label(OLD)}已于 {NEW['revised']} 修订，本条待复核"
OVERDUE_MESSAGE = "本条的下次核对日期 2026-01-01 已过，本条待复核"


def test_a_record_citing_the_superseded_text_is_flagged_on_its_page(flagged):
    _, site, _ = flagged
    page = content(soup_of(site, f"policies/kejing/{FAKE_CITING}/"))
    flags = page.select(".portal-flags li")
    assert [norm(li.get_text()) for li in flags] == [f"{SUPERSEDED_MESSAGE}（现行文本：{label(NEW)}）"]
    assert resolve(site, f"policies/kejing/{FAKE_CITING}/", flags[0].select_one("a")["href"])[0] == page_url(NEW)
    cited = [norm(li.get_text()) for li in page.select(".portal-legal li")]
    assert f"{label(OLD)}第八条 已被修订" in cited and "《中华人民共和国中小企业促进法》第八条" in cited
    overdue = content(soup_of(site, f"policies/kejing/{FAKE_OVERDUE}/"))
    assert [norm(li.get_text()) for li in overdue.select(".portal-flags li")] == [OVERDUE_MESSAGE]


def test_unflagged_records_show_no_flag(flagged, built_site):
    _, site, portal = flagged
    for policy in portal.policies:
        if policy.id not in (FAKE_CITING, FAKE_OVERDUE):
            assert not content(soup_of(site, policy.url)).select(".portal-flags"), policy.id


def test_flags_in_the_open_data_and_the_catalog_rows(flagged):
    _, site, portal = flagged
    rows = {r["id"]: r for r in json.loads((site / "api" / "catalog.json").read_text(encoding="utf-8"))["policies"]}
    records = {r["id"]: r for r in json.loads((site / "api" / "policies.json").read_text(encoding="utf-8"))["policies"]}
    expected = {FAKE_CITING: [SUPERSEDED_MESSAGE], FAKE_OVERDUE: [OVERDUE_MESSAGE]}
    for policy in portal.policies:
        messages = expected.get(policy.id, [])
        assert rows[policy.id]["review"] == ("flagged" if messages else "clear")
        assert rows[policy.id]["review_flags"] == messages
        review = records[policy.id]["review"]
        assert [f["message"] for f in review["flags"]] == messages and review["name"] == ("待复核" if messages else "无需复核")
        one = json.loads((site / "api" / "policies" / f"{policy.id}.json").read_text(encoding="utf-8"))
        assert one["review"] == review
    assert records[FAKE_CITING]["review"]["flags"][0]["url"] == page_url(NEW)
    csv = (site / "api" / "policies.csv").read_text(encoding="utf-8-sig")
    assert SUPERSEDED_MESSAGE in csv and OVERDUE_MESSAGE in csv


def test_flags_in_the_catalog_filter_options_and_index_pages(flagged):
    _, site, _ = flagged
    catalog = content(soup_of(site, "catalog/"))
    options = {i["value"]: norm(i.parent.get_text()) for i in catalog.select("input[name=review]")}
    assert options == {"flagged": "待复核", "clear": "无需复核"}
    links = content(soup_of(site, "catalog/review/flagged/")).select("td a[href*=policies]")
    listed = {a["href"].rstrip("/").split("/")[-1] for a in links}
    assert listed == {FAKE_CITING, FAKE_OVERDUE}


@pytest.fixture(scope="module")
def flagged_url(flagged):
    _, site, _ = flagged
    with static_site(site) as url:
        yield url


@pytest.mark.browser
def test_the_catalog_filter_shows_exactly_the_flagged_records(page, flagged_url):
    page.goto(f"{flagged_url}catalog/?review=flagged")
    page.wait_for_function("document.querySelector('[data-portal-filter] [data-finder-status]').textContent.length > 0")
    rows = "[data-finder-results] tr[data-policy]"
    shown = set(page.eval_on_selector_all(rows, "rows => rows.map(r => r.dataset.policy)"))
    assert shown == {FAKE_CITING, FAKE_OVERDUE}
    assert page.is_checked("input[name=review][value=flagged]")
    assert page.text_content("[data-count-for='review:flagged']") == "(2)"


@pytest.mark.browser
def test_the_matcher_shows_the_flag_on_the_result(page, flagged_url):
    page.clock.set_fixed_time("2026-11-24T10:00:00Z")
    page.goto(f"{flagged_url}matcher/")
    page.check("input[name=type][value=qiye]")
    page.check("input[name=size][value=xiao]")
    page.click("[data-portal-matcher] button[type=submit]")
    page.wait_for_function("document.querySelectorAll('.portal-match').length > 0")
    note = page.locator(f".portal-match[data-policy={FAKE_CITING}] .portal-match__review")
    assert note.text_content() == f"待复核：{SUPERSEDED_MESSAGE}"


def test_check_reports_the_flags_as_warnings_with_file_and_line(flagged):
    project, _, _ = flagged
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    citing = (project / "docs/policies/kejing" / f"{FAKE_CITING}.md").read_text(encoding="utf-8").split("\n")
    overdue = (project / "docs/policies/kejing" / f"{FAKE_OVERDUE}.md").read_text(encoding="utf-8").split("\n")
    basis_line = citing.index(f"  - {OLD['id']}#第八条") + 1
    due_line = overdue.index('review_due: "2026-01-01"') + 1
    warnings = [line for line in result.stdout.split("\n") if "警告：" in line]
    assert len(warnings) == 2
    folder = "docs/policies/kejing"
    assert warnings[0].startswith(f"{folder}/{FAKE_OVERDUE}.md:{due_line}: 警告：review_due: {OVERDUE_MESSAGE}")
    assert warnings[1].startswith(f"{folder}/{FAKE_CITING}.md:{basis_line}: 警告：legal_basis[0]: {SUPERSEDED_MESSAGE}")
    assert "检查通过" in result.stdout
    as_json = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check", "--format", "json"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    data = json.loads(as_json.stdout)
    assert data["count"] == 0 and [w["line"] for w in data["warnings"]] == [due_line, basis_line]


def test_the_real_records_are_not_flagged(built_site):
    portal = load_portal(ROOT, AS_OF)
    assert all(not portal.review_flags(p) for p in portal.policies)


# -- history of each provision -------------------------------------------------------------------------

CHANGED = "docs/policies/kejing/kejing-guishang-jiangli.md"


def history_items(site: Path, url: str) -> list[str]:
    return [norm(li.get_text()) for li in soup_of(site, url).select(".portal-history__list li")]


@pytest.mark.slow
def test_history_of_a_record_in_a_repository_and_the_fallback_in_a_shallow_clone(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project, "测试：导入全部政策")
    record = project / CHANGED
    record.write_text(record.read_text(encoding="utf-8") + "\n测试用的补充说明。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "测试：补充说明", when="2026-11-22T23:30:00+00:00")  # 2026-11-23 in China
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    url = CHANGED.removeprefix("docs/")[: -len(".md")] + "/"
    assert history_items(site, url) == ["2026-11-23 测试：补充说明", "2026-11-20 测试：导入全部政策"]
    assert history_items(site, "policies/shuiwu/shuiwu-liudi-tuishui/") == ["2026-11-20 测试：导入全部政策"]
    snapshot = soup_of(site, url).select_one(".portal-history__data a")
    path, _ = resolve(site, url, snapshot["href"])
    assert path == "api/policies/kejing-guishang-jiangli.json" and (site / path).is_file()

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True,
                   capture_output=True)
    assert build(shallow).returncode == 0
    history = soup_of(shallow / "site", url).select_one(".portal-history")
    assert "历史记录不可用" in history.get_text() and not history.select("li")


def test_a_copy_without_history_says_so_on_every_record(built_site):
    """The shared build is of a copy without .git (like a tarball): it builds, and says so."""
    portal = load_portal(ROOT, AS_OF)
    for policy in portal.policies:
        history = soup_of(built_site, policy.url).select_one(".portal-history")
        assert history is not None and "历史记录不可用" in history.get_text() and not history.select("li"), policy.id
        assert history.select_one(".portal-history__data a") is not None


# -- corrections from the content review ----------------------------------------------------------------

@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT, AS_OF)


def page_facts(site: Path, url: str) -> dict[str, str]:
    page = content(soup_of(site, url))
    return {norm(dt.get_text()): norm(dt.find_next_sibling("dd").get_text()) for dt in page.select(".portal-policy dt")}


def test_implementer_is_a_field_of_its_own_in_the_contract(portal):
    field = portal.contract.field("implementer")
    assert field.title == "实施主体" and field.section == "benefit" and not field.required


def test_issuer_and_document_title_describe_the_same_document(built_site, portal):
    """For a document the portal holds, the record's 发文机关 is that document's issuer; who grants
    the benefit is shown as 实施主体."""
    issuers = {d.title: d.meta.get("issuer") for d in portal.documents}
    checked = 0
    for policy in portal.policies:
        if policy.document_title in issuers:
            checked += 1
            assert policy.issuer == issuers[policy.document_title], policy.id
        facts = page_facts(built_site, policy.url)
        assert facts["发文机关"] == policy.issuer
        assert facts["实施主体"] == (policy.implementer or "暂无（来源未提供）")
    assert checked
    report_text = flat((ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8"))
    for record_id in ("kejing-xiaojuren-jiangli", "xingye-danbao-danbaofei-xiatiao"):
        policy = portal.policy(record_id)
        assert policy.issuer == REPORT["issuer"] and policy.implementer
        assert flat(policy.implementer).removeprefix("石首") in report_text  # as the report words it


def test_an_issuer_that_is_not_the_documents_is_refused(project_copy):
    path = project_copy / "docs/policies/kejing/kejing-xiaojuren-jiangli.md"
    text = path.read_text(encoding="utf-8").replace(f"issuer: {REPORT['issuer']}\n", "issuer: 石首市本级财政\n")
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--root", str(project_copy), "check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    line = text.split("\n").index("issuer: 石首市本级财政") + 1
    assert result.returncode == 1
    assert (f"docs/policies/kejing/kejing-xiaojuren-jiangli.md:{line}: issuer: 文件名称是《{REPORT['title']}》，"
            f"它的发文机关是“{REPORT['issuer']}”，不是“石首市本级财政”") in result.stdout


def test_the_matcher_says_exactly_what_it_does_with_unverified_provisions(built_site, portal):
    from macros.model.status import APPLICABLE, STATUSES
    scope = norm(content(soup_of(built_site, "matcher/")).select_one(".portal-matcher-scope").get_text())
    assert "结果只包括仍然有效的政策" not in scope
    assert "、".join(STATUSES[c] for c in APPLICABLE) in scope
    assert "、".join(label for c, label in STATUSES.items() if c not in APPLICABLE) + "的政策不会列出" in scope
    unverified = sum(1 for p in portal.policies if portal.status(p) == "unverified")
    assert f"收录的 {len(portal.policies)} 条政策中有 {unverified} 条有效期待核实" in scope
    assert "每条结果都标明“有效期待核实”" in scope


@pytest.mark.browser
def test_each_matcher_result_shows_its_unverified_state(page, site_url, portal):
    page.clock.set_fixed_time("2026-11-24T10:00:00Z")
    page.goto(f"{site_url}matcher/")
    page.check("input[name=type][value=qiye]")
    page.check("input[name=size][value=xiao]")
    page.click("[data-portal-matcher] button[type=submit]")
    page.wait_for_function("document.querySelectorAll('.portal-match').length > 0")
    results = page.eval_on_selector_all(".portal-match", """items => items.map(i => ({
        id: i.dataset.policy, state: (i.querySelector('.portal-match__state') || {}).textContent || ''}))""")
    assert results
    for result in results:
        if portal.status(portal.policy(result["id"])) == "unverified":
            assert result["state"].startswith("有效期待核实：来源没有给出施行日期"), result


def report_only(policy) -> bool:
    """Every source is the 2022 report, or a document the report names whose text is not entered."""
    report_url = "/" + REPORT["page"][: -len(".md")] + "/"
    return any(s.url == report_url for s in policy.sources) and all(
        s.url == report_url or "全文待录入" in s.passage for s in policy.sources)


def test_records_resting_on_the_2022_report_alone_say_so(built_site, portal):
    year = REPORT["delivered"][:4]
    resting = [p for p in portal.policies if report_only(p)]
    assert resting
    for policy in resting:
        assert policy.summary.startswith(f"据 {year} 年报告"), policy.id
        dated = content(soup_of(built_site, policy.url)).select_one(".portal-dated")
        assert dated is not None and f"据 {year} 年报告" in dated.get_text(), policy.id
    assert portal.policy("shuiwu-zhizao-huanjiao-shuifei") in resting  # the issue's example


def test_departments_the_report_does_not_state_are_shown_as_not_stated(built_site, portal):
    not_stated = portal.term("department", "weishuoming")
    for record_id in ("kejing-fangwu-zujin-jianmian", "renshe-shebaofei-jianzheng", "shuiwu-qiye-suodeshui-jianmian"):
        policy = portal.policy(record_id)
        assert policy.department == "weishuoming" and policy.implementer is None
        facts = page_facts(built_site, policy.url)
        assert facts["负责部门"] == not_stated.name == "负责部门未写明"
        assert facts["实施主体"] == "暂无（来源未提供）"
        assert "人力资源和社会保障部门咨询" not in policy.body and "请向石首市税务部门咨询" not in policy.body


def test_the_beneficiaries_of_the_baoqi_record_are_the_reports_words(portal):
    report_text = flat((ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8"))
    names = [portal.term("beneficiaries", code).name for code in portal.policy("kejing-baoqi-bangfu").beneficiaries]
    assert names == ["规模企业和重点培育企业"] and flat(names[0]) in report_text


def test_the_reports_article_four_is_annotated_with_the_text_it_belongs_to(built_site):
    law = dict(source_text(next(d for d in LIBRARY if d["id"] == "sme-law"))["articles"])
    assert "省级经济和信息化部门" not in "".join(law["第四条"])  # the premise: not the national law's
    page = content(soup_of(built_site, page_url(REPORT)))
    quoted = next(p for p in page.select(".portal-report > p") if "第四条明确规定" in flat(p.get_text()))
    note = quoted.find_next_sibling()
    assert note.name == "aside" and "portal-annotation" in note["class"]
    assert "不是《中华人民共和国中小企业促进法》第四条" in note.get_text() and "湖北省实施" in note.get_text()
    targets = {resolve(built_site, page_url(REPORT), a["href"]) for a in note.select("a")}
    hubei = next(d for d in DOCUMENTS if d["id"] == "hubei-measures")
    assert ("laws/sme-promotion-law/", "第四条") in targets and (page_url(hubei), "") in targets
