"""Shared fixtures: a strict build of the real site, copies of the project to break, a served
site and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.browser import NotAChineseBrowser, chinese_chromium
from harness.servers import static_site

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")
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
    from macros.clerk import cli

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


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on a loopback port."""
    with static_site(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium as a Chinese reader has it (harness/browser.py): China's locale and time zone
    in every tab, a Chinese font and the Chinese date box, checked at start-up. A missing browser,
    font or language pack fails every browser test with what to install; it never skips."""
    try:
        with chinese_chromium() as users_browser:
            yield users_browser
    except NotAChineseBrowser as problem:
        pytest.fail(str(problem), pytrace=False)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A tab with the phone profile (390 × 844, scale factor 2, touch)."""
    context = browser.new_context(phone=True)
    page = context.new_page()
    yield page
    context.close()
