"""Department files: Markdown with YAML front matter, read safely (core/files.py) and composed
safely (core/yamlsafe.py), remembering the line of every key.

Department files are untrusted. Security limits (a department pull request is untrusted input):
- ``read_file`` reads only regular files inside the project, never through a symbolic link, and
  never more than ``MAX_FILE_BYTES``;
- the front matter goes through the guarded composer (no tags, anchors, aliases or deep nesting;
  no Jinja delimiters in values);
- a record may not be called ``index.md``, the name of the portal's own (rendered) index pages.
Problems are worded by the project's message catalog, which every reader is given.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .files import MAX_FILE_BYTES, FolderLinks, SourceFile, decode, within
from .messages import Messages
from .yamlsafe import FRONT_MATTER, compose_yaml, mapping_data

RESERVED_NAMES = {"index.md"}


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line number where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None, text, 1


@dataclass(frozen=True)
class RawFile:
    """A department file's bytes as read (``size``: its size on disk, when too large to read)."""

    path: str  # project-relative
    raw: bytes
    size: int | None = None


def read_file(root: Path, path: Path, messages: Messages) -> SourceFile:
    """Read a department file safely (``read_raw``) and parse it."""
    found = read_raw(root, path, messages)
    return found if isinstance(found, SourceFile) else read_source(found.path, found.raw, messages, size=found.size)


def read_raw(root: Path, path: Path, messages: Messages, links: FolderLinks | None = None) -> SourceFile | RawFile:
    """A department file's bytes, read only from a regular file inside ``root``, reached without any
    symbolic link, and at most ``MAX_FILE_BYTES`` (checked before reading); or the refusal. ``links``:
    the folders already looked at in this reading of the tree."""
    found = within(root, path)
    if found is None:
        source = SourceFile(Path(os.path.abspath(path)).as_posix(), messages)
        source.say("file.outside_project", "文件位置", 1)
        return source
    base, absolute = found
    source = SourceFile(Path(os.path.relpath(absolute, base)).as_posix(), messages)
    if (links or FolderLinks()).through_link(base, absolute):
        source.say("file.symlink", "文件位置", 1)
        return source
    try:
        info = os.lstat(absolute)
    except OSError:
        source.say("file.unreadable", "文件", 1)
        return source
    if not stat.S_ISREG(info.st_mode):
        source.say("file.not_regular", "文件", 1)
        return source
    if info.st_size > MAX_FILE_BYTES:
        return RawFile(source.path, b"", info.st_size)
    with open(absolute, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # a file that grew since lstat is still cut here
    return RawFile(source.path, raw)


def read_source(path: str, raw: bytes, messages: Messages, size: int | None = None) -> SourceFile:
    source = SourceFile(path, messages)
    if PurePosixPath(path).name.lower() in RESERVED_NAMES:
        source.say("record.reserved_name", "文件名", 1, name=PurePosixPath(path).name)
        return source
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        source.say("record.too_large", "文件", 1, size=size // 1024, limit=MAX_FILE_BYTES // 1024)
        return source
    text = decode(raw, source)
    if text is None:
        return source
    source.text = text
    yaml_text, source.body, source.body_line = split_front_matter(text)
    if yaml_text is None:
        what = messages.text("record.front_matter_unclosed" if text.startswith("---") else "record.front_matter_absent")
        source.say("record.no_front_matter", "元数据", 1, what=what)
        return source
    source.meta = _parse_yaml(yaml_text, source)
    return source


def _parse_yaml(yaml_text: str, source: SourceFile) -> dict[str, Any]:
    node = compose_yaml(yaml_text, source, 2, FRONT_MATTER)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        source.say("record.front_matter_not_mapping", "元数据", node.start_mark.line + 1)
        return {}
    return mapping_data(node, "", source, 0)


