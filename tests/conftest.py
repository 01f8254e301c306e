"""Shared fixtures: a strict build of the real site, copies of the project to break, a served
site and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")
CHROMIUM = "/usr/bin/chromium"
# The matcher is ready once finder.js has loaded api/catalog.json and taken over the form's submit
# (it then makes the result count focusable); a click before that would submit the form to the server.
MATCHER_READY = "[data-portal-matcher] [data-finder-status][tabindex='-1']"
# A fixed as-of date for reproducible builds: 2026-11-24 00:00 UTC.
SOURCE_DATE_EPOCH = "1795478400"


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project (content, data, code, theme, config) to build or break."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def build(project: Path, site_dir: Path | None = None, env: dict | None = None,
          extra_args: list[str] = ()) -> subprocess.CompletedProcess:  # type: ignore[assignment]
    """``mkdocs build --strict`` of a project copy; returns the finished process (never raises)."""
    site_dir = site_dir or project / "site"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", *extra_args,
         "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600,
    )


def cli_in_process(project: Path, *args: str) -> SimpleNamespace:
    """``python -m macros --root <project> ...``'s own code in this process, without the interpreter's
    start-up: returncode, stdout and stderr, like a finished process."""
    from macros import cli

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        returncode = cli.main(["--root", str(project), *args])
    return SimpleNamespace(returncode=returncode, stdout=out.getvalue(), stderr=err.getvalue())


# Tiers (markers in pyproject.toml): a test is a browser or served test by the fixtures it uses,
# so none can slip into `make test-fast` by forgetting a marker. `slow` is marked in the tests.
TIER_OF_FIXTURE = {"browser": "browser", "nginx": "served"}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, tier in TIER_OF_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(tier)


def git(project: Path, *args: str, when: str = "2026-11-20T10:00:00+08:00") -> None:
    """git in a project copy, with fixed, clearly fake author and dates (deterministic commits)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "测试",
           "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def commit_all(project: Path, message: str) -> None:
    """Make a project copy a repository whose one commit holds everything."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session in strict mode into a temporary folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on a loopback port."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    yield page
    context.close()
