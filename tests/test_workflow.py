"""The department workflow end to end: scaffold a record, fill it, build; publish safely; roll back."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, build, cli, cli_in_process

PUBLIC_URL = "https://gov-portal.example.invalid/hqzc/"  # make publish URL=…: a reserved name, tests only


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (following the published symlink) and its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def as_operator(project: Path) -> Path:
    """data/site.yml as an operator leaves it before publishing (fake values, test copies only):
    its own 主办单位, the source website's facts removed, values_from: operator, the government website
    it is a column of named and its 网站标识码 given."""
    site = project / "data" / "site.yml"
    text = site.read_text(encoding="utf-8")
    text = re.sub(r"^operator: .*$", "operator: 测试用虚构主办单位", text, flags=re.M)
    text = re.sub(r"^values_from: .*$", "values_from: operator", text, flags=re.M)
    text = re.sub(r"^site_code: .*$", "site_code: TEST000000", text, flags=re.M)  # the host website's (metadata)
    text = re.sub(r"^host_site_name: .*$", "host_site_name: 测试用虚构政府网站", text, flags=re.M)
    for name in ("copyright", "icp", "icp_url", "police_record", "police_record_code", "police_record_url", "address",
                 "phone"):
        text = re.sub(rf"^{name}: .*$", f"{name}: null", text, flags=re.M)
    site.write_text(text, encoding="utf-8")
    return project


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"\n{key}: \n", f"\n{key}: {value}\n", 1)
    return text


def scaffold_and_fill(project: Path) -> Path:
    """`python -m macros new`, checked unfilled (refused) and filled in as a clerk would (accepted)."""
    result = cli_in_process(project, "new", "--department", "caizheng", "--id", "caizheng-xujia-jilu",
                 "--title", "虚构的测试记录标题", "--document-number", "")
    assert result.returncode == 0, result.stderr
    path = project / "docs" / "policies" / "caizheng" / "caizheng-xujia-jilu.md"
    text = path.read_text(encoding="utf-8")
    # Every schema field is in the template with a Chinese comment above it.
    schema = json.loads((ROOT / "data" / "policy.schema.json").read_text(encoding="utf-8"))
    for field in schema["properties"]:
        assert f"{field}:" in text, field
    unfilled = cli_in_process(project, "check", str(path))
    assert unfilled.returncode == 1 and "summary: 还没有填写" in unfilled.stdout

    text = fill(text, {"summary": "虚构的测试摘要，只用于验证新建流程。", "issuer": "虚构机关",
                       "document_title": "虚构文件", "delivery": "yishenqing"})
    text = text.replace("beneficiaries:\n  - \n", "beneficiaries:\n  - xiaowei\n")
    text = text.replace("categories:\n  - \n", "categories:\n  - jiangbu\n")
    text = text.replace("support_type:\n  - \n", "support_type:\n  - butie\n")
    text = text.replace("  - document: \n    passage: \n", "  - document: 虚构来源\n    passage: 虚构段落\n")
    path.write_text(text, encoding="utf-8")
    filled = cli_in_process(project, "check", str(path))
    assert filled.returncode == 0, filled.stdout
    return path


def test_new_scaffolds_a_record_that_checks_once_filled(content_copy):
    scaffold_and_fill(content_copy)


@pytest.mark.slow
def test_new_scaffolds_a_record_that_builds_once_filled(project_copy):
    scaffold_and_fill(project_copy)
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    page = project_copy / "site" / "policies" / "caizheng" / "caizheng-xujia-jilu" / "index.html"
    assert "虚构的测试记录标题" in page.read_text(encoding="utf-8")


def test_new_refuses_bad_department_and_existing_file(content_copy):
    bad = cli_in_process(content_copy, "new", "--department", "nosuch", "--id", "x-y", "--title", "标题标题",
                         "--document-number", "")
    assert bad.returncode == 1 and "部门代码“nosuch”不存在" in bad.stderr
    existing = next((content_copy / "docs" / "policies" / "kejing").glob("*.md"))
    again = cli_in_process(content_copy, "new", "--department", "kejing", "--id", existing.stem,
                           "--title", "标题标题", "--document-number", "")
    assert again.returncode == 1 and "已经存在" in again.stderr


@pytest.mark.slow
def test_publish_a_failed_build_then_rollback(project_copy, tmp_path):
    """Published with the operator's own footer; a build that fails leaves the published site byte for
    byte; a second release, then back to the first."""
    as_operator(project_copy)
    dest = tmp_path / "www"
    first = cli(project_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL)
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and (dest / "index.html").is_file()
    footer = (dest / "index.html").read_text(encoding="utf-8")
    assert "主办单位：测试用虚构主办单位" in footer and "鄂ICP备13007041号" not in footer
    before = tree_digest(dest)
    target_before = dest.resolve()

    broken = project_copy / "docs" / "policies" / "kejing" / "kejing-guishang-jiangli.md"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("delivery: weishuoming", "delivery: nosuch"), encoding="utf-8")
    failed = cli(project_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL)
    assert failed.returncode == 1
    assert "已发布的网站没有改动" in failed.stderr and "delivery" in failed.stderr
    assert dest.resolve() == target_before
    assert tree_digest(dest) == before
    assert len(list((tmp_path / "www.releases").iterdir())) == 1  # the failed release was removed

    broken.write_text(text, encoding="utf-8")
    home = project_copy / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n新增的一段说明文字。\n", encoding="utf-8")
    assert cli(project_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL).returncode == 0
    assert "新增的一段说明文字" in (dest / "index.html").read_text(encoding="utf-8")
    result = cli(project_copy, "rollback", "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    assert tree_digest(dest) == before


@pytest.mark.slow
def test_first_publish_keeps_an_existing_plain_folder_for_rollback(project_copy, tmp_path):
    as_operator(project_copy)
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "index.html").write_text("旧网站", encoding="utf-8")
    assert cli(project_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL).returncode == 0
    assert dest.is_symlink()
    assert cli(project_copy, "rollback", "--dest", str(dest)).returncode == 0
    assert (dest / "index.html").read_text(encoding="utf-8") == "旧网站"


def test_publish_refuses_the_source_websites_footer_and_says_which_file_to_edit(content_copy, tmp_path):
    """data/site.yml as in the repository: the footer's facts are the source website's (values_from:
    source-site) and no 主办单位 is named. Nothing is built or published until an operator edits it
    (published with the operator's footer: test_publish_a_failed_build_then_rollback)."""
    site_yml = (content_copy / "data" / "site.yml").read_text(encoding="utf-8")
    assert re.search(r"^values_from: source-site\b", site_yml, re.M) and re.search(r"^operator: null\b", site_yml, re.M)
    dest = tmp_path / "www"
    refused = cli_in_process(content_copy, "publish", "--dest", str(dest), "--url", PUBLIC_URL)
    assert refused.returncode == 1
    line = next(n for n, text in enumerate(site_yml.splitlines(), start=1) if text.startswith("values_from:"))
    assert f"data/site.yml:{line}: values_from:" in refused.stderr
    assert "请编辑 data/site.yml" in refused.stderr and "已发布的网站没有改动" in refused.stderr
    assert not dest.exists() and not (tmp_path / "www.releases").exists()


def test_publish_refuses_without_the_public_address(content_copy, tmp_path, monkeypatch):
    """No URL= and no $SITE_URL: mkdocs.yml's default is the local preview's, which would put
    127.0.0.1 in the sitemap, the feeds and the pages' SiteDomain; nothing is built."""
    as_operator(content_copy)
    monkeypatch.delenv("SITE_URL", raising=False)
    dest = tmp_path / "www"
    refused = cli_in_process(content_copy, "publish", "--dest", str(dest))
    assert refused.returncode == 1
    assert "没有给出网站的公开网址" in refused.stderr and "URL=https://" in refused.stderr
    assert not dest.exists() and not (tmp_path / "www.releases").exists()
