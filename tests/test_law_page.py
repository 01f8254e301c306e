"""The law, the Hubei measures and the 2022 report as built pages (issue: law page).

The law page is compared with data/texts/sme-promotion-law-2017.md parsed here with a few
regular expressions, independently of macros/legal/text.py, so the parser is checked as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

LAW_SOURCE = ROOT / "data" / "texts" / "sme-promotion-law-2017.md"
REPORT_SOURCE = ROOT / "data" / "texts" / "shishou-2022-sme-report.md"
DOCUMENTS = yaml.safe_load((ROOT / "data" / "documents.yml").read_text(encoding="utf-8"))
LAW_META = next(d for d in DOCUMENTS if d["page"] == "laws/sme-promotion-law.md")
HUBEI_META = next(d for d in DOCUMENTS if d["page"] == "laws/hubei-measures.md")
REPORT_META = next(d for d in DOCUMENTS if d["page"] == "reports/2022-sme-report.md")

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 32 -> 三十二, 61 -> 六十一 (enough for a law's articles)."""
    assert 0 < n < 100
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[units] if units else "")


def norm(text: str) -> str:
    """Whitespace normalisation only: runs of any whitespace become one space; ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def strip_front_matter(text: str) -> str:
    match = re.match(r"\A---\n.*?\n---\n", text, re.S)
    assert match, "source text has no front matter"
    return text[match.end():]


def source_law() -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """(chapters as (number, title), articles as (number, paragraphs)) straight from the source."""
    body = strip_front_matter(LAW_SOURCE.read_text(encoding="utf-8"))
    _, marker, rest = body.partition("<!-- INFO END -->")
    assert marker
    return law_blocks(rest)


def law_blocks(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """A law text's body below its header, read independently of macros/legal/text.py: chapters and articles."""
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


SOURCE_CHAPTERS, SOURCE_ARTICLES = source_law()


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "lxml")


def content(soup: BeautifulSoup):
    node = soup.select_one("article.md-content__inner")
    assert node is not None
    return node


def facts(soup: BeautifulSoup) -> dict[str, str]:
    """The metadata block (dl.portal-docblock) as label -> whitespace-normalised text."""
    block = content(soup).select_one("dl.portal-docblock")
    assert block is not None, "no metadata block"
    return {norm(dt.get_text()): norm(dt.find_next_sibling("dd").get_text()) for dt in block.find_all("dt")}


@pytest.fixture(scope="module")
def law(built_site) -> BeautifulSoup:
    return soup_of(built_site, "laws/sme-promotion-law")


@pytest.fixture(scope="module")
def articles(law):
    return content(law).select("section.law-article")


# -- the source itself, as the issue describes it ------------------------------------------------

def test_source_has_ten_chapters_and_sixty_one_articles_in_order():
    assert [number for number, _ in SOURCE_CHAPTERS] == [f"第{chinese(i)}章" for i in range(1, 11)]
    assert [number for number, _ in SOURCE_ARTICLES] == [f"第{chinese(i)}条" for i in range(1, 62)]


# -- the law page -------------------------------------------------------------------------------

def test_law_page_has_the_ten_chapter_headings_in_order(law):
    headings = [h for h in content(law).find_all("h2") if h.get("id", "").endswith("章")]
    assert [h["id"] for h in headings] == [number for number, _ in SOURCE_CHAPTERS]
    assert len(headings) == 10
    for heading, (number, title) in zip(headings, SOURCE_CHAPTERS, strict=True):
        assert norm(heading.get_text()).rstrip("¶").strip() == f"{number} {title}"


def test_law_page_has_sixty_one_articles_with_anchors_in_order(articles):
    assert [a.get("id") for a in articles] == [f"第{chinese(i)}条" for i in range(1, 62)]
    assert [a.get("id") for a in articles] == [number for number, _ in SOURCE_ARTICLES]


def test_articles_sit_under_their_chapter(law):
    """Each article follows its own chapter heading (chapter order and article order agree)."""
    chapter_of = {}
    current = None
    for node in content(law).find_all(["h2", "section"]):
        if node.name == "h2" and node.get("id", "").endswith("章"):
            current = node["id"]
        elif node.name == "section" and "law-article" in node.get("class", []):
            chapter_of[node["id"]] = current
    body = strip_front_matter(LAW_SOURCE.read_text(encoding="utf-8"))
    expected, current = {}, None
    for line in body.split("\n"):
        heading = re.match(r"## (第\S+章)", line)
        if heading:
            current = heading.group(1)
        start = re.match(r"(第[一二三四五六七八九十百零]+条)\s", line)
        if start:
            expected[start.group(1)] = current
    assert chapter_of == expected


def test_every_article_has_link_and_citation_buttons(law, articles):
    title = LAW_META["title"]
    for article in articles:
        number = article["id"]
        link_buttons = article.select("button[data-copy=link]")
        citation_buttons = article.select("button[data-copy=citation][data-citation]")
        assert len(link_buttons) == 1, number
        assert len(citation_buttons) == 1, number
        assert citation_buttons[0]["data-citation"] == f"《{title}》{number}"
        assert citation_buttons[0]["data-citation"] == f"《中华人民共和国中小企业促进法》{number}"
        assert link_buttons[0].get("data-anchor") == number
        assert norm(link_buttons[0].get_text()) == "复制链接"
        assert norm(citation_buttons[0].get_text()) == "复制引用"


