"""Each provision's 修订记录 (issue 10): its commits in a repository, and what a copy without history
(a tarball, a shallow clone) says instead."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from built import norm, resolve, soup_of
from conftest import build, commit_all, copy_project, git

CHANGED = "docs/policies/kejing/kejing-guishang-jiangli.md"


def history_items(site: Path, url: str) -> list[str]:
    return [norm(li.get_text()) for li in soup_of(site, url).select(".portal-history__list li")]


@pytest.mark.slow
def test_history_of_a_record_in_a_repository_and_the_fallback_in_a_shallow_clone(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project, "测试：导入全部政策")
    record = project / CHANGED
    record.write_text(record.read_text(encoding="utf-8") + "\n测试用的补充说明。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "测试：补充说明", when="2026-11-22T23:30:00+00:00")  # 2026-11-23 in China
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    url = CHANGED.removeprefix("docs/")[: -len(".md")] + "/"
    assert history_items(site, url) == ["2026-11-23 测试：补充说明", "2026-11-20 测试：导入全部政策"]
    assert history_items(site, "policies/shuiwu/shuiwu-liudi-tuishui/") == ["2026-11-20 测试：导入全部政策"]
    snapshot = soup_of(site, url).select_one(".portal-history__data a")
    path, _ = resolve(url, snapshot["href"])
    assert path == "api/policies/kejing-guishang-jiangli.json" and (site / path).is_file()

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True,
                   capture_output=True)
    assert build(shallow).returncode == 0
    history = soup_of(shallow / "site", url).select_one(".portal-history")
    assert "历史记录不可用" in history.get_text() and not history.select("li")


def test_a_copy_without_history_says_so_on_every_record(built_site, portal):
    """The shared build is of a copy without .git (like a tarball): it builds, and says so."""
    for policy in portal.policies:
        history = soup_of(built_site, policy.url).select_one(".portal-history")
        assert history is not None and "历史记录不可用" in history.get_text() and not history.select("li"), policy.id
        assert history.select_one(".portal-history__data a") is not None
