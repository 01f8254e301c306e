"""`make accept FILE=…` (`python -m macros accept`): a record file a department sent, taken in by a
maintainer in a repository (a committed project copy): a good file is checked, placed at
docs/policies/<department>/<id>.md and committed on a new branch with the 修订说明 and 修订部门 trailers,
the maintainer's branch, HEAD, index and working tree untouched; a broken one is refused with exactly
`check`'s located messages and nothing changes; a record that exists is replaced only with --update
(UPDATE=1), after its diff is shown. Synthetic records only (made from a real one, in temporary copies)."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from conftest import CONTENT_PARTS, ROOT, cli, cli_in_process, commit_all, copy_project
from macros.core.messages import load_messages
from macros.load.contract import load_contract
from macros.load.history import trailers_of

MESSAGES = load_messages(ROOT)
EXISTING = "docs/policies/kejing/kejing-guishang-jiangli.md"  # a real record, read only as a template
NEW_ID = "kejing-ceshi-jieshou"
NEW_PATH = f"docs/policies/kejing/{NEW_ID}.md"
BRANCH = re.compile(rf"^accept/{NEW_ID}-\d{{8}}$")
IDENTITY = {"GIT_AUTHOR_NAME": "测试维护人员", "GIT_AUTHOR_EMAIL": "maintainer@example.invalid",
            "GIT_COMMITTER_NAME": "测试维护人员", "GIT_COMMITTER_EMAIL": "maintainer@example.invalid"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """The maintainer's checkout: the content committed, a branch of their own checked out, a staged
    change and an untracked file (which accept must leave exactly as they are)."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    project = copy_project(tmp_path / "portal", CONTENT_PARTS)
    commit_all(project, "测试用初始提交")
    git(project, "switch", "-q", "-c", "maintainer-work")
    (project / "docs" / "index.md").write_text((project / "docs" / "index.md").read_text(encoding="utf-8") + "\n测试用暂存改动\n",
                                               encoding="utf-8")
    git(project, "add", "docs/index.md")
    (project / "notes.txt").write_text("测试用未跟踪文件\n", encoding="utf-8")
    return project


def checkout_state(repo: Path) -> dict:
    """Everything about the maintainer's checkout that accept must not change."""
    files = {p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(repo.rglob("*")) if p.is_file() and ".git" not in p.relative_to(repo).parts}
    return {"branch": git(repo, "branch", "--show-current"), "head": git(repo, "rev-parse", "HEAD"),
            "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
            "index": git(repo, "ls-files", "--stage"), "files": files}


def refs(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)")


def objects(repo: Path) -> str:
    return git(repo, "count-objects", "-v")


def accept_branches(repo: Path) -> list[str]:
    return git(repo, "branch", "--list", "accept/*", "--format=%(refname:short)").split()


def new_record_text() -> str:
    """A new synthetic record: the real one's fields under a new id and a test title."""
    text = (ROOT / EXISTING).read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {NEW_ID}", text, count=1, flags=re.M)
    return re.sub(r"^title: .*$", "title: 测试用虚构政策：接收测试奖励", text, count=1, flags=re.M)


ENCODINGS = {  # how a clerk's editor may have saved the file
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM and CRLF": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "GBK and CRLF": lambda text: text.replace("\n", "\r\n").encode("gbk"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_good_file_is_placed_and_committed_on_a_new_branch_and_the_checkout_is_untouched(repo, tmp_path, encoding):
    text = new_record_text()
    sent = tmp_path / "下载" / f"{NEW_ID}.md"
    sent.parent.mkdir()
    sent.write_bytes(ENCODINGS[encoding](text))
    before, head = checkout_state(repo), git(repo, "rev-parse", "HEAD")

    result = cli(repo, "accept", str(sent))  # python -m macros accept, its own process

    assert result.returncode == 0, result.stdout + result.stderr
    assert checkout_state(repo) == before  # same branch, HEAD, index, staged change, untracked file, files
    [branch] = accept_branches(repo)
    assert BRANCH.match(branch), branch
    assert branch in result.stdout and NEW_PATH in result.stdout
    # one commit on top of the maintainer's HEAD, adding exactly the record at its place, as UTF-8 with LF
    assert git(repo, "rev-parse", f"{branch}^") == head
    assert git(repo, "diff-tree", "--no-commit-id", "--name-status", "-r", branch) == f"A\t{NEW_PATH}"
    committed = subprocess.run(["git", "-C", str(repo), "show", f"{branch}:{NEW_PATH}"], check=True,
                               capture_output=True).stdout
    assert committed == text.encode("utf-8")
    message = git(repo, "log", "-1", "--format=%B", branch)
    assert trailers_of(message) == {"修订说明": MESSAGES.text("accept.note_new"), "修订部门": "kejing"}
    assert git(repo, "log", "-1", "--format=%ae", branch) == IDENTITY["GIT_AUTHOR_EMAIL"]
    if encoding != "utf-8":  # what was normalised is said
        assert MESSAGES.text("accept.crlf") in result.stderr and MESSAGES.text("accept.normalised") in result.stdout
    # the branch, checked out elsewhere, passes `check`
    elsewhere = tmp_path / "branch"
    git(repo, "worktree", "add", "-q", str(elsewhere), branch)
    assert cli_in_process(elsewhere, "check", str(elsewhere / NEW_PATH)).returncode == 0


def test_a_broken_file_is_refused_with_checks_located_messages_and_nothing_changes(repo, tmp_path):
    text = new_record_text()
    text = re.sub(r"^summary: .*$", "summary: ", text, count=1, flags=re.M)
    text = re.sub(r"^last_reviewed: .*$", 'last_reviewed: "2023-02-30"', text, count=1, flags=re.M)
    text = text.replace("\n  - jiangbu\n", "\n  - buzhidao\n", 1)
    sent = tmp_path / f"{NEW_ID}.md"
    sent.write_text(text, encoding="utf-8")
    # what `check` says of the same file at its place, in another copy
    other = copy_project(tmp_path / "other", CONTENT_PARTS)
    (other / NEW_PATH).write_text(text, encoding="utf-8")
    checked = cli_in_process(other, "check", str(other / NEW_PATH))
    assert checked.returncode == 1
    expected = [line.replace(NEW_PATH, str(sent), 1) for line in checked.stdout.splitlines() if line.startswith(NEW_PATH)]
    assert len(expected) == 3, checked.stdout  # the empty summary, the impossible date, the unknown category
    before, state = (refs(repo), objects(repo)), checkout_state(repo)

    result = cli_in_process(repo, "accept", str(sent))

    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith(str(sent))] == expected
    assert MESSAGES.text("accept.broken", path=sent) in result.stdout
    assert (refs(repo), objects(repo)) == before and checkout_state(repo) == state  # no branch, no object, no file


