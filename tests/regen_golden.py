"""Rewrite the golden files (tests/golden.py) from the current checker: ``make golden``.

Each report is the checker's output on a fresh copy of the project with the fixture records
added. Review the result with ``git diff tests/fixtures`` before committing it: every changed line
is a message a clerk will now see differently.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from conftest import ROOT, copy_project
from golden import GOLDENS, Golden, check


def regenerate(golden: Golden) -> bool:
    """Rewrite one golden file; True if it changed."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        marker = Path(folder) / "ran"
        golden.install(project, marker)
        result = check(project)
        ran = sorted(p.name for p in marker.parent.glob(marker.name + "*"))
    if result.returncode != 1 or "Traceback" in result.stderr or ran:
        raise SystemExit(f"{golden.path}: the checker did not report the fixtures as expected "
                         f"(exit {result.returncode}, payload traces {ran}):\n{result.stderr}")
    changed = not golden.path.exists() or result.stdout != golden.expected()
    if changed:
        golden.path.write_text(result.stdout, encoding="utf-8")
    return changed


def main() -> int:
    for golden in GOLDENS:
        name = golden.path.relative_to(ROOT)
        print(f"{name}: rewritten; review it: git diff {name}" if regenerate(golden) else f"{name}: unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
