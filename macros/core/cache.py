"""A build's cache of what it made (``.cache/portal/`` beside mkdocs.yml; never published): values
filed under the hash of exactly what they are made from, so a value is reused only when every input
is the same, and anything a changed input would change gets a new key.

Two sorts of values:
- *files* the site publishes (a page, an open-data file): the cache keeps a hard link to the file
  the build wrote, and a later build links it into its site (no bytes copied). Each is checked
  against the size and modification time it had when kept: a file changed in place is not reused.
- *data* (a record as read and checked, a document's search terms): pickles (16 per kind), read
  through ``SafeUnpickler``, which rebuilds only the listed types: a cache folder someone else
  wrote (a pull request adding ``.cache/``) can make a value wrong, never run code. The plugin also
  refuses a cache folder git tracks.

What a build adds joins the cache only when the build ends without a warning (``commit``): a page
that warned is made again, and warns again, next time. The cache then holds that build's values only.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import io
import json
import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "portal"
OFF_VALUES = ("0", "off", "no", "false")
FILES, STAGING, LAST_BUILD, SHARED, INDEX = "files", "staging", "last-build.json", "shared-key", "files.json"
KEPT_KEYS = 2  # e.g. a clerk's preview (mkdocs serve's address) and the build for the release


def cache_wanted() -> bool:
    """``PORTAL_CACHE=off`` builds everything afresh and leaves the cache alone."""
    return os.environ.get("PORTAL_CACHE", "").strip().lower() not in OFF_VALUES


def digest(*parts: object) -> str:
    """The key of a value made from ``parts`` (bytes, text, or anything with a stable ``repr``)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def plain(value) -> tuple:
    """A dataclass's fields as a tuple, to cache: plain data reads back faster than the dataclass
    (and ``dataclasses.astuple`` would copy every field deeply)."""
    return tuple(getattr(value, f.name) for f in dataclasses.fields(value))


def tree_digest(root: Path, parts: Iterable[str], skip: Iterable[str] = ()) -> str:
    """The hash of every file under ``parts`` of ``root`` (names and bytes), but the ``skip`` folders."""
    skipped = tuple(skip)
    hasher = hashlib.sha256()
    for part in parts:
        top = root / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for file in files:
            name = file.relative_to(root).as_posix()
            if "__pycache__" in file.parts or name.startswith(skipped):
                continue
            hasher.update(digest(name, file.read_bytes()).encode())
    return hasher.hexdigest()


ALLOWED: dict[tuple[str, str], type] = {  # what a cached value may be made of, besides the caller's classes
    **{("builtins", t.__name__): t for t in (set, frozenset, dict, list, tuple, str, int, float, bool)},
    ("collections", "Counter"): collections.Counter, ("collections", "OrderedDict"): collections.OrderedDict,
    ("datetime", "date"): datetime.date, ("datetime", "datetime"): datetime.datetime,
    ("datetime", "timezone"): datetime.timezone, ("datetime", "timedelta"): datetime.timedelta,
}


class SafeUnpickler(pickle.Unpickler):
    """Unpickles only plain data and the classes a caller names (dataclasses of the portal's own)."""

    def __init__(self, file, classes: dict[tuple[str, str], type]):
        super().__init__(file)
        self.classes = {**ALLOWED, **classes}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.classes:
            return self.classes[(module, name)]
        raise pickle.UnpicklingError(f"cache: {module}.{name} is not a type a cached value may hold")


def unpickled(data: bytes, classes: Iterable[type] = ()) -> Any:
    named = {(c.__module__, c.__qualname__): c for c in classes}
    return SafeUnpickler(io.BytesIO(data), named).load()


def stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


