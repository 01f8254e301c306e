"""Sanitise the HTML that department Markdown turns into (nh3, a maintained Rust sanitizer).

Only a small set of text tags survives; scripts, styles, frames, forms, event handlers and
non-web URL schemes are dropped, and links get rel="noopener noreferrer".
"""

from __future__ import annotations

import secrets

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sup", "sub", "mark", "small",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "span", "div",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
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
