"""`make inspect` (macros/clerk/inspect.py): the national check indicators for government websites
(国办秘函〔2019〕19号) computed over small made-up built sites, each case asserting the indicator, its
value and the page that triggers it; a build of a project whose history is long past; the real built
site (no veto, no broken internal link); the report page and its JSON; publish refusing a veto."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF, ROOT, build, cli, cli_in_process, git
from macros.clerk.inspect import (
    ARTICLE_TAGS,
    EVERY_PAGE_TAGS,
    FAIL,
    LISTED,
    NOT_APPLICABLE,
    PASS,
    UNKNOWN,
    Report,
    inspect_site,
    months_before,
)
from macros.load.portal import load_portal
from test_workflow import PUBLIC_URL, as_operator

BASE = "http://portal.example.invalid/hqzc/"
ARTICLE = "laws/sme-promotion-law/"  # a page the repository says is an article (data/documents.yml)
COLUMNS = ("news/", "notices/", "guide-a/", "guide-b/", "guide-c/", "guide-d/")
FRESH = AS_OF - timedelta(days=3)
LONG_AGO = "2026-01-05T10:00:00+08:00"


@dataclass
class MadePage:
    """One page of a made-up built site, shaped as the portal's theme writes it (overrides/main.html,
    overrides/partials/copyright.html, Material's primary navigation)."""

    title: str
    body: str = "<p>正文内容。</p>"
    changed: str | None = FRESH.isoformat()
    metas: dict[str, str] = field(default_factory=lambda: {tag: "虚构值" for tag in EVERY_PAGE_TAGS})
    footer: tuple[str, ...] = ("主办单位：虚构主办单位", "网站标识码：虚构标识码", "鄂ICP备00000000号", "鄂公网安备 00000000000000号")

    def html(self, address: str, nav: list[str]) -> str:
        up = "../" * address.count("/")
        metas = "".join(f'<meta name="{name}" content="{value}">' for name, value in self.metas.items())
        links = "".join(f'<a class="md-nav__link" href="{up}{target}">{target or "首页"}</a>' for target in nav)
        changed = (f'<p class="portal-changed">本页内容最近更新：<time datetime="{self.changed}">{self.changed}</time></p>'
                   if self.changed else "")
        footer = "".join(f"<span>{line}</span>" for line in self.footer)
        return (f'<!doctype html><html lang="zh-CN"><head><title>{self.title}</title>{metas}'
                f'<link rel="canonical" href="{BASE}{address}"><link rel="stylesheet" href="{up}assets/site.css"></head>'
                f'<body><nav class="md-nav md-nav--primary">{links}</nav>'
                f'<article class="md-content__inner md-typeset"><h1>{self.title}</h1>{self.body}{changed}'
                f'<p class="portal-print-link"><button>打印本页</button></p></article>'
                f'<footer><div class="md-copyright portal-footer"><p>{footer}</p></div></footer></body></html>')


def good_site() -> dict[str, MadePage]:
    pages = {"": MadePage("首页", '<p>欢迎。</p><p><a href="news/#latest">最新</a></p>')}
    for column in COLUMNS:
        pages[column] = MadePage(column, f'<p id="latest">{column}的内容。</p><p><a href="../">回首页</a></p>')
    pages[ARTICLE] = MadePage("中小企业促进法", metas={tag: "虚构值" for tag in EVERY_PAGE_TAGS + ARTICLE_TAGS})
    return pages


def write_site(folder: Path, pages: dict[str, MadePage], as_of=AS_OF) -> Path:
    nav = ["", *COLUMNS, ARTICLE]
    for address, page in pages.items():
        file = folder / (address + "index.html" if address.endswith("/") or not address else address)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(page.html(address, nav), encoding="utf-8")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    (folder / "api").mkdir(exist_ok=True)
    (folder / "api" / "policies.json").write_text(json.dumps({"as_of": as_of.isoformat()}), encoding="utf-8")
    return folder


def empty(pages, *columns):
    for column in columns:
        pages[column].body = '<p class="portal-count">共 <strong data-count="0">0</strong> 条政策。</p>'


def changed(pages, day, *addresses):
    for address in addresses:
        pages[address].changed = day.isoformat()


def link(pages, address, href):
    pages[address].body += f'<p><a href="{href}">链接</a></p>'


