"""The Word file itself: only a .docx of sane size that unpacks to a sane size is read (no .doc/.wps,
no zip bomb), and mammoth turns it into simple HTML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import mammoth

from ...core.messages import Messages
from .model import ImportRefused

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts of the file, as their headers declare them
MAX_RATIO = 100  # a part that unpacks to more than this many times its packed size is a zip bomb
OLD_FORMATS = {".doc", ".wps", ".wpt", ".dot", ".rtf"}


def check_container(path: Path, messages: Messages) -> bytes:
    """The file's bytes, if it is a .docx of sane size that unpacks to a sane size; else ImportRefused."""
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ImportRefused(messages.text("import.old_format", name=path.name, suffix=suffix))
    if suffix != ".docx":
        raise ImportRefused(messages.text("import.not_docx", name=path.name))
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportRefused(messages.text("import.file_missing", path=path)) from None
    if size > MAX_DOCX_BYTES:
        raise ImportRefused(messages.text("import.too_large", name=path.name, size=size // (1024 * 1024),
                                          limit=MAX_DOCX_BYTES // (1024 * 1024)))
    raw = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(messages.text("import.not_a_zip", name=path.name)) from None
    if "word/document.xml" not in {p.filename for p in parts}:
        raise ImportRefused(messages.text("import.no_document", name=path.name))
    unpacked = sum(p.file_size for p in parts)
    inflated = [p for p in parts if p.file_size > 1024 * 1024 and p.file_size > MAX_RATIO * max(p.compress_size, 1)]
    if unpacked > MAX_UNPACKED_BYTES or inflated:
        raise ImportRefused(messages.text("import.zip_bomb", name=path.name, size=unpacked // (1024 * 1024)))
    return raw


def to_html(name: str, raw: bytes, messages: Messages) -> str:
    try:
        return mammoth.convert_to_html(io.BytesIO(raw)).value
    except Exception:  # mammoth reads untrusted XML: any failure is a broken file, never a traceback
        raise ImportRefused(messages.text("import.broken", name=name)) from None
