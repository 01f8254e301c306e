"""Where things are published: the site paths that pages, open data and search link to, stated once
(pages and outputs import them; nothing spells an address out by hand). Paths are site-relative."""

from __future__ import annotations

CATALOG = "catalog"  # the catalog's pages: catalog/<facet>/<code>/
MATCHER_URL = "matcher/"  # the policy matcher (docs/matcher/index.md)
FORM_URL = "guide/new/"  # the record form
DASHBOARD_URL = "guide/gaps/"  # the gap dashboard; one page per department below it
GAPS_PATH = "api/gaps.json"
# 投稿指南 and every page below it (the form, the gap dashboard, the data dictionary, 增加一个字段,
# 用 git 投稿 …) are for clerks and maintainers: never indexed for the public search.
CLERK_SECTION = "guide/"


def record_path(policy_id: str) -> str:
    """A record's open-data file: its address is its id, never its title."""
    return f"api/policies/{policy_id}.json"


def source_path(policy_id: str) -> str:
    """The record's file as its department wrote it, for the record form (guide/new/?open=<id>)."""
    return f"api/sources/{policy_id}.json"


def department_gaps_url(code: str) -> str:
    return f"{DASHBOARD_URL}{code}/"


def site_relative(address: str | None) -> str | None:
    """An address a record gives (a source's 来源网址) as the portal publishes addresses: a path inside
    the site, written with a leading "/" in the record (the contract's 站内路径, "/reports/x/"), without
    it ("reports/x/"), so that it stays inside the site wherever the site is served (under a path like
    /hqzc/ too); a web address (https://…) as written."""
    return address[1:] if address and address.startswith("/") else address
