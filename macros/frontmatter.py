"""Read Markdown files with YAML front matter safely, remembering the line of every key.

Department files are untrusted: they are decoded strictly, parsed with PyYAML's safe
composer (no tags are constructed, no aliases are followed) and size-limited. Problems are
returned as ``Problem`` values with the line in the clerk's file; nothing here raises on bad
input. The same composer reads the portal's own data files (``compose_yaml``, ``yaml_data``;
see datareader.py), whose lines start at 1 rather than below an opening ``---``.

Security limits (a department pull request is untrusted input to the build):
- ``read_file`` reads only regular files inside the project, never through a symbolic link, and
  never more than ``MAX_FILE_BYTES``;
- while the YAML is composed, anchors and aliases (alias bombs) and nesting deeper than
  ``MAX_EVENT_DEPTH`` (which would exhaust Python's recursion in the composer) stop at the
  first offending line with one message, before anything is built from them;
- metadata values may not contain Jinja delimiters (``{{``, ``{%``, ``{#``): record values are
  shown on the portal's own pages, which are template-rendered;
- a record may not be called ``index.md``, the name of the portal's own (rendered) index pages.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .problems import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 6
MAX_EVENT_DEPTH = 32  # nesting refused while composing, long before Python's recursion limit
TEMPLATE_DELIMITERS = ("{{", "{%", "{#")  # Jinja's (mkdocs-macros' defaults)
RESERVED_NAMES = {"index.md"}
STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
FENCE = re.compile(r"^---[ \t]*$", re.M)


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


@dataclass
class SourceFile:
    """A decoded Markdown file: its front matter as plain Python data and key lines."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # "amount.value" -> line
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    normalised: list[str] = field(default_factory=list)  # notes on accepted fixes
    text: str = field(default="", repr=False)  # the whole decoded file (UTF-8, LF), as the clerk wrote it

    def line_of(self, key: str) -> int:
        """Line of a dotted key, falling back to its nearest parent, then line 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1

    def problem(self, field_name: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.line_of(field_name), field_name, message))


def decode(raw: bytes, source: SourceFile) -> str | None:
    """Decode UTF-8 (BOM accepted); GB18030 files are accepted and noted; CRLF normalised."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        source.normalised.append("去掉了文件开头的 BOM 标记")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
            source.normalised.append("文件是 GBK/GB18030 编码，已按 GB18030 读取；建议另存为 UTF-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            source.problem("文件", "文件编码无法识别；应为 UTF-8 编码；例如用记事本“另存为”时选择“UTF-8”", line)
            return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_file(root: Path, path: Path) -> SourceFile:
    """Read a department file safely: only a regular file inside ``root``, reached without any
    symbolic link, and at most ``MAX_FILE_BYTES`` (checked before reading)."""
    given = Path(os.path.abspath(root))
    absolute = Path(os.path.abspath(path))
    base = next((r for r in (given, _real(given)) if _inside(r, absolute)), None)
    source = SourceFile(absolute.relative_to(base).as_posix() if base else absolute.as_posix())
    if base is None:
        source.problem("文件位置", "文件不在网站项目的文件夹中，不会被读取；"
                       "政策文件必须放在 docs/policies/<部门代码>/ 中", 1)
        return source
    if _has_link(base, absolute) or not _inside(_real(base), absolute.resolve()):
        source.problem("文件位置", "政策文件（或它所在的文件夹）是符号链接（快捷方式），不会被读取；"
                       "请提交文件本身，不要提交链接", 1)
        return source
    try:
        info = absolute.lstat()
    except OSError:
        source.problem("文件", "文件无法读取；请确认文件存在", 1)
        return source
    if not stat.S_ISREG(info.st_mode):
        source.problem("文件", "这不是普通文件，不会被读取；请提交 Markdown 文本文件", 1)
        return source
    if info.st_size > MAX_FILE_BYTES:
        return read_source(source.path, b"", size=info.st_size)
    with open(absolute, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # a file that grew since lstat is still cut here
    return read_source(source.path, raw)


def confined(root: Path, path: Path) -> bool:
    """True if ``path`` is inside ``root`` and reached without any symbolic link."""
    given = Path(os.path.abspath(root))
    absolute = Path(os.path.abspath(path))
    base = next((r for r in (given, _real(given)) if _inside(r, absolute)), None)
    return base is not None and not _has_link(base, absolute) and _inside(_real(base), absolute.resolve())


@lru_cache(maxsize=16)
def _real(root: Path) -> Path:
    """The project folder without symbolic links: resolved once, not once per record."""
    return root.resolve()


def _inside(root: Path, absolute: Path) -> bool:
    return absolute == root or absolute.is_relative_to(root)


def _has_link(root: Path, absolute: Path) -> bool:
    """True if the file or any folder between ``root`` and it is a symbolic link."""
    if not absolute.is_relative_to(root):
        return False
    current = str(root)
    for part in absolute.relative_to(root).parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return True
    return False


def read_source(path: str, raw: bytes, size: int | None = None) -> SourceFile:
    source = SourceFile(path)
    if PurePosixPath(path).name.lower() in RESERVED_NAMES:
        source.problem("文件名", f"政策文件不能叫“{PurePosixPath(path).name}”（这是栏目首页的保留文件名）；"
                       "文件名应为政策的 id，例如 kejing-guishang-jiangli.md", 1)
        return source
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        source.problem("文件", f"文件太大（{size // 1024} KB）；一条政策应不超过 {MAX_FILE_BYTES // 1024} KB；"
                       "请把附件改为链接", 1)
        return source
    text = decode(raw, source)
    if text is None:
        return source
    source.text = text
    yaml_text, source.body, source.body_line = split_front_matter(text)
    if yaml_text is None:
        unclosed = text.startswith("---")
        what = "开头的元数据块没有结束行“---”" if unclosed else "文件开头没有元数据块"
        source.problem("元数据", f"{what}；文件第一行应为“---”，接着逐行写字段（例如 id: kejing-guishang-jiangli），"
                       "字段写完后再写一行“---”", 1)
        return source
    source.meta = _parse_yaml(yaml_text, source)
    return source


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


class _Refused(Exception):
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
            raise _Refused("不允许使用 YAML 锚点和别名（& 和 *）；请把值直接写出来", event.start_mark)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_EVENT_DEPTH:
            raise _Refused(f"嵌套层级太深（超过 {MAX_DEPTH} 层）；请按模板填写", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _compose(yaml_text: str) -> yaml.Node | None:
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
        return _compose(text)
    except _Refused as refused:
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


def _parse_yaml(yaml_text: str, source: SourceFile) -> dict[str, Any]:
    node = compose_yaml(yaml_text, source, 2, FRONT_MATTER)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        source.problem("元数据", "元数据应为“字段名: 值”的列表；例如：title: 首次纳入规模以上统计的工业企业奖励5万元",
                       node.start_mark.line + 1)
        return {}
    return _mapping(node, "", source, 0)


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
        return _mapping(node, f"{key}." if key else "", source, depth + 1)
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


def _mapping(node: yaml.MappingNode, prefix: str, source: SourceFile, depth: int) -> dict[str, Any]:
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