def replaced_summary(repo: Path) -> tuple[str, str, str]:
    """The existing record as a department sends it back with a new summary: (file text, old, new line)."""
    text = (repo / EXISTING).read_text(encoding="utf-8")
    old = re.search(r"^summary: .*$", text, flags=re.M).group(0)
    new = "summary: 测试用虚构摘要：改过的摘要。"
    return text.replace(old, new, 1), old, new


def test_a_file_of_an_existing_record_is_refused_with_its_diff_without_update(repo, tmp_path):
    text, old, new = replaced_summary(repo)
    sent = tmp_path / "kejing-guishang-jiangli.md"
    sent.write_text(text, encoding="utf-8")
    before, state = refs(repo), checkout_state(repo)

    result = cli_in_process(repo, "accept", str(sent))

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "--- " + MESSAGES.text("accept.diff_old", path=EXISTING, base="HEAD")
    assert lines[1] == "+++ " + MESSAGES.text("accept.diff_new", path=sent)
    assert [line for line in lines if line[:1] in "-+" and not line.startswith(("---", "+++"))] == ["-" + old, "+" + new]
    assert MESSAGES.text("accept.exists", path=EXISTING, file=sent) in result.stderr
    assert refs(repo) == before and checkout_state(repo) == state
    assert (repo / EXISTING).read_text(encoding="utf-8") != text


def test_with_update_the_existing_record_is_replaced_on_a_new_branch_each_time(repo, tmp_path):
    text, old, new = replaced_summary(repo)
    sent = tmp_path / "kejing-guishang-jiangli.md"
    sent.write_text(text, encoding="utf-8")
    state, head = checkout_state(repo), git(repo, "rev-parse", "HEAD")

    first = cli_in_process(repo, "accept", str(sent), "--update")  # make accept FILE=… UPDATE=1

    assert first.returncode == 0, first.stdout + first.stderr
    assert "+" + new in first.stdout.splitlines()  # the diff is shown here too
    [branch] = accept_branches(repo)
    assert re.fullmatch(r"accept/kejing-guishang-jiangli-\d{8}", branch)
    assert git(repo, "rev-parse", f"{branch}^") == head
    assert git(repo, "diff-tree", "--no-commit-id", "--name-status", "-r", branch) == f"M\t{EXISTING}"
    assert git(repo, "show", f"{branch}:{EXISTING}") == text.strip()
    summary = load_contract(ROOT).field("summary").title
    assert trailers_of(git(repo, "log", "-1", "--format=%B", branch)) == {
        "修订说明": MESSAGES.text("accept.note_changed", fields=summary), "修订部门": "kejing"}
    assert checkout_state(repo) == state  # the working tree still has the old record

    # accepted again the same day, with the maintainer's own note and another department: a second branch
    again = cli_in_process(repo, "accept", str(sent), "--update", "--note", "测试用 修订说明", "--department", "caizheng")
    assert again.returncode == 0, again.stderr
    assert sorted(accept_branches(repo)) == [branch, branch + "-2"]
    assert git(repo, "rev-parse", f"{branch}^") == head  # the first branch is where it was
    assert trailers_of(git(repo, "log", "-1", "--format=%B", branch + "-2")) == {"修订说明": "测试用 修订说明",
                                                                                "修订部门": "caizheng"}
    assert checkout_state(repo) == state


def test_a_file_identical_to_the_record_is_not_committed(repo):
    result = cli_in_process(repo, "accept", str(ROOT / EXISTING), "--update")
    assert result.returncode == 0
    assert MESSAGES.text("accept.unchanged", path=EXISTING) in result.stdout
    assert accept_branches(repo) == []


def test_outside_a_repository_nothing_is_accepted(tmp_path):
    project = copy_project(tmp_path / "portal", CONTENT_PARTS)
    result = cli_in_process(project, "accept", str(ROOT / EXISTING))
    assert result.returncode == 1
    assert MESSAGES.text("accept.not_a_repository", root=project.absolute()) in result.stderr


def test_make_accept_passes_the_confirmation_note_and_department():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "accept", "FILE=下载/x.md", "UPDATE=1", "NOTE=测试 说明",
                          "DEPT=caizheng"], capture_output=True, text=True, check=True)
    [line] = [line for line in dry.stdout.splitlines() if "-m macros accept" in line]
    assert line.endswith('-m macros accept "下载/x.md" --update --note "测试 说明" --department "caizheng" --base "HEAD"')
    plain = subprocess.run(["make", "-n", "-C", str(ROOT), "accept", "FILE=x.md", "UPDATE=0"], capture_output=True,
                           text=True, check=True)
    assert "--update" not in plain.stdout
