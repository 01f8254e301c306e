"""A located problem in a content file, and how problems are reported."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class ContentError(Exception):
    """Raised when content problems must stop a build; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(report(self.problems))


def report(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems]
    files = len({p.path for p in problems})
    lines.append(f"共发现 {len(problems)} 个问题，涉及 {files} 个文件。请逐条修改后重新检查。")
    return "\n".join(lines)


def warning_line(warning: Problem) -> str:
    """A warning (a review flag): located like a problem, but it fails nothing."""
    return f"{warning.path}:{warning.line}: 警告：{warning.field}: {warning.message}"
