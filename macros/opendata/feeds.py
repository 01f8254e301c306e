"""Feeds people can subscribe to: Atom (RFC 4287) for the whole site and for each group of every
vocabulary facet (each department, category, beneficiary, 免申即享 ...), and the RSS feed.xml that
has always been there. Written with feedgen, never with string templates.

Stable across builds and machines: ids are name-based UUIDs of the record id (not its title or
address), and every date comes from the records or the repository's history
(``Portal.last_changed``), never from the build clock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from feedgen.feed import FeedGenerator

from ..core.clock import CHINA
from ..model.addresses import CATALOG
from ..model.facets import FACETS, groups_of
from ..model.portal import Portal
from ..model.records import Policy

FEED_SIZE = 50  # newest entries per feed: a feed tells what changed, the catalog holds the rest
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "shishou-sme-policy-portal")
RSS_PATH = "feed.xml"


def stable_id(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{key}')}"


@dataclass(frozen=True)
class Feed:
    path: str  # site path of the feed, e.g. feeds/departments-kejing.atom
    title: str
    page: str  # the page it describes (its <link rel="alternate"> is there)
    policies: tuple[Policy, ...]


def feeds_of(portal: Portal) -> list[Feed]:
    """The whole site, then every group of every vocabulary facet (免申即享 is delivery/mianshen)."""
    feeds = [Feed("feeds/all.atom", "全部惠企政策", f"{CATALOG}/all/", portal.policies)]
    for facet in FACETS:
        if facet.kind != "vocabulary":
            continue
        for code, name, _, policies in groups_of(portal, facet):
            feeds.append(Feed(f"feeds/{facet.slug}-{code}.atom", f"{facet.label}：{name}",
                              f"{CATALOG}/{facet.slug}/{code}/", policies))
    return feeds


def feed_of_page(portal: Portal) -> dict[str, Feed]:
    """Page site path -> the feed that describes it."""
    return {feed.page: feed for feed in feeds_of(portal)}


def _absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" if site_url else "/") + path


def _newest(portal: Portal, policies: tuple[Policy, ...]) -> list[Policy]:
    return sorted(policies, key=lambda p: (portal.last_changed(p), p.id), reverse=True)[:FEED_SIZE]


def _generator(portal: Portal, title: str, feed_id: str, page_url: str, self_url: str,
               entries: list[Policy]) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(f"{portal.site['site_name']}：{title}")
    fg.author(name=str(portal.site["site_name"]))
    fg.link(href=page_url, rel="alternate")
    fg.link(href=self_url, rel="self")
    fg.language("zh-CN")
    fg.description(f"{portal.site['site_name']}：{title}的更新")
    updated = max((portal.last_changed(p) for p in entries), default=datetime.combine(portal.as_of, time(0), CHINA))
    fg.updated(updated)
    fg.lastBuildDate(updated)
    return fg


def _add_entries(fg: FeedGenerator, portal: Portal, site_url: str, entries: list[Policy], rss: bool = False) -> None:
    for p in entries:
        entry = fg.add_entry(order="append")
        if rss:  # feed.xml has always used the record id: its subscribers see no duplicates
            entry.guid(p.id, permalink=False)
        else:
            entry.id(stable_id("policy", p.id))
        entry.title(p.title)
        entry.link(href=_absolute(site_url, p.url))
        entry.updated(portal.last_changed(p))
        if p.published_date:
            entry.published(datetime.combine(p.published_date, time(0), CHINA))
        entry.pubDate(portal.last_changed(p))
        entry.summary(p.summary)
        entry.author(name=portal.term("department", p.department).name)
        for code in p.categories:
            entry.category(term=code, label=portal.term("categories", code).name)


def atom_feed(portal: Portal, feed: Feed, site_url: str) -> bytes:
    entries = _newest(portal, feed.policies)
    fg = _generator(portal, feed.title, stable_id("feed", feed.path), _absolute(site_url, feed.page),
                    _absolute(site_url, feed.path), entries)
    _add_entries(fg, portal, site_url, entries)
    return fg.atom_str(pretty=True)


def rss_feed(portal: Portal, site_url: str) -> bytes:
    """feed.xml, the address subscribers already use: RSS 2.0 of the newest changes site-wide."""
    entries = _newest(portal, portal.policies)
    fg = _generator(portal, "惠企政策更新", stable_id("feed", RSS_PATH), _absolute(site_url, ""),
                    _absolute(site_url, RSS_PATH), entries)
    _add_entries(fg, portal, site_url, entries, rss=True)
    return fg.rss_str(pretty=True)


# Material's theme script fetches "sitemap.xml" next to every <link rel="alternate"> of a page (it
# expects alternate-language versions of the site). The feeds all sit in feeds/, where this empty
# sitemap answers that request with 100 bytes instead of a 404 page on every page view.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
THEME_SITEMAP = "feeds/sitemap.xml"
