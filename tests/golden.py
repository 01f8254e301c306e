"""Golden files: the checker's exact report (``python -m macros check``) on fixture records,
kept next to the fixtures. ``make golden`` (tests/regen_golden.py) rewrites them from the current
checker, so a change of wording shows up as a diff to review."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, cli_in_process

BROKEN = ROOT / "tests" / "fixtures" / "broken"
INJECTION = ROOT / "tests" / "fixtures" / "injection"
REGENERATE = ("the checker's report differs from the golden file: if the change is intended, run "
              "`make golden` and review `git diff tests/fixtures` before committing it")


def add_broken(project: Path, pattern: str = "*.md") -> list[Path]:
    """Copy tests/fixtures/broken/<department>/<pattern> into a project's department folders."""
    added = []
    for fixture in sorted(BROKEN.glob(f"*/{pattern}")):
        target = project / "docs" / "policies" / fixture.parent.name / fixture.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fixture, target)
        added.append(target)
    return added


def add_injection(project: Path, kind: str, marker: Path) -> list[Path]:
    """Copy the injection corpus' ``kind`` records into a project, with ``@MARKER@`` made a real path."""
    added = []
    for fixture in sorted((INJECTION / kind).glob("*/*.md")):
        target = project / "docs" / "policies" / fixture.parent.name / fixture.name
        target.parent.mkdir(exist_ok=True)  # a department may have no real record filed yet
        target.write_text(fixture.read_text(encoding="utf-8").replace("@MARKER@", str(marker)), encoding="utf-8")
        added.append(target)
    return added


def check(project: Path, *args: str):
    """``python -m macros check`` on a project copy, in this process (conftest.cli_in_process)."""
    return cli_in_process(project, "check", *args)


@dataclass(frozen=True)
class Golden:
    path: Path  # the expected report
    install: Callable[[Path, Path], object]  # (project, marker) -> adds the fixture records

    def expected(self) -> str:
        return self.path.read_text(encoding="utf-8")


BROKEN_REPORT = Golden(BROKEN / "expected.txt", lambda project, marker: add_broken(project))
INJECTION_REPORT = Golden(INJECTION / "expected.txt",
                          lambda project, marker: add_injection(project, "rejected", marker))
GOLDENS = (BROKEN_REPORT, INJECTION_REPORT)
