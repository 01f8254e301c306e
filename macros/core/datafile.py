"""Read the portal's own data files (data/*.yml, data/*.json, data/texts/, data/search/) with the
line of every key, and check their fields one by one, collecting located problems.

YAML goes through the same guarded composer as department front matter (core/yamlsafe.py: no tags,
anchors, aliases or deep nesting), but a whole .yml file starts on line 1. Nothing here raises on
bad input: every problem is a ``Problem`` with the file's real line, worded by the message catalog
the file is read with (``messages``; ``say``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import SourceFile, decode
from .problems import Problem
from .yamlsafe import DATA_FILE, compose_yaml, yaml_data

if TYPE_CHECKING:
    from .messages import Messages

PARENT = re.compile(r"(\[\d+\]|\.[^.\[]+)$")  # the last step of a dotted key: "[2]" or ".name"
CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def key(at: str, name: str) -> str:
    """The dotted key of field ``name`` inside the item at ``at`` (``[2]`` + ``code`` -> ``[2].code``)."""
    return f"{at}.{name}" if at else name


@dataclass
class DataFile:
    """One data file: its ``data``, ``line_of(key)`` and the ``problems`` found so far."""

    source: SourceFile
    data: Any = None
    content: str = ""  # the decoded text

    @property
    def messages(self) -> Messages:
        """The catalog the file's problems are worded with."""
        return self.source.messages

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        return self.messages.suggest(value, choices)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def problems(self) -> list[Problem]:
        return self.source.problems

    @property
    def readable(self) -> bool:
        """The file was read and parsed; field checks make sense."""
        return not self.source.problems

    def line_of(self, dotted: str) -> int:
        """Line of a dotted key, else of its nearest parent, else where the file's content starts."""
        lines = self.source.lines
        while dotted and dotted not in lines:
            parent = PARENT.sub("", dotted)
            dotted = parent if parent != dotted else ""  # a top-level key: the file's start
        return lines.get(dotted, 1)

    def problem(self, field_name: str, message: str, line: int | None = None) -> None:
        self.source.problem(field_name, message, line)

    def say(self, key: str, field_name: str, line: int | None = None, /, **values: Any) -> None:
        """A problem worded by the catalog (``SourceFile.say``)."""
        self.source.say(key, field_name, line, **values)

    # -- typed fields ----------------------------------------------------------------------------

    def items(self, at: str, value: Any, what: str, example: str, allow_empty: bool = False) -> list[tuple[str, dict]]:
        """The mappings of a list (with their dotted keys); anything else is a problem."""
        if value is None or (value == [] and not allow_empty):
            self.say("data.list_empty", at or "文件内容", self.line_of(at), what=what, example=example)
            return []
        if not isinstance(value, list):
            self.say("data.not_a_list", at or "文件内容", self.line_of(at), what=what, example=example)
            return []
        found = []
        for index, item in enumerate(value):
            item_at = f"{at}[{index}]"
            if isinstance(item, dict):
                found.append((item_at, item))
            else:
                self.say("data.item_not_a_mapping", item_at, example=example)
        return found

    def text(self, entry: dict, at: str, name: str, example: str | None = None, required: bool = False) -> str | None:
        """A text field: None when absent or empty (a problem if required). ``example`` is shown in
        messages; optional fields without one say that null is allowed."""
        dotted = key(at, name)
        if name not in entry:
            if required:
                self.say("data.required_missing", dotted, self.line_of(at), fix=self._fix(name, example))
            return None
        value = entry[name]
        if value is None or value == "":
            if required:
                self.say("data.required_empty", dotted, fix=self._fix(name, example))
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.say("data.number_not_text", dotted, name=name, value=value)
            return None
        if not isinstance(value, str):
            self.say("data.not_text", dotted, fix=self._fix(name, example))
            return None
        return value

    def _fix(self, name: str, example: str | None) -> str:
        """How to fill the field in: its example, or that null is allowed."""
        if example:
            return self.messages.text("data.fix_example", name=name, example=example)
        return self.messages.text("data.fix_null")

    def code(self, entry: dict, at: str, example: str) -> str | None:
        """The required ``code`` of a vocabulary item: lower-case letters, digits and hyphens."""
        value = self.text(entry, at, "code", example, required=True)
        if value is not None and not CODE_RE.match(value):
            self.say("data.code_format", key(at, "code"), value=value, example=example)
            return None
        return value

    def codes(self, entry: dict, at: str, name: str, example: str) -> tuple[str, ...] | None:
        """A list of codes (``[a, b]``); None when absent or not a list of texts."""
        if name not in entry:
            return None
        dotted = key(at, name)
        value = entry[name]
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.say("data.not_codes", dotted, name=name, example=example)
            return None
        return tuple(value)

    def mapping(self, entry: dict, at: str, name: str, example: str) -> dict | None:
        if name not in entry:
            return None
        value = entry[name]
        if not isinstance(value, dict):
            self.say("data.not_a_mapping", key(at, name), name=name, example=example)
            return None
        return value

    def known_keys(self, entry: dict, at: str, known: Iterable[str]) -> None:
        known = list(known)
        for name in entry:
            if name not in known:
                self.say("data.unknown_field", key(at, name), name=name, fields="、".join(known),
                         hint=self.suggest(name, known))

    def unique_codes(self, found: list[tuple[str, str]], label: str | None = None) -> None:
        """``found``: (dotted key of the code, code). A repeated code is reported where it repeats;
        ``label`` names what repeats (the catalog's word for a code unless given)."""
        label = label or self.messages.text("data.code")
        first: dict[str, int] = {}
        for dotted, code in found:
            line = self.line_of(dotted)
            if code in first:
                self.say("data.duplicate_code", dotted, line, label=label, code=code, first=first[code])
            else:
                first[code] = line


