"""The browser libraries the record form uses, vendored from npm into overrides/assets/vendor/.

``overrides/assets/vendor/manifest.json`` states, for each package, the files taken from its npm
package (a file or a whole folder), its licence file and, after ``make vendor`` (npm ci, then
``python -m macros vendor``), its version from package-lock.json and the SHA-256 of every copied
file. The site is built from the committed copies, so a build never needs npm or the network;
tests/test_record_form.py checks the copies against the manifest and against node_modules.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

VENDOR_DIR = Path("overrides") / "assets" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"


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
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written