STALE = months_before(AS_OF, 6) - timedelta(days=1)
# (case, change to the good site, indicator, its status, its value, the pages (and details) it names)
CASES = [
    ("a link to a missing page", lambda p: link(p, "news/", "../nosuch/"),
     "internal_links", FAIL, "1 个", [("news/", "../nosuch/：目标不存在")]),
    ("a link to a missing anchor", lambda p: link(p, "notices/", "../news/#nosuch"),
     "internal_links", FAIL, "1 个", [("notices/", "../news/#nosuch：目标页面没有锚点 #nosuch")]),
    ("a link to the host's root, outside the site's path", lambda p: link(p, "news/", "/other/"),
     "internal_links", FAIL, "1 个", [("news/", "/other/：指向本门户路径以外")]),
    ("a Chinese anchor, percent-encoded, and a directory without its slash", lambda p: (
        p["news/"].__setattr__("body", p["news/"].body + '<h2 id="三种方法">三种方法</h2>'),
        link(p, "notices/", "../news/#%E4%B8%89%E7%A7%8D%E6%96%B9%E6%B3%95"), link(p, "notices/", "../news")),
     "internal_links", PASS, "0 个", []),
    # 87 links in all (each page: its canonical address, stylesheet and 8 navigation links; 7 in the text)
    ("four broken links of 91: 4.4 %, no veto", lambda p: [link(p, c, "../nosuch/") for c in COLUMNS[:4]],
     "broken_link_share", PASS, "4/91（4.4%）", [(c, "../nosuch/：目标不存在") for c in COLUMNS[:4]]),
    ("five broken links of 92: 5.4 %, a veto", lambda p: [link(p, c, "../nosuch/") for c in COLUMNS[:5]],
     "broken_link_share", FAIL, "5/92（5.4%）", [(c, "../nosuch/：目标不存在") for c in COLUMNS[:5]]),
    ("links elsewhere are listed, never counted", lambda p: link(p, "news/", "https://www.gov.cn/"),
     "external_links", LISTED, "1 个地址", [("https://www.gov.cn/", "news/")]),
    ("four empty columns: no veto", lambda p: empty(p, *COLUMNS[:4]),
     "empty_columns", PASS, "4 个（共 6 个栏目）", [(c, c) for c in COLUMNS[:4]]),
    ("five empty columns: a veto", lambda p: empty(p, *COLUMNS[:5]),
     "empty_columns", FAIL, "5 个（共 6 个栏目）", [(c, c) for c in COLUMNS[:5]]),
    ("a column with nothing but its title is empty", lambda p: (p["news/"].__setattr__("body", ""), empty(p, *COLUMNS[1:5])),
     "empty_columns", FAIL, "5 个（共 6 个栏目）", [(c, c) for c in COLUMNS[:5]]),
    ("the home page updated 14 days ago", lambda p: changed(p, AS_OF - timedelta(days=14), ""),
     "home_updated", PASS, f"最近更新 {(AS_OF - timedelta(days=14)).isoformat()}，距生成日期 14 天", []),
    ("the home page not updated for 15 days: a veto", lambda p: changed(p, AS_OF - timedelta(days=15), ""),
     "home_updated", FAIL, f"最近更新 {(AS_OF - timedelta(days=15)).isoformat()}，距生成日期 15 天",
     [("", f"最近更新 {(AS_OF - timedelta(days=15)).isoformat()}")]),
    ("a home page without a date cannot be judged", lambda p: setattr(p[""], "changed", None),
     "home_updated", UNKNOWN, "首页没有更新日期", [("", "")]),
    ("four columns not updated for six months: no veto", lambda p: changed(p, STALE, *COLUMNS[:4]),
     "stale_columns", PASS, "4 个（共 6 个栏目，0 个没有日期）", [(c, f"最近更新 {STALE.isoformat()}") for c in COLUMNS[:4]]),
    ("five columns not updated for six months: a veto", lambda p: changed(p, STALE, *COLUMNS[:5]),
     "stale_columns", FAIL, "5 个（共 6 个栏目，0 个没有日期）", [(c, f"最近更新 {STALE.isoformat()}") for c in COLUMNS[:5]]),
    ("the article is no column, however old", lambda p: changed(p, STALE, ARTICLE, *COLUMNS[:4]),
     "stale_columns", PASS, "4 个（共 6 个栏目，0 个没有日期）", [(c, f"最近更新 {STALE.isoformat()}") for c in COLUMNS[:4]]),
    ("a page without the government tags; the article without its own", lambda p: (
        p["news/"].metas.pop("SiteIDCode"), p[ARTICLE].metas.pop("PubDate")),
     "metadata", LISTED, "2 页（共 8 页）", [("news/", "缺少 SiteIDCode"), (ARTICLE, "缺少 PubDate")]),
    ("a footer without its ICP line", lambda p: setattr(p["notices/"], "footer", p["notices/"].footer[:2] + p["notices/"].footer[3:]),
     "footer", LISTED, "1 页", [("notices/", "缺少 ICP 备案")]),
    ("values not given yet, in the footer and a tag", lambda p: (
        setattr(p["news/"], "footer", ("主办单位：待主办单位提供", *p["news/"].footer[1:])), p[""].metas.update(SiteIDCode="待分配")),
     "placeholders", LISTED, "2 项，2 页", [("", '<meta name="SiteIDCode">：待分配'), ("news/", "页脚：主办单位：待主办单位提供")]),
    ("no message board", lambda p: None, "interaction", NOT_APPLICABLE, "本门户没有留言板等互动栏目", []),
]


