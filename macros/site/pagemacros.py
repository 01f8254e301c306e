"""The macros of the portal's own pages (mkdocs-macros ``modules: [macros]``; registered by
``define_env``, which macros/__init__.py exposes).

Only portal-owned pages (``force_render_paths`` in mkdocs.yml) are rendered; department records
never are. Each macro reads the records the ``portal`` plugin (macros/plugin/) loaded for this build
and returns HTML from the autoescaped templates in overrides/portal/ (``render.fragment``). The
Jinja environment mkdocs-macros builds is swapped for a sandbox before any page renders.
"""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment

from . import catalog, dictionary, gaps, laws, opendata, outcomes, recordform, records, render
from .changed import document_files, record_files


def define_env(env):
    """Register the macros of the portal's own pages with mkdocs-macros."""

    def portal():
        # loaded by the portal plugin's on_config, which runs before any page renders
        return env.conf.plugins["portal"].portal

    def here() -> str:
        return env.page.url

    def reads(*files: str) -> None:
        """The page is made from these project files too (its date: site/changed.py)."""
        env.conf.plugins["portal"].reads(env.page.file.src_uri, files)

    def document(doc_id: str):
        doc = portal().document(doc_id)
        reads(*document_files(doc))
        return doc

    def every_record() -> None:
        reads(*record_files(portal().policies))

    def every_document() -> None:
        reads(*(f for doc in portal().documents for f in document_files(doc)))

    @env.macro
    def document_info(doc_id: str) -> str:
        """The metadata block of a law, regulation or report (data/documents.yml)."""
        return laws.document_meta(portal(), document(doc_id), here())

    @env.macro
    def law_page(doc_id: str) -> str:
        """A law or regulation of the library: version notice, metadata block, then its chapter
        contents and every article with its anchor, copy buttons and backlinks (or 全文待录入)."""
        return laws.law_page(portal(), document(doc_id), here())

    @env.macro
    def law_index() -> str:
        """Every law and regulation of data/documents.yml, with its state and versions."""
        every_document()
        return laws.law_index(portal(), here())

    @env.macro
    def law_list() -> str:
        """The library's texts as a short list of links, with 已被修订 / 全文待录入 marked."""
        every_document()
        return laws.law_list(portal(), here())

    @env.macro
    def text_pending(doc_id: str) -> str:
        """The visible 全文待录入 notice of a document whose text is not yet entered."""
        return laws.pending_notice(portal(), document(doc_id))

    @env.macro
    def chapter_list(doc_id: str) -> str:
        """The chapter titles of a document known only by its metadata."""
        return laws.chapter_list(portal(), document(doc_id))

    @env.macro
    def report_text(doc_id: str) -> str:
        """A report's text, one paragraph per source line, exactly as stored."""
        return laws.report_text(portal(), document(doc_id))

    @env.macro
    def outcomes_page() -> str:
        """兑现情况: what the reports say was delivered, as charts and tables (site/outcomes.py)."""
        every_record()
        every_document()
        return outcomes.outcomes_page(portal(), here())

    @env.macro
    def policy_count() -> int:
        """How many provisions are recorded (the real count)."""
        every_record()
        return len(portal().policies)

    @env.macro
    def catalog_overview() -> str:
        """Links to every index of the catalog, with counts."""
        every_record()
        return catalog.catalog_overview(portal(), here())

    @env.macro
    def catalog_filters() -> str:
        """The combinable filters of the catalog page (one per facet)."""
        every_record()
        return catalog.catalog_filters(portal(), here())

    @env.macro
    def status_legend() -> str:
        """What each validity status means (model/status.py)."""
        return records.status_legend(portal())

    @env.macro
    def matcher_scope() -> str:
        """Which provisions the matcher lists, by status, and how many are 有效期待核实 (site/catalog.py)."""
        every_record()
        return catalog.matcher_scope(portal())

    @env.macro
    def matcher_form() -> str:
        """The policy matcher's questionnaire."""
        return catalog.matcher_form(portal())

    @env.macro
    def data_dictionary() -> str:
        """Every field of the record contract (data/policy.schema.json)."""
        reads("data/policy.schema.json")
        return dictionary.data_dictionary(portal())

    @env.macro
    def open_data_index() -> str:
        """Every open-data file, every field, the commit and the checksums (opendata/files.py)."""
        every_record()
        return opendata.open_data_page(portal(), here())

    @env.macro
    def gap_dashboard() -> str:
        """Per department, the provisions missing each actionable fact; overdue reviews (site/gaps.py)."""
        every_record()
        return gaps.gap_dashboard(portal(), here())

    @env.macro
    def search_templates() -> str:
        """What the search page's script shows, as <template>s it fills (overrides/portal/search-results.html)."""
        return render.fragment(portal(), "search-results.html")

    @env.macro
    def record_form() -> str:
        """The record form's frame and the data its script needs (site/recordform.py)."""
        return recordform.record_form(portal(), here(), env.conf["mdx_configs"])

    @env.macro
    def link_to(target: str, text: str) -> str:
        """A link from the current page to a site path such as ``laws/sme-promotion-law/``."""
        return render.link(here(), target, text)


def on_pre_page_macros(env):
    # mkdocs-macros builds a plain Jinja environment after define_env runs; swap in a sandbox
    # (same loader, globals and filters) so no template can reach Python internals.
    if not isinstance(env._env, SandboxedEnvironment):
        plain = env._env
        sandbox = SandboxedEnvironment(loader=plain.loader, undefined=plain.undefined)
        sandbox.globals.update(plain.globals)
        sandbox.filters.update(plain.filters)
        env._env = sandbox
