"""Every page of the built site (issue: foundation): government footer, no third-party requests,
Chinese language and headings, internal links and anchors that resolve, navigation that does not
grow with the records, and a build that fails loudly on broken links and missing footer facts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from built import SITE_URL, every_page, norm
from conftest import ROOT, build
from macros.core.problems import ContentError
from macros.load.portal import load_portal

SITE_FACTS = yaml.safe_load((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
NOT_GIVEN = "待主办单位提供"  # what the footer shows for an explicit null (see data/site.yml)
HOTLINES = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))
[EVERY_PAGE_HOTLINE] = [h for h in HOTLINES if h["applies_to"] == "all"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SITE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))


def page_url(site: Path, html_file: Path) -> str:
    """Site-absolute URL path of a built file: a/b/index.html -> /a/b/, 404.html -> /404.html."""
    relative = html_file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, BeautifulSoup]:
    """Every HTML page of the built site, parsed once: site-relative file path -> soup."""
    found = every_page(built_site)
    assert len(found) > 20
    return found


# -- footer -------------------------------------------------------------------------------------

def expected_footer() -> list[tuple[str, str]]:
    def value(key: str) -> str:
        return str(SITE_FACTS[key]) if SITE_FACTS.get(key) else NOT_GIVEN
    return [
        ("版权所有", rf"版权所有\s*[：:]\s*{re.escape(value('copyright'))}"),
        ("网站标识码", rf"网站标识码\s*[：:]\s*{re.escape(value('site_code'))}"),
        ("ICP", re.escape(value("icp"))),
        ("公安备案", re.escape(value("police_record"))),
        ("地址", rf"地址\s*[：:]\s*{re.escape(value('address'))}"),
        # the source website's phone, labelled as its owner's and as not the number for policy questions
        ("电话", rf"{re.escape(value('copyright'))}电话（不受理政策咨询）\s*[：:]\s*{re.escape(value('phone'))}"),
    ]


def test_site_facts_are_the_ones_of_the_issue():
    # The values the issue names, read from data/site.yml (the single place to change them).
    assert SITE_FACTS["icp"] == "鄂ICP备13007041号"
    assert SITE_FACTS["police_record"] == "鄂公网安备 42108102000031号"


def footer_problems(soup, name: str) -> list[str]:
    """The government facts of data/site.yml in the footer; the 主办单位 named; while values_from is
    source-site, the copyright, registrations, address and phone under a label saying whose they are."""
    footer = soup.find("footer")
    if footer is None:
        return [f"{name}: no <footer>"]
    text = norm(footer.get_text(" "))
    problems = [f"{name}: footer lacks {label} ({pattern})" for label, pattern in expected_footer()
                if not re.search(pattern, text)]
    if SITE_FACTS.get("icp_url") and not footer.select_one(f'a[href="{SITE_FACTS["icp_url"]}"]'):
        problems.append(f"{name}: ICP number does not link to {SITE_FACTS['icp_url']}")
    if SITE_FACTS.get("phone") and any(SITE_FACTS["phone"].replace("-", "") in re.sub(r"[^0-9]", "", a["href"])
                                       for a in footer.select('a[href^="tel:"]')):
        problems.append(f"{name}: the source website's phone is a tap-to-call link")
    problems += [f"{name}: {problem}" for problem in footer_route_problems(footer)]
    block = footer.select_one(".portal-footer")
    if block is None:
        return problems + [f"{name}: no footer block"]
    if not re.search(rf"主办单位\s*[：:]\s*{re.escape(SITE_FACTS['operator'] or NOT_GIVEN)}", norm(block.get_text(" "))):
        problems.append(f"{name}: footer does not name the 主办单位")
    label = block.select_one(".portal-footer__label")
    facts = block.select_one(".portal-footer__facts[data-values-from=source-site]")
    said = label.get_text() if label is not None else ""
    if facts is None or SITE_FACTS["source_site"] not in said or "不是本门户" not in said:
        problems.append(f"{name}: the source website's facts are not labelled as such")
    elif SITE_FACTS["icp"] not in facts.get_text() or label.find_next(class_="portal-footer__facts") is not facts:
        problems.append(f"{name}: the label does not precede the facts it describes")
    return problems


def footer_route_problems(footer) -> list[str]:
    """The route to ask on every page: 12345 as a tap-to-call link, labelled as the national hotline
    and as no department's line (data/hotlines.yml)."""
    ask = footer.select_one(".portal-footer__ask")
    if ask is None:
        return ["no route to ask (.portal-footer__ask)"]
    text = norm(ask.get_text(""))
    links = [a["href"] for a in ask.select('a[href^="tel:"]')]
    problems = [] if links == [f"tel:{EVERY_PAGE_HOTLINE['number']}"] else [f"the route to ask links {links}"]
    if EVERY_PAGE_HOTLINE["name"] not in text or EVERY_PAGE_HOTLINE["not_department"] not in text:
        problems.append(f"the hotline is not labelled as what it is: {text}")
    return problems


