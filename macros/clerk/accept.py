"""Taking in a record file a department sent: ``make accept FILE=…`` (``python -m macros accept``).

The maintainers' side of the record form's 提交 step: a clerk without a forge account downloads the
record file and sends it through the department's usual channel; a maintainer runs
``make accept FILE=<that file>``, which

1. reads it as ``check`` reads a record (core/files.py ``decode``: UTF-8, a BOM, GBK/GB18030 and
   Windows line ends accepted) and keeps it as UTF-8 with LF line ends;
2. checks it with exactly ``check``'s checks (load/portal.py ``collect_findings``, the base commit's
   as-of date), in a copy of the base commit's docs/ and data/ (``git archive``) holding the file at
   its place: a broken file is refused with the check's located messages, under the name the file
   was given, and nothing is written;
3. places it where the rules say (model/records.py ``record_file``: docs/policies/<department>/<id>.md);
4. never silently replaces a record: when the base commit has one at that place, the diff is shown
   and replacing it needs ``update`` (``UPDATE=1``); a file identical to it is not committed;
5. commits it on a new branch, ``accept/<id>-<YYYYMMDD>`` (China's date; ``-2``, ``-3`` … when taken),
   with git's plumbing (``hash-object``, a temporary index, ``write-tree``, ``commit-tree``,
   ``update-ref`` that only creates), so the maintainer's checkout (its branch, HEAD, index and
   working tree) is untouched and no hook runs. The message ends with the trailers the 修订记录 reads
   (load/history.py): ``修订说明`` (given, else 收录本条 for a new record or the fields that changed)
   and ``修订部门`` (given, else the record's department: the department sent it).

The base is HEAD unless another revision is given: what is checked is exactly what is committed,
whatever the working tree holds.
"""

from __future__ import annotations

import difflib
import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from ..core.clock import CHINA, build_date
from ..core.files import MAX_FILE_BYTES, SourceFile, decode
from ..core.frontmatter import read_source
from ..core.messages import Messages
from ..core.problems import Problem
from ..load.contract import load_contract
from ..load.history import DEPARTMENT, NOTE, changed_fields
from ..load.portal import collect_findings
from ..load.vocabularies import load_vocabularies
from ..model.records import ID_RE, record_file
from ..site.records import BODY

CONTENT = ("docs", "data")  # what the check reads (and all an accepted file can change)
BRANCH = "accept/{id}-{day}"
UNPLACED = "_"  # the folder or name the check copy uses while the file's department or id is unusable
MAX_BRANCHES = 100  # accept/<id>-<day>-2 … before giving up


class AcceptRefused(Exception):
    """Nothing was accepted (and nothing changed); the message says why, from the catalog."""


@dataclass
class Outcome:
    """What ``accept`` found and did. ``problems``: the check's, located in the file as given (then
    nothing was done); ``diff``: against the record already at ``target``; ``branch`` and ``commit``
    are set once the file is committed."""

    given: str  # the file as the maintainer named it
    target: str = ""  # project-relative place of the record
    notes: list[str] = field(default_factory=list)  # what was normalised (encoding, BOM, line ends)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    existing: bool = False  # the base commit has a record at target
    unchanged: bool = False  # ... identical to the file
    diff: list[str] = field(default_factory=list)
    note: str = ""
    department: str = ""
    branch: str = ""
    commit: str = ""


class GitFailed(Exception):
    pass


def git(root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
    """A git command in ``root``; its output, stripped. GitFailed with git's own words when it fails."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, timeout=120,
                                env={**os.environ, **(env or {})})
    except (OSError, subprocess.SubprocessError) as error:
        raise GitFailed(str(error)) from error
    if result.returncode != 0:
        raise GitFailed(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]}: {result.returncode}")
    return result.stdout.decode("utf-8").strip()


def base_commit(root: Path, base: str, messages: Messages) -> str:
    try:
        top = git(root, "rev-parse", "--show-toplevel")
    except GitFailed:
        top = ""
    if not top or Path(top).resolve() != Path(root).resolve():
        raise AcceptRefused(messages.text("accept.not_a_repository", root=root))
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitFailed:
        raise AcceptRefused(messages.text("accept.no_base", base=base)) from None


def read_incoming(file: Path, messages: Messages) -> tuple[SourceFile, bytes]:
    """The file as sent, decoded as ``check`` decodes a record; AcceptRefused if it cannot be read."""
    if not file.is_file():
        raise AcceptRefused(messages.text("accept.file_missing", path=file))
    size = file.stat().st_size
    with open(file, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    source = read_source(str(file), raw, messages, size=size)
    if b"\r" in raw and source.text:
        source.normalised.append(messages.text("accept.crlf"))
    return source, raw


def content_at(root: Path, commit: str, folder: Path) -> None:
    """The commit's docs/ and data/, written into ``folder`` (a checked copy: never the checkout)."""
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit, "--", *CONTENT],
                             capture_output=True, timeout=120)
    if archive.returncode != 0:
        raise GitFailed(archive.stderr.decode("utf-8", "replace").strip())
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")


def place_of(meta: dict, departments) -> tuple[str, str, str]:
    """(department, id, the check copy's place): the rule's place when both are usable."""
    department, record_id = meta.get("department"), meta.get("id")
    department = department if isinstance(department, str) and department in departments else UNPLACED
    record_id = record_id if isinstance(record_id, str) and ID_RE.match(record_id) else UNPLACED
    return department, record_id, record_file(department, record_id)


