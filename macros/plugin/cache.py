"""The incremental build: which of a build's outputs an earlier build already made (core/cache.py).

Everything every page depends on (the code, templates, data, configuration, the hand-written pages,
the installed tools' versions) makes the *shared key*: when it changes, nothing is reused. Each
reusable output adds exactly what it is made of:

- a record's page: the record's file, its git history, and the record its 已被替代 line names;
- a catalog page: the front matter of every record it lists (listings show no record's body), in
  order, and the newest change of their files (its date); a page of a long table: its own rows, the
  table's length and newest change; a gap page: every record's front matter;
- a record's open-data files, and its rows in api/policies.json, .csv and catalog.json: the record's file;
- a record's search document and its terms: its page's key and the segmenter's words
  (search/counting.py RecordDocMemo);
- a record as read and checked, and any other document's search terms: their bytes (load/reuse.py,
  search/counting.py).

The site, the as-of date and the generated pages' addresses and titles (the navigation) are part
of every page's key. ``PORTAL_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import sys
from pathlib import Path

from mkdocs.utils import CountHandler

from ..core.cache import CACHE_DIR, Cache, cache_wanted, digest, link_or_copy, plain, remove, tree_digest
from ..load.history import git_output
from ..model.addresses import record_path, source_path
from ..model.portal import Portal
from ..model.records import POLICY_DIR, Policy
from ..opendata.files import RecordRows, Reused
from ..site.catalog import GeneratedPage

log = logging.getLogger("mkdocs.plugins.portal")
SHARED_PARTS = ("data", "overrides", "macros", "pyproject.toml", "requirements.txt", "requirements-test.txt")
PAGE, DATA, DATA_SHA, ROWS = "page", "data", "data-sha256", "data-rows"
PAGE_FILE = "index.html"  # a page's file: often alone in its folder (a record's), which then moves whole


def open_cache(config, root: Path) -> Cache | None:
    """The project's cache, or None when it is turned off or cannot be trusted."""
    if not cache_wanted():
        return None
    if tracked_by_git(root, CACHE_DIR):
        log.info("portal: %s is in the repository; it is not used (a build's cache is never shared)", CACHE_DIR)
        return None
    return Cache(root / CACHE_DIR, shared_key(config, root))


def tracked_by_git(root: Path, folder: Path) -> bool:
    return bool((git_output(root, "ls-files", "--", str(folder)) or "").strip())


