"""Government page metadata (issue 24): the <meta> tags of the government website the portal is a column
of (data/site.yml), of each page's column (data/columns.yml, by the navigation) and of each article
(records, the laws' pages, the report), read from the built pages' <head>; `make publish` refusing a
build whose 网站标识码 or host website is still 待分配."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from markupsafe import escape

from built import SITE_URL, every_page
from conftest import ROOT, build, cli_in_process, commit_all, copy_project, git
from macros.clerk.publish import footer_problems
from macros.core.clock import CHINA
from macros.core.messages import load_messages
from macros.core.problems import ContentError
from macros.load.portal import load_portal
from macros.model.govmeta import ARTICLE_TAGS, COLUMN_TYPES, EVERY_PAGE_TAGS, Columns, site_domain, site_tags
from macros.site.govmeta import column_problems, page_tags
from test_clerk_guide import AnyTagLoader
from test_workflow import PUBLIC_URL, as_operator

UNASSIGNED = "待分配"
PUB_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
# Pages outside the navigation and the section they are part of (mkdocs.yml not_in_nav)
OUTSIDE_NAV = {"policies/": "惠企政策", "catalog/": "惠企政策", "guide/gaps/": "投稿指南", "404.html": "首页"}
# A title may not hold < > { } (the record check): quotes and an entity try to leave the attribute there;
# the issuer and the summary may hold markup.
HOSTILE_TITLE = '注入测试：" onmouseover="alert(1)\' x=\'&amp;'
HOSTILE_ISSUER = '虚构"机关\'<b>加粗</b>'
HOSTILE_SUMMARY = '注入测试的虚构摘要："><script>alert(1)</script>，不得发布。'
HOSTILE_RECORD = "docs/policies/renshe/renshe-meta-injection.md"


def data(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def page_file(url: str) -> str:
    """Site-relative HTML file of a page address (``laws/x/`` -> ``laws/x/index.html``)."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def nav_sections() -> dict[str, str]:
    """Every page of mkdocs.yml's navigation (as its HTML file) -> its top-level section's title."""
    def sources(value) -> list[str]:
        if isinstance(value, str):
            return [value]
        return [s for entry in value for s in sources(next(iter(entry.values())) if isinstance(entry, dict) else entry)]

    def address(source: str) -> str:
        stem = source.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"

    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTagLoader)["nav"]
    return {page_file(address(source)): section for entry in nav for section, value in entry.items()
            for source in sources(value)}


def expected_column(name: str, sections: dict[str, str]) -> str:
    if name in sections:
        return sections[name]
    prefix = next((p for p in OUTSIDE_NAV if name.startswith(p)), None)
    assert prefix is not None, f"{name} is neither in the navigation nor a known page outside it"
    return OUTSIDE_NAV[prefix]


