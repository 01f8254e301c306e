"""Read the portal's own data files (data/*.yml, data/*.json, data/texts/, data/search/) with the
line of every key, and check their fields one by one, collecting located problems.

YAML goes through the same guarded composer as department front matter (core/yamlsafe.py: no tags,
anchors, aliases or deep nesting), but a whole .yml file starts on line 1. Nothing here raises on
bad input: every problem is a ``Problem`` with the file's real line. A file read after the message
catalog carries it (``messages``), for the suggestions of its field checks.
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
    messages: Messages | None = None  # the catalog, for suggestions (None only for the catalog itself)

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        return self.messages.suggest(value, choices) if self.messages else ""

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

    # -- typed fields ----------------------------------------------------------------------------

    def items(self, at: str, value: Any, what: str, example: str, allow_empty: bool = False) -> list[tuple[str, dict]]:
        """The mappings of a list (with their dotted keys); anything else is a problem."""
        if value is None or (value == [] and not allow_empty):
            self.problem(at or "文件内容", f"还没有内容；应为{what}的列表，每项以“- ”开头；例如：- {example}",
                         self.line_of(at))
            return []
        if not isinstance(value, list):
            self.problem(at or "文件内容", f"格式不对；应为{what}的列表，每项以“- ”开头；例如：- {example}",
                         self.line_of(at))
            return []
        found = []
        for index, item in enumerate(value):
            item_at = f"{at}[{index}]"
            if isinstance(item, dict):
                found.append((item_at, item))
            else:
                self.problem(item_at, f"格式不对；每一项应为一组“字段: 值”；例如：- {example}")
        return found

    def text(self, entry: dict, at: str, name: str, example: str | None = None, required: bool = False) -> str | None:
        """A text field: None when absent or empty (a problem if required). ``example`` is shown in
        messages; optional fields without one say that null is allowed."""
        dotted = key(at, name)
        fix = f"例如：{name}: {example}" if example else "没有就写 null"
        if name not in entry:
            if required:
                self.problem(dotted, f"缺少必填字段；请在这一项中补上；{fix}", self.line_of(at))
            return None
        value = entry[name]
        if value is None or value == "":
            if required:
                self.problem(dotted, f"还没有填写；{fix}")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.problem(dotted, f"格式不对；应为一段文字；只有数字时请加英文引号，例如：{name}: \"{value}\"")
            return None
        if not isinstance(value, str):
            self.problem(dotted, f"格式不对；应为一段文字；{fix}")
            return None
        return value

    def code(self, entry: dict, at: str, example: str) -> str | None:
        """The required ``code`` of a vocabulary item: lower-case letters, digits and hyphens."""
        value = self.text(entry, at, "code", example, required=True)
        if value is not None and not CODE_RE.match(value):
            self.problem(key(at, "code"),
                         f"代码“{value}”的格式不对；只能用小写英文字母、数字和连字符“-”；例如：code: {example}")
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
            self.problem(dotted, f"格式不对；应为代码列表；例如：{name}: {example}")
            return None
        return tuple(value)

    def mapping(self, entry: dict, at: str, name: str, example: str) -> dict | None:
        if name not in entry:
            return None
        value = entry[name]
        if not isinstance(value, dict):
            self.problem(key(at, name), f"格式不对；应为一组“字段: 值”；例如：{name}: {example}")
            return None
        return value

    def known_keys(self, entry: dict, at: str, known: Iterable[str]) -> None:
        known = list(known)
        for name in entry:
            if name not in known:
                fields = "、".join(known)
                self.problem(key(at, name), f"没有这个字段“{name}”；可以填写的字段：{fields}{self.suggest(name, known)}")

    def unique_codes(self, found: list[tuple[str, str]], label: str = "代码") -> None:
        """``found``: (dotted key of the code, code). A repeated code is reported where it repeats."""
        first: dict[str, int] = {}
        for dotted, code in found:
            line = self.line_of(dotted)
            if code in first:
                self.problem(dotted, f"{label}“{code}”重复（第一次在第 {first[code]} 行）；每个{label}只能出现一次；"
                                     f"请删除重复的一项或换一个{label}", line)
            else:
                first[code] = line


def read_raw(data_dir: Path, name: str) -> tuple[SourceFile, str | None]:
    """The decoded text of data/<name> (UTF-8, BOM and GB18030 accepted and noted), or None."""
    source = SourceFile(f"data/{name}")
    try:
        raw = (data_dir / name).read_bytes()
    except OSError:
        source.problem("文件", f"找不到文件或无法读取；网站需要 data/{name}；请从版本库中恢复它", 1)
        return source, None
    return source, decode(raw, source)


def read_yaml(data_dir: Path, name: str, messages: Messages | None = None) -> DataFile:
    """data/<name> composed safely, with the line of every dotted key (``[2].code``, ``needs[0].name``)."""
    source, text = read_raw(data_dir, name)
    if text is None:
        return DataFile(source, messages=messages)
    node = compose_yaml(text, source, 1, DATA_FILE)
    return DataFile(source, yaml_data(node, source) if node is not None else None, text, messages)


JSON_MESSAGES = (
    ("Expecting property name enclosed in double quotes", "这里应为用英文双引号括起来的字段名"),
    ("Expecting value", "这里缺少一个值"),
    ("Expecting ',' delimiter", "这里缺少英文逗号“,”"),
    ("Expecting ':' delimiter", "字段名后面缺少英文冒号“:”"),
    ("Unterminated string", "引号没有成对"),
    ("Invalid control character", "引号中的文字不能换行或包含制表符"),
    ("Extra data", "内容结束后还有多余的文字"),
)


def json_problem(error: json.JSONDecodeError) -> tuple[int, str]:
    """(line, Chinese message) of a JSON syntax error; a trailing comma is shown on its own line."""
    before = error.doc[: error.pos].rstrip()
    if before.endswith(",") and error.msg.startswith(("Expecting property name", "Expecting value")):
        return before.count("\n") + 1, "格式有误：这一行末尾多了一个逗号；JSON 中最后一项后面不能有逗号；请删除这个逗号"
    reason = next((text for english, text in JSON_MESSAGES if error.msg.startswith(english)), "")
    return error.lineno, (f"格式有误：{reason or error.msg}；"
                          "请对照本文件中其他项的写法修改（JSON 的字段名和文字都要用英文双引号）")


def read_json(data_dir: Path, name: str, messages: Messages | None = None) -> DataFile:
    source, text = read_raw(data_dir, name)
    if text is None:
        return DataFile(source, messages=messages)
    try:
        return DataFile(source, json.loads(text), text, messages)
    except json.JSONDecodeError as error:
        line, message = json_problem(error)
        source.problem("JSON", message, line)
        return DataFile(source, None, text, messages)


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

