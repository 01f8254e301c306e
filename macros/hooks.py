"""MkDocs hooks (mkdocs.yml ``hooks:``): load the records once, add generated pages, build record pages.

Record pages (docs/policies/**) are never rendered by Jinja: their page is our escaped header
plus their Markdown body, whose HTML is sanitised between secret markers.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# MkDocs loads this file by path; make the ``macros`` package importable from the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import build  # noqa: E402
from macros.pages import generated_pages  # noqa: E402
from macros.records import POLICY_DIR  # noqa: E402
from macros.render import policy_footer, policy_header  # noqa: E402
from macros.frontmatter import confined  # noqa: E402
from macros.sanitize import Fence  # noqa: E402
from macros.opendata import open_data_files  # noqa: E402
from macros.feeds import EMPTY_SITEMAP, THEME_SITEMAP, feed_of_page  # noqa: E402
from macros.rules import browser_rules  # noqa: E402
from macros.problems import warning_line  # noqa: E402
from macros.htmltext import visible_text  # noqa: E402
from macros.search import (SearchDoc, portal_segmenter, record_documents, record_pages, suggested_facets,  # noqa: E402
                           write_index)

log = logging.getLogger("mkdocs.plugins.portal")
_fence = Fence()
SEARCH_DIR = "search-index"
NOT_INDEXED = ("search/", "matcher/")  # pages that are tools, not content
_page_docs: list[SearchDoc] = []  # portal-owned pages of the build in progress, for the search index
_indexed_from_data: set[str] = set()  # generated pages and record pages: not indexed from their HTML
_page_feeds: dict = {}  # page URL -> the feed describing it (linked from the page's head)


def on_config(config):
    _page_docs.clear()
    _indexed_from_data.clear()
    _page_feeds.clear()
    portal = build.portal_for(config)
    for note in portal.normalised:  # accepted, normalised input (GB18030, BOM, CRLF): worth a line
        log.info("提示：%s", note)
    for warning in portal.warnings:  # review flags (待复核): reported, never a build failure (INFO, not WARNING)
        log.info(warning_line(warning))
    config.extra["portal_site"] = dict(portal.site)
    config.extra["portal_rules"] = browser_rules()
    return config


def on_files(files, config):
    refuse_unsafe_files(files, config)
    portal = build.portal_for(config)
    for page in generated_pages(portal):
        files.append(File.generated(config, page.src_uri, content=page.markdown()))
        _indexed_from_data.add(page.src_uri)
    _indexed_from_data.update(record_pages(portal))
    _page_feeds.update(feed_of_page(portal))
    extra = {THEME_SITEMAP: EMPTY_SITEMAP}
    for path, content in {**open_data_files(portal, config.get("site_url") or ""), **extra}.items():
        files.append(File.generated(config, path, content=content))
    return files


def refuse_unsafe_files(files, config) -> None:
    """Nothing from outside docs/ is published, and department folders hold only their records.

    MkDocs follows symbolic links and copies every non-Markdown file into the site: a link to
    /proc/self/environ, or a department's own .html/.js/.svg, would be published on the portal's
    origin (where the Content-Security-Policy trusts 'self').
    """
    docs = Path(config["docs_dir"])
    problems = []
    for file in files:
        if file.generated_by or not file.abs_src_path or not file.abs_src_path.startswith(os.path.abspath(docs) + os.sep):
            continue  # generated pages and theme files
        if not confined(docs, Path(file.abs_src_path)):
            problems.append(f"docs/{file.src_uri}: 是符号链接（快捷方式）或指向网站文件夹之外；请提交文件本身")
        elif file.src_uri.startswith(POLICY_DIR + "/") and not file.src_uri.endswith(".md"):
            problems.append(f"docs/{file.src_uri}: 部门文件夹中只能放政策文件（.md）；网页、脚本、图片等附件不会发布；请删除，或在正文中写明原文链接")
    if problems:
        raise PluginError("内容检查未通过，网站没有生成：\n" + "\n".join(sorted(problems)))


def is_record(page) -> bool:
    return page.file.src_uri.startswith(POLICY_DIR + "/")


def on_page_read_source(page, config):
    if not is_record(page):
        return None
    return build.record_source(build.portal_for(config), page.file.src_uri)


def on_page_markdown(markdown, page, config, files):
    feed = _page_feeds.get(page.url)
    if feed is not None:
        page.meta["portal_feed"] = {"href": feed.path, "title": f"订阅：{feed.title}（Atom）"}
    if not is_record(page):
        return markdown
    page.meta["portal_record"] = build.portal_for(config).by_path[page.file.src_uri].id
    return _fence.wrap(markdown)


def on_page_content(html, page, config, files):
    if not is_record(page):
        collect_page_text(html, page, config)
        return html
    cleaned = _fence.clean_between(html)
    if cleaned is None:
        raise PluginError(f"{page.file.src_uri}: 正文格式不完整（常见原因：代码块“```”没有结束）；请补全后重新构建")
    # The header is ours and already HTML: added after Markdown, which would only re-parse it slowly.
    portal = build.portal_for(config)
    policy = portal.by_path[page.file.src_uri]
    return policy_header(portal, policy) + cleaned + policy_footer(portal, policy)



def collect_page_text(html, page, config) -> None:
    """Index a portal-owned page by its visible text (records and laws are indexed from data)."""
    source = page.file.src_uri
    if source in _indexed_from_data or page.url.startswith(NOT_INDEXED):
        return
    text = visible_text(html)
    _page_docs.append(SearchDoc(page.url, page.title or "", text, "页面", text[:200]))


def on_post_build(config):
    portal = build.portal_for(config)
    docs = record_documents(portal) + sorted(_page_docs, key=lambda d: d.url)
    write_index(docs, portal_segmenter(portal), Path(config["site_dir"]) / SEARCH_DIR,
                portal.search.synonyms, suggested_facets(portal, docs))