def tags(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Every named <meta> of a page's <head>: name -> its contents (a repeated tag has several)."""
    found: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta", attrs={"name": True}):
        found.setdefault(meta["name"], []).append(meta.get("content", ""))
    return found


def one(soup: BeautifulSoup, name: str) -> str:
    [value] = tags(soup)[name]
    return value


def article_pages(portal) -> dict[str, tuple[str, str]]:
    """Every article page's HTML file -> (its kind, the project file it publishes)."""
    pages = {page_file(p.url): ("record", f"docs/{p.path}") for p in portal.policies}
    for doc in portal.documents:
        text = doc.meta.get("text")
        pages[page_file(doc.url)] = (doc.kind, f"data/{text}" if text else f"docs/{doc.page}")
    return pages


def first_commit(project: Path, path: str) -> str:
    """When ``path`` was first committed, by git itself, as YYYY-MM-DD HH:MM in China."""
    dates = subprocess.run(["git", "log", "--reverse", "--format=%cI", "--", path], cwd=project, check=True,
                           capture_output=True, text=True).stdout.split()
    return datetime.fromisoformat(dates[0]).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


@pytest.fixture(scope="module")
def soups(built_site):
    return every_page(built_site)


# -- the shared build (a copy without history, data/site.yml as in the repository) -------------------------


def test_every_page_carries_each_site_and_column_tag_once_in_its_head(soups):
    assert len(soups) > 90 and {"404.html", "index.html", "reports/2022-sme-report/index.html"} <= set(soups)
    problems = []
    for name, soup in soups.items():
        found = tags(soup)
        problems += [f"{name}: {tag} {found.get(tag)}" for tag in EVERY_PAGE_TAGS
                     if len(found.get(tag, [])) != 1 or not found[tag][0].strip()]
        problems += [f"{name}: <meta name={m['name']}> outside <head>" for m in soup.body.find_all("meta", attrs={"name": True})]
    assert problems == []


def test_each_pages_column_is_its_navigation_section_as_data_columns_yml_describes_it(soups):
    sections, columns = nav_sections(), {c["name"]: c for c in data("columns.yml")}
    assert set(columns) == set(sections.values())
    assert {c["type"] for c in columns.values()} <= set(COLUMN_TYPES)
    wrong = []
    for name, soup in soups.items():
        column = columns[expected_column(name, sections)]
        shown = (one(soup, "ColumnName"), one(soup, "ColumnDescription"), one(soup, "ColumnKeywords"), one(soup, "ColumnType"))
        if shown != (column["name"], column["description"], ",".join(column["keywords"]), column["type"]):
            wrong.append(f"{name}: {shown}")
    assert wrong == []
    assert one(soups["policies/kejing/kejing-guishang-jiangli/index.html"], "ColumnName") == "惠企政策"
    assert one(soups["catalog/departments/kejing/index.html"], "ColumnName") == "惠企政策"
    assert one(soups["laws/sme-promotion-law/index.html"], "ColumnName") == "法律法规"
    assert one(soups["guide/gaps/kejing/index.html"], "ColumnName") == "投稿指南"


def test_the_government_website_is_unassigned_while_site_yml_says_null(soups):
    site = data("site.yml")
    assert site["host_site_name"] is None and site["site_code"] is None
    host = urlsplit(SITE_URL).netloc
    for name, soup in soups.items():
        assert (one(soup, "SiteName"), one(soup, "SiteIDCode"), one(soup, "SiteDomain")) == (UNASSIGNED, UNASSIGNED, host), name


def test_article_pages_carry_the_articles_tags_and_no_date_without_history(soups, portal):
    articles = article_pages(portal)
    assert {kind for kind, _ in articles.values()} == {"record", "law", "regulation", "report"}
    for name, soup in soups.items():
        found = tags(soup)
        if name not in articles:
            assert not set(ARTICLE_TAGS) & set(found), name
            continue
        assert {tag: len(found.get(tag, [])) for tag in ARTICLE_TAGS} == {**dict.fromkeys(ARTICLE_TAGS, 1), "PubDate": 0}, name
        assert all(found[tag][0].strip() for tag in ARTICLE_TAGS if tag != "PubDate"), name
    for policy in portal.policies:
        soup = soups[page_file(policy.url)]
        assert (one(soup, "ArticleTitle"), one(soup, "ContentSource"), one(soup, "Description")) == (
            policy.title, policy.issuer, policy.summary)
        words = one(soup, "Keywords").split(",")
        assert [portal.term("categories", c).name for c in policy.categories] == words[:len(policy.categories)]
    report = soups["reports/2022-sme-report/index.html"]
    row = next(d for d in data("documents.yml") if d["page"] == "reports/2022-sme-report.md")
    assert (one(report, "ArticleTitle"), one(report, "ContentSource")) == (row["title"], row["issuer"])
    law = soups["laws/kuanxiang-zhifu-tiaoli-2025/index.html"]
    row = next(d for d in data("documents.yml") if d["id"] == "kuanxiang-zhifu-tiaoli-2025")
    assert one(law, "ArticleTitle").startswith(row["title"]) and row["edition"] in one(law, "ArticleTitle")
    assert one(law, "ContentSource") == row["issuer"] == "国务院"


# -- the values, without a build -----------------------------------------------------------------------


def test_the_site_domain_is_the_host_of_the_address_the_site_is_built_for():
    assert site_domain("http://127.0.0.1:8767/hqzc/") == "127.0.0.1:8767"
    assert site_domain("https://www.Example.gov.cn/hqzc/") == "www.example.gov.cn"
    assert site_domain("") == UNASSIGNED


def test_pub_dates_are_the_first_commit_of_each_articles_file_in_china(content_copy):
    """Loaded from a repository (no build): a record changed later keeps its first date, a record first
    committed at 23:30 UTC is dated the next day in China, an uncommitted one has none."""
    commit_all(content_copy, "测试：导入全部内容")
    record = content_copy / "docs" / "policies" / "kejing" / "kejing-guishang-jiangli.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n测试用的补充说明。\n", encoding="utf-8")
    git(content_copy, "commit", "-q", "-am", "测试：补充说明", when="2026-11-22T23:30:00+00:00")
    added = content_copy / "docs" / "policies" / "kejing" / "kejing-ceshi-xinzeng.md"
    added.write_text(record.read_text(encoding="utf-8").replace("id: kejing-guishang-jiangli", "id: kejing-ceshi-xinzeng"),
                     encoding="utf-8")
    git(content_copy, "add", "-A")
    git(content_copy, "commit", "-q", "-m", "测试：新增", when="2026-11-22T23:30:00+00:00")
    pending = content_copy / "docs" / "policies" / "kejing" / "kejing-ceshi-weitijiao.md"
    pending.write_text(added.read_text(encoding="utf-8").replace("id: kejing-ceshi-xinzeng", "id: kejing-ceshi-weitijiao"),
                       encoding="utf-8")
    portal = load_portal(content_copy)

    def pub_date(src_uri: str) -> str | None:
        return dict(page_tags(portal, src_uri, portal.columns[0])).get("PubDate")

    for policy in portal.policies:
        if policy.id == "kejing-ceshi-weitijiao":
            assert pub_date(policy.path) is None  # not committed yet: no date rather than the build clock's
        else:
            assert pub_date(policy.path) == first_commit(content_copy, f"docs/{policy.path}"), policy.id
    for doc in portal.documents:
        assert pub_date(doc.page) == first_commit(content_copy, article_pages(portal)[page_file(doc.url)][1]), doc.id
    assert pub_date("policies/kejing/kejing-guishang-jiangli.md") == "2026-11-20 10:00"
    assert pub_date("policies/kejing/kejing-ceshi-xinzeng.md") == "2026-11-23 07:30"


