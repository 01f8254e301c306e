"""The catalog as built (issue: catalog): record pages, index pages per facet, counts, legal basis
(the laws' lists of citing records: test_legal_library.py), open data, feed and sitemap. The oracle is
``load_portal`` on the repository."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from built import SITE_URL, assert_real_count_claimed, norm, resolve, soup_of
from conftest import AS_OF
from macros.model.addresses import site_relative
from macros.model.portal import Portal
from macros.model.status import STATUSES

# -- facets, computed from the records ------------------------------------------------------------

def facet_groups(portal: Portal) -> dict[str, dict[str, set[str]]]:
    """facet slug -> value code -> ids of the records that belong there (independent of pages.py)."""
    def by_field(field: str) -> dict[str, set[str]]:
        groups = {code: set() for code in portal.vocabularies[field].codes}
        for p in portal.policies:
            value = getattr(p, field)
            for code in (value if isinstance(value, tuple) else (value,)):
                groups[code].add(p.id)
        return groups

    status = {code: set() for code in STATUSES}
    for p in portal.policies:
        status[portal.status(p)].add(p.id)
    years: dict[str, set[str]] = {}
    for p in portal.policies:
        years.setdefault(str(p.year) if p.year else "unknown", set()).add(p.id)
    years.setdefault("unknown", set())
    return {
        "departments": by_field("department"),
        "categories": by_field("categories"),
        "beneficiaries": by_field("beneficiaries"),
        "delivery": by_field("delivery"),
        "status": status,
        "years": years,
    }


def table_rows(site: Path, base: str) -> tuple[list[str], list[int], list[BeautifulSoup]]:
    """Row ids over every page of a (possibly paginated) table at base, the counts shown, the pages."""
    ids, counts, soups = [], [], []
    url, number = base, 1
    while (site / url / "index.html").is_file():
        soup = soup_of(site, url)
        soups.append(soup)
        ids += [row["data-policy"] for row in soup.select("tr[data-policy]")]
        counts += [int(node["data-count"]) for node in soup.select("[data-count]")]
        number += 1
        url = f"{base}{number}/"
    assert soups, f"no page at {base}"
    return ids, counts, soups


# -- record pages -------------------------------------------------------------------------------

def test_every_record_has_its_page_with_title_and_status(built_site, portal):
    assert portal.policies, "no records to check"
    problems = []
    for p in portal.policies:
        assert p.url == f"policies/{p.department}/{p.id}/", p.path
        page = built_site / p.url / "index.html"
        if not page.is_file():
            problems.append(f"{p.id}: no page at {p.url}")
            continue
        soup = soup_of(built_site, p.url)
        h1 = soup.select(".md-content h1")
        if len(h1) != 1 or norm(h1[0].get_text()).rstrip("¶").strip() != p.title:
            problems.append(f"{p.id}: h1 is {[norm(h.get_text()) for h in h1]}, want {p.title}")
        code = portal.status(p)
        badge = soup.select_one(f'.portal-policy[data-policy="{p.id}"] .portal-status')
        if badge is None or badge.get("data-status") != code or norm(badge.get_text()) != STATUSES[code]:
            problems.append(f"{p.id}: status badge {badge}, want {code} {STATUSES[code]}")
    assert not problems, "\n".join(problems)


def test_record_pages_are_exactly_the_records(built_site, portal):
    built = {page.parent.relative_to(built_site).as_posix() + "/"
             for page in (built_site / "policies").rglob("index.html")}
    assert built == {p.url for p in portal.policies}


# -- catalog pages ------------------------------------------------------------------------------

def test_all_page_lists_every_record_once(built_site, portal):
    ids, counts, _ = table_rows(built_site, "catalog/all/")
    assert sorted(ids) == sorted(p.id for p in portal.policies)
    assert len(ids) == len(set(ids))
    assert counts and set(counts) == {len(portal.policies)}


@pytest.mark.parametrize("facet", ["departments", "categories", "beneficiaries", "delivery", "status", "years"])
def test_each_record_is_on_exactly_its_facet_pages(built_site, portal, facet):
    groups = facet_groups(portal)[facet]
    built = {d.name for d in (built_site / "catalog" / facet).iterdir() if d.is_dir()}
    assert built == set(groups), f"catalog/{facet}/ has pages {sorted(built)}, the records give {sorted(groups)}"
    problems = []
    for code, expected in groups.items():
        ids, counts, _ = table_rows(built_site, f"catalog/{facet}/{code}/")
        if sorted(ids) != sorted(expected):
            problems.append(f"catalog/{facet}/{code}/: extra {sorted(set(ids) - expected)}, "
                            f"missing {sorted(expected - set(ids))}, rows {len(ids)}")
        if not counts or set(counts) != {len(ids)}:
            problems.append(f"catalog/{facet}/{code}/: count shown {counts}, rows {len(ids)}")
    assert not problems, "\n".join(problems)
    # every record appears under this facet somewhere (single-valued facets: exactly once)
    placed = [i for ids in groups.values() for i in ids]
    assert set(placed) == {p.id for p in portal.policies}
    if facet in ("departments", "delivery", "status", "years"):
        assert len(placed) == len(portal.policies)


@pytest.mark.parametrize("facet", ["departments", "categories", "beneficiaries", "delivery", "status", "years"])
def test_facet_landing_page_links_every_value_with_its_count(built_site, portal, facet):
    groups = facet_groups(portal)[facet]
    soup = soup_of(built_site, f"catalog/{facet}/")
    items = soup.select(".md-content li")
    found = {}
    for item in items:
        a = item.find("a", href=True)
        if a is None:
            continue
        path, _ = resolve(f"catalog/{facet}/", a["href"])
        badge = item.select_one(".portal-count-badge")
        found[path] = int(badge.get_text()) if badge else None
    for code, ids in groups.items():
        assert found.get(f"catalog/{facet}/{code}/") == len(ids), (facet, code)


def test_rows_link_to_the_record_pages(built_site, portal):
    _, _, soups = table_rows(built_site, "catalog/all/")
    urls = {p.id: p.url for p in portal.policies}
    for soup in soups:
        for row in soup.select("tr[data-policy]"):
            path, _ = resolve("catalog/all/", row.find("a", href=True)["href"])
            assert path == urls[row["data-policy"]]


def test_catalog_home_shows_the_real_number_of_records(built_site, portal):
    total = len(portal.policies)
    assert_real_count_claimed(built_site, "catalog/", total)
    home = soup_of(built_site, "catalog/")
    all_link = next(a for a in home.select(".md-content a[href]")
                    if resolve("catalog/", a["href"])[0] == "catalog/all/")
    assert int(all_link.find_next_sibling(class_="portal-count-badge").get_text()) == total


def test_home_page_shows_the_real_number_of_records(built_site, portal):
    assert_real_count_claimed(built_site, "", len(portal.policies))


# -- legal basis and backlinks ------------------------------------------------------------------

def test_legal_basis_links_resolve_to_article_anchors(built_site, portal):
    assert any(p.legal_basis for p in portal.policies)
    for p in portal.policies:
        links = soup_of(built_site, p.url).select(".portal-legal a[href]")
        targets = [resolve(p.url, a["href"]) for a in links]
        expected = [(portal.document(ref.law).url, ref.article) for ref in p.legal_basis]
        assert targets == expected, p.id
        for (path, article), a in zip(targets, links, strict=True):
            section = soup_of(built_site, path).find(id=article)
            assert section is not None and "law-article" in section.get("class", []), (p.id, article)
            assert article in a.get_text()


# -- open data, feed, sitemap -------------------------------------------------------------------

def test_policies_json_has_every_record_with_its_fields(built_site, portal):
    data = json.loads((built_site / "api" / "policies.json").read_text(encoding="utf-8"))
    assert data["count"] == len(portal.policies) == len(data["policies"])
    assert data["as_of"] == AS_OF.isoformat()
    by_id = {r["id"]: r for r in data["policies"]}
    assert set(by_id) == {p.id for p in portal.policies}
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    for p in portal.policies:
        r = by_id[p.id]
        assert r["url"] == p.url
        assert (r["title"], r["summary"], r["issuer"], r["document_title"], r["document_number"]) == \
            (p.title, p.summary, p.issuer, p.document_title, p.document_number)
        assert r["department"]["code"] == p.department
        assert r["department"]["name"] == portal.term("department", p.department).name
        assert [x["code"] for x in r["beneficiaries"]] == list(p.beneficiaries)
        assert [x["code"] for x in r["categories"]] == list(p.categories)
        assert [x["code"] for x in r["support_type"]] == list(p.support_type)
        assert [x["code"] for x in r["industries"]] == list(p.industries)
        assert r["delivery"]["code"] == p.delivery
        assert (r["effective"], r["expires"], r["repealed"]) == (iso(p.effective), iso(p.expires), iso(p.repealed))
        assert (r["written_date"], r["published_date"]) == (iso(p.written_date), iso(p.published_date))
        assert r["status"]["code"] == portal.status(p) and r["status"]["name"] == STATUSES[portal.status(p)]
        assert r["year"] == p.year
        assert [(x["law"], x["article"]) for x in r["legal_basis"]] == [(ref.law, ref.article) for ref in p.legal_basis]
        assert ([(s["document"], s["passage"], s["url"]) for s in r["sources"]]
                == [(s.document, s.passage, site_relative(s.url)) for s in p.sources])  # in-site: no leading /
        assert (r["last_reviewed"], r["review_due"]) == (iso(p.last_reviewed), iso(p.review_due))
        assert (r["amount"] or {}).get("text") == (p.amount.text if p.amount else None)


def test_policies_csv_has_a_row_per_record(built_site, portal):
    raw = (built_site / "api" / "policies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM for Excel"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(portal.policies)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {p.id for p in portal.policies}
    for p in portal.policies:
        row = by_id[p.id]
        assert row["title"] == p.title
        assert row["summary"] == p.summary
        assert row["url"] == p.url
        assert row["status"] == STATUSES[portal.status(p)]
        assert row["department"] == portal.term("department", p.department).name


def test_feed_is_xml_listing_records(built_site, portal):
    root = ET.fromstring((built_site / "feed.xml").read_bytes())
    assert root.tag == "rss"
    items = root.findall("./channel/item")
    assert 0 < len(items) <= len(portal.policies)
    urls = {p.id: p.url for p in portal.policies}
    for item in items:
        guid = item.findtext("guid")
        assert guid in urls
        assert item.findtext("link") == urljoin(SITE_URL, urls[guid])
        assert item.findtext("title") == portal.policy(guid).title


def test_sitemap_lists_every_record_and_catalog_page(built_site, portal):
    root = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {unquote(urlsplit(loc.text.strip()).path) for loc in root.findall("./s:url/s:loc", namespace)}
    base = urlsplit(SITE_URL).path
    wanted = {base + p.url for p in portal.policies}
    catalog_pages = sorted((built_site / "catalog").rglob("index.html"))
    assert len(catalog_pages) > 10
    wanted |= {base + page.parent.relative_to(built_site).as_posix() + "/" for page in catalog_pages}
    missing = sorted(wanted - listed)
    assert not missing, "not in sitemap.xml:\n" + "\n".join(missing)
