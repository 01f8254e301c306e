"""A located problem in a content file, and how problems are reported (in the catalog's words)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .messages import Messages


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
    """Raised when content problems must stop a build; carries every problem found (its text is their
    lines; ``report`` adds the catalog's summary)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def report(problems: list[Problem], messages: Messages) -> str:
    files = len({p.path for p in problems})
    return "\n".join([*(str(p) for p in problems), messages.text("report.summary", count=len(problems), files=files)])


def warning_line(warning: Problem, messages: Messages) -> str:
    """A warning (a review flag): located like a problem, but it fails nothing."""
    return messages.text("report.warning", path=warning.path, line=warning.line, field=warning.field,
                         message=warning.message)
