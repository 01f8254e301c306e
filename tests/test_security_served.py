"""The built site served the way the government server will serve it (issue: security, point 5).

A real nginx (Debian's package, installed by `make test`) runs on a loopback port with
deploy/nginx.conf — only `listen` and `root` are replaced, and the root is a symlink as
`make publish` makes it. The tests check its headers, caching, gzip, MIME types and 404 page,
then load every kind of page in Chromium under its Content-Security-Policy and fail on any
request to another host, any console error (CSP violations included) and any failed request.
If nginx is missing or does not start, the tests fail: they never skip.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import MATCHER_READY, ROOT
from harness.browser import wait_until
from harness.servers import ServerDidNotStart
from harness.servers import nginx as served_by_nginx

DEPLOY = ROOT / "deploy" / "shishou-portal-common.conf"  # the headers of deploy/nginx.conf and the column
# The policy, exactly. Everything from this site only; no inline script or style, no eval.
# img-src data: is for the icons Material's stylesheet draws as data:image/svg+xml mask images.
EXPECTED_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; "
                "object-src 'none'; frame-ancestors 'none'")
EXPECTED_PERMISSIONS = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                        "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()")
SECURITY_HEADERS = {
    "content-security-policy": EXPECTED_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": EXPECTED_PERMISSIONS,
    "x-frame-options": "DENY",
}
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED_ASSETS = ("assets/javascripts/bundle.*.min.js", "assets/stylesheets/main.*.min.css",
                 "assets/stylesheets/palette.*.min.css", "assets/javascripts/workers/search.*.min.js")
# ours, minified and content-named by the build (macros/site/assets.py)
OWN_ASSETS = ("assets/stylesheets/portal.*.min.css", "assets/javascripts/portal.*.min.js",
              "assets/javascripts/portal-core.*.min.js", "assets/javascripts/md-inline.*.min.js",
              "assets/javascripts/search.*.min.js", "assets/javascripts/finder.*.min.js")
MISSING = "no/such/page/"


@pytest.fixture(scope="module")
def nginx(built_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    published = folder / "shishou-portal"  # like `make publish DEST=...`: the root is a symlink
    published.symlink_to(built_site, target_is_directory=True)
    try:
        with served_by_nginx(published, folder / "server") as server:
            yield server
    except ServerDidNotStart as problem:
        pytest.fail(str(problem), pytrace=False)


def fetch(server, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, "/" + path.lstrip("/"), headers=headers or {})
        response = connection.getresponse()
        return SimpleNamespace(status=response.status, headers={k.lower(): v for k, v in response.getheaders()},
                               body=response.read())
    finally:
        connection.close()


def one(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, pattern
    return found[0].relative_to(site).as_posix()


# -- nginx and its headers ------------------------------------------------------------------------


def test_the_policy_is_strict():
    for forbidden in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*", "http:", "https:", "blob:"):
        assert forbidden not in EXPECTED_CSP
    assert f'add_header Content-Security-Policy "{EXPECTED_CSP}" always;' in DEPLOY.read_text(encoding="utf-8")
    assert "Strict-Transport-Security" in DEPLOY.read_text(encoding="utf-8")  # documented for the HTTPS server …
    # … not sent over HTTP
    assert not re.search(r"^\s*add_header Strict-Transport-Security", DEPLOY.read_text(encoding="utf-8"), re.M)


def test_nginx_accepts_the_configuration_without_warnings(nginx):
    assert "test is successful" in nginx.tested.stderr
    problems = [line for line in (nginx.tested.stderr + nginx.log.read_text(errors="replace")).splitlines()
                if re.search(r"\[(warn|error|crit|alert|emerg)\]", line)]
    assert problems == []


def test_every_file_of_the_site_is_served_as_built(nginx, built_site):
    files = [p for p in sorted(built_site.rglob("*")) if p.is_file() and p.name != "404.html"]
    assert len(files) > 100
    for path in files:
        response = fetch(nginx, path.relative_to(built_site).as_posix())
        assert response.status == 200, path
        assert response.body == path.read_bytes(), path


@pytest.mark.parametrize("kind", ["page", "record", "stylesheet", "bundle", "script", "data", "csv", "feed", "missing"])
def test_security_headers_are_on_every_response(nginx, built_site, kind):
    path = {"page": "", "record": one(built_site, "policies/*/*/index.html").removesuffix("index.html"),
            "stylesheet": one(built_site, OWN_ASSETS[0]), "bundle": one(built_site, HASHED_ASSETS[0]),
            "script": one(built_site, OWN_ASSETS[1]), "data": "api/catalog.json", "csv": "api/policies.csv",
            "feed": "feed.xml", "missing": MISSING}[kind]
    response = fetch(nginx, path)
    assert response.status == (404 if kind == "missing" else 200)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (kind, name)
    assert "strict-transport-security" not in response.headers  # plain HTTP: see deploy/nginx.conf
    assert response.headers.get("server") == "nginx"  # no version


def test_hashed_assets_are_cached_for_a_year_and_pages_are_revalidated(nginx, built_site):
    hashed = [one(built_site, pattern) for pattern in HASHED_ASSETS + OWN_ASSETS if list(built_site.glob(pattern))]
    assert len(hashed) >= 3 + len(OWN_ASSETS)
    for path in hashed:
        assert fetch(nginx, path).headers.get("cache-control") == IMMUTABLE, path
    for path in ("", "catalog/", "api/catalog.json", "sitemap.xml", MISSING):
        response = fetch(nginx, path)
        assert response.headers.get("cache-control") == "no-cache", path
    # revalidation is cheap: a conditional request is answered 304 without a body
    first = fetch(nginx, "")
    again = fetch(nginx, "", headers={"If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.body == b""


@pytest.mark.parametrize("path,content_type", [
    ("", "text/html; charset=utf-8"),
    ("assets/stylesheets/portal.*.min.css", "text/css; charset=utf-8"),
    ("assets/javascripts/portal.*.min.js", "application/javascript; charset=utf-8"),
    ("api/catalog.json", "application/json; charset=utf-8"),
    ("api/policies.json", "application/json; charset=utf-8"),
    ("api/policies.csv", "text/csv; charset=utf-8"),
    ("feed.xml", "application/xml; charset=utf-8"),
    ("sitemap.xml", "application/xml; charset=utf-8"),
])
def test_types_and_gzip(nginx, built_site, path, content_type):
    path = one(built_site, path) if "*" in path else path
    file = built_site / (path or "index.html")
    plain = fetch(nginx, path)
    assert plain.headers.get("content-type") == content_type
    assert "content-encoding" not in plain.headers and plain.body == file.read_bytes()
    packed = fetch(nginx, path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("content-type") == content_type
    assert packed.headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in packed.headers.get("vary", "")
    assert gzip.decompress(packed.body) == file.read_bytes()
    assert len(packed.body) < file.stat().st_size


def test_a_missing_page_gets_the_sites_404_page(nginx, built_site):
    for path in (MISSING, "policies/nobody/nothing/", "assets/missing.css", "404.html"):
        response = fetch(nginx, path)
        assert response.status == 404, path
        assert response.headers.get("content-type") == "text/html; charset=utf-8"
        assert response.body == (built_site / "404.html").read_bytes(), path


def test_folders_redirect_to_their_slash_and_only_get_and_head_are_served(nginx):
    response = fetch(nginx, "catalog")
    assert response.status == 301 and response.headers["location"] == "/catalog/"
    assert fetch(nginx, "", method="HEAD").status == 200
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        assert fetch(nginx, "", method=method).status == 405, method


@contextlib.contextmanager
def slipped_in(site: Path, outside: Path):
    """Files slipped into ``site`` until the block ends, which nginx must never serve: scripts outside
    the asset folders, a page in a department folder, dot-files, a symlink to a file ``outside``.
    Yields a record page (served) and the slipped-in paths."""
    record = one(site, "policies/*/*/index.html")
    department = site / Path(record).parent.parent
    secret = outside / "secret.txt"
    secret.write_text("OUTSIDE-SECRET", encoding="utf-8")
    planted = {department / "evil.js": "alert(1)", department / "evil.html": "<p>x</p>",
               site / "catalog" / "evil.js": "alert(1)", site / ".hidden": "x", site / "assets" / ".git" / "config": "x"}
    link = site / "leak.txt"
    try:
        for path, text in planted.items():
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        link.symlink_to(secret)
        yield record, list(planted) + [link]
    finally:
        for path in list(planted) + [link]:
            path.unlink(missing_ok=True)
        (site / "assets" / ".git").rmdir()


def test_only_asset_folders_serve_scripts_and_department_folders_serve_only_records(nginx, built_site, tmp_path):
    """Defence in depth for a file slipped into the site: script-src 'self' trusts every .js here."""
    with slipped_in(built_site, tmp_path) as (record, slipped):
        for path in slipped:
            response = fetch(nginx, path.relative_to(built_site).as_posix())
            assert response.status == 404, path
            assert b"OUTSIDE-SECRET" not in response.body and b"alert(1)" not in response.body
        assert fetch(nginx, record).status == 200
        assert fetch(nginx, record.removesuffix("index.html")).status == 200
        assert fetch(nginx, record.removesuffix("/index.html")).status == 301


# -- every kind of page in Chromium, under the policy --------------------------------------------

PAGINATED = re.compile(r"/([2-9]|[1-9]\d{1,2})/index\.html$")  # catalog/all/3/ …; not years like 2022


def pages_to_load(site: Path) -> list[str]:
    """Data-driven from the built site: every portal page (home, laws, measures, report, each
    index, search, matcher, guides …), the first two pages of a paginated list, and one record
    per department folder."""
    pages = []
    for page in sorted(site.rglob("index.html")):
        name = page.relative_to(site).as_posix()
        if name.startswith("policies/"):
            continue
        match = PAGINATED.search("/" + name)
        if match and int(match.group(1)) > 2:
            continue
        pages.append(name.removesuffix("index.html"))
    for department in sorted(p for p in (site / "policies").iterdir() if p.is_dir()):
        records = sorted(department.glob("*/index.html"))
        if records:
            pages.append(records[0].relative_to(site).as_posix().removesuffix("index.html"))
    if (site / "search" / "index.html").is_file():
        pages.append("search/?q=企业")  # runs a query: fetches the index the way a visitor does
    return pages


def test_the_list_covers_every_kind_of_page(built_site):
    pages = pages_to_load(built_site)
    for required in ("", "laws/", "laws/sme-promotion-law/", "laws/hubei-measures/", "reports/",
                     "reports/2022-sme-report/", "catalog/", "catalog/all/", "catalog/departments/"):
        assert required in pages
    for optional in ("search/", "matcher/"):
        assert (optional in pages) == (built_site / optional / "index.html").is_file()
    departments = {p.name for p in (built_site / "policies").iterdir() if any(p.glob("*/index.html"))}
    assert {p.split("/")[1] for p in pages if p.startswith("policies/")} == departments


# The page is done: loaded, and the search and the filters have written their status (they do once
# their data is in, or failed to come).
SETTLED = """() => document.readyState === "complete" &&
    [...document.querySelectorAll("[data-search-status], [data-finder-status]")]
        .every(s => s.textContent.trim() !== "" && s.textContent.trim() !== "正在搜索…")"""

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


class Watch:
    """Everything a page does that the policy forbids or that went wrong, while it loads."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        context.add_init_script(VIOLATIONS)
        context.route("**/*", self.route)

    def route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort()

    def attach(self, page):
        page.on("console",
                lambda m: m.type in ("error", "assert") and self.problems.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        page.on("requestfailed", self.failed)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))

    def failed(self, request) -> None:
        # Cancelled by the browser itself: going on to the next page cancels the favicon request
        # Chromium makes after `load`. What the policy or the server refuses fails otherwise.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} {request.failure}")

    def settle(self, page) -> None:
        """Wait until the page is done (SETTLED), then collect what the policy blocked."""
        wait_until(page, SETTLED)
        # one more turn of the page's event loop: violation events are dispatched in tasks of their own
        page.evaluate("() => new Promise(resolve => setTimeout(resolve))")
        self.problems += [f"CSP: {v}" for v in page.evaluate("window.__cspViolations || []")]


