"""Shared fixtures: a strict build of the real site (started in the background as the session
begins), the real content loaded once, copies of the project to break, a served site and Debian's
Chromium driven by Playwright."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.asof import AS_OF, AS_OF_MOMENT, SOURCE_DATE_EPOCH, build_environment  # noqa: F401 (the tests' as-of date)
from harness.browser import NotAChineseBrowser, chinese_chromium
from harness.servers import static_site
from macros.clerk.cli import main as cli_main
from macros.load.portal import load_portal
from macros.model.portal import Portal

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")
CONTENT_PARTS = ("docs", "data")  # all that the loader, `make check` and the clerk's commands read
# The matcher is ready once finder.js has loaded api/catalog.json and taken over the form's submit
# (it then makes the result count focusable); a click before that would submit the form to the server.
MATCHER_READY = "[data-portal-matcher] [data-finder-status][tabindex='-1']"


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A throwaway copy of the project (content, data, code, theme, config) to build or break."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def build_command(project: Path, site_dir: Path, extra_args: tuple[str, ...] | list[str] = ()) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", *extra_args,
            "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]


def build(project: Path, site_dir: Path | None = None, env: dict | None = None,
          extra_args: list[str] = ()) -> subprocess.CompletedProcess:  # type: ignore[assignment]
    """``mkdocs build --strict`` of a project copy; returns the finished process (never raises)."""
    return subprocess.run(build_command(project, site_dir or project / "site", extra_args), cwd=project,
                          env={**build_environment(os.environ), **(env or {})}, capture_output=True, text=True,
                          timeout=600)


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m macros --root <project> ...`` as a clerk or the publisher runs it: its own process."""
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(project), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def cli_in_process(project: Path, *args: str) -> SimpleNamespace:
    """``python -m macros --root <project> ...``'s own code in this process, without the interpreter's
    start-up: returncode, stdout and stderr, like a finished process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        returncode = cli_main(["--root", str(project), *args])
    return SimpleNamespace(returncode=returncode, stdout=out.getvalue(), stderr=err.getvalue())


# Tiers (markers in pyproject.toml): a test is a browser, served or faketime test by the fixtures it
# uses, so none can slip into `make test-fast` by forgetting a marker. `slow` is marked in the tests.
TIER_OF_FIXTURE = {"browser": "browser", "nginx": "served", "faketime": "faketime"}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, tier in TIER_OF_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(tier)
    # The shared build runs in the background from the first test on (site_build): the modules that
    # need no built site run first, meanwhile, and in each module the tests that need none come first.
    # A module's tests stay together (its fixtures are made once), otherwise in their order.
    needs_site = {item.nodeid.split("::")[0] for item in items if "built_site" in item.fixturenames}
    items.sort(key=lambda item: (item.nodeid.split("::")[0] in needs_site, "built_site" in item.fixturenames))


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


# Runs the build given as arguments and writes its exit status to the file named first, once it is done.
REPORT_EXIT = ("import os, subprocess, sys; done = subprocess.run(sys.argv[2:]).returncode; "
               "open(sys.argv[1] + '.part', 'w').write(str(done)); os.replace(sys.argv[1] + '.part', sys.argv[1])")


class SiteBuild:
    """The strict build of a copy of the real site, started in the background once per test run: with
    pytest-xdist, the first worker to get here starts it in the run's shared temporary folder and
    every worker reads the same site."""

    def __init__(self, folder: Path):
        self.project, self.log, self.exit = folder / "project", folder / "build.log", folder / "build.exit"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        copy_project(self.project)
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", REPORT_EXIT, str(self.exit), *build_command(self.project, self.project / "site")],
                cwd=self.project, env=build_environment(os.environ), stdout=log, stderr=subprocess.STDOUT)

    def site(self, timeout: float = 600) -> Path:
        """Waits for the build (whoever started it) to finish, then the site; a failed build fails here."""
        deadline = time.monotonic() + timeout
        while not self.exit.exists():
            assert time.monotonic() < deadline, f"the shared build did not finish in {timeout} s:\n{self.log.read_text()}"
            time.sleep(0.1)
        assert self.exit.read_text() == "0", self.log.read_text(encoding="utf-8")
        return self.project / "site"

    def finish(self) -> None:
        """The worker that started the build lets it end before leaving (another may be reading it)."""
        if self.process is not None:
            try:
                self.process.wait(timeout=600)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session", autouse=True)
def site_build(request, tmp_path_factory):
    """Starts the shared build with the session when a selected test needs it (built_site)."""
    if not any("built_site" in item.fixturenames for item in request.session.items):
        yield None
        return
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # a pytest-xdist worker: its parent is the run's own folder
        shared = shared.parent
    folder = shared / "site-build"
    running = SiteBuild(folder)
    try:
        folder.mkdir()  # only one worker can make it: that one builds
    except FileExistsError:
        pass
    else:
        running.start()
    yield running
    running.finish()


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The real site, built once per test session in strict mode into a temporary folder."""
    return site_build.site()


@cache
def real_portal() -> Portal:
    """The repository's own content as the test builds see it (as of AS_OF), loaded once."""
    return load_portal(ROOT, as_of=AS_OF)


@pytest.fixture(scope="session")
def portal() -> Portal:
    """The repository's content, loaded once and shared: read it, never change it."""
    return real_portal()


@pytest.fixture(scope="session")
def faketime() -> str:
    """Debian's faketime (libfaketime): builds under another clock. Missing, the test fails."""
    found = shutil.which("faketime")
    if found is None:
        pytest.fail("faketime is missing: run `make test`, which installs Debian's faketime", pytrace=False)
    return found


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the whole project, to build."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of docs/ and data/ only, for the loader and the commands run in this process."""
    return copy_project(tmp_path / "project", CONTENT_PARTS)


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
