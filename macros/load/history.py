"""What the repository's history says about the content: when each file last changed, and why.

One ``git log`` over docs/ per build (never one call per file: 10,000 records). A build without
usable history (not a git checkout, a shallow clone, a tarball, git missing) gets
``History.unavailable()``, and every caller falls back to the records' own dates: dates are
never taken from the build clock.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from ..model.history import Change, History

SEPARATOR = "\x1e"  # between commits in the log output (a byte no commit summary contains)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _is_repository_root(root: Path) -> bool:
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.strip()).resolve() == Path(root).resolve()


def read_history(root: Path, under: str = "docs") -> History:
    """The history of every file under ``under``, or ``History.unavailable()``."""
    if not _is_repository_root(root) or (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return History.unavailable()
    head = _git(root, "log", "-1", "--format=%H%x09%cI")
    log = _git(root, "log", f"--format={SEPARATOR}%H%x09%cI%x09%s", "--name-only", "--no-renames", "--", under)
    if not head or log is None:
        return History.unavailable()
    changes: dict[str, list[Change]] = {}
    for block in log.split(SEPARATOR)[1:]:
        header, *paths = block.strip("\n").split("\n")
        commit, when, summary = header.split("\t", 2)
        change = Change(commit, datetime.fromisoformat(when), summary)
        for path in filter(None, paths):
            changes.setdefault(path, []).append(change)
    head_commit, head_when = head.strip().split("\t")
    dirty = bool((_git(root, "status", "--porcelain", "--", "docs", "data") or "").strip())
    return History(True, head_commit, datetime.fromisoformat(head_when), dirty,
                   MappingProxyType({path: tuple(items) for path, items in changes.items()}))