def read_raw(data_dir: Path, name: str, messages: Messages) -> tuple[SourceFile, str | None]:
    """The decoded text of data/<name> (UTF-8, BOM and GB18030 accepted and noted), or None."""
    source = SourceFile(f"data/{name}", messages)
    try:
        raw = (data_dir / name).read_bytes()
    except OSError:
        source.say("file.data_file_missing", "文件", 1, name=name)
        return source, None
    return source, decode(raw, source)


def read_yaml(data_dir: Path, name: str, messages: Messages) -> DataFile:
    """data/<name> composed safely, with the line of every dotted key (``[2].code``, ``needs[0].name``)."""
    source, text = read_raw(data_dir, name, messages)
    if text is None:
        return DataFile(source)
    node = compose_yaml(text, source, 1, DATA_FILE)
    return DataFile(source, yaml_data(node, source) if node is not None else None, text)


JSON_REASONS = (  # the start of json's own message -> the catalog's key for it
    ("Expecting property name enclosed in double quotes", "json.property_name"),
    ("Expecting value", "json.value"),
    ("Expecting ',' delimiter", "json.comma"),
    ("Expecting ':' delimiter", "json.colon"),
    ("Unterminated string", "json.unterminated_string"),
    ("Invalid control character", "json.control_character"),
    ("Extra data", "json.extra_data"),
)


def json_problem(error: json.JSONDecodeError, messages: Messages) -> tuple[int, str]:
    """(line, Chinese message) of a JSON syntax error; a trailing comma is shown on its own line."""
    before = error.doc[: error.pos].rstrip()
    if before.endswith(",") and error.msg.startswith(("Expecting property name", "Expecting value")):
        return before.count("\n") + 1, messages.text("json.trailing_comma")
    reason = next((messages.text(key) for english, key in JSON_REASONS if error.msg.startswith(english)), error.msg)
    return error.lineno, messages.text("json.syntax", reason=reason)


def read_json(data_dir: Path, name: str, messages: Messages) -> DataFile:
    source, text = read_raw(data_dir, name, messages)
    if text is None:
        return DataFile(source)
    try:
        return DataFile(source, json.loads(text), text)
    except json.JSONDecodeError as error:
        line, message = json_problem(error, messages)
        source.problem("JSON", message, line)
        return DataFile(source, None, text)


def json_line(text: str, path: Iterable[Any]) -> int:
    """Best line for a key path in pretty-printed JSON: each key searched after the previous one."""
    position = 0
    for part in path:
        if isinstance(part, int):
            continue
        found = text.find(json.dumps(str(part), ensure_ascii=False) + ":", position)
        if found < 0:
            break
        position = found
    return text.count("\n", 0, position) + 1

