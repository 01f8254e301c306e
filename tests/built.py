"""Reading a built site as the tests do: pages parsed once and shared, text with its white space made
one space, relative links resolved to site paths, a page's definition lists as label -> value."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent  # the project (conftest.ROOT)


def configured_site_url() -> str:
    """site_url as mkdocs.yml resolves it: $SITE_URL, else the default written in mkdocs.yml."""
    match = re.search(r'^site_url:\s*!ENV\s*\[\s*SITE_URL\s*,\s*"([^"]+)"\s*\]',
                      (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert match, "mkdocs.yml site_url not found"
    return os.environ.get("SITE_URL") or match.group(1)


SITE_URL = configured_site_url()


def norm(text: str) -> str:
    """Runs of any white space become one space; ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def flat(text: str) -> str:
    """All white space removed (Chinese text wrapped across lines)."""
    return re.sub(r"\s+", "", text)


def html_file(site: Path, url: str) -> Path:
    """The file of a page: "" and "a/b/" are folders with an index.html, "404.html" is itself."""
    return site / url / "index.html" if url == "" or url.endswith("/") else site / url


def soup_of(site: Path, url: str) -> BeautifulSoup:
    """A built page, parsed once per file as written (read-only: tests share it)."""
    path = html_file(site, url)
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def every_page(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of a site, parsed: site-relative file path -> soup."""
    return {p.relative_to(site).as_posix(): soup_of(site, p.relative_to(site).as_posix())
            for p in sorted(site.rglob("*.html"))}


def content(soup: BeautifulSoup):
    """The page's own content (Material's article), without navigation, header and footer."""
    node = soup.select_one("article.md-content__inner")
    assert node is not None
    return node


def definitions(node) -> dict[str, str]:
    """A definition list (or every dt/dd below ``node``) as label -> whitespace-normalised text."""
    return {norm(dt.get_text()): norm(dt.find_next_sibling("dd").get_text()) for dt in node.select("dt")}


def resolve(page_url: str, href: str) -> tuple[str, str]:
    """Site path (no leading slash, percent-decoded) and fragment of a relative href on page_url."""
    parts = urlsplit(urljoin("http://site.invalid/" + page_url, href))
    assert parts.netloc == "site.invalid", href
    return unquote(parts.path).lstrip("/"), unquote(parts.fragment)


def assert_real_count_claimed(site: Path, url: str, total: int) -> None:
    """The page claims exactly ``total`` records (已收录 N 条); the report's 72 only as the report's."""
    text = norm(soup_of(site, url).select_one(".md-content").get_text(" "))
    claims = [int(n) for n in re.findall(r"已收录\s*(\d+)\s*条", text)]
    assert claims == [total], f"/{url}: claims {claims} recorded, the records are {total}"
    for sentence in re.split(r"[。；;]", text):
        if re.search(r"(?<!\d)72(?!\d)", sentence):
            assert "报告" in sentence, f"/{url}: {sentence}"
            assert "收录" not in sentence, f"/{url}: {sentence}"
