"""The one catalog of the messages clerks read (data/messages.yml of the project being built), and
how a message is filled in.

The loader reads the catalog first (``load_messages``) and hands it to every reader and check, which
format their problems with it; the build ships the catalog's top-level texts (the record checks) to
the browser (``as_json``), where the record form fills the same placeholders the same way: ``{name}``
(lower-case letters and underscores) is replaced by its value, every other character is kept, so a
message reads the same in the terminal and the form. A group of messages (``yaml:``) is read by its
dotted keys (``yaml.tab_indent``). There is no default catalog: a project copy's own file is the one
used. A key the catalog lacks is a located ``CatalogError``, never a traceback.

The catalog's own problems are worded here: there is nothing else to word them with. While the
catalog itself is read, every reader's message is ``CATALOG_UNREADABLE`` (naming the key that
would have worded it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .datafile import DataFile, read_yaml
from .files import nearest_line
from .problems import ContentError, Problem

MESSAGES_FILE = "messages.yml"
MESSAGES_PATH = f"data/{MESSAGES_FILE}"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
DATE_RULE_KEYS = ("earlier", "later", "rule")
NOT_TEXTS = ("date_rules", "pattern_hints")  # top-level entries that are not messages
# groups the record form words problems with too, beside the top level: a record against the others
# and the documents (ids, issuers, outcomes), and what the command line's YAML reader refuses
BROWSER_GROUPS = ("record", "yaml")
# the catalog's own problems
CATALOG_UNREADABLE = ("提示文字目录读不出来（{key}）；这个文件逐行写“名称: 提示文字”，缩进只用空格；"
                      "请对照其他行修改，或从版本库中恢复 data/messages.yml")
CATALOG_BROKEN = ("提示文字目录 data/messages.yml 有误，程序的提示都取自这个文件；"
                  "请先按上面的提示修改它（或从版本库中恢复），再重新检查")
TEXT_MISSING = "缺少这条提示文字（或不是一段文字）；程序要用它；请从版本库中恢复这一行"


class CatalogError(ContentError):
    """data/messages.yml itself is broken (or lacks a key): its problems, and what to do, in this
    module's words."""

    def __str__(self) -> str:
        return super().__str__() + "\n" + CATALOG_BROKEN


@dataclass(frozen=True)
class DateRule:
    """Two dates that must not be in the wrong order: ``later`` may not be before ``earlier``."""

    earlier: str
    later: str
    rule: str


@dataclass(frozen=True)
class Messages:
    texts: Mapping[str, str]  # key (``did_you_mean``, ``yaml.tab_indent``) -> template
    date_rules: tuple[DateRule, ...]
    pattern_hints: Mapping[str, str]  # dotted field -> hint shown after a pattern message
    lines: Mapping[str, int] = field(default_factory=dict, repr=False)  # key -> its line in the catalog
    unknown: str | None = field(default=None, repr=False)  # the text of every key (the catalog's own reading)

    def text(self, key: str, /, **values: Any) -> str:
        """The message ``key`` with its placeholders filled; CatalogError if the catalog lacks it."""
        template = self.texts.get(key)
        if template is not None:
            return fill(template, values)
        if self.unknown is not None:
            return fill(self.unknown, {"key": key})
        raise CatalogError([Problem(MESSAGES_PATH, self.line_of(key), key, TEXT_MISSING)])

    def line_of(self, key: str) -> int:
        """The key's line, else its group's, else 1."""
        return nearest_line(self.lines, key)

    def hint(self, field: str, **values: Any) -> str:
        return fill(self.pattern_hints[field], values) if field in self.pattern_hints else ""

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        """“您是不是要填写…？” with the closest choice, or nothing when none is close."""
        close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
        return self.text("did_you_mean", value=close[0]) if close else ""

    def as_json(self) -> dict:
        """What the browser receives: the top-level texts (the record checks) and those of
        ``BROWSER_GROUPS`` (``record.…``, ``yaml.…``), unformatted; the other groups (``file.…``,
        ``report.…``) are read only by the build and the command line."""
        return {"texts": {key: text for key, text in self.texts.items()
                          if "." not in key or key.split(".")[0] in BROWSER_GROUPS},
                "date_rules": [vars(r) for r in self.date_rules], "pattern_hints": dict(self.pattern_hints)}


# Reads data/messages.yml itself: every message of the readers names its key instead.
CATALOG_READING = Messages(MappingProxyType({}), (), MappingProxyType({}), unknown=CATALOG_UNREADABLE)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace each ``{name}`` by its value; a name without a value is left as written."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def read_messages(data_dir: Path) -> tuple[Messages | None, DataFile]:
    """(Messages or None, the DataFile with its located problems)."""
    file = read_yaml(Path(data_dir), MESSAGES_FILE, CATALOG_READING)
    file.source.normalised.clear()  # worded without a catalog, and never reported
    data = file.data
    if not file.readable:
        return None, file
    if not isinstance(data, dict):
        file.problem("文件内容", "格式不对；应为逐行的“名称: 提示文字”；"
                               "例如：did_you_mean: \"；您是不是要填写“{value}”？\"", 1)
        return None, file
    texts = _texts(file, data)
    hints = _pattern_hints(file, data.get("pattern_hints"))
    rules = _date_rules(file, data.get("date_rules"))
    if file.problems:
        return None, file
    lines = MappingProxyType(dict(file.source.lines))
    return Messages(MappingProxyType(texts), rules, MappingProxyType(hints), lines), file


def _texts(file: DataFile, data: dict) -> dict[str, str]:
    """Every message by its key: top-level ones, and a group's as ``group.name``."""
    texts = {}
    for key, value in data.items():
        if key in NOT_TEXTS:
            continue
        entries = value.items() if isinstance(value, dict) else [("", value)]
        for name, text in entries:
            dotted = f"{key}.{name}" if name else key
            if isinstance(text, str) and text:
                texts[dotted] = text
            else:
                file.problem(dotted, TEXT_MISSING, file.line_of(dotted))
    return texts


def _pattern_hints(file: DataFile, hints: Any) -> dict[str, str]:
    if not isinstance(hints, dict) or not all(isinstance(v, str) for v in hints.values()):
        file.problem("pattern_hints", "格式不对；应为“字段: 提示文字”的列表；例如：id: \"；只能用小写英文字母\"",
                     file.line_of("pattern_hints"))
        return {}
    return dict(hints)


def _date_rules(file: DataFile, entries: Any) -> tuple[DateRule, ...]:
    rules = []
    for index, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in DATE_RULE_KEYS):
            file.problem(f"date_rules[{index}]", "格式不对；每项写 earlier、later 和 rule 三个字段",
                         file.line_of(f"date_rules[{index}]"))
            continue
        rules.append(DateRule(*(entry[k] for k in DATE_RULE_KEYS)))
    return tuple(rules)


def load_messages(root: Path) -> Messages:
    """The catalog of the project at ``root``; CatalogError with its located problems if it is broken."""
    messages, file = read_messages(Path(root) / "data")
    if messages is None:
        raise CatalogError(file.problems)
    return messages
