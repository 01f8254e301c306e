"""mkdocs-macros entry point: small macros for the portal's own pages.

Only portal-owned pages (``force_render_paths`` in mkdocs.yml) are rendered; department
records never are. Each macro reads the records loaded once per build (``build.portal_for``)
and returns HTML/Markdown built by ``render``, where every record value is escaped.
"""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment


def define_env(env):
    from . import build, forms, render
    from .pages import facet_index

    def portal():
        return build.portal_for(env.conf)

    def page_url() -> str:
        return env.page.url

    @env.macro
    def document_info(doc_id: str) -> str:
        """The metadata block of a law, regulation or report (data/documents.yml)."""
        return render.document_meta(portal().document(doc_id))

    @env.macro
    def law_text(doc_id: str) -> str:
        """A law's chapter contents and every article with its anchor, copy buttons and backlinks."""
        doc = portal().document(doc_id)
        if doc.text_status != "full":
            return render.pending_notice(doc)
        return render.law_body(portal(), doc, page_url())

    @env.macro
    def text_pending(doc_id: str) -> str:
        """The visible 全文待录入 notice of a document whose text is not yet entered."""
        return render.pending_notice(portal().document(doc_id))

    @env.macro
    def chapter_list(doc_id: str) -> str:
        """The chapter titles of a document known only by its metadata."""
        chapters = portal().document(doc_id).meta.get("chapters") or []
        numerals = "一二三四五六七八九十"
        items = "".join(f"<li>第{numerals[i]}章 {render.esc(title)}</li>" for i, title in enumerate(chapters))
        return f'<ol class="portal-chapters">{items}</ol>'

    @env.macro
    def report_text(doc_id: str) -> str:
        """A report's text, one paragraph per source line, exactly as stored."""
        body = portal().document(doc_id).body or ""
        paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
        return '<div class="portal-report">' + "".join(f"<p>{render.esc(p)}</p>" for p in paragraphs) + "</div>"

    @env.macro
    def policy_count() -> int:
        """How many provisions are recorded (the real count)."""
        return len(portal().policies)

    @env.macro
    def catalog_overview() -> str:
        """Links to every index of the catalog, with counts."""
        p = portal()
        here = page_url()
        items = [f"<li>{render.link(here, 'catalog/all/', '全部政策')} <span class=\"portal-count-badge\">{len(p.policies)}</span></li>"]
        items += [f"<li>{render.link(here, url, label)}</li>" for url, label in facet_index(p)]
        mianshen = len(p.with_value("delivery", "mianshen"))
        items.append(f"<li>{render.link(here, 'catalog/delivery/mianshen/', '免申即享政策')} <span class=\"portal-count-badge\">{mianshen}</span></li>")
        return f'<ul class="portal-index-links">{"".join(items)}</ul>'

    @env.macro
    def catalog_filters() -> str:
        """The combinable filters of the catalog page (department, category, ... year)."""
        return forms.catalog_filters(portal())

    @env.macro
    def matcher_form() -> str:
        """The policy matcher's questionnaire."""
        return forms.matcher_form(portal())

    @env.macro
    def data_dictionary() -> str:
        """Every field of data/policy.schema.json: required or not, meaning, allowed values, example."""
        return render.data_dictionary(portal())

    @env.macro
    def link_to(target: str, text: str) -> str:
        """A link from the current page to a site path such as ``laws/sme-promotion-law/``."""
        return render.link(page_url(), target, text)


def on_pre_page_macros(env):
    # mkdocs-macros builds a plain Jinja environment after define_env runs; swap in a sandbox
    # (same loader, globals and filters) so no template can reach Python internals.
    if not isinstance(env._env, SandboxedEnvironment):
        plain = env._env
        sandbox = SandboxedEnvironment(loader=plain.loader, undefined=plain.undefined)
        sandbox.globals.update(plain.globals)
        sandbox.filters.update(plain.filters)
        env._env = sandbox
