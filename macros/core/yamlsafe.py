"""YAML composed safely, for department front matter and the portal's own data files alike.

PyYAML's safe composer (libyaml when the text is plainly acceptable) with every line kept: no tags
are constructed, anchors and aliases (alias bombs) and nesting deeper than ``MAX_EVENT_DEPTH`` are
refused while composing, at the first offending line with one message; scalars may not hold Jinja
delimiters (record values are shown on the portal's own, template-rendered pages). ``yaml_data``
turns a composed node into plain data and records the line of every dotted key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .files import SourceFile

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
            source.problem(label, "这一行用了制表符（Tab）缩进；YAML 只能用空格缩进；请把 Tab 换成两个空格", number)
            found = True
        elif "\u3000" in indent:
            source.problem(label, "这一行开头用了全角空格；缩进只能用半角空格；请把全角空格换成两个半角空格", number)
            found = True
        elif KEY_WITH_FULLWIDTH_COLON.match(line) and ":" not in line.split("：", 1)[0]:
            key = line.split("：", 1)[0].strip(" -\u3000")
            source.problem(label, f"字段名“{key}”后面用了全角冒号“：”；应为半角冒号加一个空格“: ”；"
                                  "例如：title: 某某政策", number)
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

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused("不允许使用 YAML 锚点和别名（& 和 *）；请把值直接写出来", event.start_mark)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_EVENT_DEPTH:
            raise Refused(f"嵌套层级太深（超过 {MAX_DEPTH} 层）；请按模板填写", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(yaml_text: str) -> yaml.Node | None:
    plain = _compose_plain_fast(yaml_text)
    if plain is not _NOT_PLAIN:
        return plain
    loader = _GuardedLoader(yaml_text)  # the composer the problems are worded for, with the same lines
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
    syntax: str  # a line the parser cannot read
    unreadable: str  # the parser failed without naming a line


FRONT_MATTER = Wording(
    "元数据",
    "这一行的元数据格式有误（常见原因：冒号后缺空格、引号没有成对、缩进不一致）；请对照模板修改；例如：title: 某某政策",
    "元数据格式有误；请对照模板检查冒号、缩进和引号",
)
DATA_FILE = Wording(
    "YAML",
    "这一行的 YAML 格式有误（常见原因：冒号后缺空格、引号没有成对、缩进和上下行不一致）；"
    "请对照本文件中其他项的写法修改",
    "YAML 格式有误；请对照本文件中其他项的写法检查冒号、缩进和引号",
)


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
        return compose(text)
    except Refused as refused:
        source.problem(wording.label, refused.message, refused.line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        source.problem(wording.label, _yaml_message(error, text, mark, wording), mark.line + 1 if mark else first_line)
    except yaml.YAMLError:
        source.problem(wording.label, wording.unreadable, first_line)
    return None


def yaml_data(node: yaml.Node, source: SourceFile) -> Any:
    """Plain Python data of a composed root node, recording the line of every dotted key
    (``site_name``, ``[2].code``, ``needs[0].categories[1]``) in ``source.lines``."""
    return _value(node, "", source, 0)


def _yaml_message(error: yaml.MarkedYAMLError, text: str, mark: Any, wording: Wording) -> str:
    lines = text.split("\n")
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line_text:
        return "这一行有制表符（Tab）；YAML 里请用空格；请把 Tab 换成空格"
    return wording.syntax


def _value(node: yaml.Node, key: str, source: SourceFile, depth: int) -> Any:
    line = node.start_mark.line + 1
    source.lines.setdefault(key, line)
    if depth > MAX_DEPTH:
        source.problem(key, f"嵌套层级太深（超过 {MAX_DEPTH} 层）；请按模板填写", line)
        return None
    if node.tag not in STANDARD_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        source.problem(key or "文件内容", f"不允许使用 YAML 标签“{tag}”；请直接写值，不要加“!”开头的标签", line)
        return None
    if isinstance(node, yaml.MappingNode):
        return mapping_data(node, f"{key}." if key else "", source, depth + 1)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, f"{key}[{i}]", source, depth + 1) for i, item in enumerate(node.value)]
    found = sorted((node.value.index(d), d) for d in TEMPLATE_DELIMITERS if d in node.value)
    if found:
        delimiter = found[0][1]
        source.problem(key, f"不能包含模板符号“{delimiter}”（网站会把它当作程序代码）；政策信息只写文字；"
                       "请删除这些符号，或改用中文括号“【】”", line)
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
            source.problem(prefix.rstrip(".") or "元数据", "字段名必须是一个词；请对照模板修改", line)
            continue
        name = key_node.value
        dotted = prefix + name
        if name == "<<":
            source.problem(dotted, "不允许使用 YAML 合并（<<）；请把字段逐个写出来", line)
            continue
        if name in result:
            source.problem(dotted, f"字段“{name}”重复出现（第一次在第 {source.lines[dotted]} 行）；"
                           "每个字段只能写一次；请删除其中一处", line)
            continue
        source.lines[dotted] = line
        result[name] = _value(value_node, dotted, source, depth)
    return result