def inspected(tmp_path: Path, portal, change=None) -> Report:
    pages = good_site()
    if change:
        change(pages)
    return inspect_site(ROOT, write_site(tmp_path / "site", pages), portal)


def test_the_good_made_up_site_passes_every_indicator(tmp_path, portal):
    report = inspected(tmp_path, portal)
    assert report.blocking == ()
    assert {i.code: i.status for i in report.indicators if i.kind != LISTED} == {
        "broken_link_share": PASS, "internal_links": PASS, "home_updated": PASS, "stale_columns": PASS,
        "empty_columns": PASS, "interaction": NOT_APPLICABLE}
    assert report.indicator("broken_link_share").value == "0/87（0.0%）"


@pytest.mark.parametrize(("case", "change", "code", "status", "value", "findings"), CASES, ids=[c[0] for c in CASES])
def test_indicator(tmp_path, portal, case, change, code, status, value, findings):
    report = inspected(tmp_path, portal, change)
    indicator = report.indicator(code)
    assert (indicator.status, indicator.value) == (status, value)
    assert sorted((f.page, f.detail) for f in indicator.findings) == sorted(findings)
    assert indicator.blocks == (status == FAIL and indicator.kind != LISTED)
    assert bool(report.blocking) == any(i.blocks for i in report.indicators)


def test_records_past_review_due_are_listed(content_copy, tmp_path):
    record = content_copy / "docs" / "policies" / "kejing" / "kejing-baoqi-bangfu.md"
    text = record.read_text(encoding="utf-8")
    due = re.search(r'^review_due: "(\d{4}-\d{2}-\d{2})"', text, re.M).group(1)
    past = (AS_OF - timedelta(days=1)).isoformat()
    text = re.sub(r'^last_reviewed: "[^"]*"', f'last_reviewed: "{(AS_OF - timedelta(days=200)).isoformat()}"', text, flags=re.M)
    record.write_text(text.replace(f'review_due: "{due}"', f'review_due: "{past}"'), encoding="utf-8")
    portal = load_portal(content_copy, as_of=AS_OF)
    report = inspect_site(content_copy, write_site(tmp_path / "site", good_site()), portal)
    indicator = report.indicator("review_due")
    assert indicator.value == "1 条"
    assert [(f.page, f.detail) for f in indicator.findings] == [
        ("policies/kejing/kejing-baoqi-bangfu/", f"kejing-baoqi-bangfu：下次核对日期 {past}")]
    assert report.blocking == ()  # a list of work, not a veto


