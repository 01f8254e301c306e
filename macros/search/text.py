"""Visible text of an HTML fragment (for indexing portal-owned pages). Scripts, styles, buttons and
navigation are left out, and so is any element marked ``data-portal-noindex`` (e.g. the commit id on
the open-data page: no one searches for it, and it would make every build's index differ)."""

from __future__ import annotations

from html.parser import HTMLParser

SKIP = {"script", "style", "button", "nav", "template"}  # template: markup for scripts, not shown
NOINDEX = "data-portal-noindex"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        """Once skipping, every element inside is counted, so the skip ends with its own end tag."""
        if tag not in VOID and (tag in SKIP or self.skipping or any(name == NOINDEX for name, _ in attrs)):
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split()).replace("¶", "")
