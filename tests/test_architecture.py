"""The shape of ``macros``: layers whose names are the architecture, each importing only from the
layers before it, no ``macros`` import hidden inside a function, every layer packaged, and a site
built from a plain (non-editable) install of the package, with the project's own message catalog."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_PARTS, ROOT, build, cli_in_process, copy_project

PACKAGE = ROOT / "macros"
# Layer order: a module may import from its own layer and the ones before it. plugin and clerk are
# two tops that never import each other; macros/__init__.py and __main__.py stand above them all.
LAYERS = ("core", "legal", "model", "load", "opendata", "search", "site", "plugin", "clerk")
TOPS = {"plugin", "clerk"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "top"


def imported_modules(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The ``macros`` modules an import statement names (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "macros"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "macros":
        return []
    return [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]


def imports_of(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function) of every ``macros`` import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module, is_package = module_name(path), path.name == "__init__.py"
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for target in imported_modules(node, module, is_package):
            found.append((node.lineno, target, in_function))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


def against_the_order(importer: str, imported: str) -> bool:
    mine, theirs = layer_of(importer), layer_of(imported)
    if mine == "top" or mine == theirs:
        return False
    if theirs == "top":
        return True
    if mine in TOPS and theirs in TOPS:
        return True
    return LAYERS.index(theirs) > LAYERS.index(mine)


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_layer():
    loose = [p.relative_to(ROOT).as_posix() for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


def test_imports_follow_the_layer_order_and_none_hides_in_a_function():
    problems = []
    for path in python_files():
        for line, target, in_function in imports_of(path):
            where = f"{path.relative_to(ROOT)}:{line}: {target}"
            if in_function:
                problems.append(f"{where} (imported inside a function)")
            elif against_the_order(module_name(path), target):
                problems.append(f"{where} ({layer_of(module_name(path))} may not import {layer_of(target)})")
    assert problems == []


def test_the_layer_check_sees_a_wrong_import_and_one_inside_a_function(tmp_path):
    wrong = tmp_path / "macros" / "core" / "bad.py"
    wrong.parent.mkdir(parents=True)
    wrong.write_text("from ..site.render import fragment\n\n\ndef f():\n    from . import problems\n", encoding="utf-8")
    found = [(line, target, inside) for line, target, inside in imports_of_in(wrong, tmp_path)]
    assert found == [(1, "macros.site.render", False), (5, "macros.core.problems", True)]
    assert against_the_order("macros.core.bad", "macros.site.render")
    assert not against_the_order("macros.site.render", "macros.core.problems")
    assert against_the_order("macros.plugin.parts", "macros.clerk.cli")


def imports_of_in(path: Path, root: Path) -> list[tuple[int, str, bool]]:
    """``imports_of`` for a file under another root (the check's own test)."""
    global ROOT
    saved, ROOT = ROOT, root
    try:
        return imports_of(path)
    finally:
        ROOT = saved


def test_pyproject_packages_every_layer():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'include = ["macros", "macros.*"]' in text
    assert all((PACKAGE / layer / "__init__.py").is_file() for layer in LAYERS)


@pytest.mark.slow
def test_the_site_builds_the_same_from_a_non_editable_install(tmp_path, built_site):
    """``pip install .`` (not -e), and a project folder without macros/: the build uses the installed
    package and the project's own data/, and writes the same site as the checkout's build."""
    installed = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(installed), str(ROOT)], check=True, capture_output=True, timeout=300)
    assert (installed / "macros" / "core" / "messages.py").is_file()
    assert not (installed / "macros" / "data").exists()  # no data travels with the code
    project = tmp_path / "content"
    copy_project(project)
    (project / "macros").rename(tmp_path / "not-used")  # only the installed package can be found
    env = {"PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import macros; print(macros.__file__)"], cwd=project,
                           env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True)
    assert where.stdout.strip() == str(installed / "macros" / "__init__.py")
    result = build(project, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    ours = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    theirs = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    assert ours.keys() == theirs.keys()
    assert [str(path) for path in ours if ours[path] != theirs[path]] == []
    assert "macros" in PROJECT_PARTS  # the checkout's build above had its macros/ folder


def test_a_message_edited_in_a_content_copy_is_the_one_check_prints(content_copy):
    """The catalog is the project's own (data/messages.yml of --root), never the package's."""
    catalog = content_copy / "data" / "messages.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        'did_you_mean: "；您是不是要填写“{value}”？"', 'did_you_mean: "；可能是“{value}”"'), encoding="utf-8")
    record = content_copy / "docs" / "policies" / "kejing" / "kejing-guishang-jiangli.md"
    record.write_text(record.read_text(encoding="utf-8").replace("delivery: weishuoming", "delivery: weishuomin"),
                      encoding="utf-8")
    result = cli_in_process(content_copy, "check", str(record))
    assert "；可能是“weishuoming”" in result.stdout and "您是不是要填写" not in result.stdout, result.stdout
