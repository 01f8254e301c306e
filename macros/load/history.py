"""What the repository's history says about the content: when each file last changed, and why.

One ``git log`` over docs/ and data/ per build, and one ``git cat-file --batch`` for every version of
every record (never one call per file: 10,000 records). A build without
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

from ..core.files import SourceFile, decode
from ..core.frontmatter import read_source, split_front_matter
from ..core.messages import Messages
from ..model.history import Change, History, Revision

SEPARATOR = "\x1e"  # between commits in the log output (a byte no commit summary contains)
MESSAGE = "\x1d"  # around the commit message in the log output
# Trailers of a commit message (its last paragraph, in git interpret-trailers' "Key: value" form) the
# build reads. git's own trailer parser takes only ASCII keys, so they are read here.
NOTE, DEPARTMENT = "修订说明", "修订部门"
TRAILER = re.compile(r"^(修订说明|修订部门)\s*[:：]\s*(.*)$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")  # a field of a version's front matter


def git_output(root: Path, *args: str) -> str | None:
    """What a git command prints in ``root``, or None when git is missing or the command fails."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _is_repository_root(root: Path) -> bool:
    top = git_output(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.strip()).resolve() == Path(root).resolve()


def read_history(root: Path, under: tuple[str, ...] = ("docs", "data")) -> History:
    """The history of every file under the folders ``under``, or ``History.unavailable()``."""
    if not _is_repository_root(root) or (git_output(root, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return History.unavailable()
    head = git_output(root, "log", "-1", "--format=%H%x09%cI")
    # --raw: each file a commit changed, with the id of its new content (read in one batch later)
    log = git_output(root, "log", f"--format={SEPARATOR}%H%x09%cI%x09%ae%x09%s{MESSAGE}%B{MESSAGE}", "--raw", "--no-abbrev",
               "--no-renames", "--", *under)
    if not head or log is None:
        return History.unavailable()
    changes: dict[str, list[Change]] = {}
    blobs: dict[tuple[str, str], str] = {}
    for block in log.split(SEPARATOR)[1:]:
        header, message, listed = block.split(MESSAGE, 2)
        commit, when, author, summary = header.split("\t", 3)
        trailers = trailers_of(message)
        change = Change(commit, datetime.fromisoformat(when), summary, trailers.get(NOTE, ""), trailers.get(DEPARTMENT, ""),
                        author)
        for line in listed.split("\n"):
            if not line.startswith(":") or "\t" not in line:
                continue
            about, path = line.split("\t", 1)
            changes.setdefault(path, []).append(change)
            blobs[(commit, path)] = about.split()[3]  # :old-mode new-mode old-id new-id status
    head_commit, head_when = head.strip().split("\t")
    status = git_output(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", "docs", "data")
    uncommitted = frozenset(entry[3:] for entry in (status or "").split("\0") if len(entry) > 3)
    return History(True, head_commit, datetime.fromisoformat(head_when), bool(uncommitted),
                   MappingProxyType({path: tuple(items) for path, items in changes.items()}), uncommitted,
                   MappingProxyType(blobs))


def trailers_of(message: str) -> dict[str, str]:
    """The 修订说明 and 修订部门 of a commit message's last paragraph (repeated ones joined with “；”)."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    found: dict[str, list[str]] = {}
    for line in (paragraphs[-1].splitlines() if len(paragraphs) > 1 else ()):
        matched = TRAILER.match(line.strip())
        if matched and matched.group(2).strip():
            found.setdefault(matched.group(1), []).append(" ".join(matched.group(2).split()))
    return {key: "；".join(values) for key, values in found.items()}


def read_blobs(root: Path, ids: list[str]) -> dict[str, bytes]:
    """The content of each blob id: one ``git cat-file --batch`` for all of them (by id, not by
    ``commit:path``, which would read a commit's whole tree again for every file). An id git cannot
    give (a deleted file's all-zero id, a missing object) is left out."""
    ids = list(dict.fromkeys(i for i in ids if i.strip("0")))
    if not ids:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input="".join(f"{i}\n" for i in ids).encode(),
                                capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return {}
    out, at, found = result.stdout, 0, {}
    for blob in ids:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        if len(header) != 3:  # "<id> missing"
            at = end + 1
            continue
        size = int(header[2])
        found[blob] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return found


def record_revisions(root: Path, history: History, paths: list[str], field_names: tuple[str, ...],
                     messages: Messages) -> Mapping[str, tuple[Revision, ...]]:
    """Each record file's 修订记录, newest first: per commit, the fields that differ from the version
    before (front matter by field, and the body), the department at that version, the trailers.
    Every version of every record is read in one batch (``read_blobs``); a version is compared by its
    top-level fields' text, and only fields whose text differs are read as YAML (10,000 records)."""
    if not history.available:
        return MappingProxyType({})
    contents = read_blobs(root, [history.blobs.get((c.commit, path), "") for path in paths for c in history.of(path)])
    revisions, read = {}, {}
    for path in paths:
        versions = [(c, _version(path, contents.get(history.blobs.get((c.commit, path), "")), messages))
                    for c in history.of(path)]
        entries = []
        for index, (change, version) in enumerate(versions):
            older = versions[index + 1][1] if index + 1 < len(versions) else None
            added = index + 1 == len(versions)
            readable = version is not None and (added or older is not None)
            fields = _differing(path, version, older, field_names, messages, read) if readable and not added else ()
            department = change.department or (_field(path, version, "department", messages, read) if version else "")
            entries.append(Revision(change, str(department or ""), change.note, fields, added, readable))
        revisions[path] = tuple(entries)
    return MappingProxyType(revisions)



def _version(path: str, raw: bytes | None, messages: Messages) -> tuple[dict[str, str], str] | None:
    """A version's front matter as the text of each top-level field (comments and blank lines left
    out) and its body; None if it cannot be read as a record."""
    if raw is None:
        return None
    text = decode(raw, SourceFile(path, messages))
    if text is None:
        return None
    yaml_text, body, _ = split_front_matter(text.replace("\r\n", "\n"))
    if yaml_text is None:
        return None
    blocks: dict[str, list[str]] = {}
    key = None
    for line in yaml_text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        matched = TOP_LEVEL_KEY.match(line)
        if matched:
            key = matched.group(1)
            blocks[key] = []
        if key is not None:
            blocks[key].append(line.rstrip())
    return {k: "\n".join(lines) for k, lines in blocks.items()}, body.strip()


def _field(path: str, version: tuple[dict[str, str], str], name: str, messages: Messages, read: dict):
    """One field's value, read from its own text with the safe YAML reader of the records; ``read``
    keeps what each text gave (the same department line recurs in thousands of versions)."""
    block = version[0].get(name)
    if block is None:
        return None
    if block not in read:
        source = read_source(path, f"---\n{block}\n---\n".encode(), messages)
        read[block] = None if source.problems else source.meta.get(name)
    return read[block]


def _differing(path: str, version, older, field_names: tuple[str, ...], messages: Messages, read: dict) -> tuple[str, ...]:
    """The fields (contract order) whose values differ between two versions, then "body"."""
    changed = tuple(name for name in field_names if version[0].get(name) != older[0].get(name)
                    and _field(path, version, name, messages, read) != _field(path, older, name, messages, read))
    return changed + (("body",) if version[1] != older[1] else ())


def changed_fields(path: str, new: bytes, old: bytes, field_names: tuple[str, ...], messages: Messages) -> tuple[str, ...] | None:
    """What a 修订记录 lists for a new version of a record file: the fields (contract order) whose values
    differ from the old version, then "body"; None when either cannot be read as a record."""
    version, older = _version(path, new, messages), _version(path, old, messages)
    if version is None or older is None:
        return None
    return _differing(path, version, older, field_names, messages, {})
