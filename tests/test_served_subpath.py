"""The portal as a column (专栏) of another site (issue 24): released by `make publish` with a public
address that has a path, served by Debian's nginx under /hqzc/ with deploy/shishou-portal-column.conf
inside a server whose `/` is a different site, and crawled in Chromium.

Every page of the sitemap and every page linked from one is loaded; any request and any link to this
host (or to the release's own public address) outside /hqzc/ fails the crawl, as does any request to
another host, any failed request, console error or CSP violation. Every file of the release is served
with its bytes; headers, caching, types and gzip are those of deploy/nginx.conf at the root of a host
(the same release served both ways); the 404 page, the search, the suggestions, the record form's
libraries, the feeds, the calendars and the open data work under the path.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import MATCHER_READY, cli, cli_in_process, copy_project
from harness import wordnotice
from harness.browser import wait_until
from harness.servers import COLUMN_PATH, ServerDidNotStart, column_config
from harness.servers import nginx as served_by_nginx
from macros.model.addresses import MATCHER_URL
from test_security_served import EXPECTED_CSP, IMMUTABLE, Watch, fetch, one, slipped_in
from test_workflow import as_operator

# The public address the release is built for: a column of a government portal (a reserved,
# never-resolving host: nothing may be fetched from it).
ADDRESS = f"https://gov-portal.example.invalid{COLUMN_PATH}"
ADDRESS_ORIGIN = ADDRESS.removesuffix(COLUMN_PATH)
OTHER_SITE = "<!doctype html><html lang=\"zh-CN\"><title>另一个网站</title><p>另一个网站的首页</p></html>\n"
MISSING = "no/such/page/"
# A page's every address: links, stylesheets, scripts, images, forms (resolved by the browser).
ADDRESSES = """() => [...document.querySelectorAll("[href], [src], form[action]")]
    .map(e => e.href || e.src || e.action).filter(u => typeof u === "string" && u)"""
UNSETTLED = """() => document.readyState + " " + [...document.querySelectorAll("[data-search-status], [data-finder-status]")]
    .map(s => JSON.stringify(s.textContent.trim())).join(" ")"""
PAGE = re.compile(r"(/|\.html)$")  # a page to load in the browser; other files are fetched


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """`make publish URL=<address with a path>` of a project copy: DEST, the symlink nginx serves."""
    folder = tmp_path_factory.mktemp("column")
    project = as_operator(copy_project(folder / "project"))
    dest = folder / "www" / "shishou-portal"
    dest.parent.mkdir()
    published = cli(project, "publish", "--dest", str(dest), "--url", ADDRESS)
    assert published.returncode == 0, published.stderr
    assert dest.is_symlink()
    return dest


@pytest.fixture(scope="module")
def other_site(tmp_path_factory) -> Path:
    """The other site at the server's `/`: a page of its own, nothing of the portal."""
    folder = tmp_path_factory.mktemp("other-site")
    (folder / "index.html").write_text(OTHER_SITE, encoding="utf-8")
    return folder


@contextlib.contextmanager
def started(release: Path, folder: Path, *config):
    """The release served by Debian's nginx (harness/servers.py); a server that does not start fails."""
    try:
        with served_by_nginx(release, folder, *config) as server:
            yield server
    except ServerDidNotStart as problem:
        pytest.fail(str(problem), pytrace=False)


@pytest.fixture(scope="module")
def nginx(release, other_site, tmp_path_factory):
    """deploy/shishou-portal-column.conf in a server whose `/` is the other site."""
    with started(release, tmp_path_factory.mktemp("nginx-column"), column_config(other_site)) as server:
        yield server


@pytest.fixture(scope="module")
def at_root(release, tmp_path_factory):
    """The same release served by deploy/nginx.conf at the root of a host: what the column must equal."""
    with started(release, tmp_path_factory.mktemp("nginx-root")) as server:
        yield server


def column(path: str) -> str:
    return COLUMN_PATH + path.lstrip("/")


