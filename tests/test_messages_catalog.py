"""The message catalog (data/messages.yml) against the code that reads it: every key is used, every
key used is there, and each Python call fills exactly its template's ``{name}`` placeholders. The
check itself is run on a small made-up project, where it must find each kind of mistake. Then a
project's catalog lacking a text, or unreadable: a located problem, never a traceback.

How keys are read (the conventions this check relies on):
- Python (macros/**/*.py): ``<x>.text("key", name=value, …)`` (``Messages.text``) and
  ``<x>.say("key", field, line, name=value, …)`` (``SourceFile.say``, ``DataFile.say``), the key a string
  literal (or each literal branch of ``"a" if … else "b"``) and the values keyword arguments written
  out (``**values`` cannot be checked and is reported); ``<x>.texts["key"]`` reads a pattern as written.
  A key chosen at run time is written as a literal elsewhere in its module (a table such as
  ``TYPE_KEYS`` or ``JSON_REASONS``, a ``Wording``): any string literal equal to a key counts as a use,
  and a key used only that way may have no placeholders (it is filled without values); a misspelt
  key there leaves the key meant unused, which is reported.
- The browser (overrides/assets/js/**/*.js that read ``config.messages``): ``text("key", …)``, ``T.key``,
  ``T["key"]``, ``texts.key`` and ``texts["key"]`` ask for a key, which must exist and be one the build
  ships (``Messages.as_json``: the top-level ones and those of ``BROWSER_GROUPS``); any other string literal equal to a key
  (``lengthMessage(…, "length_min", …)``) counts as a use.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, build, cli_in_process
from macros.core.messages import (
    BROWSER_GROUPS,
    CATALOG_BROKEN,
    CATALOG_UNREADABLE,
    MESSAGES_PATH,
    PLACEHOLDER,
    CatalogError,
    Messages,
    load_messages,
)

CALLS = ("text", "say")  # methods whose first argument is a key
JS_ASKED = [re.compile(pattern) for pattern in (
    r"\btext\(\s*[\"']([\w.]+)[\"']",
    r"\b(?:T|texts)\.([A-Za-z_]\w*)",
    r"\b(?:T|texts)\[\s*[\"']([\w.]+)[\"']\s*\]",
)]
JS_LITERAL = re.compile(r"[\"']([a-z_][a-z_.]*)[\"']")


@dataclass(frozen=True)
class Use:
    where: str  # path:line
    key: str
    values: frozenset[str] | None = None  # the keyword arguments of a call; None: not a call with values


def placeholders(template: str) -> frozenset[str]:
    return frozenset(PLACEHOLDER.findall(template))


def literal_keys(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_keys(node.body) + literal_keys(node.orelse)
    return []


def python_uses(path: Path, root: Path) -> tuple[list[Use], list[Use], list[str]]:
    """(keys asked for, other string literals, findings) of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(root).as_posix()
    asked, named, findings = [], [], []
    for node in ast.walk(tree):
        where = f"{relative}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLS and node.args:
            keys = literal_keys(node.args[0])
            values = frozenset(k.arg for k in node.keywords if k.arg is not None)
            if keys and len(values) < len(node.keywords):
                findings += [f"{where}: {key}: values passed as **mapping cannot be checked; write them out" for key in keys]
                values = None
            asked += [Use(where, key, values) for key in keys]
        elif isinstance(node, ast.Subscript) and _is_texts(node.value):
            asked += [Use(where, key) for key in literal_keys(node.slice)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named.append(Use(where, node.value))
    return asked, named, findings


def _is_texts(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "texts") or (isinstance(node, ast.Name) and node.id == "texts")


def script_uses(path: Path, root: Path) -> tuple[list[Use], list[Use]]:
    """(keys asked for, other string literals) of a browser script that reads the catalog."""
    text = path.read_text(encoding="utf-8")
    relative = path.relative_to(root).as_posix()
    if "messages" not in text:
        return [], []

    def found(pattern: re.Pattern) -> list[Use]:
        return [Use(f"{relative}:{text.count(chr(10), 0, m.start()) + 1}", m.group(1)) for m in pattern.finditer(text)]
    return [use for pattern in JS_ASKED for use in found(pattern)], found(JS_LITERAL)


def catalog_findings(messages: Messages, python_files: Iterable[Path], scripts: Iterable[Path], root: Path) -> list[str]:
    """Everything wrong between the catalog and the code, one line each (none: they agree)."""
    texts = messages.texts
    asked, named, findings = [], [], []
    for path in sorted(python_files):
        module_asked, module_named, module_findings = python_uses(path, root)
        asked += module_asked
        named += [use for use in module_named if use.key in texts]
        findings += module_findings
    browser_asked = []
    for path in sorted(scripts):
        script_asked, script_named = script_uses(path, root)
        browser_asked += script_asked
        named += [use for use in script_named if use.key in texts]
    for use in asked + browser_asked:
        if use.key not in texts:
            findings.append(f"{use.where}: {use.key}: not in {MESSAGES_PATH}")
    for use in asked:
        wanted = placeholders(texts.get(use.key, ""))
        if use.key in texts and use.values is not None and use.values != wanted:
            findings.append(f"{use.where}: {use.key}: filled with {sorted(use.values)}, the template has {sorted(wanted)}")
    for use in browser_asked:
        if "." in use.key and use.key.split(".")[0] not in BROWSER_GROUPS:
            findings.append(f"{use.where}: {use.key}: the browser receives only the top-level keys and "
                            f"those of {', '.join(BROWSER_GROUPS)}")
    called = {use.key for use in asked + browser_asked}
    for use in named:
        if use.key in texts and use.key not in called and placeholders(texts[use.key]):
            findings.append(f"{use.where}: {use.key}: chosen at run time and filled without values, "
                            f"but the template has {sorted(placeholders(texts[use.key]))}")
    used = {use.key for use in asked + browser_asked + named}
    findings += [f"{MESSAGES_PATH}:{messages.line_of(key)}: {key}: used nowhere" for key in texts if key not in used]
    return sorted(findings, key=_by_place)


def _by_place(finding: str) -> tuple[str, int, str]:
    path, line, rest = finding.split(":", 2)
    return path, int(line), rest


def project_findings(root: Path) -> list[str]:
    return catalog_findings(load_messages(root), (root / "macros").rglob("*.py"),
                            (root / "overrides" / "assets" / "js").rglob("*.js"), root)


def test_the_catalog_and_the_code_agree():
    assert project_findings(ROOT) == []


def test_the_catalog_is_read_the_way_the_conventions_say():
    """A sanity check on the scan: it does see the real uses (a scan that finds nothing agrees with nothing)."""
    messages = load_messages(ROOT)
    asked = python_uses(ROOT / "macros" / "core" / "messages.py", ROOT)[0]
    assert ("did_you_mean", frozenset({"value"})) in {(use.key, use.values) for use in asked}
    script = ROOT / "overrides" / "assets" / "js" / "lib" / "checks.js"
    assert {"did_you_mean", "iso_date"} <= {use.key for use in script_uses(script, ROOT)[0]}
    assert "length_min" in {use.key for use in script_uses(script, ROOT)[1]}
    assert {key for key in messages.as_json()["texts"]} == {key for key in messages.texts
                                                            if "." not in key or key.split(".")[0] in BROWSER_GROUPS}


CATALOG = """\
greeting: "你好，{name}"
stale: "没有人用"
group:
  filled: "第 {line} 行"
  chosen: "表里选的"
  chosen_with_value: "表里选的{value}"
  browser_only: "{value}"
pattern_hints: {}
"""
MODULE = """\
TABLE = {"a": "group.chosen", "b": "group.chosen_with_value"}


def check(messages, source, values, kind):
    messages.text("greeting", nam="x")
    source.say("group.filled", "字段", 1, line=2)
    messages.text("group.missing")
    messages.text("greeting", **values)
    messages.text("greeting" if kind else "group.filled", name=1)
    return messages.texts["absent"]
"""
SCRIPT = """\
var T = config.messages.texts;
function text(key, values) { return fill(T[key], values || {}); }
text("greeting", { name: 1 }); T.nothing_here; T["group.browser_only"];
"""


def test_the_check_finds_each_kind_of_mistake(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "messages.yml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "module.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / "overrides" / "assets" / "js").mkdir(parents=True)
    (tmp_path / "overrides" / "assets" / "js" / "form.js").write_text(SCRIPT, encoding="utf-8")
    assert project_findings(tmp_path) == [
        "data/messages.yml:2: stale: used nowhere",
        "macros/module.py:1: group.chosen_with_value: chosen at run time and filled without values, "
        "but the template has ['value']",
        "macros/module.py:5: greeting: filled with ['nam'], the template has ['name']",
        "macros/module.py:7: group.missing: not in data/messages.yml",
        "macros/module.py:8: greeting: values passed as **mapping cannot be checked; write them out",
        "macros/module.py:9: group.filled: filled with ['name'], the template has ['line']",
        "macros/module.py:10: absent: not in data/messages.yml",
        "overrides/assets/js/form.js:3: group.browser_only: the browser receives only the top-level keys and "
        "those of record, yaml",
        "overrides/assets/js/form.js:3: nothing_here: not in data/messages.yml",
    ]


# -- a project's catalog lacking a text, or unreadable: located problems, never a traceback -----------

RECORD = Path("docs") / "policies" / "kejing" / "kejing-guishang-jiangli.md"
MISSING = "缺少这条提示文字（或不是一段文字）；程序要用它；请从版本库中恢复这一行"


def drop_catalog_line(project: Path, start: str) -> int:
    """Delete the catalog's line starting with ``start``; returns the line of its group (``yaml:``)."""
    catalog = project / "data" / "messages.yml"
    lines = catalog.read_text(encoding="utf-8").split("\n")
    [index] = [i for i, line in enumerate(lines) if line.startswith(start)]
    group = max(i for i in range(index) if not lines[i].startswith((" ", "#")) and lines[i]) + 1
    catalog.write_text("\n".join(lines[:index] + lines[index + 1:]), encoding="utf-8")
    return group


def indent_a_line_with_a_tab(project: Path) -> None:
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\n  - gongye\n", "\n\t- gongye\n", 1), encoding="utf-8")


def test_a_missing_text_is_a_located_catalog_error():
    messages = load_messages(ROOT)
    with pytest.raises(CatalogError) as missing:
        messages.text("no_such_text")
    assert [str(p) for p in missing.value.problems] == [f"data/messages.yml:1: no_such_text: {MISSING}"]
    group = messages.lines["yaml"]
    with pytest.raises(CatalogError) as in_group:
        messages.text("yaml.no_such_text")
    assert [str(p) for p in in_group.value.problems] == [f"data/messages.yml:{group}: yaml.no_such_text: {MISSING}"]
    assert str(in_group.value).split("\n") == [str(in_group.value.problems[0]), CATALOG_BROKEN]


def test_check_reports_a_text_the_projects_catalog_lacks(project_copy):
    group = drop_catalog_line(project_copy, "  tab_indent:")
    indent_a_line_with_a_tab(project_copy)
    result = cli_in_process(project_copy, "check", str(project_copy / RECORD))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"data/messages.yml:{group}: yaml.tab_indent: {MISSING}" in result.stdout.split("\n")


def test_an_unreadable_catalog_is_worded_by_the_catalog_module(project_copy):
    catalog = project_copy / "data" / "messages.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("\n  tab_indent:", "\n\ttab_indent:", 1), encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("  tab_indent:"))) + 1
    result = cli_in_process(project_copy, "check")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.split("\n") == [
        f"data/messages.yml:{line}: YAML: " + CATALOG_UNREADABLE.replace("{key}", "yaml.tab_indent"), CATALOG_BROKEN, ""]


@pytest.mark.slow
def test_the_build_stops_with_the_located_catalog_problem(project_copy):
    group = drop_catalog_line(project_copy, "  tab_indent:")
    indent_a_line_with_a_tab(project_copy)
    result = build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert f"data/messages.yml:{group}: yaml.tab_indent: {MISSING}\n{CATALOG_BROKEN}\n" in output, output
    assert not (project_copy / "site" / "index.html").exists()