def test_the_site_tags_follow_data_site_yml(content_copy):
    def shown() -> dict[str, str]:
        site = load_portal(content_copy).site
        return dict(site_tags(site.host_site_name, site.site_code, "https://www.example.gov.cn/hqzc/"))

    assert shown() == {"SiteName": UNASSIGNED, "SiteDomain": "www.example.gov.cn", "SiteIDCode": UNASSIGNED}
    site = content_copy / "data" / "site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(re.sub(r"^host_site_name: .*$", "host_site_name: 测试用虚构政府网站", text, flags=re.M)
                    .replace("site_code: null", "site_code: TEST000000"), encoding="utf-8")
    assert shown() == {"SiteName": "测试用虚构政府网站", "SiteDomain": "www.example.gov.cn", "SiteIDCode": "TEST000000"}


def test_data_columns_yml_is_checked_with_located_messages(content_copy):
    path = content_copy / "data" / "columns.yml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("  type: 办事服务\n", "  type: 办事\n", 1).replace("  keywords: [开放数据, 下载, 订阅]\n", "")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_portal(content_copy)
    lines = broken.split("\n")
    type_line = lines.index("  type: 办事") + 1
    open_data = lines.index("- name: 开放数据") + 1
    assert [(p.path, p.line, p.field) for p in caught.value.problems] == [
        ("data/columns.yml", type_line, "[1].type"), ("data/columns.yml", open_data, "[6].keywords")]
    assert "信息发布、解读回应、办事服务、互动交流" in caught.value.problems[0].message


def test_each_navigation_section_needs_its_column_and_each_page_one(content_copy):
    path = content_copy / "data" / "columns.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- name: 监督工作\n", "- name: 监督\n").replace('  also: ["policies/"]  # 各条政策的页面\n', ""),
                    encoding="utf-8")
    portal = load_portal(content_copy)
    sections = list(dict.fromkeys(nav_sections().values()))
    columns = Columns(portal.columns, {"": "首页", "reports/": "监督工作", "catalog/": "惠企政策"})
    problems = column_problems(portal, sections, columns, ["", "reports/", "policies/kejing/kejing-guishang-jiangli/"])
    messages = [p.message for p in problems]
    assert len(problems) == 4, messages
    assert "“监督工作”在 data/columns.yml 中没有说明" in messages[0]
    assert "栏目“监督”不是导航" in messages[1] and "监督工作" in messages[1]
    assert {p.path for p in problems} == {"data/columns.yml"}
    assert [m for m in messages[2:] if "不属于任何栏目" in m] == messages[2:]
    assert "policies/kejing/kejing-guishang-jiangli/" in messages[3]


# -- make publish ---------------------------------------------------------------------------------------


def test_publish_refuses_an_unassigned_site_code_or_host_website_and_says_where(content_copy, tmp_path):
    """The footer is the operator's own (as_operator) but the government website the portal is a column
    of is not named yet: nothing is built; once both are given, nothing is refused."""
    as_operator(content_copy)
    site = content_copy / "data" / "site.yml"
    text = re.sub(r"^(site_code|host_site_name): .*$", r"\1: null", site.read_text(encoding="utf-8"), flags=re.M)
    site.write_text(text, encoding="utf-8")
    dest = tmp_path / "www"
    refused = cli_in_process(content_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL)
    assert refused.returncode == 1
    for name, label in (("site_code", "网站标识码（SiteIDCode）"), ("host_site_name", "名称（SiteName）")):
        line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith(f"{name}:"))
        assert re.search(rf"data/site\.yml:{line}: {name}: .*{re.escape(label)}还是“待分配”", refused.stderr), refused.stderr
    assert "已发布的网站没有改动" in refused.stderr
    assert not dest.exists() and not (tmp_path / "www.releases").exists()
    as_operator(content_copy)
    assert footer_problems(content_copy, load_messages(content_copy)) == []


