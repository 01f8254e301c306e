"""Each provision's 修订记录 (issue 10): its commits in a repository, and what a copy without history
(a tarball, a shallow clone) says instead."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from built import norm, resolve, soup_of
from conftest import build, commit_all, copy_project, git
from macros.load.history import trailers_of

CHANGED = "docs/policies/kejing/kejing-guishang-jiangli.md"
LAYOUT_ONLY = "docs/policies/shuiwu/shuiwu-keji-yanfa-jiakou.md"
UNCOMMITTED = "docs/policies/xingye-danbao/xingye-danbao-danbaofei-xiatiao.md"


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
    assert history_items(site, url) == ["2026-11-23 石首市科学技术和经济信息化局：修改了正文",
                                        "2026-11-20 石首市科学技术和经济信息化局：收录本条"]
    assert history_items(site, "policies/shuiwu/shuiwu-liudi-tuishui/") == ["2026-11-20 石首市税务部门：收录本条"]
    snapshot = soup_of(site, url).select_one(".portal-history__data a")
    path, _ = resolve(url, snapshot["href"])
    assert path == "api/policies/kejing-guishang-jiangli.json" and (site / path).is_file()

    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True,
                   capture_output=True)
    assert build(shallow).returncode == 0
    history = soup_of(shallow / "site", url).select_one(".portal-history")
    assert "历史记录不可用" in history.get_text() and not history.select("li")
    assert soup_of(shallow / "site", url).select_one(".portal-changed") is None  # no date rather than a wrong one


@pytest.mark.slow
def test_history_says_what_changed_and_who_changed_it_never_the_commit_subject(tmp_path):
    """With a 修订说明 trailer the entry is that sentence (and the 修订部门 trailer's department); without
    one, the fields that differ from the version before, by their Chinese titles, and the department
    the record had at that version, or 本门户维护人员 for a commit by data/site.yml maintainer_email. Every page says when its content last changed (China time)."""
    project = copy_project(tmp_path / "project")
    commit_all(project, "Import everything")
    record = project / CHANGED
    text = record.read_text(encoding="utf-8")
    assert 'review_due: "2027-05-24"' in text
    record.write_text(text.replace('review_due: "2027-05-24"', 'review_due: "2027-06-30"') + "\n测试用的补充说明。\n",
                      encoding="utf-8")
    git(project, "commit", "-q", "-am", "Refactor fixture (developer words)", when="2026-11-21T10:00:00+08:00")
    site_yml = project / "data" / "site.yml"
    site_text = site_yml.read_text(encoding="utf-8")
    assert "\nmaintainer_email: " in site_text
    site_yml.write_text(site_text.replace("\nmaintainer_email: ", "\nmaintainer_email: portal@example.invalid  # "),
                        encoding="utf-8")
    git(project, "commit", "-q", "-am", "The maintainers' address", when="2026-11-21T11:00:00+08:00")
    record.write_text(record.read_text(encoding="utf-8") + "\n维护人员的补充。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Maintainers' edit", "--author=维护 <portal@example.invalid>",
        when="2026-11-22T08:00:00+08:00")
    record.write_text(record.read_text(encoding="utf-8") + "\n又一段测试说明。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Tweak\n\n修订说明: 更新申请条件\n修订部门: caizheng",
        when="2026-11-22T23:30:00+00:00")  # 2026-11-23 07:30 in China
    layout = project / LAYOUT_ONLY  # a comment and a blank line: nothing a reader sees
    layout.write_text(layout.read_text(encoding="utf-8").replace("\n", "\n# 测试用的注释\n\n", 2), encoding="utf-8")
    git(project, "commit", "-q", "-am", "Comment", when="2026-11-22T10:00:00+08:00")
    law = project / "data" / "texts" / "sme-promotion-law-2017.md"
    law.write_text(law.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Law text whitespace", when="2026-11-23T09:00:00+08:00")
    uncommitted = project / UNCOMMITTED
    uncommitted.write_text(uncommitted.read_text(encoding="utf-8") + "\n尚未提交的修改。\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    url = CHANGED.removeprefix("docs/")[: -len(".md")] + "/"
    assert history_items(site, url) == ["2026-11-23 石首市财政局：更新申请条件",
                                        "2026-11-22 本门户维护人员：修改了正文",
                                        "2026-11-21 石首市科学技术和经济信息化局：修改了下次核对、正文",
                                        "2026-11-20 石首市科学技术和经济信息化局：收录本条"]
    assert history_items(site, LAYOUT_ONLY.removeprefix("docs/")[: -len(".md")] + "/") == [
        "2026-11-22 石首市税务部门：调整了文件格式，内容未变", "2026-11-20 石首市税务部门：收录本条"]
    page = soup_of(site, url)
    assert "Tweak" not in page.get_text() and "developer" not in page.get_text() and "Import" not in page.get_text()

    def changed(path: str) -> str:
        stamp = soup_of(site, path).select_one(".portal-changed time")
        assert stamp.get_text() == stamp["datetime"], path
        return stamp["datetime"]

    assert changed(url) == "2026-11-23"  # the record's own last commit
    assert changed("policies/shuiwu/shuiwu-liudi-tuishui/") == "2026-11-20"
    assert changed("laws/sme-promotion-law/") == "2026-11-23"  # its text changed
    assert changed("laws/youhua-yingshang-huanjing-tiaoli/") == "2026-11-20"
    assert changed("catalog/departments/kejing/") == "2026-11-23"  # the newest of the records it lists
    assert changed("catalog/departments/shuiwu/") == "2026-11-22"
    assert changed("guide/") == "2026-11-20"
    # a page made from a file changed since the last commit: no date rather than an old one
    for made_from_it in (UNCOMMITTED.removeprefix("docs/")[: -len(".md")] + "/", "catalog/all/", "catalog/", ""):
        assert soup_of(site, made_from_it).select_one(".portal-changed") is None, made_from_it


def test_a_copy_without_history_says_so_on_every_record(built_site, portal):
    """The shared build is of a copy without .git (like a tarball): it builds, and says so."""
    for policy in portal.policies:
        history = soup_of(built_site, policy.url).select_one(".portal-history")
        assert history is not None and "历史记录不可用" in history.get_text() and not history.select("li"), policy.id
        assert history.select_one(".portal-history__data a") is not None


def test_a_copy_without_history_shows_no_date_on_any_page(built_site):
    """No history, no date: never one taken from the build clock."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    assert [str(p.relative_to(built_site)) for p in pages if 'class="portal-changed"' in p.read_text(encoding="utf-8")] == []


# commit message -> the trailers the 修订记录 reads (their last paragraph, "Key: value", either colon)
TRAILERS = [
    ("Fix typo", {}),
    ("修订说明: 只有一行的提交不算", {}),
    ("Update\n\n修订说明: 更新申请条件", {"修订说明": "更新申请条件"}),
    ("Update\n\n修订说明：更新申请条件\n修订部门：caizheng", {"修订说明": "更新申请条件", "修订部门": "caizheng"}),
    ("Update\n\n修订说明: 更新申请条件\n修订说明: 补充联系电话", {"修订说明": "更新申请条件；补充联系电话"}),
    ("Update\n\n修订说明: 在正文里，不是结尾\n\nSigned-off-by: A <a@example.invalid>", {}),
    ("Update\n\nSigned-off-by: A <a@example.invalid>\n修订说明:   多余   空格  ", {"修订说明": "多余 空格"}),
    ("Update\n\n修订说明:", {}),
]


@pytest.mark.parametrize("message,expected", TRAILERS, ids=[m.splitlines()[-1] for m, _ in TRAILERS])
def test_trailers_of_a_commit_message(message, expected):
    assert trailers_of(message) == expected
