"""投稿指南 for clerks speaks only of the form, the browser and the hand-in: the pages in its part of the
navigation (and the gap dashboard's department pages) never mention git, make, CODEOWNERS, encodings,
YAML or the repository's paths, in their Markdown or in what the built page shows; those details are on
the maintainers' pages, grouped in the navigation under a label saying whom they are for."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.core.frontmatter import split_front_matter

GUIDE = "投稿指南"
MAINTAINERS = "维护人员（各部门不需要看）"
# what a clerk (Word and a browser, no git) should never be told to use or know
NOT_FOR_CLERKS = re.compile(r"(?i)\bgit\b|\bmake\b|codeowners|\bgbk\b|gb18030|\bbom\b|crlf|yaml|utf-8|docs/policies"
                            r"|合并请求|命令行|终端|版本库")


class AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml's !ENV and !!python tags read as nothing: only the navigation is wanted here."""


AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def guide_nav() -> tuple[list[str], list[str]]:
    """(the clerks' pages, the maintainers' pages) of 投稿指南 in mkdocs.yml's nav, as docs/ paths."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTagLoader)["nav"]
    [section] = [entry[GUIDE] for entry in nav if isinstance(entry, dict) and GUIDE in entry]
    clerks, maintainers = [], []
    for entry in section:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            assert next(iter(entry)) == MAINTAINERS, entry
            maintainers += [next(iter(e.values())) if isinstance(e, dict) else e for e in value]
        else:
            clerks.append(value)
    return clerks, maintainers


def test_every_guide_page_is_either_the_clerks_or_labelled_the_maintainers():
    clerks, maintainers = guide_nav()
    assert "guide/new.md" in clerks and "guide/maintainers.md" in maintainers
    assert sorted(clerks + maintainers) == sorted(f"guide/{p.name}" for p in (ROOT / "docs" / "guide").glob("*.md"))
    for page in maintainers:
        title = yaml.safe_load(split_front_matter((ROOT / "docs" / page).read_text(encoding="utf-8"))[0])["title"]
        assert "维护人员" in title, page


def test_the_clerks_pages_never_mention_git_make_codeowners_or_encodings():
    for page in guide_nav()[0]:
        _, markdown, _ = split_front_matter((ROOT / "docs" / page).read_text(encoding="utf-8"))
        assert NOT_FOR_CLERKS.findall(markdown) == [], page


def shown_text(html: str) -> str:
    """The page's article as a reader sees it: no scripts, styles or hidden elements; the form's live
    file location (filled in by the page, the maintainers' doing) left out."""
    article = BeautifulSoup(html, "lxml").select_one("article")
    for element in article.select("script, style, [hidden], #portal-record-path"):
        element.decompose()
    return article.get_text(" ")


def test_the_built_clerks_pages_show_nothing_of_git_make_codeowners_or_encodings(built_site: Path):
    pages = [built_site / page.removesuffix("index.md").removesuffix(".md") / "index.html" for page in guide_nav()[0]]
    pages += sorted((built_site / "guide" / "gaps").glob("*/index.html"))  # each department's gaps
    assert len(pages) > 5
    for page in pages:
        assert NOT_FOR_CLERKS.findall(shown_text(page.read_text(encoding="utf-8"))) == [], page
    # the words are there to be found: the maintainers' page has them
    maintainers = (built_site / "guide" / "maintainers" / "index.html").read_text(encoding="utf-8")
    assert {w.lower() for w in NOT_FOR_CLERKS.findall(shown_text(maintainers))} >= {"git", "make", "codeowners", "gbk"}
