"""Every open-data file in one table (``published_files``: address, description, how its bytes are
made): the exports (exports.py), one JSON file per record at a stable address (its id, never its
title), the schemas, the feeds (feeds.py), the calendars (calendars.py); then datapackage.json
(Frictionless Data Package) and SHA256SUMS over them.

Reproducible: no build timestamp anywhere; dates come from the records, the repository history
or the as-of date (SOURCE_DATE_EPOCH, else the commit); JSON keys are in a fixed order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..legal.review import FACET_VALUES
from ..model.addresses import GAPS_PATH, record_path, source_path
from ..model.contract import Field, contract_text
from ..model.gaps import gap_report
from ..model.portal import Portal
from .calendars import calendar, department_calendars
from .exports import (
    catalog_entry,
    catalog_json,
    csv_columns,
    csv_row,
    outcome_columns,
    outcomes_csv,
    outcomes_json,
    policies_csv,
    policies_json,
    record_json,
)
from .feeds import RSS_PATH, atom_feed, feeds_of, rss_feed

PACKAGE = "datapackage.json"
CHECKSUMS = "SHA256SUMS"
RECORD_SCHEMA = "api/policy-record.schema.json"
OUTCOMES_JSON = "api/outcomes.json"
OUTCOMES_CSV = "api/outcomes.csv"


@dataclass(frozen=True)
class Reused:
    """An open-data file an earlier build made from the same inputs: the cached file and its SHA-256
    (for SHA256SUMS, so the file is not read again)."""

    file: Path
    sha256: str


@dataclass(frozen=True)
class PublishedFile:
    """One open-data file: its address, its description (the open-data page and datapackage.json
    list it) and how its bytes are made."""

    path: str
    title: str
    format: str
    mediatype: str
    description: str
    content: Callable[[], bytes] = field(compare=False, repr=False)


def record_source(portal: Portal, p) -> dict:
    return {"id": p.id, "path": f"docs/{p.path}", "text": portal.texts[p.id]}


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


# -- the schema of an exported record, derived from the contract ------------------------------------

def _value_schema(portal: Portal, spec: Field) -> dict:
    if spec.vocabulary:
        item: dict = {"type": "object", "additionalProperties": False, "required": ["code", "name"],
                      "properties": {"code": {"enum": portal.vocabularies[spec.vocabulary].codes},
                                     "name": {"type": "string"}}}
    elif spec.display == "legal-refs":
        item = {"type": "object", "additionalProperties": False, "required": ["law", "article", "url"],
                "properties": {"law": {"type": "string"}, "article": {"type": "string"}, "url": {"type": "string"}}}
    elif spec.is_date:
        item = {"type": "string", "format": "date"}
    elif spec.has_objects:
        item = {"type": "object", "additionalProperties": False, "required": [c.name for c in spec.children],
                "properties": {c.name: _field_schema(portal, c) for c in spec.children}}
    else:
        item = {"type": (spec.schema.get("items") or {}).get("type", "string") if spec.is_list else spec.type}
    return {"type": "array", "items": item} if spec.is_list else item


def _field_schema(portal: Portal, spec: Field) -> dict:
    schema = _value_schema(portal, spec)
    if not spec.required and not spec.is_list:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"title": spec.title, "description": spec.description, **schema}


def record_schema(portal: Portal) -> dict:
    """JSON Schema of api/policies/<id>.json and of each item of api/policies.json."""
    fields = {spec.name: _field_schema(portal, spec) for spec in portal.contract.fields}
    computed = {
        "url": {"title": "网址", "description": "政策页面的站内路径", "type": "string"},
        "year": {"title": "年份", "description": "发布、成文或文号中的年份",
                 "anyOf": [{"type": "integer"}, {"type": "null"}]},
        "status": {"title": "有效状态", "description": "按 as_of 日期计算的有效状态", "type": "object",
                   "required": ["code", "name", "as_of"], "additionalProperties": False,
                   "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "as_of": {"type": "string", "format": "date"}}},
        "review": {"title": "复核状态", "description": "按 as_of 日期计算：所依据的法律法规已被修订或已过下次核对日期的，为待复核（flagged），"
                                                       "flags 列出原因；否则为无需复核（clear）",
                   "type": "object", "required": ["code", "name", "as_of", "flags"], "additionalProperties": False,
                   "properties": {"code": {"enum": list(FACET_VALUES)}, "name": {"type": "string"},
                                  "as_of": {"type": "string", "format": "date"},
                                  "flags": {"type": "array", "items": {
                                      "type": "object", "additionalProperties": False,
                                      "required": ["kind", "message", "detail", "url"],
                                      "properties": {"kind": {"enum": ["superseded", "overdue"]},
                                                     "message": {"type": "string"}, "detail": {"type": "string"},
                                                     "url": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}}}},
    }
    properties = {"id": fields.pop("id"), "url": computed["url"], **fields, "year": computed["year"],
                  "status": computed["status"], "review": computed["review"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "惠企政策开放数据记录",
            "type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


# -- the files and their description ----------------------------------------------------------------

@dataclass(frozen=True)
class RecordRows:
    """A record's part of the open data: its JSON text (its file api/policies/<id>.json and its entry
    in api/policies.json), its line of api/policies.csv and its entry in api/catalog.json."""

    json: str
    csv: str
    catalog: str


class RecordParts:
    """Each record's ``RecordRows``, made once per build, or from ``known`` (record id -> the rows an
    earlier build made from the same inputs: plugin/cache.py); ``made`` holds the ones made here."""

    def __init__(self, portal: Portal, known: Mapping[str, RecordRows] | None = None):
        self.portal, self.known = portal, known or {}
        self.made: dict[str, RecordRows] = {}

    def __call__(self, p) -> RecordRows:
        found = self.known.get(p.id) or self.made.get(p.id)
        if found is None:
            found = self.made[p.id] = RecordRows(record_json(self.portal, p), csv_row(self.portal, p),
                                                 catalog_entry(self.portal, p))
        return found

    def json(self, p) -> str:
        return self(p).json

    def csv(self, p) -> str:
        return self(p).csv

    def catalog(self, p) -> str:
        return self(p).catalog


def published_files(portal: Portal, site_url: str = "", rows: RecordParts | None = None) -> list[PublishedFile]:
    """The one table of the open-data files (datapackage.json and SHA256SUMS aside), in the order
    datapackage.json lists them; ``site_url`` makes the feeds' and calendars' absolute links."""
    def json_file(data: Callable[[], Any]) -> Callable[[], bytes]:
        return lambda: _json(data())
    rows = rows or RecordParts(portal)

    files = [
        PublishedFile("api/policies.json", "全部政策（JSON）", "json", "application/json",
                      "每条政策的全部字段，含有效状态和法律依据", lambda: policies_json(portal, rows.json).encode()),
        PublishedFile("api/policies.csv", "全部政策（CSV）", "csv", "text/csv",
                      "每条政策一行，UTF-8 带 BOM，可用 Excel/WPS 打开；子字段各占一列", lambda: policies_csv(portal, rows.csv).encode()),
        PublishedFile(OUTCOMES_JSON, "兑现情况（JSON）", "json", "application/json",
                      "报告写明的已兑现结果（金额、受益企业数），每项一条，含所属政策、期间和报告原文",
                      lambda: outcomes_json(portal).encode()),
        PublishedFile(OUTCOMES_CSV, "兑现情况（CSV）", "csv", "text/csv",
                      "与 api/outcomes.json 相同的结果，每项一行，UTF-8 带 BOM", lambda: outcomes_csv(portal).encode()),
        PublishedFile("api/catalog.json", "筛选和匹配数据", "json", "application/json",
                      "目录筛选和政策匹配在浏览器中使用的精简数据", lambda: catalog_json(portal, rows.catalog).encode()),
        PublishedFile("api/policy.schema.json", "政策文件格式", "json", "application/schema+json",
                      "政策文件元数据的格式（JSON Schema），即投稿时检查所用的规定",
                      lambda: contract_text(portal.contract.schema).encode()),  # as data/ holds it
        PublishedFile(RECORD_SCHEMA, "开放数据记录格式", "json", "application/schema+json",
                      "api/policies/<id>.json 和 api/policies.json 中每条记录的格式（JSON Schema）",
                      json_file(lambda: record_schema(portal))),
        PublishedFile(RSS_PATH, "政策更新（RSS）", "rss", "application/rss+xml", "全站最近变更的政策（RSS 2.0）",
                      lambda: rss_feed(portal, site_url)),
    ]
    for feed in feeds_of(portal):
        files.append(PublishedFile(feed.path, f"订阅：{feed.title}", "atom", "application/atom+xml",
                                   f"{feed.title}最近变更的政策（Atom）",
                                   lambda feed=feed: atom_feed(portal, feed, site_url)))
    files.append(PublishedFile("calendar/all.ics", "日历：全部", "ics", "text/calendar",
                               "写明日期的申请期、申请截止日期和有效期截止日期",
                               lambda: calendar(portal, "申请期限和有效期", portal.policies, site_url)))
    for path, term, policies in department_calendars(portal):
        files.append(PublishedFile(path, f"日历：{term.name}", "ics", "text/calendar",
                                   f"{term.name}负责的政策中写明日期的申请期和截止日期",
                                   lambda term=term, policies=policies: calendar(portal, term.name, policies, site_url)))
    files.append(PublishedFile(GAPS_PATH, "政策信息缺口", "json", "application/json",
                               "各部门已收录的政策条数、每条缺少的关键信息、超过下次核对日期的记录和还没有记录的部门",
                               json_file(lambda: gap_report(portal))))
    for p in portal.policies:
        files.append(PublishedFile(record_path(p.id), p.title, "json", "application/json",
                                   f"政策记录 {p.id}（地址只由 id 决定，标题改变时不变）",
                                   lambda p=p: (rows.json(p) + "\n").encode()))
    for p in portal.policies:
        files.append(PublishedFile(source_path(p.id), f"{p.title}（政策文件原文）", "json", "application/json",
                                   f"政策文件 docs/{p.path} 的全文（text）和路径（path），在线表单打开这条政策时读取",
                                   json_file(lambda p=p: record_source(portal, p))))
    return files


def _table_schema(portal: Portal) -> dict:
    def kind(spec: Field) -> str:
        if spec.is_date:
            return "date"
        return {"number": "number", "integer": "integer"}.get(spec.type, "string") if not spec.is_list else "string"
    fields = [{"name": header, "type": kind(child or spec), "title": (child or spec).title,
               "description": (child or spec).description} for header, spec, child in csv_columns(portal)]
    fields += [{"name": "year", "type": "integer", "title": "年份"}, {"name": "status", "type": "string", "title": "有效状态"},
               {"name": "review", "type": "string", "title": "复核状态", "description": "待复核的原因；无需复核时为“无需复核”"},
               {"name": "url", "type": "string", "title": "网址"}]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def _outcomes_table_schema(portal: Portal) -> dict:
    fields = [{"name": header, "type": kind, "title": title, "description": description}
              for header, title, description, kind in outcome_columns(portal)]
    return {"fields": fields, "missingValues": [""]}


def datapackage(portal: Portal, files: list[PublishedFile]) -> dict:
    about = portal.open_data
    resources = []
    for f in files:
        resource = {"name": f.path.replace("/", "-").replace(".", "-").lower(), "path": f.path, "title": f.title,
                    "description": f.description, "format": f.format, "mediatype": f.mediatype, "encoding": "utf-8"}
        if f.path == "api/policies.csv":
            resource.update(type="table", encoding="utf-8-sig", schema=_table_schema(portal))
        elif f.path == OUTCOMES_CSV:
            resource.update(type="table", encoding="utf-8-sig", schema=_outcomes_table_schema(portal))
        else:  # read as a whole (a schema file is data here, not a table schema to apply)
            resource["type"] = "json" if f.format == "json" else "file"
        resources.append(resource)
    report = next((d for d in portal.documents if d.kind == "report"), None)
    return {
        "name": about.name, "title": about.title, "description": about.description,
        "created": f"{portal.as_of.isoformat()}T00:00:00+08:00",
        "x-commit": portal.history.head,
        "licenses": about.licenses_json(),
        "sources": [{"title": report.title, "path": report.url}] if report else [],
        "resources": resources,
    }


def sha256(content: bytes | Reused) -> str:
    return content.sha256 if isinstance(content, Reused) else hashlib.sha256(content).hexdigest()


def checksums(files: Mapping[str, bytes | Reused]) -> bytes:
    """``sha256sum -c SHA256SUMS`` from the site's root checks every open-data file."""
    lines = (f"{sha256(content)}  {path}\n" for path, content in sorted(files.items()))
    return "".join(lines).encode()


def open_data_files(portal: Portal, site_url: str, reused: Mapping[str, Reused] | None = None,
                    rows: RecordParts | None = None) -> dict[str, bytes | Reused]:
    """Every open-data file's bytes (or, for those in ``reused``, an earlier build's file): the table's,
    then datapackage.json and SHA256SUMS over them all. ``rows``: the records' parts (RecordParts)."""
    reused = reused or {}
    table = published_files(portal, site_url, rows)
    files = {f.path: reused.get(f.path) or f.content() for f in table}
    files[PACKAGE] = _json(datapackage(portal, table))
    files[CHECKSUMS] = checksums(files)
    return files
