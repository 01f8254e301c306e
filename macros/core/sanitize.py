"""Sanitise the HTML that department Markdown turns into (nh3, a maintained Rust sanitizer).

Only a small set of text tags survives; scripts, styles, frames, forms, event handlers and
non-web URL schemes are dropped, and links get rel="noopener noreferrer". Classes are limited to
the few that Markdown itself produces (permalinks, admonitions), and heading ids that could
clobber the theme's or the portal's own elements (``__config``, ``__search``, ``portal-live`` …)
are dropped, so department content can neither restyle the page as official UI nor break its
scripts.
"""

from __future__ import annotations

import re
import secrets

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sup", "sub", "mark", "small",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "span", "div",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "*": {"title"},
    "a": {"href"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ADMONITIONS = {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning",
               "failure", "danger", "bug", "example", "quote"}
ALLOWED_CLASSES = {"a": {"headerlink"}, "div": ADMONITIONS, "p": {"admonition-title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Ids the theme and the portal use: Material's start with "__" (__config, __search, __drawer,
# __nav_1 …) or "md-", the portal's with "portal-". A heading id must look like a slug.
RESERVED_ID = re.compile(r"^(_|md-|portal-)", re.I)
SLUG_ID = re.compile(r"^[^\W_][\w\-]{0,99}$")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and (RESERVED_ID.match(value) or not SLUG_ID.match(value)):
        return None
    return value


def clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     allowed_classes=ALLOWED_CLASSES, attribute_filter=_attribute_filter,
                     link_rel="noopener noreferrer", strip_comments=True)


class Fence:
    """Markers around untrusted content, with a per-build secret so content cannot forge them."""

    def __init__(self) -> None:
        token = secrets.token_hex(16)
        self.begin = f"<!-- portal-untrusted-begin {token} -->"
        self.end = f"<!-- portal-untrusted-end {token} -->"

    def wrap(self, markdown: str) -> str:
        return f"\n\n{self.begin}\n\n{markdown}\n\n{self.end}\n\n"

    def clean_between(self, html: str) -> str | None:
        """Sanitise everything between the first begin and the last end marker; None if unbalanced."""
        start, stop = html.find(self.begin), html.rfind(self.end)
        if start < 0 or stop < start:
            return None
        inner = html[start + len(self.begin): stop]
        return html[:start] + '<div class="portal-body">' + clean(inner) + "</div>" + html[stop + len(self.end):]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that Excel/WPS will show as text: a leading = + - @ (or tab, CR) would make the
    spreadsheet run it as a formula (e.g. =HYPERLINK sending other cells to another site), so
    such a cell is prefixed with an apostrophe, as OWASP recommends."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
