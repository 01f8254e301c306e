"""The build makes the same site whether its own parts are made in a forked process (a command-line
build, macros/plugin/parts.py) or all in one process (PORTAL_SERIAL=1, as under ``mkdocs serve``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_project

FORKED = "made in a forked process"
SERIAL = "made in this process"


def site_files(site: Path) -> dict[str, bytes]:
    return {str(f.relative_to(site)): f.read_bytes() for f in sorted(site.rglob("*")) if f.is_file()}


@pytest.mark.slow
def test_forked_and_serial_builds_give_the_same_bytes(tmp_path):
    project = copy_project(tmp_path / "project")
    forked = build(project, tmp_path / "forked", extra_args=["--verbose"])
    serial = build(project, tmp_path / "serial", env={"PORTAL_SERIAL": "1"}, extra_args=["--verbose"])
    assert forked.returncode == 0 and serial.returncode == 0, forked.stderr[-2000:] + serial.stderr[-2000:]
    assert FORKED in forked.stderr and SERIAL in serial.stderr  # each build took the way it is named for
    made_forked, made_serial = site_files(tmp_path / "forked"), site_files(tmp_path / "serial")
    assert {"api/policies.json", "SHA256SUMS", "catalog/all/index.html"} <= set(made_forked)  # open data, generated pages
    assert sorted(made_forked) == sorted(made_serial)
    assert [path for path in made_forked if made_forked[path] != made_serial[path]] == []
