"""What the repository's history says about the content: when each file last changed, and why.

One ``git log`` over docs/ and data/ per build (never one call per file: 10,000 records). A build without
usable history (not a git checkout, a shallow clone, a tarball, git missing) gets
``History.unavailable()``, and every caller falls back to the records' own dates: dates are
never taken from the build clock.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from ..core.frontmatter import read_source
from ..core.messages import Messages
from ..model.history import Change, History, Revision

SEPARATOR = "\x1e"  # between commits in the log output (a byte no commit summary contains)
MESSAGE = "\x1d"  # around the commit message in the log output
# Trailers of a commit message (its last paragraph, in git interpret-trailers' "Key: value" form) the
# build reads. git's own trailer parser takes only ASCII keys, so they are read here.
NOTE, DEPARTMENT = "修订说明", "修订部门"
TRAILER = re.compile(r"^(修订说明|修订部门)\s*[:：]\s*(.*)$")


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _is_repository_root(root: Path) -> bool:
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.strip()).resolve() == Path(root).resolve()


def read_history(root: Path, under: tuple[str, ...] = ("docs", "data")) -> History:
    """The history of every file under the folders ``under``, or ``History.unavailable()``."""
    if not _is_repository_root(root) or (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return History.unavailable()
    head = _git(root, "log", "-1", "--format=%H%x09%cI")
    log = _git(root, "log", f"--format={SEPARATOR}%H%x09%cI%x09%s{MESSAGE}%B{MESSAGE}", "--name-only", "--no-renames",
               "--", *under)
    if not head or log is None:
        return History.unavailable()
    changes: dict[str, list[Change]] = {}
    for block in log.split(SEPARATOR)[1:]:
        header, message, listed = block.split(MESSAGE, 2)
        commit, when, summary = header.split("\t", 2)
        trailers = trailers_of(message)
        change = Change(commit, datetime.fromisoformat(when), summary, trailers.get(NOTE, ""), trailers.get(DEPARTMENT, ""))
        paths = listed.strip("\n").split("\n")
        for path in filter(None, paths):
            changes.setdefault(path, []).append(change)
    head_commit, head_when = head.strip().split("\t")
    status = _git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", "docs", "data")
    uncommitted = frozenset(entry[3:] for entry in (status or "").split("\0") if len(entry) > 3)
    return History(True, head_commit, datetime.fromisoformat(head_when), bool(uncommitted),
                   MappingProxyType({path: tuple(items) for path, items in changes.items()}), uncommitted)


def trailers_of(message: str) -> dict[str, str]:
    """The 修订说明 and 修订部门 of a commit message's last paragraph (repeated ones joined with “；”)."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    found: dict[str, list[str]] = {}
    for line in (paragraphs[-1].splitlines() if len(paragraphs) > 1 else ()):
        matched = TRAILER.match(line.strip())
        if matched and matched.group(2).strip():
            found.setdefault(matched.group(1), []).append(" ".join(matched.group(2).split()))
    return {key: "；".join(values) for key, values in found.items()}


def read_versions(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
    """The bytes of each (commit, path): one ``git cat-file --batch`` for all of them; None for a
    version git cannot give (a deleted file's last commit, a missing object)."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode()
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request,
                                capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return dict.fromkeys(wanted)
    out, at, found = result.stdout, 0, {}
    for key in wanted:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3:  # "<name> missing"
            found[key], at = None, (end + 1 if end >= 0 else len(out))
            continue
        size = int(header[2])
        found[key] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return found


def record_revisions(root: Path, history: History, paths: list[str], field_names: tuple[str, ...],
                     messages: Messages) -> Mapping[str, tuple[Revision, ...]]:
    """Each record file's 修订记录, newest first: per commit, the fields that differ from the version
    before (front matter by field, and the body), the department at that version, the trailers.
    Every version of every record is read in one batch (``read_versions``)."""
    if not history.available:
        return MappingProxyType({})
    wanted = [(c.commit, path) for path in paths for c in history.of(path)]
    texts = read_versions(root, wanted)
    revisions = {}
    for path in paths:
        versions = [(c, _version(path, texts.get((c.commit, path)), messages)) for c in history.of(path)]
        entries = []
        for index, (change, version) in enumerate(versions):
            older = versions[index + 1][1] if index + 1 < len(versions) else None
            added = index + 1 == len(versions)
            readable = version is not None and (added or older is not None)
            fields = _differing(version, older, field_names) if readable and not added else ()
            department = change.department or (version[0].get("department") if version else "") or ""
            entries.append(Revision(change, str(department), change.note, fields, added, readable))
        revisions[path] = tuple(entries)
    return MappingProxyType(revisions)


def _version(path: str, raw: bytes | None, messages: Messages) -> tuple[dict, str] | None:
    """A version's front matter and body, read as the build reads a record; None if it is unreadable."""
    if raw is None:
        return None
    source = read_source(path, raw, messages)
    if source.problems or not source.meta:
        return None
    return dict(source.meta), source.body.strip()


def _differing(version: tuple[dict, str], older: tuple[dict, str], field_names: tuple[str, ...]) -> tuple[str, ...]:
    (meta, body), (old_meta, old_body) = version, older
    changed = tuple(name for name in field_names if meta.get(name) != old_meta.get(name))
    return changed + (("body",) if body != old_body else ())
