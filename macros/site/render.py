"""Records -> HTML, through the autoescaped templates in overrides/portal/.

Record values reach the templates only as data (the template source is the portal's own), and
autoescaping applies to every value. Links are relative to the page being built (``here`` is a
site-relative directory URL such as ``catalog/departments/kejing/``).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model.facets import FACETS
from ..model.portal import Portal
from ..model.routes import tel_href
from ..model.status import STATUSES

TEMPLATES = Path("overrides") / "portal"


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def rel(page_url: str, target: str) -> str:
    """Relative link from one directory URL to a site path (``a/b/`` or ``a/b/#x`` or ``x.json``)."""
    path, hash_mark, fragment = target.partition("#")
    base = posixpath.join("/", page_url)
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    link = posixpath.relpath(posixpath.join("/", path), base)
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (hash_mark + fragment if hash_mark else "")


def number(value: Any) -> str:
    """5.0 -> 5; other numbers as written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@lru_cache(maxsize=8)
def environment(template_dir: Path) -> Environment:
    """One Jinja environment per template folder; templates reload when edited (mkdocs serve)."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.globals.update(rel=rel, number=number, status_label=STATUSES.__getitem__, tel=tel_href)
    # `tojson` (the record form's JSON block) writes Chinese as itself, not as \uXXXX escapes: half the
    # bytes; still safe in a <script> block (Jinja escapes < > & ' whatever this says)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def fragment(portal: Portal, name: str, **context: Any) -> str:
    """Render overrides/portal/<name> with the portal's lookups, as one raw HTML block.

    Fragments pass through Python-Markdown inside portal pages, where a blank line would end
    the raw HTML block and let Markdown re-read the rest: the output therefore has no blank
    lines (whitespace between tags is insignificant; values are escaped text).
    """
    template = environment(portal.root / TEMPLATES).get_template(name)
    html = template.render(
        term=portal.term, terms=lambda field, codes: [portal.term(field, code) for code in codes],
        status_of=portal.status, policy=portal.policy, document=portal.document,
        contract=portal.contract, facet_slug=facet_slugs(), **context,
    )
    return "\n".join(line for line in html.splitlines() if line.strip())


def facet_slugs() -> dict[str, str]:
    """Record field -> its catalog facet's URL segment (department -> departments)."""
    return {f.field: f.slug for f in FACETS if f.field}


def link(page_url: str, target: str, text: object, cls: str = "") -> str:
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<a{klass} href="{esc(rel(page_url, target))}">{esc(text)}</a>'


