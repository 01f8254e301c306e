"""Government page metadata: the ``<meta>`` tags the province's shared platform and the national
inspections of government websites read in every page's <head> (as e.g. 邯郸市人民政府's pages carry
them). The portal is a column (专栏) of the city's government portal: ``SiteName``, ``SiteDomain`` and
``SiteIDCode`` describe the government website it is published in (data/site.yml); the ``Column*``
tags the portal's own column a page belongs to (data/columns.yml, by the navigation); article pages
(records, the laws' pages, the report) add what the article is and where it comes from.

A value not assigned yet is ``待分配``; a publish date the repository cannot give (no history) is left
out, never taken from the build clock. The partial overrides/partials/gov-meta.html writes the tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from ..core.clock import CHINA

# The contract with `make inspect` (which imports these): the tags every page carries, and the ones an
# article page carries besides, as <meta name="..." content="..."> in its <head>.
EVERY_PAGE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description")
UNASSIGNED = "待分配"  # a value the 主办单位 or the host website has not given yet
PUB_DATE_FORMAT = "%Y-%m-%d %H:%M"  # China time
# The functions of a government website (政府网站发展指引, 国办发〔2017〕47号): a column's ColumnType.
COLUMN_TYPES = ("信息发布", "解读回应", "办事服务", "互动交流")
KEYWORD_SEPARATOR = ","


@dataclass(frozen=True)
class Column:
    """One column of the portal (data/columns.yml): a top-level section of the navigation."""

    name: str  # the section's title in mkdocs.yml's nav
    description: str
    keywords: tuple[str, ...]
    type: str  # one of COLUMN_TYPES
    also: tuple[str, ...] = ()  # address prefixes of pages outside the navigation that belong here
    line: int = field(default=1, compare=False)  # where it is in data/columns.yml (for messages)

    def tags(self) -> tuple[tuple[str, str], ...]:
        return (("ColumnName", self.name), ("ColumnDescription", self.description),
                ("ColumnKeywords", KEYWORD_SEPARATOR.join(self.keywords)), ("ColumnType", self.type))


def site_domain(site_url: str) -> str:
    """The host (and port, if any) of the address the site is built for: a column under a path of the
    government portal (``https://<门户>/hqzc/``) is on the portal's domain."""
    parts = urlsplit(site_url or "")
    return parts.netloc.rpartition("@")[2].lower() or UNASSIGNED


def site_tags(host_site_name: str | None, site_code: str | None, site_url: str) -> tuple[tuple[str, str], ...]:
    """SiteName, SiteDomain, SiteIDCode: the government website the portal is a column of."""
    return (("SiteName", host_site_name or UNASSIGNED), ("SiteDomain", site_domain(site_url)),
            ("SiteIDCode", site_code or UNASSIGNED))


def pub_date(when: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM`` in China, or None when the time is not known."""
    return when.astimezone(CHINA).strftime(PUB_DATE_FORMAT) if when else None


def article_tags(title: str, published: datetime | None, source: str | None, keywords: list[str],
                 description: str) -> tuple[tuple[str, str], ...]:
    """An article's tags, in ARTICLE_TAGS order; an unknown publish date or source is left out (the
    inspection lists the page), never made up."""
    values = {"ArticleTitle": title, "PubDate": pub_date(published), "ContentSource": source,
              "Keywords": KEYWORD_SEPARATOR.join(dict.fromkeys(k for k in keywords if k)), "Description": description}
    return tuple((name, values[name]) for name in ARTICLE_TAGS if values[name])


class Columns:
    """Which column a page belongs to: its top-level section of the navigation; a page outside the
    navigation, the column whose ``also`` prefix its address starts with, else the section holding the
    pages of its first folder (catalog/** with catalog/, guide/gaps/*/ with guide/)."""

    def __init__(self, columns: tuple[Column, ...], nav_pages: dict[str, str]):
        """``nav_pages``: the address of every page in the navigation -> its top-level section's title."""
        self.by_name = {c.name: c for c in columns}
        self.nav_pages = nav_pages
        self.folders = {}
        for url, section in nav_pages.items():
            folder = url.split("/", 1)[0] if "/" in url else ""
            if folder:
                self.folders.setdefault(folder, section)
        self.prefixes = sorted(((prefix, c) for c in columns for prefix in c.also), key=lambda p: -len(p[0]))

    def of(self, url: str) -> Column | None:
        if url in self.nav_pages:
            return self.by_name.get(self.nav_pages[url])
        for prefix, column in self.prefixes:
            if url.startswith(prefix):
                return column
        folder = url.split("/", 1)[0] if "/" in url else ""
        return self.by_name.get(self.folders.get(folder, ""))
