"""Bad records stop the build with file, line and field (issue: catalog).

Each test writes clearly fake records into docs/policies/kejing/ of a project copy and expects
``docs/policies/kejing/<file>.md:<line>: <field>:`` from the loader the build runs
(records.collect_problems, in process); one test builds strictly and finds the same line in the
build's output. Line numbers are found in the text the test wrote, not hard-coded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, build
from macros.load.portal import collect_problems
from macros.load.vocabularies import load_vocabularies

DEPARTMENT = "kejing"
VOCAB = load_vocabularies(ROOT)


def record_text(record_id: str, **replace: str | None) -> str:
    """A valid fake record; ``replace`` swaps (or, with None, drops) a top-level field's line(s)."""
    fields = {
        "id": f"id: {record_id}",
        "title": "title: 测试记录（虚构，不得发布）",
        "summary": "summary: 这是测试中生成的虚构政策，只用于检查构建时的校验。",
        "issuer": "issuer: 虚构发文机关",
        "document_title": "document_title: 虚构文件",
        "department": f"department: {DEPARTMENT}",
        "beneficiaries": f"beneficiaries: [{VOCAB['beneficiaries'].codes[0]}]",
        "categories": f"categories:\n  - {VOCAB['categories'].codes[0]}",
        "support_type": f"support_type:\n  - {VOCAB['support_type'].codes[0]}",
        "delivery": f"delivery: {VOCAB['delivery'].codes[0]}",
        "legal_basis": "legal_basis:\n  - sme-law#第八条\nlegal_basis_reasons:\n  - article: sme-law#第八条\n    because: 虚构正文",
        "sources": "sources:\n  - document: 虚构来源\n    passage: 虚构段落",
        "last_reviewed": 'last_reviewed: "2026-11-24"',
        "review_due": 'review_due: "2027-05-24"',
    }
    assert DEPARTMENT in VOCAB["department"]
    for key, value in replace.items():
        assert key in fields, key
        fields[key] = value
    lines = [line for line in fields.values() if line is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n虚构正文，只用于测试。\n"


def write(project: Path, name: str, text: str) -> Path:
    path = project / "docs" / "policies" / DEPARTMENT / name
    assert not path.exists(), f"{path} would overwrite a real record"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, pattern: str) -> int:
    """1-based number of the first line matching ``pattern``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern} not in the fixture")


def problems(project: Path) -> list[str]:
    """Every problem the build would stop with, one ``path:line: field: message`` line each."""
    found, _notes = collect_problems(project)
    return [str(problem) for problem in found]


def the_one_problem(project: Path, prefix: str) -> str:
    """The fake record is otherwise valid: exactly one problem, the one injected."""
    found = problems(project)
    assert len(found) == 1, found
    assert found[0].startswith(prefix), found
    return found[0]


def test_unknown_vocabulary_value(content_copy):
    text = record_text("kejing-ceshi-cihui", beneficiaries="beneficiaries: [dagongsi]")
    write(content_copy, "kejing-ceshi-cihui.md", text)
    line = line_of(text, r"^beneficiaries:")
    message = the_one_problem(content_copy, f"docs/policies/kejing/kejing-ceshi-cihui.md:{line}: beneficiaries[0]: ")
    assert "dagongsi" in message and "data/beneficiaries.yml" in message


def test_missing_required_field(content_copy):
    text = record_text("kejing-ceshi-queshao", summary=None)
    write(content_copy, "kejing-ceshi-queshao.md", text)
    # reported on the closing "---" line, where the field is to be added
    closing = [n for n, line in enumerate(text.split("\n"), start=1) if line == "---"][1]
    message = the_one_problem(content_copy, f"docs/policies/kejing/kejing-ceshi-queshao.md:{closing}: summary: ")
    assert "缺少必填字段" in message


def test_duplicate_id(content_copy):
    first = record_text("kejing-ceshi-chongfu")
    second = record_text("kejing-ceshi-chongfu")  # same id in a second file (whose name then mismatches)
    write(content_copy, "kejing-ceshi-chongfu.md", first)
    write(content_copy, "kejing-ceshi-chongfu-2.md", second)
    found = problems(content_copy)
    for name, text, other in (("kejing-ceshi-chongfu.md", first, "kejing-ceshi-chongfu-2.md"),
                              ("kejing-ceshi-chongfu-2.md", second, "kejing-ceshi-chongfu.md")):
        prefix = f"docs/policies/kejing/{name}:{line_of(text, r'^id:')}: id: "
        duplicate = [line for line in found if line.startswith(prefix) and "同时被" in line]
        assert len(duplicate) == 1, found
        assert "kejing-ceshi-chongfu" in duplicate[0] and f"docs/policies/kejing/{other}" in duplicate[0]


def test_duplicate_of_an_existing_record_id(content_copy):
    existing = sorted((content_copy / "docs" / "policies" / DEPARTMENT).glob("*.md"))[0]
    record_id = existing.stem
    text = record_text(record_id)
    write(content_copy, f"{record_id}-ceshi.md", text)
    prefix = f"docs/policies/kejing/{record_id}-ceshi.md:{line_of(text, r'^id:')}: id: "
    found = problems(content_copy)
    assert any(line.startswith(prefix) and "同时被" in line and existing.name in line for line in found), found


def test_legal_basis_to_a_missing_article(content_copy):
    text = record_text("kejing-ceshi-tiaokuan", legal_basis="legal_basis:\n  - sme-law#第九十九条")
    write(content_copy, "kejing-ceshi-tiaokuan.md", text)
    line = line_of(text, r"sme-law#第九十九条")
    message = the_one_problem(content_copy, f"docs/policies/kejing/kejing-ceshi-tiaokuan.md:{line}: legal_basis[0]: ")
    assert "第九十九条" in message


def test_the_fake_record_itself_is_valid(content_copy):
    """The fixture the tests above break is valid as written: each failure is the one injected."""
    write(content_copy, "kejing-ceshi-hege.md", record_text("kejing-ceshi-hege"))
    assert problems(content_copy) == []


@pytest.mark.slow
def test_the_build_stops_with_the_loaders_message_and_publishes_nothing(project_copy):
    write(project_copy, "kejing-ceshi-cihui.md",
          record_text("kejing-ceshi-cihui", beneficiaries="beneficiaries: [dagongsi]"))
    [expected] = problems(project_copy)
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert expected in output.split("\n"), output
    assert "共发现 1 个问题" in output, output
    assert not (project_copy / "site" / "index.html").exists()


@pytest.mark.slow
def test_the_fake_record_builds(project_copy):
    write(project_copy, "kejing-ceshi-hege.md", record_text("kejing-ceshi-hege"))
    result = build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project_copy / "site" / "policies" / "kejing" / "kejing-ceshi-hege" / "index.html").is_file()