def test_the_command_prints_a_chinese_summary_and_fails_on_a_veto(tmp_path):
    pages = good_site()
    link(pages, "news/", "../nosuch/")
    site = write_site(tmp_path / "site", pages)
    result = cli_in_process(ROOT, "inspect", "--site", str(site))
    assert result.returncode == 1
    assert "  [单项否决] 链接不可用率：通过，测得 1/88（1.1%）（不可用链接占 5% 及以上即否决）" in result.stdout
    assert "  [本门户要求] 内部链接和锚点：不通过，测得 1 个（不可用的内部链接和锚点必须为 0）" in result.stdout
    assert "      news/：../nosuch/：目标不存在" in result.stdout
    assert "结论：不通过（内部链接和锚点）。" in result.stdout
    assert (site / "inspect" / "index.html").is_file() and (site / "inspect" / "report.json").is_file()
    missing = cli_in_process(ROOT, "inspect", "--site", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "不是构建好的网站" in missing.stderr


def test_the_report_page_of_a_vetoed_site_names_the_pages_escaped(tmp_path):
    """The five empty columns in the veto's row, each a link to the page; a title with markup in it is
    text (the template is autoescaped); the verdict says publish will refuse."""
    pages = good_site()
    empty(pages, *COLUMNS[:5])
    pages["news/"].title = "&lt;b&gt;新闻&lt;/b&gt;"  # the page shows the text <b>新闻</b>
    site = write_site(tmp_path / "site", pages)
    assert cli_in_process(ROOT, "inspect", "--site", str(site)).returncode == 1
    soup = BeautifulSoup((site / "inspect" / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = soup.select_one('[data-indicator="empty_columns"]')
    assert row["data-status"] == FAIL and row.select_one("[data-value]").get_text() == "5 个（共 6 个栏目）"
    assert [a["href"] for a in row.select("li[data-page] a")] == [f"../{c}" for c in COLUMNS[:5]]
    assert row.find("b") is None and "<b>新闻</b>" in row.get_text()
    assert "空白栏目" in soup.select_one('[data-verdict="failed"]').get_text()


# ---------------------------------------------------------------------------------------------------
# A real build whose content was last committed long ago
# ---------------------------------------------------------------------------------------------------

def commit_long_ago_then_today(project: Path) -> None:
    """Every file committed long ago; then, today, a commit outside docs/ and data/ (the build's as-of
    date is its time when SOURCE_DATE_EPOCH is not set): content that nobody has updated since."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Content of long ago", when=LONG_AGO)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n# 改动\n",
                                        encoding="utf-8")
    git(project, "commit", "-q", "-am", "Configuration of today", when=f"{AS_OF.isoformat()}T09:00:00+08:00")


@pytest.mark.slow  # an extra build
def test_a_site_not_updated_since_long_ago_is_vetoed(project_copy):
    commit_long_ago_then_today(project_copy)
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    inspection = cli(project_copy, "inspect", "--site", str(project_copy / "site"))
    assert inspection.returncode == 1, inspection.stdout + inspection.stderr
    days = (AS_OF - date(2026, 1, 5)).days
    assert f"  [单项否决] 首页更新：不通过，测得 最近更新 2026-01-05，距生成日期 {days} 天" in inspection.stdout
    assert "  [单项否决] 栏目更新：不通过" in inspection.stdout
    data = json.loads((project_copy / "site" / "inspect" / "report.json").read_text(encoding="utf-8"))
    assert data["blocking"] == ["home_updated", "stale_columns"]
    stale = next(i for i in data["indicators"] if i["code"] == "stale_columns")
    assert {"page": "catalog/all/", "detail": "最近更新 2026-01-05"} in stale["findings"]


@pytest.mark.slow  # an extra build
def test_publish_refuses_a_release_with_a_veto(project_copy, tmp_path):
    as_operator(project_copy)
    commit_long_ago_then_today(project_copy)
    dest = tmp_path / "www"
    refused = cli(project_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL)
    assert refused.returncode == 1
    assert "没有发布，已发布的网站没有改动：自查不通过。" in refused.stderr
    assert "首页更新：不通过，测得 最近更新 2026-01-05" in refused.stderr
    assert "结论：不通过（首页更新、栏目更新）。" in refused.stderr
    assert not dest.exists() and list((tmp_path / "www.releases").iterdir()) == []


# ---------------------------------------------------------------------------------------------------
# The real site
# ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def inspected_copy(built_site, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the shared built site (the report is written into the site it inspects), inspected."""
    site = tmp_path_factory.mktemp("inspected") / "site"
    shutil.copytree(built_site, site)
    return site, cli_in_process(built_site.parent, "inspect", "--site", str(site))


def test_the_real_site_has_no_veto_and_no_broken_internal_link(inspected_copy):
    site, result = inspected_copy
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((site / "inspect" / "report.json").read_text(encoding="utf-8"))
    indicators = {i["code"]: i for i in data["indicators"]}
    assert data["passed"] and data["blocking"] == []
    assert indicators["internal_links"]["value"] == "0 个" and data["links"] > 1000
    assert data["pages"] == len([p for p in site.rglob("*.html") if p.parts[len(site.parts)] != "inspect"])
    assert indicators["interaction"]["status"] == NOT_APPLICABLE
    assert "结论：没有单项否决项，也没有不可用的内部链接。" in result.stdout
    # the footer's ICP link is listed for a checker run where the network allows
    assert "https://beian.miit.gov.cn/" in [e["url"] for e in data["external_links"]]


def test_the_report_page_shows_every_indicator_as_the_json_says(inspected_copy):
    site, _ = inspected_copy
    data = json.loads((site / "inspect" / "report.json").read_text(encoding="utf-8"))
    soup = BeautifulSoup((site / "inspect" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert (site / "inspect" / stylesheet).resolve().is_file()
    for indicator in data["indicators"]:
        shown = soup.select_one(f'[data-indicator="{indicator["code"]}"]')
        assert shown is not None, indicator["code"]
        assert shown["data-status"] == indicator["status"]
        assert shown.select_one("[data-value]").get_text(strip=True) == indicator["value"]
        pages = [li["data-page"] for li in shown.select("li[data-page]")]
        assert pages == [f["page"] for f in indicator["findings"]], indicator["code"]
    assert soup.select_one('[data-verdict="passed"]') is not None


def test_the_report_page_is_linked_from_no_page_and_in_no_index(inspected_copy):
    site, _ = inspected_copy
    for page in site.rglob("*.html"):
        if page.parts[len(site.parts)] == "inspect":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs = [a.get("href", "") for a in soup.find_all(["a", "link"])]
        assert not [h for h in hrefs if re.search(r"(^|/)inspect/", h)], page
    assert "inspect/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for shard in (site / "search-index").rglob("*.json"):
        assert "inspect/" not in shard.read_text(encoding="utf-8"), shard