# -- publishing for an address with a path -----------------------------------------------------------


@pytest.mark.parametrize("address", ["https://gov-portal.example.invalid/hqzc", "ftp://gov-portal.example.invalid/hqzc/",
                                     "/hqzc/", "gov-portal.example.invalid/hqzc/", "https:///hqzc/",
                                     "https://gov-portal.example.invalid/hqzc/?x=1"])
def test_publish_refuses_an_address_that_is_not_http_with_a_path_ending_in_a_slash(content_copy, tmp_path, address):
    dest = tmp_path / "www"
    refused = cli_in_process(content_copy, "publish", "--dest", str(dest), "--url", address)
    assert refused.returncode == 1
    assert f"网址“{address}”不能作为网站的公开网址" in refused.stderr and "以“/”结尾" in refused.stderr
    assert "已发布的网站没有改动" in refused.stderr
    assert not dest.exists() and not (tmp_path / "www.releases").exists()


def test_the_release_is_built_for_its_address(release):
    sitemap = ET.fromstring((release / "sitemap.xml").read_bytes())
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 90 and all(loc.startswith(ADDRESS) for loc in locations)
    assert f'href="{COLUMN_PATH}assets/' in (release / "404.html").read_text(encoding="utf-8")


# -- nginx: the column beside another site --------------------------------------------------------


def test_nginx_accepts_the_column_without_warnings(nginx):
    assert "test is successful" in nginx.tested.stderr
    assert not re.search(r"\[(warn|error|crit|alert|emerg)\]", nginx.tested.stderr)


def test_the_other_site_keeps_the_root_and_its_own_answers(nginx):
    home = fetch(nginx, "/")
    assert home.status == 200 and home.body == OTHER_SITE.encode("utf-8")
    assert "content-security-policy" not in home.headers  # the portal's rules stop at its path
    missing = fetch(nginx, "/" + MISSING)
    assert missing.status == 404 and "另一个网站".encode() not in missing.body and b"md-content" not in missing.body
    bare = fetch(nginx, COLUMN_PATH.rstrip("/"))
    assert bare.status == 301 and bare.headers["location"] == COLUMN_PATH


def test_every_file_of_the_release_is_served_under_the_path(nginx, release):
    files = [p for p in sorted(release.rglob("*")) if p.is_file() and p.name != "404.html"]
    assert len(files) > 300
    for path in files:
        response = fetch(nginx, column(path.relative_to(release).as_posix()))
        assert response.status == 200, path
        assert response.body == path.read_bytes(), path


def probes(release: Path) -> list[tuple[str, str, dict]]:
    """Requests whose answers must be the root deployment's: every kind of file, folders, a missing
    page, the 404 page itself, methods, conditional and compressed requests."""
    record = one(release, "policies/*/*/index.html")
    kinds = ["", "catalog", "catalog/", record, record.removesuffix("index.html"), "api/catalog.json",
             "api/policies.csv", "api/policies.json", "feed.xml", "sitemap.xml", "datapackage.json",
             one(release, "feeds/*.atom"), one(release, "calendar/*.ics"), one(release, "search-index/*.json"),
             one(release, "assets/vendor/mammoth/*.js"), MISSING, "404.html", "assets/", "policies/",
             "assets/javascripts/missing.12345678.min.js", "policies/nobody/nothing/"]
    kinds += [one(release, pattern) for pattern in ("assets/javascripts/bundle.*.min.js", "assets/stylesheets/main.*.min.css",
                                                     "assets/stylesheets/portal.*.min.css",
                                                     "assets/javascripts/portal.*.min.js",
                                                     "assets/javascripts/workers/search.*.min.js")]
    found = [(path, "GET", {}) for path in kinds]
    found += [(path, "GET", {"Accept-Encoding": "gzip"}) for path in kinds]
    found += [("", method, {}) for method in ("HEAD", "POST", "PUT", "DELETE", "OPTIONS")]
    found += [("catalog/", "POST", {}), (MISSING, "POST", {})]
    return found


