"""The rules of Word import (data/wordimport.yml), as ``make import`` and the record form both read
them: the container's limits, the body's and the metadata's patterns, Word's numbering formats.

The file's data is kept as read: the form receives it as it is (macros/site/wordform.py) and
composes and compiles its patterns the same way (overrides/assets/js/lib/wordimport.js): ``{name}``
in a pattern is the ``parts`` entry of that name (parts may name other parts, in any order: the
browser receives them sorted). The
patterns are written to mean the same in Python's ``re`` and JavaScript's ``u``-flag expressions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.messages import PLACEHOLDER

WORD_RULES_FILE = "wordimport.yml"
# Every entry that is a pattern (dotted); the code of both languages names them, the loader compiles them.
PATTERNS = (
    "parts.date",
    "body.spaces", "body.markdown_special", "body.typed_bullet", "body.markdown_start", "body.number_dot",
    "metadata.document_number.pattern", "metadata.document_number.announcement", "metadata.title.ends",
    "metadata.title.red_head", "metadata.issuer.from_title", "metadata.issuer.ends", "metadata.effective",
    "metadata.issue_day", "metadata.until", "metadata.years", "draft.slug", "numbering.not_a_list_style",
)
NUMBERS = ("container.max_bytes", "container.max_unpacked_bytes", "container.max_ratio",
           "container.ratio_from_bytes", "container.max_parts", "metadata.document_number.first_blocks",
           "metadata.title.first_blocks", "metadata.title.max_length", "metadata.title.record_title_max",
           "metadata.title.red_head_max", "metadata.written_date.last_blocks", "metadata.issuer.signature_max",
           "numbering.start", "numbering.max_list_level")


def lookup(data: Any, dotted: str) -> Any:
    """The entry at ``a.b.c``; KeyError when a step is missing or not a mapping."""
    for part in dotted.split("."):
        if not isinstance(data, Mapping) or part not in data:
            raise KeyError(dotted)
        data = data[part]
    return data


def composed_parts(parts: Mapping[str, Any]) -> dict[str, str]:
    """Each part with the parts it names filled in (in any order; re.error for a part naming itself)."""
    done: dict[str, str] = {}

    def resolve(name: str, naming: tuple[str, ...]) -> str:
        if name in naming:
            error = re.error(f"{{{name}}} names itself")
            error.dotted = f"parts.{name}"  # type: ignore[attr-defined]
            raise error
        if name not in done:
            done[name] = PLACEHOLDER.sub(lambda m: resolve(m.group(1), (*naming, name)) if m.group(1) in parts
                                         else m.group(0), str(parts[name]))
        return done[name]
    for name in parts:
        resolve(name, ())
    return done


def compose(pattern: str, parts: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: parts.get(m.group(1), m.group(0)), pattern)


@dataclass(frozen=True)
class WordRules:
    data: Mapping[str, Any]  # the file as read (what the browser receives)
    patterns: Mapping[str, re.Pattern]  # PATTERNS, composed and compiled

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> WordRules:
        """re.error (with ``.dotted``) or KeyError for an entry that is missing or does not compile."""
        parts = composed_parts(lookup(data, "parts"))
        patterns = {}
        for dotted in PATTERNS:
            text = parts["date"] if dotted == "parts.date" else compose(str(lookup(data, dotted)), parts)
            try:
                patterns[dotted] = re.compile(text)
            except re.error as error:
                error.dotted = dotted  # type: ignore[attr-defined]
                raise
        return cls(data, patterns)

    def __call__(self, dotted: str) -> Any:
        """A value of the file: ``rules("container.max_bytes")``."""
        return lookup(self.data, dotted)

    def re(self, dotted: str) -> re.Pattern:
        return self.patterns[dotted]