# -- a build from a repository, for another address, with the host website named ------------------------------


def hostile_record(project: Path) -> None:
    """A department's record whose title and issuer hold quotes and markup."""
    header = (ROOT / "tests" / "fixtures" / "injection" / "inert" / "renshe" / "renshe-injection-plain.md").read_text(
        encoding="utf-8")
    header = header.replace("id: renshe-injection-plain", "id: renshe-meta-injection")
    header = re.sub(r"^title: .*$", f"title: '{HOSTILE_TITLE.replace(chr(39), chr(39) * 2)}'", header, flags=re.M)
    for name, value in (("issuer", HOSTILE_ISSUER), ("summary", HOSTILE_SUMMARY)):
        header = re.sub(rf"^{name}: .*$", f"{name}: '{value.replace(chr(39), chr(39) * 2)}'", header, flags=re.M)
    (project / HOSTILE_RECORD).parent.mkdir(exist_ok=True)
    (project / HOSTILE_RECORD).write_text(header.replace("{{ 6 + 7 }}", ""), encoding="utf-8")


@pytest.mark.slow
def test_a_build_from_a_repository_under_a_path_with_the_host_website_named(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project, "测试：导入全部内容")
    record = project / "docs" / "policies" / "kejing" / "kejing-guishang-jiangli.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n测试用的补充说明。\n", encoding="utf-8")
    hostile_record(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "测试：补充说明和新记录", when="2026-11-22T23:30:00+00:00")
    site_yml = project / "data" / "site.yml"
    site_yml.write_text(re.sub(r"^host_site_name: .*$", 'host_site_name: 测试用"虚构"政府网站', site_yml.read_text(
        encoding="utf-8"), flags=re.M).replace("site_code: null", "site_code: TEST000000"), encoding="utf-8")
    result = build(project, env={"SITE_URL": "http://127.0.0.1:8767/hqzc/"})
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    soups = every_page(site)
    portal = load_portal(project)
    articles = article_pages(portal)
    assert HOSTILE_RECORD.removeprefix("docs/").removesuffix(".md") + "/index.html" in articles
    for name, soup in soups.items():
        found = tags(soup)
        assert (one(soup, "SiteName"), one(soup, "SiteIDCode"), one(soup, "SiteDomain")) == (
            '测试用"虚构"政府网站', "TEST000000", "127.0.0.1:8767"), name
        if name in articles:
            assert all(len(found.get(tag, [])) == 1 and found[tag][0].strip() for tag in ARTICLE_TAGS), (name, found)
            assert PUB_DATE.match(one(soup, "PubDate")), name
            assert one(soup, "PubDate") == first_commit(project, articles[name][1]), name
    assert one(soups["policies/kejing/kejing-guishang-jiangli/index.html"], "PubDate") == "2026-11-20 10:00"

    hostile = HOSTILE_RECORD.removeprefix("docs/").removesuffix(".md") + "/index.html"
    page = soups[hostile]
    assert (one(page, "ArticleTitle"), one(page, "ContentSource"), one(page, "Description")) == (
        HOSTILE_TITLE, HOSTILE_ISSUER, HOSTILE_SUMMARY)
    assert one(page, "PubDate") == "2026-11-23 07:30"
    head = (site / hostile).read_text(encoding="utf-8").split("</head>")[0]
    assert f'<meta name="ArticleTitle" content="{escape(HOSTILE_TITLE)}">' in head  # &#34; &gt; &lt; &#39; &amp;amp;
    assert f'<meta name="ContentSource" content="{escape(HOSTILE_ISSUER)}">' in head and "<b>" not in head
    assert f'<meta name="Description" content="{escape(HOSTILE_SUMMARY)}">' in head and "<script>alert" not in head
    plain = soups["policies/kejing/kejing-guishang-jiangli/index.html"]
    assert len(page.head.find_all("script")) == len(plain.head.find_all("script"))
    assert len(page.head.find_all("meta")) == len(plain.head.find_all("meta"))


@pytest.mark.slow
def test_the_build_stops_at_the_line_of_a_column_that_is_no_navigation_section(project_copy):
    path = project_copy / "data" / "columns.yml"
    text = path.read_text(encoding="utf-8").replace("- name: 监督工作\n", "- name: 监督\n")
    path.write_text(text, encoding="utf-8")
    result = build(project_copy)
    output = result.stdout + result.stderr
    line = text.split("\n").index("- name: 监督") + 1
    assert result.returncode != 0 and "Traceback" not in output, output
    assert f"data/columns.yml:{line}: name: 栏目“监督”不是导航" in output, output
    assert "data/columns.yml:1: name: 导航（mkdocs.yml 的 nav）中的一级栏目“监督工作”在 data/columns.yml 中没有说明" in output
    assert not (project_copy / "site" / "index.html").exists()