def comparable(response, prefix: str) -> tuple:
    headers = {k: v for k, v in response.headers.items() if k != "date"}
    if "location" in headers:
        headers["location"] = "/" + headers["location"].removeprefix(prefix)
    return response.status, headers, response.body


def test_every_answer_equals_the_root_deployments(nginx, at_root, release):
    """Headers (security, caching, types, charset, gzip, ETag), status and body, request by request."""
    differ = {}
    for path, method, headers in probes(release):
        here = comparable(fetch(nginx, column(path), method, headers), COLUMN_PATH)
        there = comparable(fetch(at_root, "/" + path, method, headers), "/")
        if here != there:
            differ[(path, method, tuple(headers))] = (here[:2], there[:2])
    assert differ == {}
    page = fetch(nginx, column(""))  # and those are the portal's (tests/test_security_served.py checks them)
    assert page.headers["content-security-policy"] == EXPECTED_CSP and page.headers["cache-control"] == "no-cache"
    bundle = fetch(nginx, column(one(release, "assets/javascripts/bundle.*.min.js")))
    assert bundle.headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize("pattern,content_type", [
    ("feed.xml", "application/xml; charset=utf-8"),
    ("feeds/*.atom", "application/atom+xml; charset=utf-8"),
    ("calendar/*.ics", "text/calendar; charset=utf-8"),
    ("calendar/departments/*.ics", "text/calendar; charset=utf-8"),
    ("api/policies.json", "application/json; charset=utf-8"),
    ("api/policies.csv", "text/csv; charset=utf-8"),
])
def test_feeds_calendars_and_open_data_have_their_types(nginx, release, pattern, content_type):
    path = one(release, pattern)
    response = fetch(nginx, column(path))
    assert response.status == 200 and response.headers["content-type"] == content_type
    packed = fetch(nginx, column(path), headers={"Accept-Encoding": "gzip"})
    if len(response.body) >= 256:  # gzip_min_length
        assert packed.headers.get("content-encoding") == "gzip"
        assert gzip.decompress(packed.body) == response.body


def test_a_missing_address_under_the_path_gets_the_portals_404_page(nginx, release):
    for path in (MISSING, "policies/nobody/nothing/", "assets/missing.css", "404.html"):
        response = fetch(nginx, column(path))
        assert response.status == 404, path
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.body == (release / "404.html").read_bytes(), path


def test_only_asset_folders_serve_scripts_and_department_folders_only_records(nginx, release, tmp_path):
    with slipped_in(release, tmp_path) as (record, slipped):
        for path in slipped:
            response = fetch(nginx, column(path.relative_to(release).as_posix()))
            assert response.status == 404, path
            assert response.body == (release / "404.html").read_bytes(), path
        assert fetch(nginx, column(record)).status == 200


# -- the files' own addresses ---------------------------------------------------------------------


