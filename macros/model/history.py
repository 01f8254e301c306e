"""What the repository's history says about the content (read by load/history.py, one ``git log``
per build): when each file last changed, and why. A build without usable history gets
``History.unavailable()``, and every caller falls back to the records' own dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


@dataclass(frozen=True)
class Change:
    commit: str
    when: datetime  # the commit's time, with its offset
    summary: str  # the developer's subject line: never shown on a public page
    note: str = ""  # the commit's 修订说明 trailer: what changed, in Chinese, for the public
    department: str = ""  # its 修订部门 trailer: the department that made the change (a code)
    author: str = ""  # the commit author's e-mail (data/site.yml maintainer_email marks the portal's own)


@dataclass(frozen=True)
class Revision:
    """One entry of a record's 修订记录: a change of its file, what it changed and who made it."""

    change: Change
    department: str  # a department code: the 修订部门 trailer, else the record's department at that version
    note: str  # the 修订说明 trailer, or ""
    fields: tuple[str, ...]  # the front-matter fields (by name) and "body" that differ from the version before
    added: bool  # the first version of the file
    readable: bool = True  # the version could be read and compared


@dataclass(frozen=True)
class History:
    available: bool
    head: str | None = None  # the commit the build was made from
    head_time: datetime | None = None
    dirty: bool = False  # the work tree had uncommitted changes under docs/ or data/
    changes: Mapping[str, tuple[Change, ...]] = field(default_factory=lambda: MappingProxyType({}))
    uncommitted: frozenset[str] = frozenset()  # files under docs/ or data/ changed since the last commit
    blobs: Mapping[tuple[str, str], str] = field(default_factory=lambda: MappingProxyType({}))  # (commit, path) -> content id

    @classmethod
    def unavailable(cls) -> History:
        return cls(False)

    def of(self, path: str) -> tuple[Change, ...]:
        """Changes of a project-relative path (``docs/policies/x/y.md``), newest first."""
        return self.changes.get(path, ())

    def last_change(self, path: str) -> datetime | None:
        changes = self.of(path)
        return changes[0].when if changes else None

    def first_change(self, path: str) -> datetime | None:
        """When a path was first committed (its oldest change), or None."""
        changes = self.of(path)
        return changes[-1].when if changes else None

    def newest(self, paths: Iterable[str]) -> datetime | None:
        """When the newest of ``paths`` last changed: None when none has a commit, or when one has
        changed since (its date is not known yet)."""
        paths = tuple(paths)
        if self.uncommitted and not self.uncommitted.isdisjoint(paths):
            return None
        return max(filter(None, map(self.last_change, paths)), default=None)
