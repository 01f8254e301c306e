"""A record's reference to an article of a law: ``sme-law#第八条``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegalRef:
    """A ``legal_basis`` entry, ``sme-law#第八条``: the law's code and the article."""

    law: str
    article: str

    @property
    def key(self) -> str:
        return f"{self.law}#{self.article}"
