"""What the self-inspection (clerk/inspect.py) reads from one built HTML page: its links, ids, government
<meta> tags, the date of its last change (``本页内容最近更新：<time datetime>``, overrides/main.html), its
footer's lines (overrides/partials/copyright.html), the primary navigation, and whether its article
shows anything beyond its title. Python's own HTML parser, one pass per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"))
LINK_ATTRIBUTES = ("href", "src")
# Inside the article, not its content: the title, the breadcrumbs, the date line, the print button, a
# heading's permalink (¶), and what is not shown (templates the scripts fill, scripts, styles).
NOT_CONTENT_CLASSES = frozenset(("portal-crumbs", "portal-changed", "portal-print-link", "headerlink"))
NOT_CONTENT_TAGS = frozenset(("h1", "template", "script", "style", "noscript"))


@dataclass
class PageFacts:
    links: list[str] = field(default_factory=list)  # every href and src, in order
    ids: set[str] = field(default_factory=set)  # every id and <a name>: the anchors a link may name
    metas: dict[str, str] = field(default_factory=dict)  # <meta name> -> content
    changed: str | None = None  # the datetime of 本页内容最近更新
    footer: list[str] = field(default_factory=list)  # the text of each line part (<span>) of the footer
    nav: list[str] = field(default_factory=list)  # the primary navigation's page links (no #anchors)
    content: str = ""  # the article's text beyond its title, crumbs, date and print button
    counts: list[int] = field(default_factory=list)  # the records a listing says it lists (portal-count)
    canonical: str | None = None
    stylesheets: list[str] = field(default_factory=list)
    title: str = ""
    heading: str = ""  # the article's <h1>


class PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.stack: list[tuple[str, frozenset[str]]] = []
        self.content: list[str] = []
        self.footer_part: list[str] | None = None
        self.footer_depth: int | None = None  # the stack's height outside the footer line part being read
        self.title_parts: list[str] | None = None

    def inside(self, tag: str | None = None, css: str | None = None) -> bool:
        return any((tag is None or t == tag) and (css is None or css in c) for t, c in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = frozenset((values.get("class") or "").split())
        for name in LINK_ATTRIBUTES:
            if values.get(name) is not None:
                self.facts.links.append(values[name])
        for anchor in (values.get("id"), values.get("name") if tag == "a" else None):
            if anchor:
                self.facts.ids.add(anchor)
        self.read_head(tag, values)
        if tag == "time" and self.inside("p", "portal-changed") and values.get("datetime"):
            self.facts.changed = values["datetime"]
        if tag == "a" and "md-nav__link" in classes and self.inside("nav", "md-nav--primary"):
            href = values.get("href") or ""
            if href and not href.startswith("#"):
                self.facts.nav.append(href)
        if tag == "strong" and self.inside("p", "portal-count") and (values.get("data-count") or "").isdigit():
            self.facts.counts.append(int(values["data-count"]))
        if tag not in VOID:
            if tag == "span" and self.footer_depth is None and self.inside("div", "portal-footer"):
                self.footer_part, self.footer_depth = [], len(self.stack)
            self.stack.append((tag, classes))
            if tag == "title":
                self.title_parts = []

    def read_head(self, tag: str, values: dict) -> None:
        if tag == "meta" and values.get("name"):
            self.facts.metas[values["name"]] = values.get("content") or ""
        if tag == "link":
            rel = (values.get("rel") or "").split()
            if "canonical" in rel:
                self.facts.canonical = values.get("href")
            if "stylesheet" in rel and values.get("href"):
                self.facts.stylesheets.append(values["href"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            closed, _ = self.stack.pop()
            if self.footer_depth is not None and len(self.stack) == self.footer_depth:
                self.close_footer_part()
            if closed == "title" and self.title_parts is not None:
                self.facts.title, self.title_parts = "".join(self.title_parts).strip(), None
            if closed == tag:
                return

    def close_footer_part(self) -> None:
        text = " ".join("".join(self.footer_part or ()).split())
        if text:
            self.facts.footer.append(text)
        self.footer_part = self.footer_depth = None

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.footer_part is not None:
            self.footer_part.append(data)
        if self.in_article_content() and data.strip():
            self.content.append(data.strip())
        elif self.inside("h1") and not self.inside(css="headerlink") and self.inside("article", "md-content__inner"):
            self.facts.heading += data.strip()

    def in_article_content(self) -> bool:
        if not self.inside("article", "md-content__inner"):
            return False
        return not any(tag in NOT_CONTENT_TAGS or classes & NOT_CONTENT_CLASSES for tag, classes in self.stack)

    def result(self) -> PageFacts:
        self.close()
        self.facts.content = " ".join(self.content)
        return self.facts


def read_page(html: str) -> PageFacts:
    reader = PageReader()
    reader.feed(html)
    return reader.result()