def test_every_page_has_the_government_footer_naming_the_operator_and_whose_facts_they_are(pages):
    assert SITE_FACTS["values_from"] == "source-site"  # the repository's state: no operator yet
    problems = [problem for name, soup in pages.items() for problem in footer_problems(soup, name)]
    assert not problems, "\n".join(problems[:40])


# -- no third-party requests --------------------------------------------------------------------

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.I)


def foreign(url: str) -> bool:
    """True for a URL that makes the browser contact another host."""
    url = url.strip()
    if not url or url.startswith(("data:", "#", "about:")):
        return False
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}" != SITE_ORIGIN
    return bool(parts.scheme) or bool(parts.netloc)


def css_urls(css: str) -> list[str]:
    return [m.group(2) for m in CSS_URL.finditer(css)] + [m.group(1) for m in CSS_IMPORT.finditer(css)]


def resource_urls(soup: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for tag in soup.find_all("link", href=True):
        found.append(("link[href]", tag["href"]))
    for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video", "embed", "track", "input"],
                             src=True):
        found.append((f"{tag.name}[src]", tag["src"]))
    for tag in soup.find_all(["img", "source"], srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                found.append((f"{tag.name}[srcset]", candidate.split()[0]))
    for tag in soup.find_all("object", data=True):
        found.append(("object[data]", tag["data"]))
    for tag in soup.find_all(["iframe", "source", "embed"]):
        if not tag.get("src") and not tag.get("srcset"):
            found.append((f"<{tag.name}> without src", "//"))  # an empty embed is still not wanted
    for style in soup.find_all("style"):
        found += [("<style>", url) for url in css_urls(style.get_text())]
    for tag in soup.find_all(style=True):
        found += [("style=", url) for url in css_urls(tag["style"])]
    return found


def test_no_page_loads_anything_from_another_host(pages):
    problems = [f"{name}: {where} {url}" for name, soup in pages.items()
                for where, url in resource_urls(soup) if foreign(url)]
    assert not problems, "\n".join(problems)


def test_no_iframes_anywhere(pages):
    assert not [name for name, soup in pages.items() if soup.find("iframe")]


def test_no_stylesheet_loads_anything_from_another_host(built_site):
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    problems = [f"{sheet.relative_to(built_site)}: {url}" for sheet in sheets
                for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")) if foreign(url)]
    assert not problems, "\n".join(problems)


def test_the_site_is_in_the_list_of_own_origins():
    # guards the checks above: the own origin must be a real http(s) origin
    assert SITE_ORIGIN.startswith(("http://", "https://")) and urlsplit(SITE_ORIGIN).netloc


def test_no_google_fonts_anywhere(built_site):
    hits = []
    for path in built_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (b"fonts.googleapis", b"fonts.gstatic"):
                if needle in data:
                    hits.append(f"{path.relative_to(built_site)}: {needle.decode()}")
    assert not hits, "\n".join(hits)


# -- language and headings ----------------------------------------------------------------------

def test_every_page_is_in_chinese(pages):
    wrong = {name: soup.html.get("lang") for name, soup in pages.items()
             if not (soup.html.get("lang") or "").startswith("zh")}
    assert not wrong, wrong


def test_heading_ids_on_home_and_catalog_pages_are_readable_chinese(pages):
    chosen = {name: soup for name, soup in pages.items() if name == "index.html" or name.startswith("catalog/")}
    assert "catalog/index.html" in chosen and "index.html" in chosen
    checked, problems = 0, []
    for name, soup in chosen.items():
        for heading in soup.select(".md-content h1[id], .md-content h2[id], .md-content h3[id], .md-content h4[id]"):
            checked += 1
            anchor = heading["id"]
            if re.fullmatch(r"_?\d+", anchor) or not CJK.search(anchor):
                problems.append(f"{name}: heading “{norm(heading.get_text())}” has id “{anchor}”")
    for name in ("index.html", "catalog/index.html"):
        assert chosen[name].select(".md-content h2[id]"), f"{name} has no headings with ids"
    assert checked and not problems, "\n".join(problems)


# -- the home page ------------------------------------------------------------------------------

def resolve(base_url: str, href: str) -> tuple[str, str] | None:
    """(site path, fragment) of an internal href seen on the page at base_url; None if external."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") or href.startswith("//"):
        if "{0.scheme}://{0.netloc}".format(urlsplit(urljoin(SITE_URL, href))) != SITE_ORIGIN:
            return None
        absolute = urlsplit(urljoin(SITE_URL, href))
        path = absolute.path
        site_path = urlsplit(SITE_URL).path
        if not path.startswith(site_path):
            return None
        return "/" + path[len(site_path):], absolute.fragment
    if parts.scheme:  # mailto:, tel:, javascript: ...
        return None
    absolute = urlsplit(urljoin("http://site.invalid" + base_url, href))
    return absolute.path, absolute.fragment


def target_file(site: Path, path: str) -> Path | None:
    relative = unquote(path).lstrip("/")
    candidate = site / relative
    if path.endswith("/") or relative == "":
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_home_page_links_to_law_measures_report_and_catalog(built_site, pages, portal):
    main = pages["index.html"].select_one(".md-content")
    targets = set()
    for a in main.select("a[href]"):
        resolved = resolve("/", a["href"])
        if resolved:
            targets.add(resolved[0])
    wanted = [f"/{d.url}" for d in portal.documents] + ["/catalog/", "/laws/"]
    missing = [url for url in wanted if url not in targets]
    assert not missing, f"home page content does not link to {missing}"


RAW_MARKDOWN = (
    (re.compile(r"\]\([^)\s]*\.md(#[^)]*)?\)"), "a Markdown link"),
    (re.compile(r"\{\s*\.md-button"), "an attribute list"),
    (re.compile(r"(^|\n)\s*#{2,6} \S"), "a Markdown heading"),
    (re.compile(r'markdown="1"'), "a markdown=\"1\" attribute"),
)


def test_no_page_shows_unrendered_markdown(pages):
    """Markdown inside HTML blocks must be rendered, not shown to the reader as source text."""
    problems = []
    for name, soup in pages.items():
        main = soup.select_one(".md-content")
        if main is None:
            continue
        text = main.get_text("\n")
        for pattern, what in RAW_MARKDOWN:
            match = pattern.search(text)
            if match:
                problems.append(f"{name}: shows {what} as text: {text[max(0, match.start() - 20):match.end() + 20]!r}")
    assert not problems, "\n".join(problems)


# -- internal links -----------------------------------------------------------------------------

def test_every_internal_link_and_anchor_resolves(built_site, pages):
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        if file not in ids_cache:
            name = file.relative_to(built_site).as_posix()
            soup = pages.get(name) or BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
            ids_cache[file] = ({t["id"] for t in soup.find_all(id=True)}
                               | {t["name"] for t in soup.find_all("a", attrs={"name": True})})
        return ids_cache[file]

    broken, checked = [], 0
    for name, soup in pages.items():
        base = page_url(built_site, built_site / name)
        for a in soup.find_all("a", href=True):
            resolved = resolve(base, a["href"])
            if resolved is None:
                continue
            checked += 1
            path, fragment = resolved
            target = target_file(built_site, path)
            if target is None:
                broken.append(f"{name}: {a['href']} -> no file for {unquote(path)}")
                continue
            fragment = unquote(fragment)
            if fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(f"{name}: {a['href']} -> no element with id “{fragment}” "
                              f"on {target.relative_to(built_site)}")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


# -- navigation does not grow with the records ---------------------------------------------------

def test_policy_pages_navigation_has_no_record_links(built_site, pages, portal):
    problems = []
    for policy in portal.policies:
        name = policy.url + "index.html"
        soup = pages[name]
        nav = soup.select_one("nav.md-nav--primary")
        assert nav is not None, name
        for a in nav.select("a[href]"):
            resolved = resolve("/" + policy.url, a["href"])
            if resolved and resolved[0].startswith("/policies/"):
                problems.append(f"{name}: navigation links to {a['href']}")
    assert not problems, "\n".join(problems)


def add_fake_records(project: Path, template: Path, count: int) -> list[str]:
    """Copies of a real record with new ids and clearly fake titles, in the same department."""
    text = template.read_text(encoding="utf-8")
    original_id = re.search(r"^id: (\S+)$", text, re.M).group(1)
    added = []
    for number in range(1, count + 1):
        new_id = f"{original_id}-ceshi-{number}"
        fake = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
        fake = re.sub(r"^title: .*$", f"title: 测试记录 {number}", fake, count=1, flags=re.M)
        (template.parent / f"{new_id}.md").write_text(fake, encoding="utf-8")
        added.append(new_id)
    return added


@pytest.mark.slow
def test_policy_page_size_does_not_depend_on_the_number_of_records(built_site, project_copy, portal):
    policy = portal.policies[0]
    template = project_copy / "docs" / policy.path
    added = add_fake_records(project_copy, template, 30)
    result = build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project_copy / "site"
    for new_id in added:  # the fake records really were built
        assert (site / policy.url.rsplit("/", 2)[0] / new_id / "index.html").is_file()
    before = (built_site / policy.url / "index.html").stat().st_size
    after = (site / policy.url / "index.html").stat().st_size
    assert abs(after - before) / before < 0.02, \
        f"{policy.url}: {before} bytes with {len(portal.policies)} records, {after} with 30 more"
    # the catalog itself did grow: the comparison above is not comparing two identical builds
    assert (site / "catalog/all/index.html").stat().st_size > (built_site / "catalog/all/index.html").stat().st_size


# -- the build fails loudly ---------------------------------------------------------------------

def append_to_home(project: Path, markdown: str) -> None:
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + f"\n\n{markdown}\n", encoding="utf-8")


@pytest.mark.slow
def test_the_strict_build_fails_on_a_missing_page_and_a_missing_anchor_naming_both(project_copy):
    """Our configuration (mkdocs.yml's validation, in strict mode) makes each kind of broken link fail
    the build with the page and the link named; a link to an anchor of a generated law article is
    known to MkDocs and passes."""
    append_to_home(project_copy, "[不存在的页面](no-such-page.md)\n\n[不存在的条](laws/sme-promotion-law.md#第九十九条)\n\n"
                                 "[第四条](laws/sme-promotion-law.md#第四条)")
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 2, output
    assert re.search(r"'index\.md'.*'no-such-page\.md'", warnings[0]), output
    assert re.search(r"'index\.md'.*'laws/sme-promotion-law\.md#第九十九条'.*'#第九十九条'", warnings[1]), output
    assert "第四条" not in output, output
    assert re.search(r"Aborted with 2 warnings in strict mode", output), output


def remove_footer_phone(project: Path) -> None:
    site_yml = project / "data" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    without_phone = re.sub(r"^phone:.*\n", "", text, flags=re.M)
    assert without_phone != text
    site_yml.write_text(without_phone, encoding="utf-8")


def test_missing_footer_field_is_a_content_error(project_copy):
    remove_footer_phone(project_copy)
    with pytest.raises(ContentError) as error:
        load_portal(project_copy)
    assert [(p.path, p.field) for p in error.value.problems] == [("data/site.yml", "phone")]
    assert re.search(r"data/site\.yml(:\d+)?: phone:", str(error.value))


@pytest.mark.slow
def test_missing_footer_field_fails_the_build(project_copy):
    remove_footer_phone(project_copy)
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"data/site\.yml(:\d+)?: phone:", output), output
    assert not (project_copy / "site" / "index.html").exists()
