"""``mkdocs serve`` (a clerk's preview, ``make serve``) rebuilds incrementally after an edit: the
served page shows the edit, and the rebuild took every other page from the cache."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import build_environment, copy_project

REPORT = Path(".cache/portal/last-build.json")
RECORD = "docs/policies/kejing/kejing-yinqi-duijie.md"
PAGE = "policies/kejing/kejing-yinqi-duijie/"
ADDED = "预览中新加的一句（测试用，虚构）。"
DEADLINE = 300  # seconds: a cold build of the project copy, then a rebuild


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, what: str, server: subprocess.Popen):
    """Poll ``condition`` until it returns something, the server exits, or the deadline passes."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        assert server.poll() is None, f"mkdocs serve exited while waiting for {what}"
        time.sleep(0.5)
    raise AssertionError(f"no {what} within {DEADLINE} s")


def report_of(project: Path) -> dict | None:
    try:
        return json.loads((project / REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@pytest.mark.slow
def test_a_served_preview_rebuilds_an_edited_record_from_the_cache(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    env = {**build_environment(os.environ), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PORTAL_CACHE", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict",
                               "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        first = wait_for(lambda: served(url), "first page", server)
        assert ADDED not in first
        cold = report_of(project)
        assert cold is not None and cold["everything"] is True, cold
        record = project / RECORD
        record.write_text(record.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
        page = wait_for(lambda: (lambda html: html if html and ADDED in html else None)(served(url)),
                        "page showing the edit", server)
        assert "<h1" in page
        report = wait_for(lambda: (lambda r: r if r and not r["everything"] else None)(report_of(project)),
                          "incremental rebuild's report", server)
        assert report["made"]["page"] == 1 and report["reused"]["page"] > 0, report
        assert served(f"http://127.0.0.1:{port}/catalog/all/") is not None  # a reused page is served too
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
