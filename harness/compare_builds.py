"""Build the site at two points and list every file that differs: ``make compare-builds BASE=<rev>``.

The site is built from ``BASE`` (a temporary git worktree) and from the working tree, both strictly
and with the same as-of date (SOURCE_DATE_EPOCH), then compared file by file. The two commits' ids
are the only thing expected to differ (datapackage.json's ``x-commit``, the open-data page), so each
is replaced by ``<commit>`` before comparing; SHA256SUMS, whose digests cover those files, is
compared file by file through what it lists.
Prints the files only in one build and the files whose bytes differ; exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.asof import build_environment

ROOT = Path(__file__).resolve().parent.parent
CHECKSUMS = "SHA256SUMS"


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def build(project: Path, site: Path) -> None:
    env = build_environment(os.environ)  # the as-of date the tests build with
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q",
                             "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the build of {project} failed:\n{result.stdout}{result.stderr}")


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def normalised(path: Path, commits: list[str]) -> bytes:
    data = path.read_bytes()
    for commit in commits:
        data = data.replace(commit.encode(), b"<commit>").replace(commit[:12].encode(), b"<commit>")
    return data


def listed_in_checksums(path: Path) -> list[str]:
    return sorted(line.split("  ", 1)[1] for line in path.read_text(encoding="utf-8").splitlines() if line)


def same(name: str, old: dict[str, Path], new: dict[str, Path], commits: list[str]) -> bool:
    if name == CHECKSUMS:  # its digests are of files that hold the commit id: compare what it lists
        listed = listed_in_checksums(old[name])
        return listed == listed_in_checksums(new[name]) and all(
            p in old and p in new and normalised(old[p], commits) == normalised(new[p], commits) for p in listed)
    return normalised(old[name], commits) == normalised(new[name], commits)


def differences(base_site: Path, new_site: Path, commits: list[str]) -> list[str]:
    old, new = files_of(base_site), files_of(new_site)
    lines = [f"only in BASE: {name}" for name in sorted(old.keys() - new.keys())]
    lines += [f"only in the working tree: {name}" for name in sorted(new.keys() - old.keys())]
    lines += [f"differs: {name}" for name in sorted(old.keys() & new.keys()) if not same(name, old, new, commits)]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare the working tree with (e.g. HEAD, main~3)")
    args = parser.parse_args()
    base_commit, head_commit = git("rev-parse", args.base), git("rev-parse", "HEAD")
    with tempfile.TemporaryDirectory() as temp:
        worktree = Path(temp) / "base"
        git("worktree", "add", "--detach", str(worktree), base_commit)
        try:
            build(worktree, Path(temp) / "base-site")
            build(ROOT, Path(temp) / "new-site")
            found = differences(Path(temp) / "base-site", Path(temp) / "new-site", [base_commit, head_commit])
        finally:
            git("worktree", "remove", "--force", str(worktree))
    print("\n".join(found) if found else f"no differences: the working tree builds the same site as {args.base}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