@pytest.fixture
def watched(browser, nginx):
    context = browser.new_context()
    watch = Watch(context, nginx.origin)
    page = context.new_page()
    watch.attach(page)
    yield page, watch
    context.close()


def test_every_kind_of_page_works_under_the_policy(watched, nginx, built_site):
    page, watch = watched
    report = {}
    for path in pages_to_load(built_site):
        watch.problems.clear()
        response = page.goto(nginx.url + path, wait_until="load")
        assert response.status == 200, path
        assert response.headers.get("content-security-policy") == EXPECTED_CSP, path
        submit = page.locator(".md-content form [type=submit]") if path.startswith("matcher/") else None
        if submit is not None and submit.count():
            page.locator(MATCHER_READY).wait_for(state="attached")
            submit.first.click()
        watch.settle(page)
        # Material's bundle and the moved set-up script ran (a blocked script would leave these unset)
        state = page.evaluate("""() => ({
            scope: window.__md_scope ? window.__md_scope.href : null,
            bundle: typeof document$ !== "undefined" || typeof window.component$ !== "undefined",
            js: !document.documentElement.classList.contains("no-js")
        })""")
        if state["scope"] != nginx.url:  # every page's base resolves to the site root
            watch.problems.append(f"__md_scope is {state['scope']}, expected {nginx.url}")
        if not (state["bundle"] and state["js"]):
            watch.problems.append(f"Material's bundle did not run: {state}")
        if watch.problems:
            report[path] = list(watch.problems)
    assert report == {}


