"""The Word file itself: only a .docx of sane size that unpacks to a sane size is read (no .doc/.wps,
no zip bomb; the limits are data/wordimport.yml ``container``, the form checks the same in the
browser), its automatic numbering is written as the notice's own text (``numbering``), and mammoth
turns it into simple HTML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import mammoth

from ...core.messages import Messages
from ...model.wordimport import WordRules
from .model import ImportRefused
from .numbering import numbered_as_text

MB = 1024 * 1024


def check_container(path: Path, messages: Messages, rules: WordRules) -> bytes:
    """The file's bytes, if it is a .docx of sane size that unpacks to a sane size; else ImportRefused."""
    suffix = path.suffix.lower()
    if suffix in rules("container.old_formats"):
        raise ImportRefused(messages.text("import.old_format", name=path.name, suffix=suffix))
    if suffix != rules("container.suffix"):
        raise ImportRefused(messages.text("import.not_docx", name=path.name))
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportRefused(messages.text("import.file_missing", path=path)) from None
    if size > rules("container.max_bytes"):
        raise ImportRefused(messages.text("import.too_large", name=path.name, size=size // MB,
                                          limit=rules("container.max_bytes") // MB))
    raw = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(messages.text("import.not_a_zip", name=path.name)) from None
    if len(parts) > rules("container.max_parts"):
        raise ImportRefused(messages.text("import.too_many_parts", name=path.name, count=len(parts),
                                          limit=rules("container.max_parts")))
    if rules("container.document") not in {p.filename for p in parts}:
        raise ImportRefused(messages.text("import.no_document", name=path.name))
    unpacked = sum(p.file_size for p in parts)
    ratio, floor = rules("container.max_ratio"), rules("container.ratio_from_bytes")
    inflated = [p for p in parts if p.file_size > floor and p.file_size > ratio * max(p.compress_size, 1)]
    if unpacked > rules("container.max_unpacked_bytes") or inflated:
        raise ImportRefused(messages.text("import.zip_bomb", name=path.name, size=unpacked // MB))
    return raw


def to_html(name: str, raw: bytes, messages: Messages, rules: WordRules) -> str:
    try:
        return mammoth.convert_to_html(io.BytesIO(numbered_as_text(raw, rules))).value
    except Exception:  # mammoth reads untrusted XML: any failure is a broken file, never a traceback
        raise ImportRefused(messages.text("import.broken", name=name)) from None
