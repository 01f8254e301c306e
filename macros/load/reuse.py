"""Records read and checked by an earlier build, reused when their bytes are the same (the cache's
shared key covers the checks themselves: data/, macros/, the tools' versions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from ..core.cache import Cache, digest
from ..core.files import SourceFile
from ..core.frontmatter import RawFile
from ..core.messages import Messages
from ..core.problems import Problem

KIND = "record"
KEPT = tuple(f.name for f in fields(SourceFile) if f.name not in ("path", "messages"))


class CheckedRecords:
    """``checked(found, messages, make)``: the record read and checked from these bytes (and whether
    reading found no problem), made by ``make`` only when no earlier build made it from the same
    bytes, path and as-of date."""

    def __init__(self, cache: Cache, as_of: object):
        self.cache, self.as_of = cache, as_of

    def checked(self, found: RawFile, messages: Messages,
                make: Callable[[], tuple[SourceFile, bool]]) -> tuple[SourceFile, bool]:
        key = digest(self.cache.shared_key, KIND, self.as_of, found.path, found.size, found.raw)
        cached = self.cache.value(KIND, key, (Problem,))
        if cached is not None:
            kept, readable = cached
            return SourceFile(found.path, messages, **kept), readable
        source, readable = make()
        self.cache.put_value(KIND, key, ({name: getattr(source, name) for name in KEPT}, readable))
        return source, readable
