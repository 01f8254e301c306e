"""Golden broken records (tests/fixtures/broken/<department>/*.md): the exact messages a clerk sees.

One fixture per real-world mistake plus one with many errors. ``expected.txt`` is the full
report of ``python -m macros check`` over all of them (a golden file: ``make golden`` rewrites it
from the current checker); the build must fail with the same lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build, cli, cli_in_process
from golden import BROKEN_REPORT, REGENERATE, add_broken
from macros.load.portal import load_portal

EXPECTED = BROKEN_REPORT.expected()


def test_check_reports_exactly_the_golden_messages(project_copy):
    """`python -m macros check` itself, in its own process, as a clerk runs it."""
    add_broken(project_copy)
    result = cli(project_copy, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == EXPECTED, REGENERATE


def test_accepted_mistakes_are_normalised_with_a_note(content_copy):
    files = add_broken(content_copy, "ok-*.md")
    result = cli_in_process(content_copy, "check", *map(str, files))
    assert result.returncode == 0, result.stdout
    assert "去掉了文件开头的 BOM 标记" in result.stderr
    assert "已按 GB18030 读取" in result.stderr


def test_accepted_mistakes_are_read_as_the_text_written(content_copy):
    add_broken(content_copy, "ok-*.md")
    policies = {p.id: p for p in load_portal(content_copy).policies}
    for name in ("ok-gbk", "ok-bom", "ok-crlf"):
        assert policies[name].title == "测试用记录（虚构，不得发布）"
        assert "虚构正文，只用于测试。" in policies[name].body
        assert "\r" not in policies[name].body and "\ufeff" not in policies[name].body


@pytest.mark.slow
def test_accepted_mistakes_build_into_readable_pages(project_copy):
    add_broken(project_copy, "ok-*.md")
    result = build(project_copy)
    assert result.returncode == 0, result.stderr
    for name in ("ok-gbk", "ok-bom", "ok-crlf"):
        html = (project_copy / "site" / "policies" / "kejing" / name / "index.html").read_text(encoding="utf-8")
        assert "测试用记录（虚构，不得发布）" in html
        assert "虚构正文，只用于测试。" in html


def test_json_format_lists_every_problem_as_data(content_copy):
    add_broken(content_copy)
    result = cli_in_process(content_copy, "check", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    expected_lines = EXPECTED.strip().split("\n")[:-1]
    assert data["count"] == len(expected_lines)
    assert [f"{p['path']}:{p['line']}: {p['field']}: {p['message']}" for p in data["problems"]] == expected_lines


def test_checking_one_file_reports_only_that_file(content_copy):
    add_broken(content_copy)
    target = content_copy / "docs" / "policies" / "kejing" / "bad-tabs.md"
    result = cli_in_process(content_copy, "check", str(target))
    assert result.returncode == 1
    lines = result.stdout.strip().split("\n")
    assert lines[:-1] == [line for line in EXPECTED.split("\n") if line.startswith("docs/policies/kejing/bad-tabs.md:")]
    assert lines[-1] == "共发现 1 个问题，涉及 1 个文件。请逐条修改后重新检查。"


@pytest.mark.slow
def test_build_fails_with_the_same_messages_and_publishes_nothing(project_copy):
    add_broken(project_copy)
    result = build(project_copy)
    assert result.returncode != 0
    for line in EXPECTED.strip().split("\n"):
        assert line in result.stderr + result.stdout
    assert not (project_copy / "site" / "index.html").exists()


YAML_TAG_MARKER = Path("/tmp/portal-yaml-tag-pwned")  # what tests/fixtures/broken/kejing/bad-yaml-tag.md would write


def test_yaml_tag_never_runs_when_checked(content_copy):
    YAML_TAG_MARKER.unlink(missing_ok=True)
    add_broken(content_copy, "bad-yaml-tag.md")
    assert cli_in_process(content_copy, "check").returncode == 1
    assert not YAML_TAG_MARKER.exists()


@pytest.mark.slow
def test_yaml_tag_never_runs_when_built(project_copy):
    YAML_TAG_MARKER.unlink(missing_ok=True)
    add_broken(project_copy, "bad-yaml-tag.md")
    assert build(project_copy).returncode != 0
    assert not YAML_TAG_MARKER.exists()


NASTY_INPUTS = {
    "empty.md": b"",
    "only-fence.md": b"---\n",
    "binary.md": bytes(range(256)) * 4,
    "top-level-list.md": b"---\n- a\n- b\n---\nbody\n",
    "complex-key.md": b"---\n? [a, b]\n: c\n---\nbody\n",
    "deep.md": b"---\nid: " + b"[" * 200 + b"]" * 200 + b"\n---\nbody\n",
    "anchors.md": b"---\na: &x [1, 2]\nb: *x\n---\nbody\n",
    "billion-laughs.md": b"---\n" + b"a0: &a0 [lol]\n" + b"".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 9)}]\n".encode() for i in range(1, 10)) + b"---\nbody\n",
    "huge.md": b"---\nid: x\n---\n" + b"x" * (300 * 1024),
    "unterminated-quote.md": b'---\ntitle: "abc\n---\nbody\n',
    "merge-key.md": b"---\nbase: &b {x: 1}\nother:\n  <<: *b\n---\nbody\n",
}


@pytest.mark.parametrize("name", sorted(NASTY_INPUTS))
def test_nasty_input_gives_a_message_never_a_traceback(content_copy, name):
    target = content_copy / "docs" / "policies" / "kejing" / name
    target.write_bytes(NASTY_INPUTS[name])
    result = cli_in_process(content_copy, "check", str(target))  # its error handling included
    assert result.returncode == 1, result
    assert "Traceback" not in result.stdout + result.stderr and "程序出错" not in result.stderr
    assert f"docs/policies/kejing/{name}:" in result.stdout
    assert result.stdout.strip().endswith("请逐条修改后重新检查。")