def test_the_search_finds_results_under_the_policy(watched, nginx, built_site):
    if not (built_site / "search" / "index.html").is_file():
        assert not (ROOT / "docs" / "search").exists()
        return
    page, watch = watched
    page.goto(nginx.url + "search/?q=企业")
    watch.settle(page)
    assert page.locator(".portal-result").count() > 0
    assert watch.problems == []


def test_the_404_page_works_under_the_policy(watched, nginx):
    page, watch = watched
    response = page.goto(nginx.url + MISSING)
    assert response.status == 404
    assert response.headers.get("content-security-policy") == EXPECTED_CSP
    watch.settle(page)
    # the document's own 404, which Chromium also reports as a console error, is expected
    problems = [p for p in watch.problems if p != f"HTTP 404: {nginx.url}{MISSING}"]
    own = [p for p in problems if p.startswith("console error: Failed to load resource") and "404" in p]
    assert len(own) <= 1
    assert [p for p in problems if p not in own] == []
    assert page.locator(".md-content").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")


def test_the_watch_catches_what_the_policy_blocks(watched, nginx):
    """The harness is real: inline script, eval, inline style, an off-site image are all caught."""
    page, watch = watched
    page.goto(nginx.url)
    watch.settle(page)
    assert watch.problems == []
    result = page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__inlineRan = true";
        document.head.appendChild(script);
        // later, outside this DevTools evaluation (which the browser exempts from the policy)
        setTimeout(() => { try { window.__evaluated = eval("1 + 1"); } catch (e) { window.__evaluated = e.name; } }, 0);
        const style = document.createElement("style");
        style.textContent = "body { color: red }";
        document.head.appendChild(style);
        const image = document.createElement("img");
        image.src = "https://third-party.example/pixel.png";
        document.body.appendChild(image);
        return window.__inlineRan === true;
    }""")
    wait_until(page, """() => window.__evaluated !== undefined &&
        ["script-src", "style-src", "img-src"].every(d => (window.__cspViolations || []).some(v => v.startsWith(d)))""")
    watch.settle(page)
    assert result is False
    assert page.evaluate("window.__evaluated") == "EvalError"
    blocked = " ".join(watch.problems)
    for directive in ("script-src", "style-src", "img-src"):
        assert f"CSP: {directive}" in blocked, watch.problems
    # never left the browser
    assert not any("third-party.example" in p and p.startswith("request") for p in watch.problems)


def test_the_moved_set_up_script_behaves_like_materials_inline_one(watched, nginx, built_site):
    """Same __md_scope, __md_hash and storage keys as Material's own inline script (run here by
    DevTools, which the policy does not cover), on a page three levels deep."""
    import material

    page, watch = watched
    record = one(built_site, "policies/*/*/index.html").removesuffix("index.html")
    page.goto(nginx.url + record)
    watch.settle(page)
    partials = Path(material.__file__).parent / "templates" / "partials"
    template = (partials / "javascripts" / "base.html").read_text(encoding="utf-8")
    original = re.search(r"<script>(.*)</script>", template).group(1)
    original = original.replace("{{ config.extra.scope | d(base_url) }}", "../../..")
    probe = """() => {
        const words = ["abc", "石首市惠企政策", "𠮷野家", ""];
        __md_set("__probe", {a: 1});
        return { scope: __md_scope.href, hashes: words.map(__md_hash), stored: __md_get("__probe"),
                 keys: Object.keys(localStorage).sort() };
    }"""
    ours = page.evaluate(probe)
    page.evaluate("() => localStorage.clear()")
    page.evaluate("(source) => (0, eval)(source)", original)
    theirs = page.evaluate(probe)
    assert ours == theirs
    assert ours["scope"] == nginx.url and ours["keys"] == ["/.__probe"]
    assert watch.problems == []


def test_the_reading_mode_works_under_the_policy(watched, nginx):
    """长者模式 is applied in <head> and switched in the header by static scripts only."""
    page, watch = watched
    page.goto(nginx.url)
    page.click(".md-header .portal-reading__toggle")
    page.check(".portal-reading__panel input[name=portal-text][value='2']")
    page.check(".portal-reading__panel input[name=portal-contrast]")
    page.goto(nginx.url + "catalog/")
    watch.settle(page)
    assert page.evaluate("document.documentElement.getAttribute('data-portal-text')") == "2"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert watch.problems == []


def test_the_reading_modes_pointer_and_read_aloud_work_under_the_policy(watched, nginx, built_site):
    """大鼠标指针 (data: images, img-src 'self' data:) and 朗读 on a law page (a static module and the
    browser's own speech synthesis: nothing fetched, nothing blocked)."""
    page, watch = watched
    page.goto(nginx.url)
    page.click(".md-header .portal-reading__toggle")
    page.check(".portal-reading__panel input[name=portal-cursor]")
    page.click(".portal-reading__panel [data-reading-close]")
    law = one(built_site, "laws/*/index.html").removesuffix("index.html")
    page.goto(nginx.url + law)
    watch.settle(page)
    page.hover("article a[href]")
    page.hover("#portal-searchbar-q")
    assert page.evaluate("getComputedStyle(document.body).cursor").startswith('url("data:image/svg+xml,')
    page.wait_for_selector("[data-read-aloud]:not([hidden]) [data-read-aloud-status]:not(:empty)")
    watch.settle(page)
    assert watch.problems == []
