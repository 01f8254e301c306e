"""Safe publishing: build into a new release folder, check it, then switch atomically.

Layout next to the published path DEST (which nginx serves):

    DEST                  symlink -> DEST.releases/<stamp>   (switched with one rename)
    DEST.releases/<stamp> one folder per successful build; the newest few are kept

A failed build or check leaves DEST untouched. ``rollback`` points DEST at the previous release.
Nothing is built while data/site.yml still marks the footer's facts as the source website's
(``values_from: source-site``) or names no 主办单位: a published portal must carry its operator's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..core.datafile import read_yaml
from ..core.messages import Messages
from ..load.portal import load_portal
from ..load.site import read_site
from ..model.site import HOST_SITE_FACTS, SITE_OWN_FACTS, SITE_REQUIRED
from .inspect import inspect_site, summary, write_report

KEEP = 5


class PublishError(Exception):
    pass


def releases_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.releases"


def releases(dest: Path) -> list[Path]:
    folder = releases_dir(dest)
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def footer_problems(root: Path, messages: Messages) -> list[str]:
    """Why the footer may not be published yet (data/site.yml), each with its file and line."""
    file = read_yaml(Path(root) / "data", "site.yml", messages)
    site = read_site(file)
    if site is None or file.problems:
        return [str(p) for p in file.problems] or [messages.text("publish.site_unreadable")]
    if site.from_source_site:
        carried = "、".join(SITE_REQUIRED[name] for name in SITE_OWN_FACTS if site[name])
        source = site.source_site or site.source or messages.text("publish.source_site")
        file.say("publish.footer_from_source_site", "values_from", file.line_of("values_from"), facts=carried,
                 source=source)
    if not site.operator:
        file.say("publish.operator_missing", "operator", file.line_of("operator"))
    for name, label in HOST_SITE_FACTS.items():  # the page metadata's 待分配 (model/govmeta.py)
        if not site[name]:
            file.say("publish.host_site_missing", name, file.line_of(name), label=label)
    return [str(p) for p in file.problems]


def checked_address(url: str, messages: Messages) -> str:
    """The public address the release is built for (site_url): http(s), a host, a path ending in "/"
    (the root "/" or a column's, e.g. https://<政府门户>/hqzc/)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.endswith("/") \
            or parts.query or parts.fragment:
        raise PublishError(messages.text("publish.address_invalid", url=url))
    return url


def build_release(root: Path, dest: Path, messages: Messages, url: str | None = None) -> Path:
    folder = releases_dir(dest)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / stamp
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": url} if url else {})}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q",
                             "-f", str(root / "mkdocs.yml"), "-d", str(target)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise PublishError(messages.text("publish.build_failed", output=(result.stderr or result.stdout).strip()))
    return target


def check_release(root: Path, release: Path, messages: Messages) -> None:
    """The output is complete: home, law, every record page and the open data agree."""
    portal = load_portal(root)
    expected = ("index.html", "404.html", "sitemap.xml", "api/policies.json", "laws/sme-promotion-law/index.html")
    missing = [p for p in expected if not (release / p).is_file()]
    missing += [p.url for p in portal.policies if not (release / p.url / "index.html").is_file()]
    if missing:
        raise PublishError(messages.text("publish.incomplete", missing="、".join(missing)))
    data = json.loads((release / "api" / "policies.json").read_text(encoding="utf-8"))
    if data["count"] != len(portal.policies):
        raise PublishError(messages.text("publish.count_differs"))
    inspection = inspect_site(root, release, portal)  # `make inspect`: no release with a veto (单项否决)
    write_report(inspection, release)
    if inspection.blocking:
        raise PublishError(messages.text("inspect.publish_refused", summary="\n".join(summary(inspection, messages))))


def switch(dest: Path, release: Path) -> None:
    """Point DEST at ``release`` with one atomic rename of a symlink."""
    if dest.exists() and not dest.is_symlink():
        # First publish over a plain folder: keep it as the oldest release so it can be restored.
        adopted = releases_dir(dest) / "00000000T000000000000Z-adopted"
        dest.rename(adopted)
    temporary = dest.parent / f".{dest.name}.switch"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(release, dest.parent))
    os.replace(temporary, dest)


def prune(dest: Path, keep: int = KEEP) -> None:
    current = dest.resolve() if dest.is_symlink() else None
    for old in releases(dest)[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old)


def publish(root: Path, dest: Path, messages: Messages, url: str | None = None) -> Path:
    """``url``: the public address (make publish URL=…), else $SITE_URL; never mkdocs.yml's default
    (the local preview's), which would put 127.0.0.1 in the sitemap, the feeds and SiteDomain."""
    url = url or os.environ.get("SITE_URL")
    if not url:
        raise PublishError(messages.text("publish.address_missing"))
    checked_address(url, messages)
    refused = footer_problems(root, messages)
    if refused:
        raise PublishError(messages.text("publish.footer_refused") + "\n" + "\n".join(refused))
    release = build_release(root, dest, messages, url)
    try:
        check_release(root, release, messages)
    except Exception:
        shutil.rmtree(release, ignore_errors=True)
        raise
    switch(dest, release)
    prune(dest)
    return release


def rollback(dest: Path, messages: Messages) -> Path:
    if not dest.is_symlink():
        raise PublishError(messages.text("publish.not_published", dest=dest))
    current = dest.resolve()
    older = [r for r in releases(dest) if r.resolve() < current]
    if not older:
        raise PublishError(messages.text("publish.nothing_older"))
    switch(dest, older[-1])
    return older[-1]
