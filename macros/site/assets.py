"""The portal's scripts and stylesheets as served: minified and named by their content.

- Each script in overrides/assets/js/ (and its lib/ folder of pure modules) becomes
  ``assets/javascripts/<folder>/<name>.<hash>.min.js``. The page scripts are ES modules: a relative
  import of another of our scripts (``import {statusOf} from "./lib/status.js"``) is rewritten to
  that module's served, content-named address, the imported modules first, so an importer's name
  changes whenever a module it imports changes (no import map: the Content-Security-Policy allows
  no inline script).
- The theme's stylesheets and ours become ONE stylesheet,
  ``assets/stylesheets/portal.<hash>.min.css``: a record page's critical path is its HTML and
  that file. (Material's stylesheets only use ``data:`` URLs, so they can move into it.)

A page names every module its scripts import in ``<link rel="modulepreload">`` (overrides/main.html,
``config.extra.portal_modules``), so the browser fetches them at once rather than one import level
after another.

A new release gets new names, so deploy/ (shishou-portal-http.conf) lets browsers keep these files for a year
without asking again (the same rule as Material's own hashed files). Templates name an asset by its
source address (``assets/js/search.js``) and look the served address up in
``config.extra.portal_assets``.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
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
SERVED_SCRIPTS = "assets/javascripts"
# A relative module specifier in minified code: import ... from"./x.js", export ... from"./x.js",
# import"./x.js" and import("./x.js").
RELATIVE_IMPORT = re.compile(r"""(\b(?:from|import)\s*\(?\s*)(["'])(\.\.?/[^"'\s]+\.js)\2""")


@dataclass(frozen=True)
class Asset:
    source: str  # the address templates use: assets/js/search.js, or "stylesheet"
    path: str  # the served, content-named address
    content: bytes
    imports: tuple[str, ...] = ()  # a module's: the served addresses of every module it needs, at any depth


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:8]


def served_path(name: str, content: bytes) -> str:
    """lib/status.js -> assets/javascripts/lib/status.<hash>.min.js"""
    folder, file = posixpath.split(name)
    return posixpath.join(SERVED_SCRIPTS, folder, f"{file.removesuffix('.js')}.{_digest(content)}.min.js")


class ScriptAssets:
    """Every script of overrides/assets/js/, minified, its relative imports pointed at the served
    modules, then named by its content (imported modules first)."""

    def __init__(self, folder: Path):
        self.sources = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.js"))}
        self.done: dict[str, Asset] = {}

    def all(self) -> list[Asset]:
        return [self.asset(name) for name in self.sources]

    def asset(self, name: str, importers: tuple[str, ...] = ()) -> Asset:
        if name in self.done:
            return self.done[name]
        if name in importers:
            raise ValueError(f"overrides/assets/js/{name}: modules import each other in a circle: "
                             + " -> ".join(importers + (name,)))
        code = rjsmin.jsmin(self.sources[name].read_text(encoding="utf-8"))
        here = posixpath.dirname(name)
        served_here = posixpath.join(SERVED_SCRIPTS, here)

        needed: dict[str, None] = {}  # in order, once each

        def point_at_served(match: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(here, match.group(3)))
            if target not in self.sources:
                raise ValueError(f"overrides/assets/js/{name}: imports {match.group(3)}, "
                                 f"which is not a script in overrides/assets/js/")
            imported = self.asset(target, importers + (name,))
            needed.update(dict.fromkeys((imported.path, *imported.imports)))
            link = posixpath.relpath(imported.path, served_here)
            quote = match.group(2)
            return f"{match.group(1)}{quote}{link if link.startswith('.') else './' + link}{quote}"

        content = RELATIVE_IMPORT.sub(point_at_served, code).encode()
        self.done[name] = Asset(f"assets/js/{name}", served_path(name, content), content, tuple(needed))
        return self.done[name]


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
    assets = {a.source: a for a in ScriptAssets(root / SCRIPTS).all()}
    sheet = stylesheet_asset(root, theme_dirs)
    assets[sheet.source] = sheet
    return assets


def replaced_sources(root: Path) -> set[str]:
    """The theme files the content-named assets stand in for: not published as they are."""
    folder = root / SCRIPTS
    return {f"assets/js/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*.js")} | \
           {f"assets/css/{name}" for name in OWN_STYLES}