def test_article_text_equals_the_source_text(articles):
    source = dict(SOURCE_ARTICLES)
    mismatches = []
    for article in articles:
        shown = norm(" ".join(p.get_text() for p in article.select("p.law-para")))
        expected = norm(" ".join(source[article["id"]]))
        if shown != expected:
            mismatches.append(f"{article['id']}:\n  page:   {shown}\n  source: {expected}")
    assert not mismatches, "\n".join(mismatches)


def test_article_paragraphs_stay_separate(articles):
    source = dict(SOURCE_ARTICLES)
    assert any(len(paragraphs) > 1 for paragraphs in source.values()), "the source has multi-paragraph articles"
    for article in articles:
        paragraphs = article.select("p.law-para")
        assert len(paragraphs) == len(source[article["id"]]), article["id"]
        for shown, expected in zip(paragraphs, source[article["id"]], strict=True):
            assert norm(shown.get_text()) == norm(expected), article["id"]
        # the article number opens the first paragraph and links to the article itself
        number = paragraphs[0].find("a")
        assert number is not None and number.get_text() == article["id"] and number["href"] == f"#{article['id']}"


def test_law_metadata_block(law):
    shown = facts(law)
    assert shown["发文机关"] == LAW_META["issuer"]
    assert shown["文号"].startswith(LAW_META["document_number"])
    assert LAW_META["adopted"] in shown["通过日期"]
    assert LAW_META["adopted_by"] in shown["通过日期"]
    assert LAW_META["revised"] in shown["修订日期"]
    assert LAW_META["revised_by"] in shown["修订日期"]
    assert shown["施行日期"] == LAW_META["effective"]
    assert shown["有效性"] == "现行有效" == LAW_META["validity"]


def test_law_chapter_contents_links_to_every_chapter(law):
    toc = content(law).select_one("nav.law-toc")
    assert toc is not None, "no chapter table of contents"
    hrefs = [a["href"] for a in toc.select("a[href]")]
    assert hrefs == [f"#{number}" for number, _ in SOURCE_CHAPTERS]
    for href in hrefs:
        assert law.find(id=href[1:]) is not None, href
    for a, (number, title) in zip(toc.select("a[href]"), SOURCE_CHAPTERS, strict=True):
        assert norm(a.get_text()) == f"{number} {title}"


# -- the Hubei measures -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hubei(built_site) -> BeautifulSoup:
    return soup_of(built_site, "laws/hubei-measures")


def test_hubei_page_shows_text_pending(hubei):
    pending = content(hubei).select(".portal-pending")
    assert pending, "no .portal-pending block"
    assert any("全文待录入" in p.get_text() for p in pending)


def test_hubei_page_lists_the_nine_chapters(hubei):
    chapters = HUBEI_META["chapters"]
    assert len(chapters) == 9
    text = norm(content(hubei).get_text(" "))
    position = 0
    for index, title in enumerate(chapters, start=1):
        label = f"第{chinese(index)}章 {title}"
        found = text.find(label, position)
        assert found >= 0, f"chapter missing or out of order: {label}"
        position = found + len(label)


def test_hubei_page_links_the_official_sources(hubei):
    sources = HUBEI_META["official_sources"]
    assert sources
    pending = content(hubei).select_one(".portal-pending")
    for source in sources:
        links = [a for a in content(hubei).select("a[href]") if a["href"] == source["url"]]
        assert links, f"no link to {source['url']}"
        assert any(norm(a.get_text()) == source["name"] for a in links)
        # the pending notice itself tells the reader where the official text is
        assert pending.select_one(f'a[href="{source["url"]}"]') is not None


def test_hubei_page_has_no_article_text(hubei):
    assert hubei.select("section.law-article") == []
    assert hubei.select("p.law-para") == []


def test_hubei_metadata_block(hubei):
    shown = facts(hubei)
    assert shown["发文机关"] == HUBEI_META["issuer"]
    assert HUBEI_META["adopted"] in shown["通过日期"]
    assert HUBEI_META["revised"] in shown["修订日期"]
    assert shown["有效性"] == HUBEI_META["validity"]
    assert "全文待录入" in shown["全文状态"]


# -- the 2022 report ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(built_site) -> BeautifulSoup:
    return soup_of(built_site, "reports/2022-sme-report")


def test_report_metadata(report):
    shown = facts(report)
    assert shown["会议"] == REPORT_META["meeting"]
    assert shown["报告人"] == REPORT_META["speaker"]
    date_label = next(label for label in shown if label in ("报告日期", "日期"))
    assert shown[date_label] == REPORT_META["delivered"]
    source_labels = [label for label in shown if "来源" in label]
    assert source_labels, "no 来源 entry"
    sources_text = " ".join(shown[label] for label in source_labels)
    for source in REPORT_META["official_sources"]:
        assert source["name"] in sources_text
    assert REPORT_META["provenance"] in sources_text


def test_report_shows_every_line_as_a_paragraph(report):
    source = strip_front_matter(REPORT_SOURCE.read_text(encoding="utf-8"))
    lines = [norm(line) for line in source.split("\n") if line.strip()]
    assert len(lines) > 10
    paragraphs = [norm(p.get_text()) for p in content(report).find_all("p")]
    missing = [line for line in lines if line not in paragraphs]
    assert not missing, "report lines not shown as paragraphs:\n" + "\n".join(line[:60] for line in missing)
    # and in the source's order
    position = 0
    for line in lines:
        position = paragraphs.index(line, position) + 1