def accept(root: Path, file: Path, messages: Messages, *, update: bool = False, note: str | None = None,
           department: str | None = None, base: str = "HEAD") -> Outcome:
    """Check the file, then place and commit it on a new branch (see the module's text)."""
    root = Path(root).absolute()
    commit = base_commit(root, base, messages)
    source, _ = read_incoming(file, messages)
    outcome = Outcome(str(file), notes=list(source.normalised))
    if not source.text:  # not readable as text at all (too large, an unknown encoding)
        outcome.problems = source.problems
        return outcome
    text = source.text
    with tempfile.TemporaryDirectory(prefix="portal-accept-") as folder:
        copy = Path(folder) / "content"
        try:
            content_at(root, commit, copy)
        except GitFailed as error:
            raise AcceptRefused(messages.text("accept.git_failed", error=error)) from None
        departments = load_vocabularies(copy)["department"]
        record_department, record_id, target = place_of(source.meta, departments)
        placed = copy / target
        old = placed.read_bytes() if placed.is_file() else None
        placed.parent.mkdir(parents=True, exist_ok=True)
        placed.write_text(text, encoding="utf-8")
        when = git(root, "show", "-s", "--format=%cI", commit)
        problems, warnings, _ = collect_findings(copy, [placed], as_of=build_date(commit_time=datetime.fromisoformat(when)))
        outcome.problems = [as_given(p, target, outcome.given) for p in problems
                            if not unplaced_name(p, target, source.meta.get("id"), messages)]
        outcome.warnings = [as_given(w, target, outcome.given) for w in warnings]
        if outcome.problems:
            return outcome
        assert UNPLACED not in (record_department, record_id), target  # a file that passes has its place
        outcome.target, outcome.existing = target, old is not None
        new = text.encode("utf-8")
        if old is not None:
            old_text = decode(old, SourceFile(target, messages)) or ""
            outcome.unchanged = old_text == text
            outcome.diff = list(difflib.unified_diff(
                old_text.splitlines(), text.splitlines(), lineterm="",
                fromfile=messages.text("accept.diff_old", path=target, base=base),
                tofile=messages.text("accept.diff_new", path=outcome.given)))
            if outcome.unchanged or not update:
                return outcome
        outcome.department = department or record_department
        if outcome.department not in departments:
            raise AcceptRefused(messages.text("new.department_unknown", department=outcome.department,
                                              codes="、".join(departments.codes)))
        outcome.note = " ".join((note or "").split()) or default_note(copy, target, new, old, messages)
        subject = messages.text("accept.subject", id=record_id, department=departments[outcome.department].name)
        message = f"{subject}\n\n{NOTE}: {outcome.note}\n{DEPARTMENT}: {outcome.department}\n"
        try:
            outcome.commit = commit_file(root, commit, target, new, message, Path(folder) / "index")
            outcome.branch = new_branch(root, record_id, outcome.commit)
        except GitFailed as error:
            raise AcceptRefused(messages.text("accept.git_failed", error=error)) from None
    return outcome


def as_given(problem: Problem, target: str, given: str) -> Problem:
    """A problem of the check copy's file, located in the file as the maintainer named it."""
    return replace(problem, path=given) if problem.path == target else problem


def unplaced_name(problem: Problem, target: str, record_id: object, messages: Messages) -> bool:
    """The check copy's own name disagreeing with an unusable id: the id's own problem says it all."""
    name = target.rsplit("/", 1)[-1]
    return (problem.path == target and isinstance(record_id, str) and not ID_RE.match(record_id)
            and problem.message == messages.text("id_filename", id=record_id, name=name, stem=name[: -len(".md")]))


def default_note(copy: Path, target: str, new: bytes, old: bytes | None, messages: Messages) -> str:
    """收录本条 for a new record; else what changed, by the fields' Chinese titles, as the 修订记录 lists it."""
    if old is None:
        return messages.text("accept.note_new")
    contract = load_contract(copy)
    names = changed_fields(target, new, old, tuple(f.name for f in contract.fields), messages) or ()
    titles = [BODY if name == "body" else contract.field(name).title for name in names]
    return messages.text("accept.note_changed", fields="、".join(titles)) if titles else messages.text("accept.note_format")


def commit_file(root: Path, parent: str, target: str, content: bytes, message: str, index: Path) -> str:
    """A commit of ``parent`` with ``target`` set to ``content``, made through a temporary index: the
    checkout's own index and working tree are never touched."""
    blob = git(root, "hash-object", "-w", "--stdin", f"--path={target}", data=content)
    env = {"GIT_INDEX_FILE": str(index)}
    git(root, "read-tree", parent, env=env)
    git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{target}", env=env)
    tree = git(root, "write-tree", env=env)
    return git(root, "commit-tree", tree, "-p", parent, "-F", "-", data=message.encode("utf-8"))


def new_branch(root: Path, record_id: str, commit: str) -> str:
    """accept/<id>-<YYYYMMDD> (China's date), or the first of -2, -3 … not taken; only ever created."""
    name = BRANCH.format(id=record_id, day=datetime.now(CHINA).strftime("%Y%m%d"))
    for number in range(1, MAX_BRANCHES + 1):
        branch = name if number == 1 else f"{name}-{number}"
        if not taken(root, branch):
            git(root, "update-ref", f"refs/heads/{branch}", commit, "")  # "": fails if it was made meanwhile
            return branch
    raise GitFailed(f"refs/heads/{name}-{MAX_BRANCHES}")


def taken(root: Path, branch: str) -> bool:
    try:
        git(root, "show-ref", "--verify", "--quiet", f"refs/heads/{branch}")
    except GitFailed:
        return False
    return True