class Cache:
    """Files and data by kind and key in ``folder``; counts what was reused and made."""

    def __init__(self, root: Path, shared_key: str):
        self.root = root  # .cache/portal: one folder per shared key (a preview's and a release's differ)
        self.folder = folder = root / shared_key[:16]
        self.files = folder / FILES
        self.staging = folder / f"{STAGING}-{os.getpid()}"
        self.shared_key = shared_key
        self.reused: collections.Counter = collections.Counter()
        self.made: collections.Counter = collections.Counter()
        self.index: dict[str, list[int]] = {}  # kept file -> its size and modification time when kept
        self.kept: dict[str, list[int]] = {}  # the files this build reuses or adds
        self.staged: dict[str, Path] = {}  # name -> the site file this build wrote, kept at ``commit``
        self.data: dict[str, dict[str, Any]] = {}  # pack -> key -> value, as read
        self.data_used: dict[str, dict[str, Any]] = {}  # pack -> key -> value, to keep
        self.changed_packs: set[str] = set()  # the packs this build added a value to
        previous = folder / SHARED
        self.everything = not previous.is_file() or previous.read_text(encoding="utf-8").strip() != shared_key
        if self.everything:  # code, templates, data or tools changed: start again
            remove(folder)
        elif (folder / INDEX).is_file():
            self.index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        remove(self.staging)

    # -- files ------------------------------------------------------------------------------------

    def file(self, kind: str, key: str) -> Path | None:
        """The kept file of this kind and key, unchanged since it was kept; or None."""
        name = f"{kind}/{key[:2]}/{key}"
        path = self.files / name
        recorded = self.index.get(name)
        try:
            if recorded is None or stamp(path) != recorded:
                return None
        except OSError:
            return None
        self.kept[name] = recorded
        self.reused[kind] += 1
        return path

    def keep(self, kind: str, key: str, written: Path) -> None:
        """Keep a file this build wrote into the site (at ``commit``, when the build ends cleanly)."""
        self.staged[f"{kind}/{key[:2]}/{key}"] = written
        self.made[kind] += 1

    # -- data -------------------------------------------------------------------------------------

    def value(self, kind: str, key: str, classes: Iterable[type] = ()) -> Any | None:
        pack = pack_name(kind, key)
        if pack not in self.data:
            file = self.folder / pack
            self.data[pack] = unpickled(file.read_bytes(), classes) if file.is_file() else {}
        found = self.data[pack].get(key)
        if found is not None:
            self.data_used.setdefault(pack, {})[key] = found
            self.reused[kind] += 1
        return found

    def put_value(self, kind: str, key: str, value: Any) -> None:
        pack = pack_name(kind, key)
        self.data_used.setdefault(pack, {})[key] = value
        self.changed_packs.add(pack)
        self.made[kind] += 1

    # -- the end of a build -----------------------------------------------------------------------

    def commit(self, extra: dict | None = None) -> None:
        """The build ended cleanly: what it made joins the cache, what it did not use is dropped."""
        remove(self.staging)
        for name, written in self.staged.items():
            target = self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(written, target)
            self.kept[name] = stamp(target)
        for name in self.index.keys() - self.kept.keys():  # kept by the last build, not used by this one
            (self.files / name).unlink(missing_ok=True)
        for name in self.staged:
            (self.files / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / name, self.files / name)
        remove(self.staging)
        for pack, values in self.data_used.items():
            if pack in self.changed_packs or len(values) != len(self.data.get(pack, ())):  # else it holds this already
                write_atomically(self.folder / pack, pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))
        for pack in self.folder.glob("*.pickle"):
            if pack.name not in self.data_used:
                remove(pack)
        write_atomically(self.folder / INDEX, json.dumps(self.kept).encode())
        write_atomically(self.folder / SHARED, self.shared_key.encode())
        self.forget_older()
        self.write_report(extra)

    def forget_older(self) -> None:
        """Keep the caches of the last ``KEPT_KEYS`` shared keys (this one among them)."""
        kept = sorted((d for d in self.root.iterdir() if (d / SHARED).is_file()),
                      key=lambda d: (d / SHARED).stat().st_mtime_ns, reverse=True)
        for older in kept[KEPT_KEYS:]:
            remove(older)

    def abandon(self) -> None:
        """The build failed or warned: nothing it made is kept."""
        remove(self.staging)

    def write_report(self, extra: dict | None = None) -> None:
        report = {"everything": self.everything, "reused": dict(self.reused), "made": dict(self.made), **(extra or {})}
        write_atomically(self.root / LAST_BUILD, json.dumps(report, ensure_ascii=False, indent=1).encode())


def pack_name(kind: str, key: str) -> str:
    """Data is kept in 16 packs per kind (by the key's first digit): a build that changes one record
    rewrites one pack, not all."""
    return f"{kind}-{key[0]}.pickle"


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link (no bytes copied), or a copy where links cannot be made (another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
