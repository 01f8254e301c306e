"""The one catalog of the messages clerks read (data/messages.yml of the project being built), and
how a message is filled in.

The loader reads the catalog first (``load_messages``) and hands it to every reader and check, which
format their problems with it; the build ships the same catalog to the browser (``as_json``), where
the record form fills the same placeholders the same way: ``{name}`` (lower-case letters and
underscores) is replaced by its value, every other character is kept, so a message reads the same in
the terminal and the form. There is no default catalog: a project copy's own file is the one used.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .datafile import DataFile, read_yaml
from .problems import ContentError

MESSAGES_FILE = "messages.yml"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
TEXT_KEYS = (
    "required_empty", "required_missing", "example", "not_in_vocabulary", "vocabulary_term", "did_you_mean",
    "date_not_a_date", "date_impossible", "date_out_of_range", "date_loose", "date_order", "iso_date", "loose_date", "pattern",
    "document_number_year", "document_number_year_fixed", "length", "length_min", "length_max", "min_items",
    "unique_items", "type_wrong", "type_string", "type_array", "type_object", "type_number", "schema_other",
    "unknown_field", "template_field_refused", "id_filename", "department_folder", "law_unknown", "article_unknown",
    "title_characters", "body_empty",
)
DATE_RULE_KEYS = ("earlier", "later", "rule")


@dataclass(frozen=True)
class DateRule:
    """Two dates that must not be in the wrong order: ``later`` may not be before ``earlier``."""

    earlier: str
    later: str
    rule: str


@dataclass(frozen=True)
class Messages:
    texts: Mapping[str, str]
    date_rules: tuple[DateRule, ...]
    pattern_hints: Mapping[str, str]  # dotted field -> hint shown after a pattern message

    def text(self, key: str, **values: Any) -> str:
        return fill(self.texts[key], values)

    def hint(self, field: str, **values: Any) -> str:
        return fill(self.pattern_hints[field], values) if field in self.pattern_hints else ""

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        """“您是不是要填写…？” with the closest choice, or nothing when none is close."""
        close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
        return self.text("did_you_mean", value=close[0]) if close else ""

    def as_json(self) -> dict:
        """What the browser receives (the same texts, unformatted)."""
        return {"texts": dict(self.texts), "date_rules": [vars(r) for r in self.date_rules],
                "pattern_hints": dict(self.pattern_hints)}


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace each ``{name}`` by its value; a name without a value is left as written."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def read_messages(data_dir: Path) -> tuple[Messages | None, DataFile]:
    """(Messages or None, the DataFile with its located problems). The catalog's own problems are
    worded here: there is no catalog to word them with."""
    file = read_yaml(Path(data_dir), MESSAGES_FILE)
    data = file.data
    if not file.readable:
        return None, file
    if not isinstance(data, dict):
        file.problem("文件内容", "格式不对；应为逐行的“名称: 提示文字”；"
                               "例如：did_you_mean: \"；您是不是要填写“{value}”？\"", 1)
        return None, file
    for key in TEXT_KEYS:
        if not isinstance(data.get(key), str) or not data[key]:
            file.problem(key, "缺少这条提示文字（或不是一段文字）；程序要用它；请从版本库中恢复这一行",
                         file.line_of(key))
    hints = data.get("pattern_hints")
    if not isinstance(hints, dict) or not all(isinstance(v, str) for v in hints.values()):
        file.problem("pattern_hints", "格式不对；应为“字段: 提示文字”的列表；例如：id: \"；只能用小写英文字母\"",
                     file.line_of("pattern_hints"))
        hints = {}
    rules = []
    for index, entry in enumerate(data.get("date_rules") or []):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in DATE_RULE_KEYS):
            file.problem(f"date_rules[{index}]", "格式不对；每项写 earlier、later 和 rule 三个字段",
                         file.line_of(f"date_rules[{index}]"))
            continue
        rules.append(DateRule(*(entry[k] for k in DATE_RULE_KEYS)))
    if file.problems:
        return None, file
    texts = MappingProxyType({key: data[key] for key in TEXT_KEYS})
    return Messages(texts, tuple(rules), MappingProxyType(dict(hints))), file


def load_messages(root: Path) -> Messages:
    """The catalog of the project at ``root``; ContentError with its located problems if it is broken."""
    messages, file = read_messages(Path(root) / "data")
    if messages is None:
        raise ContentError(file.problems)
    return messages
