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
            return SourceFile(found.path, messages, **unpacked(kept, found.raw)), readable
        source, readable = make()
        self.cache.put_value(KIND, key, (packed(source, found.raw), readable))
        return source, readable


def packed(source: SourceFile, raw: bytes) -> dict:
    """What is kept of a record read and checked, without repeating its bytes: a text that is the
    file's bytes as UTF-8 is kept as None, and a body that ends the text as its length (the cache
    holds a quarter of the bytes, and reads back faster)."""
    kept = {name: getattr(source, name) for name in KEPT}
    if source.text == as_utf8(raw):
        kept["text"] = None
    if source.text.endswith(source.body):
        kept["body"] = len(source.body)
    return kept


def unpacked(kept: dict, raw: bytes) -> dict:
    """``packed``, undone with the same bytes (the key covers them)."""
    text = raw.decode("utf-8") if kept["text"] is None else kept["text"]
    body = text[len(text) - kept["body"]:] if isinstance(kept["body"], int) else kept["body"]
    return {**kept, "text": text, "body": body}


def as_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
