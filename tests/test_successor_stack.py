"""The successor stack, proven (issue 9): ProperDocs in place of MkDocs, with Material or MaterialX.

`make successor` (a step of `make test`) installs two virtualenvs from exact pins:
  .venv-properdocs  ProperDocs + Material (requirements-successor-material.txt)
  .venv-materialx   ProperDocs + MaterialX (requirements-successor-materialx.txt)
Each builds a throwaway copy of the project with `properdocs build --strict` (for MaterialX the copy's
mkdocs.yml names the theme `materialx`), and the result is compared with the main build (`built_site`):
  - ProperDocs + Material: every file byte-identical; HTML pages differ only in the generator tag.
  - ProperDocs + MaterialX: the same pages with the same content (`.md-content`), the same open data
    and search index.
  - Both: no executable inline script or inline style on any page, and the search, the matcher and a
    record page work in Chromium under deploy/nginx.conf's Content-Security-Policy.
If a virtualenv is missing the tests fail under CI=true (`make test` installs them) and skip, saying
how to install them, elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MATCHER_READY, ROOT, copy_project
from harness.asof import build_environment
from harness.servers import static_site
from test_security_served import Watch
from test_security_site import MATERIAL_INLINE_PARTIALS

# Full tier only: it needs `make successor`'s virtualenvs and builds the site with each stack.
pytestmark = [pytest.mark.successor, pytest.mark.slow]

DEPLOY = ROOT / "deploy" / "shishou-portal-common.conf"  # the headers of deploy/nginx.conf and the column
# The pages that matter (issue 9). Every page is compared; these must be among them.
PAGES = ("", "policies/kejing/kejing-guishang-jiangli/", "laws/sme-promotion-law/", "catalog/", "catalog/all/",
         "search/", "matcher/")
RECORD = PAGES[1]
OPEN_DATA = ("api/*.json", "feed.xml", "search-index/*")
GENERATOR = re.compile(r'[ \t]*<meta name="generator" content="([^"]*)">\n')
QUERY = "留抵退税"


@dataclass(frozen=True)
class Stack:
    venv: str
    requirements: str
    theme: str        # theme.name in mkdocs.yml
    theme_dist: str   # the theme's distribution, as the generator tag names it

    @property
    def folder(self) -> Path:
        return ROOT / self.venv


MATERIAL = Stack(".venv-properdocs", "requirements-successor-material.txt", "material", "mkdocs-material")
MATERIALX = Stack(".venv-materialx", "requirements-successor-materialx.txt", "materialx", "mkdocs-materialx")
STACKS = {"properdocs-material": MATERIAL, "properdocs-materialx": MATERIALX}
SITE_FIXTURES = {"properdocs-material": "material_site", "properdocs-materialx": "materialx_site"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: Path) -> dict[str, str]:
    """name -> version of every `name==version` line (comments and options ignored)."""
    found = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#;]+)", line)
        if match:
            found[normalized(match.group(1))] = match.group(2)
    return found


def generator(stack: Stack) -> str:
    """The generator tag a successor build writes, from the pinned versions."""
    versions = pins(ROOT / stack.requirements)
    return f"mkdocs-ProperDocs {versions['properdocs']}, {stack.theme_dist}-{versions[stack.theme_dist]}"


def require_venv(stack: Stack) -> None:
    if (stack.folder / ".installed").is_file():
        return
    message = f"{stack.venv} is not installed: run `make successor` (`make test` does)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def venv_python(stack: Stack, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(stack.folder / "bin" / "python"), *args], capture_output=True, text=True, timeout=120)


def name_theme(project: Path, theme: str) -> None:
    """The one-word switch of README's "后继技术栈": theme.name in the copy's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text, count = re.subn(r"(?m)^(theme:\n(?:[ \t]+.*\n|\n)*?  name: *)material *$", rf"\g<1>{theme}",
                          config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml must have `theme:` with `  name: material`"
    config.write_text(text, encoding="utf-8")


def build_with_properdocs(stack: Stack, project: Path) -> Path:
    if stack.theme != "material":
        name_theme(project, stack.theme)
    site = project / "site"
    result = subprocess.run(
        [str(stack.folder / "bin" / "properdocs"), "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=600,
        env=build_environment(os.environ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def material_site(tmp_path_factory) -> Path:
    require_venv(MATERIAL)
    return build_with_properdocs(MATERIAL, copy_project(tmp_path_factory.mktemp("properdocs-material")))


@pytest.fixture(scope="module")
def materialx_site(tmp_path_factory) -> Path:
    require_venv(MATERIALX)
    return build_with_properdocs(MATERIALX, copy_project(tmp_path_factory.mktemp("properdocs-materialx")))


@pytest.fixture(scope="module", params=list(STACKS))
def successor(request):
    """(stack, built site) for each successor stack."""
    return STACKS[request.param], request.getfixturevalue(SITE_FIXTURES[request.param])


def files(site: Path, pattern: str = "**/*") -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.glob(pattern) if p.is_file())


def html_pages(site: Path) -> list[str]:
    return files(site, "**/*.html")


def without_generator(html: str) -> tuple[str, list[str]]:
    return GENERATOR.sub("", html), GENERATOR.findall(html)


def page_content(site: Path, page: str) -> str:
    """The page's own content: the inner HTML of `.md-content` (the article and its print button)."""
    content = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml").select_one(".md-content")
    assert content is not None, page
    return content.decode_contents()


# -- the virtualenvs: exactly the pins, and nothing missing but what ProperDocs replaces -----------


@pytest.mark.parametrize("name", STACKS)
def test_successor_venv_holds_exactly_the_pinned_packages(name):
    stack = STACKS[name]
    require_venv(stack)
    frozen = venv_python(stack, "-m", "pip", "freeze", "--exclude-editable")
    assert frozen.returncode == 0, frozen.stderr
    lines = [line.split("==", 1) for line in frozen.stdout.splitlines() if "==" in line]
    installed = {normalized(name): version for name, version in lines}
    assert installed == pins(ROOT / stack.requirements)
    checked = venv_python(stack, "-m", "pip", "check")
    broken = [line for line in checked.stdout.splitlines() if line.strip() and line != "No broken requirements found."]
    if stack is MATERIAL:
        # Material and mkdocs-macros-plugin declare `mkdocs`; ProperDocs stands in for it, so it is absent.
        assert "mkdocs" not in installed
        replaced = re.compile(r"\S+ \S+ requires mkdocs, which is not installed\.")
        assert broken and all(replaced.fullmatch(line) for line in broken), broken
    else:
        assert broken == []


@pytest.mark.parametrize("name", STACKS)
def test_shared_pins_agree_with_requirements_txt(name):
    """One version of each package across the stacks: only the generator and the theme differ."""
    main, successor = pins(ROOT / "requirements.txt"), pins(ROOT / STACKS[name].requirements)
    assert {n: (v, successor[n]) for n, v in main.items() if n in successor and successor[n] != v} == {}


# -- ProperDocs + Material: the same site, byte for byte, but for the generator tag ----------------


def test_properdocs_with_material_builds_the_same_site(built_site, material_site):
    assert files(material_site) == files(built_site)
    for page in PAGES:
        assert page + "index.html" in files(built_site)
    for pattern in OPEN_DATA:
        assert files(built_site, pattern), pattern
    different = []
    for name in files(built_site):
        main, successor = (built_site / name).read_bytes(), (material_site / name).read_bytes()
        if name.endswith(".html"):
            (main, main_tags), (successor, successor_tags) = (without_generator(x.decode()) for x in (main, successor))
            assert len(main_tags) == 1 and successor_tags == [generator(MATERIAL)], name
        if main != successor:
            different.append(name)
    assert different == []


# -- ProperDocs + MaterialX: the same pages, content and data; a different theme around them -------


def test_properdocs_with_materialx_builds_the_same_pages_and_data(built_site, materialx_site):
    assert html_pages(materialx_site) == html_pages(built_site)
    for pattern in OPEN_DATA:
        assert files(built_site, pattern), pattern
        assert files(materialx_site, pattern) == files(built_site, pattern), pattern
        for name in files(built_site, pattern):
            assert (materialx_site / name).read_bytes() == (built_site / name).read_bytes(), name
    assert without_generator((materialx_site / "index.html").read_text(encoding="utf-8"))[1] == [generator(MATERIALX)]
    # The sitemap is a theme template: MaterialX's indents differently and adds <changefreq>daily</changefreq>
    # to every URL. The pages listed and their dates must be the same.
    assert sitemap(built_site) and sitemap(materialx_site) == sitemap(built_site)


def sitemap(site: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    return [(url.loc.get_text(strip=True), url.lastmod.get_text(strip=True)) for url in soup.find_all("url")]


def theme_templates(stack: Stack) -> Path:
    found = venv_python(stack, "-c", "import os, material.templates as t; print(os.path.dirname(t.__file__))")
    assert found.returncode == 0, found.stderr
    return Path(found.stdout.strip())


@pytest.mark.parametrize("name", STACKS)
def test_the_theme_inline_scripts_are_the_ones_md_inline_js_replaces(name):
    """overrides/partials/javascripts/ replace the theme's inline scripts with assets/js/md-inline.js, written
    against Material 9.8.2's partials (hashes in test_security_site.py). MaterialX's must be the same ones."""
    stack = STACKS[name]
    require_venv(stack)
    folder = theme_templates(stack) / "partials" / "javascripts"
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.html"))}
    assert found == MATERIAL_INLINE_PARTIALS


def test_properdocs_with_materialx_gives_every_page_the_same_content(built_site, materialx_site):
    # Measured with MaterialX 10.2.2: `.md-content` is identical on every page, so nothing is normalised.
    # (Its theme differs around the content: header, back-to-top button, __config, asset hashes.)
    pages = [page + "index.html" for page in PAGES]
    assert set(pages) <= set(html_pages(built_site))
    different = [page for page in html_pages(built_site)
                 if page_content(materialx_site, page) != page_content(built_site, page)]
    assert different == []


# -- Both: nothing inline that deploy/nginx.conf's Content-Security-Policy would block ------------

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # data, never executed
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def inline_code(html: str) -> list[str]:
    """Executable inline script and inline style in a page: what a CSP without 'unsafe-inline' blocks."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for script in soup.find_all("script"):
        if not script.has_attr("src") and (script.get("type") or "").strip().lower() not in DATA_SCRIPT_TYPES:
            found.append(f"<script> {script.get_text()[:80]!r}")
    found += [f"<style> {style.get_text()[:80]!r}" for style in soup.find_all("style")]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on") or attribute.lower() == "style":
                found.append(f"<{tag.name} {attribute}={value!r}>")
            elif attribute.lower() in URL_ATTRIBUTES and str(value).strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {attribute}={value!r}>")
    return found


def test_the_inline_code_check_finds_inline_code():
    data = '<script id="__config" type="application/json">{"base": "."}</script>'
    assert inline_code(data + '<script src="a.js"></script><a href="a/">a</a>') == []
    for html in ("<script>var a = 1</script>", '<script type="module">a()</script>', "<style>p{}</style>",
                 '<p onclick="a()">x</p>', '<p style="color:red">x</p>', '<a href="javascript:a()">x</a>'):
        assert inline_code(html), html


def test_no_page_of_a_successor_site_has_inline_code(successor):
    stack, site = successor
    found = {page: inline_code((site / page).read_text(encoding="utf-8")) for page in html_pages(site)}
    assert len(found) > len(PAGES)
    assert {page: code for page, code in found.items() if code} == {}
    # The scripts Material writes inline are replaced by the static md-inline.js (overrides/), with MaterialX too.
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    named = home.select("script[src*='assets/javascripts/md-inline.']")  # served content-named (macros/site/assets.py)
    parts = {s.get("data-md-part") for s in named}
    assert parts >= {"scope", "content"}


# -- Both, in Chromium, served with deploy/nginx.conf's Content-Security-Policy --------------------


def deployed_policy() -> str:
    """The Content-Security-Policy header exactly as deploy/nginx.conf sends it."""
    header = re.compile(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"\s+always;', re.M)
    found = header.findall(DEPLOY.read_text(encoding="utf-8"))
    assert len(found) == 1, "deploy/nginx.conf must set one Content-Security-Policy"
    assert "script-src 'self'" in found[0] and "unsafe-inline" not in found[0]
    return found[0]


@contextmanager
def served(site: Path, policy: str):
    with static_site(site, {"Content-Security-Policy": policy}) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def origins(built_site, successor):
    """Origins serving the main build and this successor build, both with the deployed policy."""
    _, site = successor
    policy = deployed_policy()
    with served(built_site, policy) as main, served(site, policy) as other:
        yield main, other


@pytest.fixture
def watched(browser):
    """A fresh browser context per site, watched for CSP violations, page errors and failed requests."""
    contexts = []

    def open_page(origin: str):
        context = browser.new_context()
        contexts.append(context)
        watch = Watch(context, origin)
        page = context.new_page()
        watch.attach(page)
        return page, watch

    yield open_page
    for context in contexts:
        context.close()


def load(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response.status == 200, url
    assert response.headers.get("content-security-policy") == deployed_policy(), url


def search_results(page, watch, origin: str) -> list[str]:
    load(page, origin + "/search/")
    page.locator("#portal-search-q").press_sequentially(QUERY)  # the page searches as the visitor types
    # Locators, not wait_for_function: its string predicate is an eval, which the policy forbids.
    page.locator(".portal-result").first.wait_for()
    page.locator("[data-search-status]", has_text="找到").wait_for()
    watch.settle(page)
    return page.eval_on_selector_all(".portal-result__title", "links => links.map(a => a.getAttribute('href'))")


def matcher_results(page, watch, origin: str) -> list[str]:
    load(page, origin + "/matcher/")
    page.locator(MATCHER_READY).wait_for(state="attached")
    page.click("[data-portal-matcher] button[type=submit]")  # the form's preselected answers
    page.locator(".portal-match").first.wait_for()
    watch.settle(page)
    return page.eval_on_selector_all(".portal-match", "items => items.map(i => i.dataset.policy)")


@pytest.mark.browser
def test_search_works_under_the_policy(watched, origins):
    main, other = origins
    expected = search_results(*watched(main), main)  # the main build under the same policy: the reference
    page, watch = watched(other)
    found = search_results(page, watch, other)
    assert found and found == expected
    assert watch.problems == []


@pytest.mark.browser
def test_matcher_works_under_the_policy(watched, origins):
    main, other = origins
    expected = matcher_results(*watched(main), main)
    page, watch = watched(other)
    found = matcher_results(page, watch, other)
    assert found and found == expected
    assert watch.problems == []


@pytest.mark.browser
def test_record_page_works_under_the_policy(watched, origins):
    _, other = origins
    page, watch = watched(other)
    load(page, f"{other}/{RECORD}")
    watch.settle(page)
    # The theme's bundle and the moved set-up script ran: a blocked script would leave these unset.
    state = page.evaluate("""() => ({
        scope: window.__md_scope ? window.__md_scope.href : null,
        bundle: typeof document$ !== "undefined",
        js: !document.documentElement.classList.contains("no-js"),
        title: document.querySelector(".md-content h1") && document.querySelector(".md-content h1").textContent
    })""")
    assert state["scope"] == other + "/"
    assert state["bundle"] and state["js"], state
    assert state["title"]
    assert watch.problems == []
