"""Reading files safely: inside the project only, never through a symbolic link, never more than
``MAX_FILE_BYTES``, decoded strictly (UTF-8, a BOM and GB18030 accepted and noted; CRLF normalised).

``SourceFile`` is a decoded file with its problems (located ``Problem`` values), the line of
every key found in it and the message catalog its problems are worded with (``say``); nothing here
raises on bad input.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Problem

if TYPE_CHECKING:
    from .messages import Messages

MAX_FILE_BYTES = 256 * 1024


@dataclass
class SourceFile:
    """A decoded Markdown file: its front matter as plain Python data and key lines."""

    path: str
    messages: Messages = field(repr=False, compare=False)  # the catalog its problems are worded with
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # "amount.value" -> line
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    normalised: list[str] = field(default_factory=list)  # notes on accepted fixes
    text: str = field(default="", repr=False)  # the whole decoded file (UTF-8, LF), as the clerk wrote it

    def line_of(self, key: str) -> int:
        return nearest_line(self.lines, key)

    def problem(self, field_name: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.line_of(field_name), field_name, message))

    def say(self, key: str, field_name: str, line: int | None = None, /, **values: Any) -> None:
        """A problem worded by the catalog: ``say("yaml.tab_indent", "元数据", 3)``."""
        self.problem(field_name, self.messages.text(key, **values), line)


def nearest_line(lines: Mapping[str, int], key: str) -> int:
    """Line of a dotted key, falling back to its nearest parent, then line 1."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return 1


def decode(raw: bytes, source: SourceFile) -> str | None:
    """Decode UTF-8 (BOM accepted); GB18030 files are accepted and noted; CRLF normalised."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        source.normalised.append(source.messages.text("file.bom_removed"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
            source.normalised.append(source.messages.text("file.gb18030"))
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            source.say("file.encoding", "文件", line)
            return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def confined(root: Path, path: Path, links: FolderLinks | None = None) -> bool:
    """True if ``path`` is inside ``root`` and reached without any symbolic link."""
    found = within(root, path)
    return found is not None and not (links or FolderLinks()).through_link(*found)


def within(root: Path, path: Path) -> tuple[str, str] | None:
    """(the root as given or without its symbolic links, the path made absolute) when the path lies
    inside that root; None when it lies outside both."""
    absolute, given = os.path.abspath(path), os.path.abspath(root)
    return next(((base, absolute) for base in (given, resolved(given)) if inside(base, absolute)), None)


@lru_cache(maxsize=16)
def resolved(root: str) -> str:
    """The project folder without symbolic links: resolved once, not once per record."""
    return os.path.realpath(root)


def inside(root: str, absolute: str) -> bool:
    return absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep)


class FolderLinks:
    """``through_link(root, absolute)``: whether a file is reached through a symbolic link. Each folder
    is looked at once per instance, not once for every file in it (10,000 records sit in eight
    department folders). One instance serves one reading of the tree: a rebuild makes a new one and
    sees a folder replaced by a link since."""

    def __init__(self) -> None:
        self._linked: dict[tuple[str, str], bool] = {}

    def through_link(self, root: str, absolute: str) -> bool:
        """True if the file or any folder between ``root`` and it is a symbolic link."""
        return absolute != root and (os.path.islink(absolute) or self._folder(root, os.path.dirname(absolute)))

    def _folder(self, root: str, folder: str) -> bool:
        if len(folder) <= len(root):
            return False
        known = self._linked.get((root, folder))
        if known is None:
            known = os.path.islink(folder) or self._folder(root, os.path.dirname(folder))
            self._linked[root, folder] = known
        return known


