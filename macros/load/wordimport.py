"""Reading and checking data/wordimport.yml, the rules of Word import (model/wordimport.py): every
pattern compiles, every limit is a whole number, every numbering format is one of the known kinds."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.datafile import DataFile, read_yaml
from ..core.messages import Messages, load_messages
from ..core.problems import ContentError
from ..model.wordimport import NUMBERS, PATTERNS, WORD_RULES_FILE, WordRules, lookup

FORMAT_KINDS = ("digits", "counting", "symbols", "letters", "roman", "none")


def read_word_rules(data_dir: Path, messages: Messages) -> tuple[WordRules | None, DataFile]:
    file = read_yaml(Path(data_dir), WORD_RULES_FILE, messages)
    if not file.readable:
        return None, file
    data = file.data
    for dotted in (*PATTERNS, *NUMBERS, "numbering.formats", "numbering.fallback", "metadata.digits"):
        try:
            value = lookup(data, dotted)
        except KeyError:
            file.say("import.rule_missing", dotted, file.line_of(dotted))
            continue
        if dotted in NUMBERS and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            file.say("import.rule_number", dotted, file.line_of(dotted), name=dotted.rsplit(".", 1)[-1])
    formats = data.get("numbering", {}).get("formats") if isinstance(data.get("numbering"), dict) else None
    for name, spec in (formats or {}).items():
        kinds = [k for k in spec if k in FORMAT_KINDS] if isinstance(spec, dict) else []
        if len(kinds) != 1 or set(spec) - {kinds[0], "width"} or next(iter(spec)) != kinds[0]:
            file.say("import.rule_format", f"numbering.formats.{name}", file.line_of(f"numbering.formats.{name}"),
                     kinds="、".join(FORMAT_KINDS))
    if file.problems:
        return None, file
    try:
        return WordRules.of(data), file
    except re.error as error:
        dotted = getattr(error, "dotted", "parts")
        file.say("import.rule_pattern", dotted, file.line_of(dotted), error=error.msg)
    except KeyError as error:
        file.say("import.rule_missing", str(error.args[0]), file.line_of(str(error.args[0])))
    return None, file


def load_word_rules(root: Path) -> WordRules:
    """The checked rules alone (``python -m macros import``); ContentError if the file is wrong."""
    rules, file = read_word_rules(Path(root) / "data", load_messages(root))
    if rules is None:
        raise ContentError(file.problems)
    return rules
