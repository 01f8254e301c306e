"""The open-data page (开放数据): every open-data file by group, every field of a record, the commit
and the as-of date, from the one table of published files (opendata/files.py)."""

from __future__ import annotations

from ..model.addresses import record_path
from ..model.portal import Portal
from ..opendata.files import published_files, record_schema
from .render import fragment


def _type_name(schema: dict) -> str:
    if "anyOf" in schema:
        return _type_name(schema["anyOf"][0]) + "或 null"
    if schema.get("format") == "date":
        return "日期"
    if schema.get("type") == "array":
        return "列表"
    return {"string": "文字", "integer": "整数", "number": "数字", "object": "对象"}.get(schema.get("type"), "代码")


def open_data_page(portal: Portal, here: str) -> str:
    files = [f for f in published_files(portal) if not f.path.startswith(("api/policies/", "api/sources/"))]
    groups = [
        ("数据和格式", [f for f in files if f.path.startswith("api/")]),
        ("订阅（RSS / Atom）", [f for f in files if f.format in ("rss", "atom")]),
        ("日历（iCalendar）", [f for f in files if f.format == "ics"]),
    ]
    fields = [(name, prop.get("title", name), _type_name(prop), prop.get("description", ""))
              for name, prop in record_schema(portal)["properties"].items()]
    example = record_path(portal.policies[0].id) if portal.policies else None
    return fragment(portal, "open-data.html", here=here, groups=groups, records=len(portal.policies), example=example,
                    fields=fields, commit=portal.history.head, dirty=portal.history.dirty,
                    as_of=portal.as_of.isoformat())
