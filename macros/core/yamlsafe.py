"""YAML composed safely, for department front matter and the portal's own data files alike.

PyYAML's safe composer (libyaml when the text is plainly acceptable) with every line kept: no tags
are constructed, anchors and aliases (alias bombs) and nesting deeper than ``MAX_EVENT_DEPTH`` are
refused while composing, at the first offending line with one message; scalars may not hold Jinja
delimiters (record values are shown on the portal's own, template-rendered pages). ``yaml_data``
turns a composed node into plain data and records the line of every dotted key. Problems are worded
by the catalog the ``SourceFile`` carries (its ``yaml.…`` messages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from .files import SourceFile

if TYPE_CHECKING:
    from .messages import Messages

MAX_DEPTH = 6
MAX_EVENT_DEPTH = 32  # nesting refused while composing, long before Python's recursion limit
TEMPLATE_DELIMITERS = ("{{", "{%", "{#")  # Jinja's (mkdocs-macros' defaults)
STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
KEY_WITH_FULLWIDTH_COLON = re.compile(r"^\s*(- )?[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff\u3000 ]*：")


def _lint_lines(yaml_text: str, source: SourceFile, first_line: int, label: str) -> bool:
    """Mistakes the YAML parser reports confusingly, or on the wrong line; True if any."""
    found = False
    for number, line in enumerate(yaml_text.split("\n"), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
        if "\t" in indent:
            source.say("yaml.tab_indent", label, number)
            found = True
        elif "\u3000" in indent:
            source.say("yaml.fullwidth_indent", label, number)
            found = True
        elif KEY_WITH_FULLWIDTH_COLON.match(line) and ":" not in line.split("：", 1)[0]:
            key = line.split("：", 1)[0].strip(" -\u3000")
            source.say("yaml.fullwidth_colon", label, number, key=key)
            found = True
    return found


class Refused(Exception):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message, self.line = message, mark.line + 1  # marks count the file's lines (see compose_yaml)


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing anchors and aliases (alias bombs) and nesting deeper than
    MAX_EVENT_DEPTH (the composer recurses once per level) before composing them: one pass."""

    _depth = 0

    def __init__(self, stream: str, messages: Messages):
        super().__init__(stream)
        self.messages = messages

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(self.messages.text("yaml.anchor"), event.start_mark)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_EVENT_DEPTH:
            raise Refused(self.messages.text("yaml.too_deep", depth=MAX_DEPTH), event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(yaml_text: str, messages: Messages) -> yaml.Node | None:
    plain = _compose_plain_fast(yaml_text)
    if plain is not _NOT_PLAIN:
        return plain
    loader = _GuardedLoader(yaml_text, messages)  # the composer the problems are worded for, with the same lines
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_NOT_PLAIN = object()
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # PyYAML's libyaml binding (in its wheels)


def _compose_plain_fast(yaml_text: str) -> Any:
    """Compose with libyaml (ten times faster than PyYAML's Python composer) when the text is
    plainly acceptable: it parses, has no anchors or aliases and is not deeply nested. Anything else
    returns _NOT_PLAIN and goes to _GuardedLoader, which words the problem. The events are checked
    as a stream first, so nothing refused is ever composed."""
    if _FAST_LOADER is None:
        return _NOT_PLAIN
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _NOT_PLAIN
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_EVENT_DEPTH:
                    return _NOT_PLAIN
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(yaml_text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return _NOT_PLAIN


@dataclass(frozen=True)
class Wording:
    """How problems with a YAML text as a whole are worded: front matter or a whole data file."""

    label: str  # the field such problems name
    syntax: str  # the catalog's key for a line the parser cannot read
    unreadable: str  # the catalog's key for a failure without a line


FRONT_MATTER = Wording("元数据", "yaml.front_matter_syntax", "yaml.front_matter_unreadable")
DATA_FILE = Wording("YAML", "yaml.data_file_syntax", "yaml.data_file_unreadable")


def compose_yaml(yaml_text: str, source: SourceFile, first_line: int, wording: Wording) -> yaml.Node | None:
    """Compose YAML that starts on line ``first_line`` of ``source``'s file with the guarded composer.

    Returns the root node, or None if the text is empty or refused (the problems, with the file's
    line numbers, are in ``source.problems``). Front matter starts on line 2, below the opening
    ``---``; a whole data file on line 1.
    """
    if _lint_lines(yaml_text, source, first_line, wording.label):
        return None
    text = "\n" * (first_line - 1) + yaml_text  # blank lines in front: every mark counts the file's lines
    try:
        return compose(text, source.messages)
    except Refused as refused:
        source.problem(wording.label, refused.message, refused.line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else first_line
        source.say("yaml.tab_in_line" if _has_tab(text, mark) else wording.syntax, wording.label, line)
    except yaml.YAMLError:
        source.say(wording.unreadable, wording.label, first_line)
    return None


def yaml_data(node: yaml.Node, source: SourceFile) -> Any:
    """Plain Python data of a composed root node, recording the line of every dotted key
    (``site_name``, ``[2].code``, ``needs[0].categories[1]``) in ``source.lines``."""
    return _value(node, "", source, 0)


def _has_tab(text: str, mark: Any) -> bool:
    """The line the parser stopped at holds a tab (its message says so, not the generic one)."""
    lines = text.split("\n")
    return bool(mark) and mark.line < len(lines) and "\t" in lines[mark.line]


def _value(node: yaml.Node, key: str, source: SourceFile, depth: int) -> Any:
    line = node.start_mark.line + 1
    source.lines.setdefault(key, line)
    if depth > MAX_DEPTH:
        source.say("yaml.too_deep", key, line, depth=MAX_DEPTH)
        return None
    if node.tag not in STANDARD_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        source.say("yaml.tag", key or "文件内容", line, tag=tag)
        return None
    if isinstance(node, yaml.MappingNode):
        return mapping_data(node, f"{key}." if key else "", source, depth + 1)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, f"{key}[{i}]", source, depth + 1) for i, item in enumerate(node.value)]
    found = sorted((node.value.index(d), d) for d in TEMPLATE_DELIMITERS if d in node.value)
    if found:
        delimiter = found[0][1]
        source.say("yaml.template_delimiter", key, line, delimiter=delimiter)
        return None
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Plain YAML scalars keep their type, except dates, which stay text for the validator."""
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in ("true", "yes", "on")
    if node.tag == "tag:yaml.org,2002:int":
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    if node.tag == "tag:yaml.org,2002:float":
        try:
            return float(node.value.replace("_", ""))
        except ValueError:
            return node.value
    return node.value


def mapping_data(node: yaml.MappingNode, prefix: str, source: SourceFile, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            source.say("yaml.key_not_a_word", prefix.rstrip(".") or "元数据", line)
            continue
        name = key_node.value
        dotted = prefix + name
        if name == "<<":
            source.say("yaml.merge", dotted, line)
            continue
        if name in result:
            source.say("yaml.duplicate_key", dotted, line, name=name, first=source.lines[dotted])
            continue
        source.lines[dotted] = line
        result[name] = _value(value_node, dotted, source, depth)
    return result
