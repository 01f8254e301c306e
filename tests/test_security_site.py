"""The built site as a whole (issue: security, points 2 and 4), read from its files.

Every page, stylesheet and script of the real site: nothing loads from another host, nothing
executable is inline (so the Content-Security-Policy of deploy/nginx.conf can forbid inline
script and style), and every link to another site carries rel="noopener noreferrer". The
browser test in test_security_served.py checks the same at run time.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest

from built import every_page
from conftest import ROOT, build

RESOURCE_ATTRIBUTES = {  # element: attributes whose URL the browser fetches by itself
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                "dns-prefetch", "modulepreload", "manifest", "prerender"}
OWN_HOST = urlsplit(os.environ.get("SITE_URL") or "http://127.0.0.1:8000/").netloc  # mkdocs.yml's site_url
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def site_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def off_site(url: str) -> bool:
    """True if fetching ``url`` from one of our pages would contact another host."""
    url = url.strip()
    if url.startswith("data:"):
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "http", "https")


@pytest.fixture(scope="module")
def soups(built_site):
    return every_page(built_site)


def test_every_kind_of_page_is_checked(soups):
    kinds = {"index.html", "404.html", "laws/sme-promotion-law/index.html", "laws/hubei-measures/index.html",
             "reports/2022-sme-report/index.html", "catalog/index.html", "catalog/all/index.html"}
    assert kinds <= set(soups)
    assert any(name.startswith("policies/") for name in soups)


def test_no_page_loads_anything_from_another_host(soups):
    found = []
    for name, soup in soups.items():
        for tag, attributes in RESOURCE_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                for attribute in attributes:
                    for url in re.split(r",\s*", element.get(attribute, "")) if element.get(attribute) else ():
                        if off_site(url.split(" ")[0]):
                            found.append(f"{name}: <{tag} {attribute}={url}>")
        for link in soup.find_all("link", href=True):
            if set(r.lower() for r in link.get("rel", [])) & LOADING_RELS and off_site(link["href"]):
                found.append(f"{name}: <link rel={link.get('rel')} href={link['href']}>")
        for element in soup.find_all(style=True):
            found.append(f"{name}: inline style on <{element.name}>")
    assert found == []


def test_no_stylesheet_loads_anything_from_another_host(built_site):
    found = []
    for sheet in sorted(built_site.rglob("*.css")):
        for match in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if off_site(url):
                found.append(f"{sheet.relative_to(built_site)}: {url}")
    assert found == []  # Google's web fonts in any file: test_site_pages.test_no_google_fonts_anywhere


def test_no_page_has_inline_script_style_or_event_handlers(soups):
    found = []
    for name, soup in soups.items():
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not script.get_text().strip(), f"{name}: script with both src and text"
            elif script.get("type") != "application/json":  # Material's __config: data, never run
                found.append(f"{name}: inline script {script.get_text()[:80]!r}")
        found += [f"{name}: <style>" for _ in soup.find_all("style")]
        for element in soup.find_all(True):
            found += [f"{name}: {a} on <{element.name}>" for a in element.attrs if a.lower().startswith("on")]
            for attribute in ("href", "src", "action", "formaction"):
                value = re.sub(r"[\x00-\x20]", "", str(element.get(attribute, ""))).lower()
                if value.startswith(("javascript:", "vbscript:", "data:text")):
                    found.append(f"{name}: {attribute}={element.get(attribute)}")
    assert found == []


def test_material_set_up_comes_from_the_static_file_with_the_page_base(soups):
    """The overridden partials pass the page's base URL to assets/js/md-inline.js (served content-named)."""
    for name, soup in soups.items():
        scope = soup.find("script", attrs={"data-md-part": "scope"})
        assert scope is not None, name
        depth = name.count("/")
        expected = "/" if name == "404.html" else "/".join([".."] * depth) if depth else "."
        assert scope["data-md-scope"] == expected, name
        assert re.search(r"assets/javascripts/md-inline\.[0-9a-f]{8}\.min\.js$", scope["src"]), name
        assert soup.find("script", attrs={"data-md-part": "content"}) is not None, name


def test_every_link_to_another_site_is_noopener_noreferrer(soups):
    found = []
    for name, soup in soups.items():
        for link in soup.find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.netloc and parts.netloc != OWN_HOST:
                if not {"noopener", "noreferrer"} <= set(link.get("rel", [])):
                    found.append(f"{name}: {link['href']}")
    assert found == []


# Material's partials with inline scripts, as copied into assets/js/md-inline.js (9.8.2). When an
# upgrade changes one, re-read it, update md-inline.js (and the override) and the hash here.
MATERIAL_INLINE_PARTIALS = {
    "base.html": "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6",
    "content.html": "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf",
    "palette.html": "8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5",
    # not used by this site (no announce bar, versions or cookie consent): the test above fails
    # if one of them is switched on without an override
    "announce.html": "fbc798036968edbf0b7a35cff569cdf058eb131738ff7b8108281908affac0a6",
    "consent.html": "6dc38ea451a27ffd6cf929c13f8b3eb68b44cc602145f99a6cc395a07c5638ab",
    "outdated.html": "13165dec361fce13130f73f747aab982f7e1979608c061e5953b10286abc7447",
}


def test_material_inline_scripts_are_the_ones_the_overrides_replace():
    folder = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.html"))}
    assert found == MATERIAL_INLINE_PARTIALS
    for name in ("base.html", "content.html", "palette.html"):
        assert (ROOT / "overrides" / "partials" / "javascripts" / name).is_file()


@pytest.mark.slow
def test_third_party_fonts_and_analytics_cannot_be_switched_on(project_copy):
    """overrides/main.html empties Material's fonts and analytics blocks: even a mkdocs.yml asking
    for Google Fonts and Google Analytics produces pages that load neither."""
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false" in text and text.rstrip().endswith("generator: false")
    text = text.replace("  font: false", "  font:\n    text: Roboto\n    code: Roboto Mono")
    text += "  analytics:\n    provider: google\n    property: G-TEST123456\n"
    config.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in site_pages(project_copy / "site"):
        html = page.read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager.com", "google-analytics.com"):
            assert host not in html, (page, host)
        assert "<style" not in html, page