def shared_key(config, root: Path) -> str:
    """What every output depends on: code, templates, data, configuration, hand-written pages, tools."""
    tools = sorted((d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions())
    config_file = Path(config["config_file_path"])
    docs = Path(config["docs_dir"])
    return digest(sys.version, tools, tree_digest(root, SHARED_PARTS), config_file.read_bytes(),
                  tree_digest(docs, ["."], skip=[POLICY_DIR + "/"]), config.get("site_url") or "",
                  config.get("use_directory_urls"), [str(d) for d in config.theme.dirs])


def warning_count() -> CountHandler:
    """Counts MkDocs' warnings and errors (MkDocs' own counter, as strict mode uses it): a build that
    had one keeps nothing it made."""
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    return counter


class PageKeys:
    """The cache key of each reusable page of this build (record pages and catalog pages)."""

    def __init__(self, cache: Cache, portal: Portal, pages: list[GeneratedPage], site_url: str, feeds: dict):
        self.portal, self.feeds = portal, feeds
        self.base = digest(cache.shared_key, PAGE, site_url, portal.as_of, [(p.src_uri, p.title) for p in pages])
        self.data_base = digest(cache.shared_key, DATA, site_url, portal.as_of)
        self._listed: dict[str, str] = {}
        self._listings: dict[int, tuple[tuple[str, ...], str]] = {}  # id -> (the tuple, kept alive; its hash)
        self._newest: dict[int, tuple[tuple[str, ...], object]] = {}  # id -> (the tuple; its newest change)

    def record(self, policy: Policy) -> str:
        path = f"docs/{policy.path}"
        newer = self.listed(self.portal.by_id[policy.superseded_by]) if policy.superseded_by in self.portal.by_id else ""
        return digest(self.base, "record", policy.path, self.portal.texts[policy.id], newer, self.history(path),
                      self.feed(policy.url))

    def page(self, page: GeneratedPage, listed: tuple[str, ...]) -> str:
        """A generated page lists (or counts) the records of ``listed``: its key. A page of a long table
        shows only its own rows (``shown``) of the table, how many there are, and the newest change
        of them all (its date): a change to one row rebuilds the table's page that shows it."""
        if page.shown is not None and listed is page.inputs:
            table = (len(page.inputs), self.newest(page.inputs))
            return digest(self.base, "table", page.src_uri, page.title, self.listing(page.shown), table,
                          self.feed(page.url))
        return digest(self.base, "listing", page.src_uri, page.title, self.listing(listed), self.feed(page.url),
                      self.listing(page.inputs))

    def newest(self, files: tuple[str, ...]) -> object:
        if id(files) not in self._newest:
            history = self.portal.history
            self._newest[id(files)] = (files, history.newest(files) if history.available else None)
        return self._newest[id(files)][1]

    def listing(self, files: tuple[str, ...]) -> str:
        """What a listing shows of its records, in order, and their files' newest change (the pages of
        one table share the tuple: it is hashed once)."""
        if id(files) not in self._listings:
            self._listings[id(files)] = (files, digest([self.listed_file(f) for f in files], self.newest(files)))
        return self._listings[id(files)][1]

    def data_files(self) -> dict[str, str]:
        """Each record's two open-data files (api/policies/<id>.json, api/sources/<id>.json): made from
        the record's file alone (and the shared inputs), so keyed by its text."""
        keys = {}
        for policy in self.portal.policies:
            text = self.portal.texts[policy.id]
            for path in (record_path(policy.id), source_path(policy.id)):
                keys[path] = digest(self.data_base, path, policy.path, text)
        return keys

    def history(self, path: str) -> object:
        history = self.portal.history
        if not history.available:
            return None
        return (history.first_change(path), history.newest([path]), self.portal.revisions.get(path, ()))

    def feed(self, url: str) -> object:
        feed = self.feeds.get(url)
        return (feed.path, feed.title) if feed is not None else None

    def listed_file(self, file: str) -> str:
        policy = self.portal.by_path.get(file.removeprefix("docs/"))
        return self.listed(policy) if policy else file

    def listed(self, policy: Policy) -> str:
        """What a listing (or a 已被替代 line) shows of a record: its front matter, never its body."""
        if policy.id not in self._listed:
            text = self.portal.texts[policy.id]
            self._listed[policy.id] = digest(policy.path, text[: len(text) - len(policy.body)])
        return self._listed[policy.id]


def cache_summary(cache: Cache) -> str:
    """One line for the build's log: what came from the cache and what was made."""
    kinds = sorted(set(cache.reused) | set(cache.made))
    counts = "，".join(f"{kind} 复用 {cache.reused[kind]} / 新做 {cache.made[kind]}" for kind in kinds)
    return ("缓存已失效，全部重新生成" if cache.everything else "增量构建") + (f"（{counts}）" if counts else "")


class PreviousSite:
    """The last build's site, moved aside (``set_aside``) before MkDocs empties the folder, so that
    emptying costs nothing and each page this build reuses is moved back (``place``) when it is
    still the cached file itself (the same inode); what is left is deleted at ``finish``."""

    ASIDE = "previous-site"

    def __init__(self, folder: Path | None, site: Path | None = None):
        self.folder, self.site = folder, site
        self.folders: set[Path] = set()  # made in the site already (one mkdir per folder, not per file)

    @classmethod
    def set_aside(cls, site: Path, cache: Cache | None) -> PreviousSite:
        if cache is None or not site.is_dir() or site.is_symlink():
            return cls(None)
        aside = cache.root / cls.ASIDE
        remove(aside)
        aside.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(site, aside)
        except OSError:  # another file system: MkDocs empties the folder as usual
            return cls(None)
        site.mkdir()
        for entry in aside.iterdir():
            if entry.name.startswith("."):  # MkDocs keeps a site's dot-files (a gh-pages checkout's .git)
                os.rename(entry, site / entry.name)
        return cls(aside, site)

    def place(self, cached: Path, target: Path) -> None:
        """Put a cached file at ``target``: moved back from the last site when it is the same file
        (with its folder, when the file is all the folder holds: a record page's), else linked (or
        copied) from the cache."""
        old = self.folder / target.relative_to(self.site) if self.folder is not None else None
        same = old is not None and same_file(old, cached)
        if same and target.name == PAGE_FILE and not target.parent.exists() and os.listdir(old.parent) == [old.name]:
            self.made(target.parent.parent)
            os.rename(old.parent, target.parent)
            self.folders.add(target.parent)
            return
        self.made(target.parent)
        if same:
            os.rename(old, target)
        else:
            link_or_copy(cached, target)

    def made(self, folder: Path) -> None:
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def finish(self) -> None:
        if self.folder is not None:
            remove(self.folder)
            self.folder = None


def reused_open_data(cache: Cache, keys: dict[str, str]) -> dict[str, Reused]:
    """The open-data files an earlier build made from the same inputs, with their SHA-256."""
    reused = {}
    for path, key in keys.items():
        sha = cache.value(DATA_SHA, key)
        found = cache.file(DATA, key) if sha else None
        if found is not None:
            reused[path] = Reused(found, sha)
    return reused


def known_record_rows(cache: Cache, portal: Portal, data_keys: dict[str, str]) -> dict[str, RecordRows]:
    """The records' open-data rows an earlier build made from the same inputs as their JSON file
    (by record id): api/policies.json, .csv and catalog.json are put together from them."""
    known = {}
    for policy in portal.policies:
        found = cache.value(ROWS, data_keys[record_path(policy.id)])
        if found is not None:
            known[policy.id] = RecordRows(*found)
    return known


def keep_record_rows(cache: Cache, data_keys: dict[str, str], rows: dict[str, RecordRows]) -> None:
    for policy_id, made in rows.items():
        cache.put_value(ROWS, data_keys[record_path(policy_id)], plain(made))


def same_file(one: Path, other: Path) -> bool:
    try:
        first, second = os.stat(one), os.stat(other)
    except OSError:
        return False
    return (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev)


class ExcludedLinkNotes(logging.Filter):
    """MkDocs notes each link to a file marked excluded; a reused page is in the site all the same."""

    NOTE = "which is excluded from the built site"  # Doc file 'a.md' contains a link to 'b.md' which is ...
    LOGGER = "mkdocs.structure.pages"

    def __init__(self, reused: set[str]):
        super().__init__()
        self.reused = reused

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        quoted = message.split("'")
        return not (self.NOTE in message and len(quoted) > 4 and quoted[3] in self.reused)
