"""The portal's MkDocs plugin (``portal`` in mkdocs.yml, registered in pyproject.toml as
``macros.plugin:PortalPlugin``).

Loads the records once per build, adds the generated pages and open data, builds record pages
and writes the search index. Everything a build collects lives on the plugin instance, loaded
afresh in ``on_config``: ``mkdocs serve`` hands every rebuild the records as they are on disk.

Record pages (docs/policies/**) are never rendered by Jinja: their page is our escaped header
plus their Markdown body, whose HTML is sanitised between secret markers.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.cache import Cache
from ..core.files import FolderLinks, confined
from ..core.messages import CatalogError, Messages, load_messages
from ..core.parallel import fork_is_safe
from ..core.problems import ContentError, report, warning_line
from ..core.sanitize import Fence
from ..load.portal import load_portal
from ..model.addresses import CLERK_SECTION
from ..model.govmeta import Columns, site_tags
from ..model.portal import Portal
from ..model.records import POLICY_DIR
from ..model.routes import every_page
from ..model.rules import browser_rules
from ..opendata.feeds import EMPTY_SITEMAP, THEME_SITEMAP, feed_of_page
from ..search.counting import BackgroundCounting, CountMemo, RecordDocMemo
from ..search.documents import SearchDoc, alias_table, record_documents, record_pages, suggested_facets
from ..search.index import write_index
from ..search.segment import portal_segmenter
from ..search.suggest import ReadingMemo, title_reading
from ..search.text import visible_text
from ..site.articles import mark_article
from ..site.assets import Asset, portal_assets, replaced_sources
from ..site.catalog import generated_pages
from ..site.changed import last_changed, record_files
from ..site.gaps import gap_pages
from ..site.govmeta import column_problems, page_tags
from ..site.records import record_source
from .cache import (
    DATA,
    DATA_SHA,
    PAGE,
    ExcludedLinkNotes,
    PageKeys,
    PreviousSite,
    cache_summary,
    keep_record_rows,
    known_record_rows,
    open_cache,
    reused_open_data,
    warning_count,
)
from .parts import OpenData, PageParts

log = logging.getLogger("mkdocs.plugins.portal")
SEARCH_DIR = "search-index"
# pages that are tools, not content: the gap dashboard lists record titles, which would make every
# pair of words in them "occur together" on one page
NOT_INDEXED = ("search/", "matcher/", CLERK_SECTION)


def catalog_checked(hook):
    """A hook that needs a text the project's catalog lacks fails the build with that located
    problem (a PluginError, as every build failure), not with a traceback."""
    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except CatalogError as error:
            raise PluginError(str(error)) from None
    return run


@contextmanager
def collector_paused():
    """Python's cycle collector, paused while the records are read. Reading (or taking from the cache)
    10,000 records makes millions of objects that live to the build's end and no garbage, so the
    collector's passes over the growing heap buy nothing: about 2 s of a 13 s incremental build at
    10,000 records. Not for the whole build: rendering leaves cycles (peak memory rose from 1.2 to
    1.7 GB when it was paused throughout)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class PortalPlugin(BasePlugin):
    def __init__(self) -> None:
        self._portal: Portal | None = None
        self.fence = Fence()
        self.page_docs: list[SearchDoc] = []  # portal-owned pages of this build, for the search index
        self.indexed_from_data: set[str] = set()  # generated pages and record pages: not indexed from their HTML
        self.page_feeds: dict = {}  # page URL -> the feed describing it (linked from the page's head)
        self.assets: dict[str, Asset] = {}  # source address -> minified, content-named script or stylesheet
        self.parts: PageParts | None = None  # record headers and generated pages' HTML (plugin/parts.py)
        self.counting: BackgroundCounting | None = None  # the search index's words, counted while pages render
        self.shared_html: dict[tuple, str] = {}  # theme parts rendered once for many pages (``once``)
        self.page_inputs: dict[str, set[str]] = {}  # page source -> the project files it is made from
        self.columns: Columns | None = None  # each page's column (government metadata), from the navigation
        self.cache: Cache | None = None  # what earlier builds made (plugin/cache.py); None when turned off
        self.warnings = warning_count()  # MkDocs' warnings in this build: a build that warned keeps nothing
        self.page_keys: dict[str, str] = {}  # page source -> its cache key, for the pages this build renders
        self.reused_pages: dict[str, Path] = {}  # output path in the site -> the cached page written there
        self.reused_urls: list[str] = []  # the addresses of the reused pages (excluded from MkDocs' pages)
        self.link_notes = ExcludedLinkNotes(set())  # MkDocs' notes of links to the reused pages, left out
        self.files = None  # this build's files (the reused pages' among them, excluded)
        self.previous = PreviousSite(None)  # the last build's site, set aside (on_pre_build)
        self.data_keys: dict[str, str] = {}  # a record's open-data file -> its cache key
        self.record_docs: RecordDocMemo | None = None  # the records' search documents from an earlier build
        self.record_docs_made: list[bool] = []  # for each record: whether this build made its document

    @property
    def portal(self) -> Portal:
        """The records of the build in progress (loaded in ``on_config``)."""
        if self._portal is None:
            raise PluginError("portal: the records are read in on_config; nothing may ask for them before")
        return self._portal

    @catalog_checked
    def on_config(self, config):
        with collector_paused():
            self.cache = open_cache(config, project_root(config))
            self._portal = load_checked_portal(project_root(config), self.cache)
        self.warnings = warning_count()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.page_keys, self.reused_pages, self.reused_urls = {}, {}, []
        self.link_notes = ExcludedLinkNotes(set())
        logging.getLogger(ExcludedLinkNotes.LOGGER).addFilter(self.link_notes)
        self.fence = Fence()
        self.page_docs = []
        self.indexed_from_data = set()
        self.page_feeds = {}
        self.shared_html = {}
        self.page_inputs = {}
        messages = self.portal.messages
        for note in self.portal.normalised:  # accepted, normalised input (GB18030, BOM, CRLF): worth a line
            log.info(messages.text("report.note", note=note))
        for warning in self.portal.warnings:  # review flags (待复核): reported, never a build failure (INFO)
            log.info(warning_line(warning, messages))
        config.extra["portal_site"] = dict(self.portal.site)
        config.extra["portal_hotlines"] = [h.as_dict() for h in every_page(self.portal.hotlines)]  # the footer's
        config.extra["portal_rules"] = browser_rules()
        self.serve_content_named_assets(config)
        return config

    def serve_content_named_assets(self, config) -> None:
        """mkdocs.yml names our scripts by source (assets/js/portal.js); pages get their minified,
        content-named copies, and one stylesheet (macros/site/assets.py); templates look others up in
        ``config.extra.portal_assets`` (a page's own scripts, md-inline.js)."""
        self.assets = portal_assets(project_root(config), list(config.theme.dirs))
        config.extra["portal_assets"] = {source: asset.path for source, asset in self.assets.items()}
        config.extra["portal_modules"] = {asset.path: list(asset.imports) for asset in self.assets.values()}
        config.extra_javascript = [self.served_script(script) for script in config.extra_javascript]
        config.extra_css = []  # in the one stylesheet, linked by overrides/main.html

    def served_script(self, script):
        """An ``extra_javascript`` entry pointed at its served copy; an entry with settings
        (``type: module``) keeps them."""
        if isinstance(script, str):
            return self.assets[script].path
        script.path = self.assets[script.path].path
        return script

    def on_env(self, env, config, files):
        """Templates may include the theme's own partial behind ours as ``theme/<name>``, and render a
        part shared by many pages once (``portal_once``, see overrides/partials/nav.html)."""
        theme_dirs = [d for d in config.theme.dirs if Path(d) != Path(config.theme.custom_dir or "")]
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"theme": FileSystemLoader(theme_dirs)})])
        env.globals["portal_once"] = self.once
        return env

    def once(self, *key, caller):
        """``{% call portal_once(key...) %}...{% endcall %}``: the body's HTML, rendered for the first
        page with this key and reused for the others in this build."""
        if key not in self.shared_html:
            self.shared_html[key] = caller()
        return self.shared_html[key]

    def on_pre_build(self, config):
        """The last build's site is set aside before MkDocs empties the folder: the pages this build
        reuses are moved back from it instead of being linked anew (plugin/cache.py)."""
        self.previous = PreviousSite.set_aside(Path(config["site_dir"]), self.cache)

    @catalog_checked
    def on_files(self, files, config):
        refuse_unsafe_files(files, config, self.portal.messages)
        replaced = replaced_sources(project_root(config))
        for file in [f for f in files if f.src_uri in replaced and not f.generated_by]:
            files.remove(file)
        for asset in self.assets.values():
            files.append(File.generated(config, asset.path, content=asset.content))
        catalog, gaps = generated_pages(self.portal), gap_pages(self.portal)
        pages = catalog + gaps
        self.page_feeds.update(feed_of_page(self.portal))
        keys = PageKeys(self.cache, self.portal, pages, config.get("site_url") or "", self.page_feeds) \
            if self.cache else None
        in_nav = nav_sources(config.get("nav"))
        everyone = record_files(self.portal.policies)  # a gap page shows counts over every record
        listed = {**{page.src_uri: page.inputs for page in catalog}, **{page.src_uri: everyone for page in gaps}}
        rendered = []
        for page in pages:
            file = File.generated(config, page.src_uri, content=page.source())
            files.append(file)
            self.indexed_from_data.add(page.src_uri)
            reusable = keys is not None and page.src_uri not in in_nav
            if not (reusable and self.reuse(file, keys.page(page, listed[page.src_uri]))):
                rendered.append(page)
        record_keys = {p.path: keys.record(p) for p in self.portal.policies} if keys else {}
        records = [p for p in self.portal.policies
                   if p.path not in record_keys or not self.reuse(files.get_file_from_path(p.path), record_keys[p.path])]
        self.files = files
        self.indexed_from_data.update(record_pages(self.portal))
        fork = fork_is_safe()  # asked before any worker thread starts
        self.data_keys = keys.data_files() if keys else {}
        reused_data = reused_open_data(self.cache, self.data_keys) if keys else {}
        rows = known_record_rows(self.cache, self.portal, self.data_keys) if keys else {}
        open_data = OpenData(reused_data, set(self.data_keys) - set(reused_data), self.previous.place, rows)
        self.parts = PageParts(self.portal, rendered, Path(config["site_dir"]), config.get("site_url") or "", fork=fork,
                               records=records, open_data=open_data)
        log.debug("portal: record headers, catalog pages and open data made %s",
                  "in a forked process" if fork else "in this process")
        segmenter = portal_segmenter(self.portal)
        counts = CountMemo(self.cache, segmenter) if self.cache else None
        self.record_docs = RecordDocMemo(counts, record_keys) if counts else None
        known = [self.record_docs.get(p.path) for p in self.portal.policies] if self.record_docs else []
        self.record_docs_made = [found is None for found in known]
        self.counting = BackgroundCounting(record_documents(self.portal, [found and found[0] for found in known]),
                                           segmenter, counts, [found and found[1] for found in known])
        files.append(File.generated(config, THEME_SITEMAP, content=EMPTY_SITEMAP))
        return files

    def reuse(self, file: File, key: str) -> bool:
        """Take a page from the cache when an earlier build made it from the same inputs; else render
        it and keep it. A reused page's file is marked excluded: MkDocs neither reads nor renders it,
        but still resolves links to it (the page is in the site: on_post_build puts it there)."""
        found = self.cache.file(PAGE, key)
        if found is None:
            self.page_keys[file.src_uri] = key
            return False
        file.inclusion = InclusionLevel.EXCLUDED
        self.reused_pages[file.dest_uri] = found
        self.reused_urls.append(file.url)
        self.link_notes.reused.add(file.src_uri)
        return True

    @catalog_checked
    def on_nav(self, nav, config, files):
        """Each page's column is its top-level section of the navigation (data/columns.yml says what
        each holds); the government website's tags are the same on every page (model/govmeta.py)."""
        sections = [item.title for item in nav.items]
        self.columns = Columns(self.portal.columns, {url: item.title for item in nav.items for url in nav_urls(item)})
        pageless = "404.html"  # the theme's own page, rendered without a page
        problems = column_problems(self.portal, sections, self.columns,
                                   [file.page.url for file in files.documentation_pages() if file.page]
                                   + self.reused_urls + [pageless])
        if problems:
            raise PluginError(self.portal.messages.text("build.refused") + "\n" + report(problems, self.portal.messages))
        site = self.portal.site
        config.extra["portal_gov"] = {"site": list(site_tags(site.host_site_name, site.site_code, config.get("site_url") or "")),
                                      "pageless": list(self.columns.of(pageless).tags())}
        return nav

    def on_page_read_source(self, page, config):
        if not is_record(page):
            return None
        return record_source(self.portal, page.file.src_uri)

    def reads(self, src_uri: str, files) -> None:
        """A page is made from these project files too (a macro's records or texts): its date."""
        self.page_inputs.setdefault(src_uri, set()).update(files)

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri not in self.parts.pages:
            self.reads(page.file.src_uri, [f"docs/{page.file.src_uri}"])
        feed = self.page_feeds.get(page.url)
        if feed is not None:
            page.meta["portal_feed"] = {"href": feed.path, "title": f"订阅：{feed.title}（Atom）"}
        if page.file.src_uri in self.parts.pages:
            return ""  # ours and already HTML (added in on_page_context): Markdown would only re-parse it slowly
        if self.portal.is_article(page.file.src_uri):
            mark_article(page.meta)  # the 朗读 control (overrides/partials/read-aloud.html)
        if not is_record(page):
            return markdown
        page.meta["portal_record"] = self.portal.by_path[page.file.src_uri].id
        return self.fence.wrap(markdown)

    @catalog_checked
    def on_page_content(self, html, page, config, files):
        if page.file.src_uri in self.parts.pages:
            return html
        if not is_record(page):
            self.collect_page_text(html, page)
            return html
        cleaned = self.fence.clean_between(html)
        if cleaned is None:
            raise PluginError(self.portal.messages.text("build.body_unclosed", path=page.file.src_uri))
        return cleaned

    def on_page_context(self, context, page, config, nav):
        """Our HTML goes in as the page is written: a record's header and footer around its body, a
        generated page's whole content (rendered meanwhile in another process when it can be: pageparts.py)."""
        if page.file.src_uri in self.parts.pages:
            page.content = self.parts.page(page.file.src_uri)
        elif is_record(page):
            header, footer = self.parts.record(self.portal.by_path[page.file.src_uri])
            page.content = header + page.content + footer
        made_from = self.parts.pages[page.file.src_uri].inputs if page.file.src_uri in self.parts.pages \
            else self.page_inputs.get(page.file.src_uri, ())
        page.meta["portal_changed"] = last_changed(self.portal, made_from)  # shown by overrides/main.html
        page.meta["portal_gov"] = page_tags(self.portal, page.file.src_uri, self.columns.of(page.url))  # partials/gov-meta.html
        return context

    def on_template_context(self, context, template_name, config):
        """The theme's sitemap.xml lists the reused pages too, where a full build lists them."""
        if template_name == "sitemap.xml" and self.reused_pages:
            context["pages"] = [file for file in self.files if file.is_documentation_page()
                                and (file.inclusion.is_included() or file.dest_uri in self.reused_pages)]
            for file in context["pages"]:
                if file.page is None:
                    Page(None, file, config)  # its address and date, as a full build gives them
        return context

    def collect_page_text(self, html, page) -> None:
        """Index a portal-owned page by its visible text (records and laws are indexed from data)."""
        if page.file.src_uri in self.indexed_from_data or page.url.startswith(NOT_INDEXED):
            return
        text = visible_text(html)
        self.page_docs.append(SearchDoc(page.url, page.title or "", text, "页面", text[:200]))

    def on_post_build(self, config):
        self.parts.finish()
        pages = sorted(self.page_docs, key=lambda d: d.url)
        docs = self.counting.docs + pages
        counted = self.counting.counted(pages)
        self.keep_record_docs(docs, counted)
        write_index(docs, self.counting.segmenter, Path(config["site_dir"]) / SEARCH_DIR,
                    self.portal.search.synonyms, suggested_facets(self.portal, docs), counted,
                    self.portal.search.narrower, alias_table(self.portal, docs),
                    ReadingMemo(self.cache) if self.cache else title_reading)
        site_dir = Path(config["site_dir"])
        for dest, cached in self.reused_pages.items():
            self.previous.place(cached, site_dir / dest)
        self.previous.finish()
        self.stop_listening()
        if self.cache is not None:
            if self.warnings.get_counts():
                self.cache.abandon()
            else:
                for src_uri, key in self.page_keys.items():
                    self.cache.keep(PAGE, key, site_dir / self.files.get_file_from_path(src_uri).dest_uri)
                for path, sha in self.parts.written.files.items():
                    self.cache.keep(DATA, self.data_keys[path], site_dir / path)
                    self.cache.put_value(DATA_SHA, self.data_keys[path], sha)
                keep_record_rows(self.cache, self.data_keys, self.parts.written.rows)
                self.cache.commit()
            log.info("portal: %s", cache_summary(self.cache))

    def keep_record_docs(self, docs: list[SearchDoc], counted: list) -> None:
        """The records' search documents this build made, for the next (the records' come first)."""
        if self.record_docs is None:
            return
        records = len(self.portal.policies)
        for policy, doc, counts, made in zip(self.portal.policies, docs[:records], counted[:records],
                                             self.record_docs_made, strict=True):
            if made:
                self.record_docs.put(policy.path, doc, counts)

    def on_build_error(self, error):
        for workers in (self.counting, self.parts):
            if workers is not None:
                workers.close()
        self.stop_listening()
        self.previous.finish()
        if self.cache is not None:
            self.cache.abandon()

    def stop_listening(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger(ExcludedLinkNotes.LOGGER).removeFilter(self.link_notes)


def load_checked_portal(root: Path, cache: Cache | None = None) -> Portal:
    """Load (and check) every record; fail the build with every problem found."""
    try:
        return load_portal(root, cache=cache)
    except ContentError as error:
        raise PluginError(refusal(root, error)) from None


def refusal(root: Path, error: ContentError) -> str:
    """Why the build stopped, in the project's catalog's words (core/messages.py's when the catalog
    itself is broken or lacks a key)."""
    if isinstance(error, CatalogError):
        return str(error)
    try:
        messages = load_messages(root)
        return messages.text("build.refused") + "\n" + report(error.problems, messages)
    except CatalogError as broken:  # the catalog lacks one of these two texts
        return str(broken)


def refuse_unsafe_files(files, config, messages: Messages) -> None:
    """Nothing from outside docs/ is published, and department folders hold only their records.

    MkDocs follows symbolic links and copies every non-Markdown file into the site: a link to
    /proc/self/environ, or a department's own .html/.js/.svg, would be published on the portal's
    origin (where the Content-Security-Policy trusts 'self').
    """
    docs = Path(config["docs_dir"])
    inside = os.path.abspath(docs) + os.sep
    problems, links = [], FolderLinks()
    for file in files:
        if file.generated_by or not file.abs_src_path or not file.abs_src_path.startswith(inside):
            continue  # generated pages and theme files
        if not confined(docs, Path(file.abs_src_path), links):
            problems.append(messages.text("build.unsafe_link", path=f"docs/{file.src_uri}"))
        elif file.src_uri.startswith(POLICY_DIR + "/") and not file.src_uri.endswith(".md"):
            problems.append(messages.text("build.not_a_record", path=f"docs/{file.src_uri}"))
    if problems:
        raise PluginError(messages.text("build.refused") + "\n" + "\n".join(sorted(problems)))


def project_root(config) -> Path:
    """The folder of the mkdocs.yml being built (a project copy's own, in the tests)."""
    return Path(config["config_file_path"]).resolve().parent


def nav_sources(nav) -> set[str]:
    """The pages mkdocs.yml's ``nav`` names (they stay in the build: MkDocs warns of a missing one)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {uri for value in nav.values() for uri in nav_sources(value)}
    if isinstance(nav, list):
        return {uri for item in nav for uri in nav_sources(item)}
    return set()


def nav_urls(item) -> list[str]:
    """The addresses of the pages in a navigation item (a page, or a section and everything in it)."""
    if item.is_page:
        return [item.url]
    return [url for child in item.children for url in nav_urls(child)] if item.is_section else []


def is_record(page) -> bool:
    return page.file.src_uri.startswith(POLICY_DIR + "/")
