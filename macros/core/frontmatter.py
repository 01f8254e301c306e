"""Department files: Markdown with YAML front matter, read safely (core/files.py) and composed
safely (core/yamlsafe.py), remembering the line of every key.

Department files are untrusted. Security limits (a department pull request is untrusted input):
- ``read_file`` reads only regular files inside the project, never through a symbolic link, and
  never more than ``MAX_FILE_BYTES``;
- the front matter goes through the guarded composer (no tags, anchors, aliases or deep nesting;
  no Jinja delimiters in values);
- a record may not be called ``index.md``, the name of the portal's own (rendered) index pages.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .files import MAX_FILE_BYTES, SourceFile, decode, inside, resolved, through_link
from .yamlsafe import FRONT_MATTER, compose_yaml, mapping_data

RESERVED_NAMES = {"index.md"}


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


def read_file(root: Path, path: Path) -> SourceFile:
    """Read a department file safely: only a regular file inside ``root``, reached without any
    symbolic link, and at most ``MAX_FILE_BYTES`` (checked before reading)."""
    given = Path(os.path.abspath(root))
    absolute = Path(os.path.abspath(path))
    base = next((r for r in (given, resolved(given)) if inside(r, absolute)), None)
    source = SourceFile(absolute.relative_to(base).as_posix() if base else absolute.as_posix())
    if base is None:
        source.problem("文件位置", "文件不在网站项目的文件夹中，不会被读取；"
                       "政策文件必须放在 docs/policies/<部门代码>/ 中", 1)
        return source
    if through_link(base, absolute) or not inside(resolved(base), absolute.resolve()):
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


def _parse_yaml(yaml_text: str, source: SourceFile) -> dict[str, Any]:
    node = compose_yaml(yaml_text, source, 2, FRONT_MATTER)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        source.problem("元数据", "元数据应为“字段名: 值”的列表；例如：title: 首次纳入规模以上统计的工业企业奖励5万元",
                       node.start_mark.line + 1)
        return {}
    return mapping_data(node, "", source, 0)


