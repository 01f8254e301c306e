"""The legal library (issues: law page, 10) as built pages: every text of data/documents.yml through
one code path (chapters, articles with anchors and copy buttons, the header lines, the metadata
block), the Hubei measures awaiting their text, the 2022 report, the laws index, the records that
cite each article, versions, and a text or count the loader refuses.

Texts are compared with data/texts/ parsed here with a few regular expressions, independently of
macros/legal/text.py; the expected chapter and article counts of each text are the ones its own
provenance states (``structure`` in the text's front matter), and data/documents.yml declares the
same article count.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from built import content, definitions, norm, resolve, soup_of
from conftest import ROOT, build
from harness.browser import wait_until
from legal_documents import DOCUMENTS, LAWS, LIBRARY, NEW, OLD, REPORT, document, label, page_url
from macros.core.problems import ContentError
from macros.load.portal import load_portal

HUBEI = document("hubei-measures")
SME_LAW = document("sme-law")
NOT_GIVEN = "暂无（来源未提供）"
DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 32 -> 三十二, 72 -> 七十二 (enough for these texts)."""
    assert 0 < n < 100
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[units] if units else "")


def split_source(text: str) -> tuple[dict, str]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    assert match, "source text has no front matter"
    return yaml.safe_load(match.group(1)), text[match.end():]


