"""Bad records stop the build with file, line and field (issue: catalog).

Each test writes clearly fake records into docs/policies/kejing/ of a project copy, builds it
strictly and expects ``docs/policies/kejing/<file>.md:<line>: <field>:`` in the output. Line
numbers are found in the text the test wrote, not hard-coded.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, build
from macros.datafiles import load_vocabularies

DEPARTMENT = "kejing"
VOCAB = load_vocabularies(ROOT / "data")


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
        "legal_basis": "legal_basis:\n  - sme-law#第八条",
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


def failed_build(project: Path) -> str:
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert not (project / "site" / "index.html").exists()
    return output


def problem_count(output: str) -> int:
    match = re.search(r"共发现 (\d+) 个问题", output)
    assert match, output
    return int(match.group(1))


def test_unknown_vocabulary_value(project_copy):
    text = record_text("kejing-ceshi-cihui", beneficiaries="beneficiaries: [dagongsi]")
    write(project_copy, "kejing-ceshi-cihui.md", text)
    output = failed_build(project_copy)
    line = line_of(text, r"^beneficiaries:")
    expected = f"docs/policies/kejing/kejing-ceshi-cihui.md:{line}: beneficiaries[0]: "
    assert expected in output, output
    message = output[output.index(expected):].split("\n", 1)[0]
    assert "dagongsi" in message and "data/beneficiaries.yml" in message
    assert problem_count(output) == 1, output  # the fixture is otherwise valid


def test_missing_required_field(project_copy):
    text = record_text("kejing-ceshi-queshao", summary=None)
    write(project_copy, "kejing-ceshi-queshao.md", text)
    output = failed_build(project_copy)
    # reported on the closing "---" line, where the field is to be added
    closing = [n for n, line in enumerate(text.split("\n"), start=1) if line == "---"][1]
    expected = f"docs/policies/kejing/kejing-ceshi-queshao.md:{closing}: summary: "
    assert expected in output, output
    assert "缺少必填字段" in output[output.index(expected):].split("\n", 1)[0]
    assert problem_count(output) == 1, output


def test_duplicate_id(project_copy):
    first = record_text("kejing-ceshi-chongfu")
    second = record_text("kejing-ceshi-chongfu")  # same id in a second file (whose name then mismatches)
    write(project_copy, "kejing-ceshi-chongfu.md", first)
    write(project_copy, "kejing-ceshi-chongfu-2.md", second)
    output = failed_build(project_copy)
    for name, text, other in (("kejing-ceshi-chongfu.md", first, "kejing-ceshi-chongfu-2.md"),
                              ("kejing-ceshi-chongfu-2.md", second, "kejing-ceshi-chongfu.md")):
        prefix = f"docs/policies/kejing/{name}:{line_of(text, r'^id:')}: id: "
        duplicate = [line for line in output.split("\n") if line.startswith(prefix) and "同时被" in line]
        assert len(duplicate) == 1, output
        assert "kejing-ceshi-chongfu" in duplicate[0] and f"docs/policies/kejing/{other}" in duplicate[0]


def test_duplicate_of_an_existing_record_id(project_copy):
    existing = sorted((project_copy / "docs" / "policies" / DEPARTMENT).glob("*.md"))[0]
    record_id = existing.stem
    text = record_text(record_id)
    write(project_copy, f"{record_id}-ceshi.md", text)
    output = failed_build(project_copy)
    prefix = f"docs/policies/kejing/{record_id}-ceshi.md:{line_of(text, r'^id:')}: id: "
    assert any(line.startswith(prefix) and "同时被" in line and existing.name in line for line in output.split("\n")), output


def test_legal_basis_to_a_missing_article(project_copy):
    text = record_text("kejing-ceshi-tiaokuan", legal_basis="legal_basis:\n  - sme-law#第九十九条")
    write(project_copy, "kejing-ceshi-tiaokuan.md", text)
    output = failed_build(project_copy)
    line = line_of(text, r"sme-law#第九十九条")
    expected = f"docs/policies/kejing/kejing-ceshi-tiaokuan.md:{line}: legal_basis[0]: "
    assert expected in output, output
    assert "第九十九条" in output[output.index(expected):].split("\n", 1)[0]
    assert problem_count(output) == 1, output


def test_the_fake_record_itself_is_valid_and_builds(project_copy):
    """The fixture the tests above break is valid as written: each failure is the one injected."""
    write(project_copy, "kejing-ceshi-hege.md", record_text("kejing-ceshi-hege"))
    result = build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project_copy / "site" / "policies" / "kejing" / "kejing-ceshi-hege" / "index.html").is_file()
