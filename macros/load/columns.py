"""Reading and checking data/columns.yml: the portal's columns (the navigation's top-level sections),
what each holds and its function (model/govmeta.py), every problem with its line. That each column is a
section of the navigation, and each section a column, is checked by the build (plugin ``on_nav``)."""

from __future__ import annotations

from dataclasses import fields

from ..core.datafile import DataFile, key
from ..model.govmeta import COLUMN_TYPES, Column

EXAMPLE = "{name: 惠企政策, description: 石首市惠企政策目录, keywords: [惠企政策], type: 信息发布}"


def _texts(file: DataFile, entry: dict, at: str, name: str, example: str, required: bool) -> tuple[str, ...]:
    """A list of texts (``[惠企政策, 中小企业]``); absent and optional: ()."""
    if name not in entry and not required:
        return ()
    value = entry.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        file.say("columns.not_texts", key(at, name), file.line_of(key(at, name)), name=name, example=example)
        return ()
    return tuple(value)


def read_column(file: DataFile, entry: dict, at: str) -> Column | None:
    file.known_keys(entry, at, [f.name for f in fields(Column) if f.name != "line"])
    name = file.text(entry, at, "name", "惠企政策", required=True)
    description = file.text(entry, at, "description", "石首市惠企政策目录", required=True)
    keywords = _texts(file, entry, at, "keywords", "[惠企政策, 中小企业]", required=True)
    kind = file.text(entry, at, "type", COLUMN_TYPES[0], required=True)
    if kind is not None and kind not in COLUMN_TYPES:
        file.say("data.not_a_choice", key(at, "type"), value=kind, allowed="、".join(COLUMN_TYPES),
                 hint=file.suggest(kind, COLUMN_TYPES))
    also = _texts(file, entry, at, "also", '["policies/"]', required=False)
    if name is None or description is None or kind not in COLUMN_TYPES:
        return None
    return Column(name, description, keywords, kind, also, file.line_of(at))


def read_columns(file: DataFile) -> tuple[Column, ...]:
    """data/columns.yml: one entry per top-level section of the navigation."""
    if not file.readable:
        return ()
    entries = file.items("", file.data, file.messages.text("columns.column"), EXAMPLE)
    file.unique_codes([(key(at, "name"), entry["name"]) for at, entry in entries if isinstance(entry.get("name"), str)],
                      file.messages.text("columns.name"))
    columns = [read_column(file, entry, at) for at, entry in entries]
    return tuple(c for c in columns if c is not None)
