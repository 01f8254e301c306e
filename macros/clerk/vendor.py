"""The browser libraries the record form uses, vendored from npm into overrides/assets/vendor/.

``overrides/assets/vendor/manifest.json`` states, for each package, the files taken from its npm
package (a file or a whole folder), its licence file, the schemas it compiles (``compile``: ajv turns
the record contract into validation code, macros/clerk/validator.mjs, run with node) and, after
``make vendor`` (npm ci, then ``python -m macros vendor``), its version from package-lock.json and
the SHA-256 of every file written. The site is built from the committed copies, so a build never
needs npm, node or the network; tests/test_record_form.py checks the copies against the manifest and
against node_modules, tests/test_js.py the compiled code against the contract.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

VENDOR_DIR = Path("overrides") / "assets" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"
COMPILER = Path(__file__).with_name("validator.mjs")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked_versions(root: Path) -> dict[str, str]:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return {path.removeprefix("node_modules/"): entry["version"]
            for path, entry in lock["packages"].items() if path.startswith("node_modules/")}


def package_files(package: dict) -> list[tuple[str, str]]:
    """(path inside the npm package, path under the vendor folder) of every file to copy."""
    pairs = [(package["licence"], f"{package['folder']}/LICENSE")]
    for source, target in package["copy"].items():
        pairs.append((source, f"{package['folder']}/{target}"))
    return pairs


def expand(root: Path, package: dict) -> list[tuple[Path, str]]:
    """Folders in ``copy`` stand for every file in them (sorted)."""
    base = root / "node_modules" / package["name"]
    found = []
    for source, target in package_files(package):
        origin = base / source
        if origin.is_dir():
            found += [(f, f"{target}/{f.relative_to(origin).as_posix()}")
                      for f in sorted(origin.rglob("*")) if f.is_file()]
        else:
            found.append((origin, target))
    return found


def compile_schema(root: Path, schema: str, destination: Path) -> None:
    """ajv's standalone validation code for ``schema`` (a file of the project) at ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["node", str(COMPILER), str(root), str(root / schema), str(destination)], check=True,
                   timeout=120)


def vendor(root: Path) -> list[str]:
    """Copy every package's files from node_modules and rewrite the manifest's versions and checksums."""
    manifest_path = root / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    versions = locked_versions(root)
    written = []
    for package in manifest["packages"]:
        shutil.rmtree(root / VENDOR_DIR / package["folder"], ignore_errors=True)
        package["version"] = versions[package["name"]]
        package["sha256"] = {}
        for origin, target in expand(root, package):
            destination = root / VENDOR_DIR / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, destination)
            package["sha256"][target] = sha256(destination)
            written.append(target)
        for name, schema in package.get("compile", {}).items():
            target = f"{package['folder']}/{name}"
            compile_schema(root, schema, root / VENDOR_DIR / target)
            package["sha256"][target] = sha256(root / VENDOR_DIR / target)
            written.append(target)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written
