"""The portal's own output besides the search index: record headers and footers, the generated
catalog pages and the open data files.

Making them is the largest part of the portal's own work in a big build (Jinja, about a
millisecond per record and per hundred catalog rows; two JSON files per record). When forking is
safe, a child process forked as soon as the records are read renders the HTML and writes the open
data while MkDocs reads and converts the pages; each page takes its part when it is written
(PortalPlugin.on_page_context). When it is not (a rebuild under ``mkdocs serve``, a build inside a
process that runs threads, or ``PORTAL_SERIAL=1``), each part is rendered in this process when a
page asks for it and the open data is written at the end. Both ways give the same bytes
(tests/test_build_parallel.py).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..model.portal import Portal
from ..model.records import Policy
from ..opendata.files import RecordParts, RecordRows, Reused, open_data_files, sha256
from ..site.catalog import GeneratedPage
from ..site.records import policy_footer, policy_header

RECORDS_PER_TASK = 500
PAGES_PER_TASK = 50
_job: PageParts | None = None  # what the forked child inherits


def record_parts(portal: Portal, policy: Policy) -> tuple[str, str]:
    """What a record's page has before and after its body: its header and its 修订记录."""
    return policy_header(portal, policy), policy_footer(portal, policy)


def _records(ids: list[str]) -> list[tuple[str, str]]:
    portal = _job.portal
    return [record_parts(portal, portal.by_id[policy_id]) for policy_id in ids]


def _pages(uris: list[str]) -> list[str]:
    return [_job.pages[uri].content for uri in uris]


def _open_data() -> list[Written]:
    return [_job.write_open_data()]


@dataclass
class Written:
    """What writing the open data made that the cache may keep: each fresh file's SHA-256, and the
    records' rows (opendata/files.py RecordRows) made rather than known."""

    files: dict[str, str] = field(default_factory=dict)
    rows: dict[str, RecordRows] = field(default_factory=dict)


class OpenData:
    """The open data this build writes: ``reused`` files come from the cache (``place`` puts one in
    the site), the others are made; ``fresh`` names the made files worth keeping; ``rows`` are the
    records' rows an earlier build made from the same inputs (by record id)."""

    def __init__(self, reused: dict[str, Reused] | None = None, fresh: set[str] = frozenset(),
                 place: Callable[[Path, Path], None] | None = None, rows: dict[str, RecordRows] | None = None):
        self.reused, self.fresh, self.place, self.rows = reused or {}, fresh, place, rows or {}

    def write(self, portal: Portal, site_dir: Path, site_url: str) -> Written:
        """api/, feeds/, calendar/, datapackage.json and SHA256SUMS (opendata/files.py) into the site."""
        written, rows = {}, RecordParts(portal, self.rows)
        for path, content in open_data_files(portal, site_url, self.reused, rows).items():
            target = site_dir / path
            if isinstance(content, Reused):
                self.place(content.file, target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            if path in self.fresh:
                written[path] = sha256(content)
        return Written(written, rows.made)


class PageParts:
    """Record headers and footers by record id, and generated pages' HTML by source path, made ahead
    in a forked child (``fork=True``) or on demand; the open data, written by the child or at
    ``finish``."""

    def __init__(self, portal: Portal, pages: list[GeneratedPage], site_dir: Path, site_url: str, fork: bool,
                 records: list[Policy] | None = None, open_data: OpenData | None = None):
        """``pages`` and ``records`` (default: every record) are the ones this build renders; the
        others' pages come from the cache (plugin/cache.py), as ``open_data`` says of its files."""
        self.portal = portal
        self.open_data = open_data or OpenData()
        self.written = Written()  # fresh open-data files' SHA-256 and the records' rows made
        self.records = list(portal.policies if records is None else records)
        self.pages = {page.src_uri: page for page in pages}
        self.site_dir, self.site_url = site_dir, site_url
        self.rendered: dict[str, object] = {}  # "record:<id>" -> (header, footer); "page:<src_uri>" -> HTML
        self.pool: ProcessPoolExecutor | None = None
        self.tasks: list[tuple[list[str], Future]] = []
        self.open_data_written = False
        if fork:
            self._start_child()

    def write_open_data(self) -> Written:
        return self.open_data.write(self.portal, self.site_dir, self.site_url)

    def _start_child(self) -> None:
        global _job
        _job = self
        gc.freeze()  # the child's garbage collector leaves the inherited objects alone: fewer pages copied
        try:  # the child is forked at the first submit and keeps its copy of _job
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            ids = [p.id for p in self.records]
            for start in range(0, len(ids), RECORDS_PER_TASK):
                chunk = ids[start:start + RECORDS_PER_TASK]
                self.tasks.append(([f"record:{i}" for i in chunk], self.pool.submit(_records, chunk)))
            uris = list(self.pages)
            for start in range(0, len(uris), PAGES_PER_TASK):
                chunk = uris[start:start + PAGES_PER_TASK]
                self.tasks.append(([f"page:{u}" for u in chunk], self.pool.submit(_pages, chunk)))
            self.tasks.append(([], self.pool.submit(_open_data)))
            self.open_data_written = True  # once the last task is collected (finish)
        finally:
            gc.unfreeze()
            _job = None

    def record(self, policy: Policy) -> tuple[str, str]:
        """A record page's header and footer (``record_parts``)."""
        return self._part(f"record:{policy.id}", lambda: record_parts(self.portal, policy))

    def page(self, src_uri: str) -> str:
        return self._part(f"page:{src_uri}", lambda: self.pages[src_uri].content)

    def _part(self, key: str, render):
        while key not in self.rendered and self.tasks:
            self._collect_next()  # the child works in the order pages are written: rarely a wait
        if key not in self.rendered:
            self.rendered[key] = render()
        return self.rendered.pop(key)  # each part is written once: do not keep it

    def _collect_next(self) -> None:
        """Take the child's next finished task (waiting for it); if the child died, the parts still
        missing are made here."""
        keys, future = self.tasks.pop(0)
        try:
            results = future.result()
            if keys:
                self.rendered.update(zip(keys, results, strict=True))
            else:  # the open data: what the cache may keep of it
                self.written = results[0]
        except BrokenProcessPool:
            self.tasks = []
            self.open_data_written = False
        if not self.tasks:
            self.close()

    def finish(self) -> None:
        """At the end of the build: the child's work is complete, or is done here."""
        while self.tasks:
            self._collect_next()
        self.close()
        if not self.open_data_written:
            self.written = self.write_open_data()
            self.open_data_written = True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