def test_feeds_and_calendars_link_under_the_path(release):
    links = []
    for feed in [release / "feed.xml", *sorted((release / "feeds").glob("*.atom"))]:
        root = ET.fromstring(feed.read_bytes())
        links += [e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")]
        links += [e.text for e in root.iter("link")]
    assert len(links) > 100
    assert [link for link in links if not link.startswith(ADDRESS)] == []
    for calendar in release.rglob("*.ics"):
        text = calendar.read_text(encoding="utf-8")
        assert text.startswith("BEGIN:VCALENDAR")
        urls = re.findall(r"^URL[;:](?:VALUE=URI:)?(.+?)\r?$", text, re.M)
        assert [url for url in urls if not url.startswith(ADDRESS)] == [], calendar


def addresses_in(value, key: str = "url") -> list[str]:
    """Every string under a key naming an address (``url``, ``source_url`` …) in open data."""
    if isinstance(value, dict):
        return [a for name, v in value.items()
                for a in ([v] if isinstance(v, str) and re.search(rf"(^|_){key}$", name) else addresses_in(v, key))]
    if isinstance(value, list):
        return [a for v in value for a in addresses_in(v)]
    return []


def test_open_data_addresses_stay_inside_the_site(release):
    """Addresses in the open data are site-relative (like "policies/<部门>/<id>/") or web addresses:
    none starts with "/", which would be the host's root (a source's 站内路径 "/reports/…" included)."""
    files = sorted(p for p in (release / "api").rglob("*.json"))
    found = [(f.relative_to(release).as_posix(), a) for f in files
             for a in addresses_in(json.loads(f.read_text(encoding="utf-8")))]
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    found += [("datapackage.json", a) for a in addresses_in(package, "path")]  # its files and sources
    assert len(found) > 100
    assert [(f, a) for f, a in found if a.startswith("/")] == []
    inside = {a.split("#")[0] for _, a in found if not a.startswith(("http://", "https://"))}
    missing = [a for a in inside if not ((release / a).is_file() or (release / a / "index.html").is_file())]
    assert missing == []


# -- Chromium: every page and every link under the path -------------------------------------------


class ColumnWatch(Watch):
    """The policy's watch, and more: this host (and the release's public address) only under the path."""

    def __init__(self, context, origin: str):
        self.column = origin + COLUMN_PATH
        super().__init__(context, origin)

    def route(self, route):
        url = route.request.url
        if url.startswith(self.column) or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request outside {COLUMN_PATH}: {url}")
            route.abort()

    def outside(self, address: str) -> bool:
        """An address of this site (served here or at its public address) not under the path."""
        own = address.startswith((self.origin + "/", ADDRESS_ORIGIN + "/"))
        return own and not urlsplit(address).path.startswith(COLUMN_PATH)

    def served(self, address: str) -> str:
        """The address as this server has it (the public address is served here)."""
        return self.column + address[len(ADDRESS):] if address.startswith(ADDRESS) else address


@pytest.fixture(scope="module")
def crawler(browser, nginx):
    context = browser.new_context()
    context.set_default_timeout(20_000)  # every wait has a deadline
    watch = ColumnWatch(context, nginx.origin)
    page = context.new_page()
    watch.attach(page)
    yield page, watch
    context.close()


def load(page, watch, url: str) -> tuple[int, list[str]]:
    """Load a page and let it settle (the matcher once asked); its status and every address it shows
    (links, assets, forms)."""
    response = page.goto(url, wait_until="load")
    if urlsplit(url).path.endswith(MATCHER_URL):
        page.locator(MATCHER_READY).wait_for(state="attached")
        page.locator(".md-content form [type=submit]").first.click()
    try:
        watch.settle(page)
    except PlaywrightTimeout:
        watch.problems.append("did not settle: " + page.evaluate(UNSETTLED))
    return response.status, page.evaluate(ADDRESSES)


def crawl(page, watch, start: list[str], follow: bool = True) -> tuple[dict[str, list[str]], set[str], int]:
    """Every page from ``start`` on and (``follow``) every page they link to under the path, each loaded
    once (a link's query string is loaded once per set of parameters); what went wrong per page, the
    other files linked (fetched by the caller) and how many pages were loaded."""
    queue, seen, signatures, files, report = list(start), set(start), set(), set(), {}
    while queue:
        url = queue.pop(0)
        watch.problems.clear()
        status, addresses = load(page, watch, url)
        problems = list(watch.problems) + ([f"HTTP {status}"] if status != 200 else [])
        for address in addresses:
            if watch.outside(address):
                problems.append(f"link outside {COLUMN_PATH}: {address}")
                continue
            target = watch.served(address).split("#")[0]
            if not target.startswith(watch.column):
                continue  # another site's address: a link, never requested here
            path, _, query = target.partition("?")
            signature = (path, tuple(sorted(p.split("=")[0] for p in query.split("&") if p)))
            if not PAGE.search(path):
                files.add(path)
            elif follow and target not in seen and (not query or signature not in signatures):
                seen.add(target)
                signatures.add(signature)
                queue.append(target)
        if problems:
            report[url] = problems
    return report, files, len(seen)


def test_every_page_and_link_stays_under_the_path_in_chromium(crawler, nginx, release):
    page, watch = crawler
    sitemap = ET.fromstring((release / "sitemap.xml").read_bytes())
    start = [watch.served(e.text) for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    start.append(watch.column + "search/?q=企业")  # runs a query: the index shards as a visitor fetches them
    report, files, loaded = crawl(page, watch, start)
    assert report == {}
    assert loaded >= len(start) > 90
    unserved = [f for f in sorted(files) if fetch(nginx, urlsplit(f).path).status != 200]
    assert len(files) > 50 and unserved == []


def test_the_crawl_catches_a_request_and_a_link_to_the_hosts_root(crawler, release):
    """The crawl is real: a page given one image and one link at the host's root, as a template
    writing "/…" instead of the base URL would give it."""
    page, watch = crawler
    laws = release / "laws" / "index.html"
    original = laws.read_bytes()
    try:
        laws.write_bytes(original.replace(b"<article", b'<img src="/logo.png" alt=""><a href="/about/">x</a><article', 1))
        report, _, _ = crawl(page, watch, [watch.column + "laws/"], follow=False)
    finally:
        laws.write_bytes(original)
    problems = report.get(watch.column + "laws/", [])
    assert f"request outside {COLUMN_PATH}: {watch.origin}/logo.png" in problems
    assert f"link outside {COLUMN_PATH}: {watch.origin}/about/" in problems
    assert f"link outside {COLUMN_PATH}: {watch.origin}/logo.png" in problems


def test_the_404_page_under_the_path_works_in_chromium(crawler, nginx):
    page, watch = crawler
    watch.problems.clear()
    response = page.goto(watch.column + MISSING)
    assert response.status == 404
    watch.settle(page)
    problems = [p for p in watch.problems if p != f"HTTP 404: {watch.column}{MISSING}"
                and not (p.startswith("console error: Failed to load resource") and "404" in p)]
    assert problems == []
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert page.evaluate("window.__md_scope.href") == watch.column
    assert [a for a in page.evaluate(ADDRESSES) if watch.outside(a)] == []


def test_suggestions_and_search_work_under_the_path(crawler):
    page, watch = crawler
    watch.problems.clear()
    page.goto(watch.column)
    watch.settle(page)
    page.focus("#portal-searchbar-q")
    page.keyboard.type("ldts")
    wait_until(page, "() => document.querySelector('#portal-searchbar-q').getAttribute('aria-expanded') === 'true'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{watch.column}search/?q=*")
    wait_until(page, "() => /找到/.test(document.querySelector('[data-search-status]').textContent)")
    assert page.locator(".portal-result").count() > 0
    results = page.eval_on_selector_all(".portal-result a[href]", "links => links.map(a => a.href)")
    assert results and all(r.startswith(watch.column) for r in results)
    assert watch.problems == []


def test_the_record_form_loads_its_libraries_under_the_path(crawler, tmp_path):
    """The validator as the form opens; mammoth, loaded when a Word file is first chosen."""
    page, watch = crawler
    watch.problems.clear()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(watch.column + "guide/new/")
    page.wait_for_selector("#portal-record-form[data-state=ready]")
    page.locator("#portal-record-word").set_input_files(str(wordnotice.numbered_notice(tmp_path / "通知.docx")))
    wait_until(page, "() => document.getElementById('portal-record-word-status').dataset.kind === 'ok'")
    assert any("/assets/vendor/mammoth/" in url for url in requested)
    assert any(url.endswith("/assets/vendor/ajv/policy-validator.js") for url in requested)
    assert [url for url in requested if not url.startswith(watch.column)] == []
    assert watch.problems == []
