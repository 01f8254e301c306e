"""The portal's JavaScript modules run in node from the Python tests, without a browser.

``call`` runs exported functions of a module (tests/js/call.mjs); ``form_checks`` runs the record
form's checks on record files as the form reads them (tests/js/check-files.mjs), with the other
records of a project as the command line sees them (``with_records``). node and the npm
packages (node_modules, `npm ci`) are what `make test-fast` installs; a missing node fails the test
with what to install, it never skips.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from macros.core.frontmatter import read_file
from macros.core.messages import load_messages
from macros.load.portal import policy_files

JS = ROOT / "tests" / "js"
LIB = ROOT / "overrides" / "assets" / "js" / "lib"
VALIDATOR = ROOT / "overrides" / "assets" / "vendor" / "ajv" / "policy-validator.js"


def node(*args: str, payload: Any = None, timeout: int = 300) -> subprocess.CompletedProcess:
    if shutil.which("node") is None:
        pytest.fail("node is missing: install Debian's nodejs and npm, then `npm ci` (make test-fast does both)",
                    pytrace=False)
    if not (ROOT / "node_modules").is_dir():
        pytest.fail("node_modules is missing: run `npm ci` (make test-fast does)", pytrace=False)
    return subprocess.run(["node", *args], input=None if payload is None else json.dumps(payload, ensure_ascii=False),
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def run_json(script: Path, payload: Any) -> Any:
    result = node(str(script), payload=payload)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def call(module: str, calls: list[tuple[str, list]]) -> list:
    """[module.name(*args) for name, args in calls], computed in node (module: a file of lib/)."""
    return run_json(JS / "call.mjs", {"module": str(LIB / module), "calls": [[name, args] for name, args in calls]})


def form_checks(schema: Path, config: dict, files: list[tuple[str, str]]) -> list[dict]:
    """For each (path, text): {path, opened, problems} as the record form checks the file."""
    payload = {"schema": str(schema), "validator": str(VALIDATOR), "config": config,
               "files": [{"path": path, "text": text} for path, text in files]}
    return run_json(JS / "check-files.mjs", payload)


def with_records(config: dict, project: Path) -> dict:
    """The form's config with the records of ``project`` as `check` sees them (the build ships the
    published ones, config.checks.records): each id, as the command line reads it, -> the files that
    hold it, in the order the command line reads them."""
    records: dict[str, list[str]] = {}
    messages = load_messages(project)
    for path in policy_files(project / "docs"):
        source = read_file(project, path, messages)
        if isinstance(source.meta.get("id"), str):
            records.setdefault(source.meta["id"], []).append(source.path)
    changed = copy.deepcopy(config)
    changed["checks"]["records"] = records
    return changed
