"""The portal's scripts and stylesheets as served: minified and named by their content.

- Each script in overrides/assets/js/ becomes ``assets/javascripts/<name>.<hash>.min.js``.
- The theme's stylesheets and ours become ONE stylesheet,
  ``assets/stylesheets/portal.<hash>.min.css``: a record page's critical path is its HTML and
  that file. (Material's stylesheets only use ``data:`` URLs, so they can move into it.)

A new release gets new names, so deploy/nginx.conf lets browsers keep these files for a year
without asking again (the same rule as Material's own hashed files). Templates name an asset by its
source address (``assets/js/search.js``) and look the served address up in
``config.extra.portal_assets``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

SCRIPTS = Path("overrides") / "assets" / "js"
STYLES = Path("overrides") / "assets" / "css"
STYLESHEET = "stylesheet"  # the key of the one stylesheet in the asset map
# Material's own stylesheets, in the order its base.html links them (names carry their hash).
THEME_STYLES = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
# Our stylesheets, in cascade order: the reading mode (长者模式) over the portal's, print rules last.
OWN_STYLES = ("portal.css", "reading.css", "print.css")


@dataclass(frozen=True)
class Asset:
    source: str  # the address templates use: assets/js/search.js, or "stylesheet"
    path: str  # the served, content-named address
    content: bytes


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:8]


def script_asset(path: Path) -> Asset:
    content = rjsmin.jsmin(path.read_text(encoding="utf-8")).encode()
    return Asset(f"assets/js/{path.name}", f"assets/javascripts/{path.stem}.{_digest(content)}.min.js", content)


def theme_stylesheets(theme_dirs: list[str]) -> list[Path]:
    """Material's main and palette stylesheets from the theme's folders (first match wins)."""
    found = []
    for pattern in THEME_STYLES:
        for folder in theme_dirs:
            matches = sorted(Path(folder).glob(pattern))
            if matches:
                found.append(matches[-1])
                break
    return found


def stylesheet_asset(root: Path, theme_dirs: list[str]) -> Asset:
    parts = [p.read_text(encoding="utf-8") for p in theme_stylesheets(theme_dirs)]
    parts += [rcssmin.cssmin((root / STYLES / name).read_text(encoding="utf-8")) for name in OWN_STYLES]
    content = "\n".join(parts).encode()
    return Asset(STYLESHEET, f"assets/stylesheets/portal.{_digest(content)}.min.css", content)


def portal_assets(root: Path, theme_dirs: list[str]) -> dict[str, Asset]:
    """Source address -> asset, for every script and the one stylesheet."""
    assets = {a.source: a for a in map(script_asset, sorted((root / SCRIPTS).glob("*.js")))}
    sheet = stylesheet_asset(root, theme_dirs)
    assets[sheet.source] = sheet
    return assets


def replaced_sources(root: Path) -> set[str]:
    """The theme files the content-named assets stand in for: not published as they are."""
    return {f"assets/js/{p.name}" for p in (root / SCRIPTS).glob("*.js")} | \
           {f"assets/css/{name}" for name in OWN_STYLES}