def law_blocks(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """A law text's body below its header: chapters as (number, title), articles as (number, paragraphs)."""
    chapters, articles = [], []
    for block in re.split(r"\n[ \t]*\n", text):
        block = block.strip()
        if not block:
            continue
        heading = re.fullmatch(r"## (第\S+章)\s+(.+)", block)
        if heading:
            chapters.append(heading.groups())
            continue
        start = re.match(r"(第[一二三四五六七八九十百零]+条)\s", block)
        if start:
            articles.append((start.group(1), [block]))
        else:
            assert articles, f"text before the first article: {block[:20]}"
            articles[-1][1].append(block)
    return chapters, articles


def chapter_of_each_article(body: str) -> dict[str, str | None]:
    """Article number -> the number of the chapter heading above it, line by line."""
    found, current = {}, None
    for line in body.split("\n"):
        heading = re.match(r"## (第\S+章)", line)
        if heading:
            current = heading.group(1)
        start = re.match(r"(第[一二三四五六七八九十百零]+条)\s", line)
        if start:
            found[start.group(1)] = current
    return found


def source_text(doc: dict) -> dict:
    """A library text straight from data/texts/: its stated counts, header lines, chapters, articles."""
    meta, body = split_source((ROOT / "data" / doc["text"]).read_text(encoding="utf-8"))
    head, marker, rest = body.partition("<!-- INFO END -->")
    assert marker
    head_lines = [line.strip() for line in head.split("\n") if line.strip()]
    chapters, articles = law_blocks(rest)
    stated_chapters = re.match(r"(\d+) chapters|no chapters", meta["structure"])
    return {"stated": int(re.search(r"(\d+) articles", meta["structure"]).group(1)),
            "stated_chapters": int(stated_chapters.group(1) or 0), "title": head_lines[0].lstrip("# "),
            "preamble": head_lines[1:], "chapters": chapters, "articles": articles,
            "chapter_of": chapter_of_each_article(rest)}


def page_of(site: Path, doc: dict):
    return content(soup_of(site, page_url(doc)))


by_id = pytest.mark.parametrize("doc", LIBRARY, ids=[d["id"] for d in LIBRARY])


# -- the texts as their sources state them ---------------------------------------------------------

def test_the_library_holds_the_five_texts_of_the_issue():
    assert sorted(d["text"] for d in LIBRARY) == sorted(f"texts/{name}.md" for name in (
        "sme-promotion-law-2017", "youhua-yingshang-huanjing-tiaoli-2019", "cujin-getigongshanghu-fazhan-tiaoli-2022",
        "baozhang-zhongxiao-qiye-kuanxiang-zhifu-tiaoli-2020", "baozhang-zhongxiao-qiye-kuanxiang-zhifu-tiaoli-2025"))


@by_id
def test_each_source_has_the_chapters_and_articles_its_provenance_states_in_order(doc):
    source = source_text(doc)
    assert [number for number, _ in source["chapters"]] == [f"第{chinese(i)}章"
                                                            for i in range(1, source["stated_chapters"] + 1)]
    assert [number for number, _ in source["articles"]] == [f"第{chinese(i)}条" for i in range(1, source["stated"] + 1)]
    assert doc["articles"] == source["stated"]


def test_some_articles_have_several_paragraphs():
    """The premise of the paragraph-by-paragraph comparison below."""
    assert any(len(paragraphs) > 1 for _, paragraphs in source_text(SME_LAW)["articles"])


def test_the_stray_header_character_case_is_real():
    assert any(line.endswith("修订）") for line in source_text(NEW)["preamble"])
    assert not source_text(OLD)["preamble"] and not source_text(OLD)["chapters"]  # the 2020 header is empty


# -- each text's page ---------------------------------------------------------------------------------

@by_id
def test_each_text_has_exactly_its_articles_with_an_anchor_each(built_site, doc):
    sections = page_of(built_site, doc).select("section.law-article")
    assert [s.get("id") for s in sections] == [number for number, _ in source_text(doc)["articles"]]


@by_id
def test_every_article_shows_exactly_the_source_paragraphs(built_site, doc):
    source = dict(source_text(doc)["articles"])
    mismatches = []
    for section in page_of(built_site, doc).select("section.law-article"):
        paragraphs = section.select("p.law-para")
        if [norm(p.get_text()) for p in paragraphs] != [norm(p) for p in source[section["id"]]]:
            mismatches.append(section["id"])
        # the article number opens the first paragraph and links to the article itself
        number = paragraphs[0].find("a")
        assert "law-num" in number["class"] and number.get_text() == section["id"], section["id"]
        assert number["href"] == f"#{section['id']}"
    assert not mismatches, f"{doc['id']}: {mismatches}"


@by_id
def test_chapters_with_their_contents_or_none(built_site, doc):
    source = source_text(doc)
    page = page_of(built_site, doc)
    headings = [h for h in page.find_all("h2") if h.get("id", "").endswith("章")]
    toc = page.select_one("nav.law-toc")
    if source["chapters"]:
        expected = [(number, f"{number} {title}") for number, title in source["chapters"]]
        assert [(h["id"], norm(h.get_text()).rstrip("¶").strip()) for h in headings] == expected
        assert [(a["href"], norm(a.get_text())) for a in toc.select("a")] == [(f"#{n}", text) for n, text in expected]
    else:  # a text without chapters: no chapter headings, no contents, every article still there
        assert headings == [] and toc is None
        assert f"共 {len(source['articles'])} 条" in page.select_one(".law-toc--flat").get_text()


@by_id
def test_articles_sit_under_their_chapter(built_site, doc):
    shown, current = {}, None
    for node in page_of(built_site, doc).find_all(["h2", "section"]):
        if node.name == "h2" and node.get("id", "").endswith("章"):
            current = node["id"]
        elif node.name == "section" and "law-article" in node.get("class", []):
            shown[node["id"]] = current
    assert shown == source_text(doc)["chapter_of"]


@by_id
def test_every_article_has_one_copy_link_and_one_copy_citation_button(built_site, doc):
    for section in page_of(built_site, doc).select("section.law-article"):
        links, citations = section.select("button[data-copy=link]"), section.select("button[data-copy=citation]")
        assert [(b["data-anchor"], norm(b.get_text())) for b in links] == [(section["id"], "复制链接")]
        assert [(b["data-citation"], norm(b.get_text())) for b in citations] == [(label(doc) + section["id"], "复制引用")]
    assert label(SME_LAW) == "《中华人民共和国中小企业促进法》"  # the issue's citation form, one worked example


@by_id
def test_the_header_lines_are_shown_as_found(built_site, doc):
    """Including the 2025 revision's stray full-width parenthesis, which the source keeps."""
    shown = [norm(p.get_text()) for p in page_of(built_site, doc).select(".law-preamble p")]
    assert shown == [norm(line) for line in source_text(doc)["preamble"]]


def dated(day: str | None, by: str | None) -> str:
    return f"{day}（{by}）" if by else day


@pytest.mark.parametrize("doc", LAWS, ids=[d["id"] for d in LAWS])
def test_metadata_and_provenance_block(built_site, doc):
    block = page_of(built_site, doc).select_one("dl.portal-docblock")
    shown = definitions(block)
    assert shown["标题"] == doc["title"] and shown["发文机关"] == doc["issuer"] + (doc.get("issuer_note") or "")
    assert shown["文号"].startswith(doc["document_number"] or NOT_GIVEN)
    for key, row in (("adopted", "通过日期"), ("revised", "修订日期")):
        if doc.get(key):
            assert shown[row] == dated(doc[key], doc.get(f"{key}_by"))
        else:
            assert row not in shown
    assert shown["施行日期"] == (doc["effective"] or NOT_GIVEN)
    if doc is OLD:
        assert shown["有效性"].startswith("已被修订")
    else:
        assert shown["有效性"] == (f"{doc['validity']}有效性出处：{doc['validity_source']}" if doc["validity"]
                                  else "来源未写明（以官方来源为准）")
    assert shown["来源说明"] == doc["provenance"]
    if doc["text_status"] == "full":
        assert shown["条文数"].startswith(f"共 {doc['articles']} 条") and shown["全文状态"] == "全文已录入"
    else:
        assert "条文数" not in shown and shown["全文状态"] == "全文待录入"
    for source in doc["official_sources"]:
        assert block.select_one(f'a[href="{source["url"]}"]') is not None


# -- the Hubei measures: metadata and official sources until the text is entered ----------------------

def test_the_hubei_page_says_its_text_is_pending_and_where_the_official_text_is(built_site):
    page = page_of(built_site, HUBEI)
    pending = page.select(".portal-pending")
    assert pending and any("全文待录入" in p.get_text() for p in pending)
    assert HUBEI["official_sources"]
    for source in HUBEI["official_sources"]:
        links = [a for a in page.select("a[href]") if a["href"] == source["url"]]
        assert any(norm(a.get_text()) == source["name"] for a in links), source
        assert pending[0].select_one(f'a[href="{source["url"]}"]') is not None  # the notice itself says where
    assert page.select("section.law-article") == [] and page.select("p.law-para") == []


def test_the_hubei_page_lists_the_nine_chapters_in_order(built_site):
    assert len(HUBEI["chapters"]) == 9
    text = norm(page_of(built_site, HUBEI).get_text(" "))
    position = 0
    for index, title in enumerate(HUBEI["chapters"], start=1):
        chapter = f"第{chinese(index)}章 {title}"
        found = text.find(chapter, position)
        assert found >= 0, f"chapter missing or out of order: {chapter}"
        position = found + len(chapter)


# -- the 2022 report ------------------------------------------------------------------------------------

def test_the_report_metadata(built_site):
    shown = definitions(page_of(built_site, REPORT).select_one("dl.portal-docblock"))
    assert (shown["会议"], shown["报告人"], shown["报告日期"]) == (REPORT["meeting"], REPORT["speaker"], REPORT["delivered"])
    sources = " ".join(value for name, value in shown.items() if "来源" in name)
    for source in REPORT["official_sources"]:
        assert source["name"] in sources
    assert REPORT["provenance"] in sources


def test_the_report_shows_every_line_as_a_paragraph_in_order(built_site):
    _, body = split_source((ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8"))
    lines = [norm(line) for line in body.split("\n") if line.strip()]
    assert len(lines) > 10
    paragraphs = [norm(p.get_text()) for p in page_of(built_site, REPORT).find_all("p")]
    missing = [line for line in lines if line not in paragraphs]
    assert not missing, "report lines not shown as paragraphs:\n" + "\n".join(line[:60] for line in missing)
    position = 0
    for line in lines:
        assert line in paragraphs[position:], f"out of order: {line[:60]}"
        position = paragraphs.index(line, position) + 1


# -- the laws index and the records citing each article ---------------------------------------------

def test_the_laws_index_lists_every_text_with_its_state(built_site):
    rows = {r["data-document"]: r for r in content(soup_of(built_site, "laws/")).select("tr[data-document]")}
    assert list(rows) == [d["id"] for d in LAWS]
    for doc in LAWS:
        row = rows[doc["id"]]
        assert resolve("laws/", row.select_one("a")["href"])[0] == page_url(doc)
        state = norm(row.find_all("td")[-1].get_text())
        if doc is OLD:
            assert state.startswith("已被修订") and NEW["revised"] in state
        elif doc["text_status"] == "full":
            assert state == f"全文已录入（{doc['articles']} 条）"
        else:
            assert state == "全文待录入"


def test_each_article_lists_exactly_the_records_citing_it(built_site, portal):
    """Computed from the records' legal_basis; an article no record cites has no list."""
    for law in portal.laws:
        citing: dict[str, set[str]] = {}
        for p in portal.policies:
            for ref in p.legal_basis:
                if ref.law == law.id:
                    citing.setdefault(ref.article, set()).add(p.url)
        sections = {s["id"]: s for s in content(soup_of(built_site, law.url)).select("section.law-article")}
        assert set(citing) <= set(sections), law.id
        for article, section in sections.items():
            shown = [resolve(law.url, a["href"])[0] for a in section.select(".law-policies a[href]")]
            assert len(shown) == len(set(shown)) and set(shown) == citing.get(article, set()), (law.id, article)
            block = section.select_one(".law-policies")
            if article in citing:
                assert f"（{len(citing[article])}）" in block.get_text()
            else:
                assert block is None, (law.id, article)
    assert any(p.legal_basis for p in portal.policies)


# -- a wrong text or count stops the loader (what the build and `make check` run) --------------------

def problems_of(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_portal(project)
    return [str(p) for p in caught.value.problems]


def test_an_article_count_that_disagrees_with_the_text_is_refused(content_copy):
    doc = next(d for d in LIBRARY if d["articles"] == 72)
    path = content_copy / "data" / "documents.yml"
    text = path.read_text(encoding="utf-8")
    row = text.index(f"- id: {doc['id']}\n")
    broken = text[:row] + text[row:].replace("  articles: 72\n", "  articles: 71\n", 1)
    path.write_text(broken, encoding="utf-8")
    line = broken[:broken.index("  articles: 71\n", row)].count("\n") + 1
    assert problems_of(content_copy) == [f"data/documents.yml:{line}: [{DOCUMENTS.index(doc)}].articles: 条文数写的是“71”，"
                                         f"但全文 data/{doc['text']} 读出 72 条（第一条至第七十二条）；"
                                         "请与官方文本核对：全文缺条、多条或条文数写错都不能发布"]


def test_a_text_missing_an_article_stops_the_build_and_publishes_nothing(project_copy):
    """The strict build itself, stopped by the loader before it writes anything: the fast tier's proof
    that a content problem stops the build (each problem's message: in process, as above)."""
    doc = next(d for d in LIBRARY if d["articles"] == 39)
    path = project_copy / "data" / doc["text"]
    text = path.read_text(encoding="utf-8")
    text = text.replace(re.search(r"^第十条 .*\n\n", text, re.M).group(0), "", 1)
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("第十一条 "))) + 1
    result = build(project_copy)
    assert result.returncode != 0
    assert (f"data/{doc['text']}:{line}: 法律全文: 条文编号不连续：这里应为第 10 条，却是“第十一条”；"
            "请与官方文本核对，条文应按第一条、第二条……的顺序排列，不重不漏") in result.stdout + result.stderr
    assert not (project_copy / "site" / "index.html").exists()


# -- versions -------------------------------------------------------------------------------------

def test_the_superseded_text_is_marked_with_the_date_and_links_to_the_current_one(built_site):
    notice = page_of(built_site, OLD).select_one(".portal-superseded")
    assert notice is not None and "已被修订" in notice.get_text()
    assert NEW["revised"] in notice.get_text() and NEW["effective"] in notice.get_text()
    current = notice.select_one("a.portal-superseded__current")
    assert resolve(page_url(OLD), current["href"])[0] == page_url(NEW)
    assert norm(current.get_text()) == label(NEW)
    # the current version says what it replaced
    back = page_of(built_site, NEW).select_one(".portal-version a")
    assert resolve(page_url(NEW), back["href"])[0] == page_url(OLD)


def test_each_superseded_article_links_to_its_place_in_the_current_version(built_site):
    """Computed from the two texts: an article whose text is unchanged links to it (“同为第X条”
    when the number is the same too); any other sends the reader to the current text as a whole."""
    def text_of(articles):  # number -> paragraphs, the number itself left out
        return {n: [norm(re.sub(rf"^{n}\s", "", p[0]))] + [norm(x) for x in p[1:]] for n, p in articles}
    old, new = text_of(source_text(OLD)["articles"]), text_of(source_text(NEW)["articles"])
    page = page_of(built_site, OLD)
    same_number = 0
    for number, paragraphs in old.items():
        note = page.select_one(f'section[id="{number}"] .law-current')
        target = resolve(page_url(OLD), note.select_one("a")["href"])
        identical = [n for n, p in new.items() if p == paragraphs]
        if number in identical:
            same_number += 1
            assert target == (page_url(NEW), number) and f"同为{number}" in note.get_text()
        elif identical:
            assert target == (page_url(NEW), identical[0])
        else:
            assert target == (page_url(NEW), "") and "现行文本" in note.get_text()
    assert same_number >= 1


def test_search_indexes_every_article_once_and_ranks_the_superseded_version_after(built_site):
    manifest = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))
    docs = []
    for n in range((manifest["docs"] + manifest["doc_chunk"] - 1) // manifest["doc_chunk"]):
        docs += json.loads((built_site / "search-index" / f"docs-{n}.json").read_text(encoding="utf-8"))
    urls = [d[0] for d in docs]
    rank = {d[0]: (int(manifest["order"][i]) // 3, d[4]) for i, d in enumerate(docs)}
    for doc in LIBRARY:
        for number, _ in source_text(doc)["articles"]:
            url = f"{page_url(doc)}#{number}"
            assert urls.count(url) == 1, url
            assert rank[url] == ((2, "已被修订") if doc is OLD else (0, "")), (doc["id"], number)


@pytest.mark.browser
def test_search_shows_the_current_version_first(page, site_url):
    page.goto(f"{site_url}search/?q=款项支付 第八条")
    wait_until(page, "/找到|没有/.test(document.querySelector('[data-search-status]').textContent)")
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
        wait_until(page, "async () => (await navigator.clipboard.readText()) !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == label(doc) + last
        page.evaluate("navigator.clipboard.writeText('')")
        page.locator(f'section[id="{last}"] button[data-copy=link]').click()
        wait_until(page, "async () => (await navigator.clipboard.readText()) !== ''")
        assert unquote(page.evaluate("navigator.clipboard.readText()")) == f"{site_url}{page_url(doc)}#{last}"
    finally:
        context.close()
