"""What an import yields: a refusal with its message, the values guessed with why, the draft."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportRefused(Exception):
    """A file that is not imported, with the message for the clerk (nothing was written); every
    message of an import is worded by the project's catalog (``import.…``)."""


@dataclass(frozen=True)
class Guess:
    value: str
    note: str  # why this value, for the clerk to review


@dataclass
class Draft:
    body: str
    guesses: dict[str, Guess] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
