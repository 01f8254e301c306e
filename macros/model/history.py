"""What the repository's history says about the content (read by load/history.py, one ``git log``
per build): when each file last changed, and why. A build without usable history gets
``History.unavailable()``, and every caller falls back to the records' own dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


@dataclass(frozen=True)
class Change:
    commit: str
    when: datetime  # the commit's time, with its offset
    summary: str


@dataclass(frozen=True)
class History:
    available: bool
    head: str | None = None  # the commit the build was made from
    head_time: datetime | None = None
    dirty: bool = False  # the work tree had uncommitted changes under docs/ or data/
    changes: Mapping[str, tuple[Change, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def unavailable(cls) -> History:
        return cls(False)

    def of(self, path: str) -> tuple[Change, ...]:
        """Changes of a project-relative path (``docs/policies/x/y.md``), newest first."""
        return self.changes.get(path, ())

    def last_change(self, path: str) -> datetime | None:
        changes = self.of(path)
        return changes[0].when if changes else None
