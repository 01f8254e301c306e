"""The record exports: api/policies.json, api/policies.csv and api/catalog.json (opendata.py adds
the rest of the open data). Every field and column comes from the record contract
(model/contract.py): a field added to data/policy.schema.json appears here without an edit."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import partial
from typing import Any

from ..core.sanitize import csv_cell
from ..legal.review import FACET_VALUES, facet_value
from ..model.addresses import site_relative
from ..model.contract import Field
from ..model.outcomes import OutcomeFigure, amount_text
from ..model.portal import Portal
from ..model.records import Policy
from ..model.routes import NOT_STATED
from ..model.rules import browser_rules
from ..model.status import STATUSES

# -- one field, as data -------------------------------------------------------------------------

def field_json(portal: Portal, spec: Field, value: Any) -> Any:
    """A record value as JSON: codes with their names, dates as ISO text, sub-records as objects."""
    if spec.is_list:
        return [_item_json(portal, spec, item) for item in value]
    return None if value is None else _item_json(portal, spec, value)


def _item_json(portal: Portal, spec: Field, value: Any) -> Any:
    if spec.vocabulary:
        return {"code": value, "name": portal.term(spec.vocabulary, value).name}
    if spec.display == "legal-refs":
        return {"law": value.law, "article": value.article, "url": f"{portal.document(value.law).url}#{value.article}"}
    if spec.is_date:
        return value.isoformat()
    if spec.has_objects:
        item = {child.name: field_json(portal, child, getattr(value, child.name)) for child in spec.children}
        if spec.display == "sources":
            item["url"] = site_relative(item["url"])
        return item
    return value


def field_text(portal: Portal, spec: Field, value: Any) -> str:
    """A record value as one line of text (CSV cells, search documents)."""
    if spec.is_list:
        separator = " " if spec.display == "legal-refs" else "、" if spec.vocabulary else "；"
        return separator.join(_item_text(portal, spec, item) for item in value)
    return "" if value is None else _item_text(portal, spec, value)


def _item_text(portal: Portal, spec: Field, value: Any) -> str:
    if spec.vocabulary:
        return portal.term(spec.vocabulary, value).name
    if spec.display == "legal-refs":
        return value.key
    if spec.is_date:
        return value.isoformat()
    if spec.has_objects:
        return "，".join(t for t in (field_text(portal, c, getattr(value, c.name)) for c in spec.children) if t)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- api/policies.json ------------------------------------------------------------------------------

def policy_record(portal: Portal, p: Policy) -> dict:
    record: dict[str, Any] = {"id": p.id, "url": p.url}
    for spec in portal.contract.fields:
        record[spec.name] = field_json(portal, spec, p.value(spec.name))
    status = portal.status(p)
    record["year"] = p.year
    record["status"] = {"code": status, "name": STATUSES[status], "as_of": portal.as_of.isoformat()}
    record["review"] = review_json(portal, p)
    return record


def review_json(portal: Portal, p: Policy) -> dict:
    """A record's review state (macros/legal/review.py): 待复核 and why, or 无需复核, as of the build."""
    flags = portal.review_flags(p)
    code = facet_value(flags)
    return {"code": code, "name": FACET_VALUES[code], "as_of": portal.as_of.isoformat(),
            "flags": [flag.as_dict() for flag in flags]}


def record_json(portal: Portal, p: Policy) -> str:
    """A record's open data as JSON text: its file api/policies/<id>.json, and its entry in
    api/policies.json (indented two levels deeper there)."""
    return json.dumps(policy_record(portal, p), ensure_ascii=False, indent=1)


def policies_json(portal: Portal, record_text: Callable[[Policy], str] | None = None) -> str:
    """Every record's open data: what ``json.dumps(..., indent=1)`` gives for the whole, made of each
    record's own text (``record_text``: ``record_json``, or the text of its file an earlier build made)."""
    record_text = record_text or partial(record_json, portal)
    head = json.dumps({"name": portal.site["site_name"], "as_of": portal.as_of.isoformat(),
                       "count": len(portal.policies)}, ensure_ascii=False, indent=1)
    entries = ",\n  ".join(record_text(p).replace("\n", "\n  ") for p in portal.policies)
    listed = f"[\n  {entries}\n ]" if portal.policies else "[]"
    return head.removesuffix("\n}") + f',\n "policies": {listed}\n}}'


# -- api/policies.csv ---------------------------------------------------------------------------------

def csv_columns(portal: Portal) -> list[tuple[str, Field, Field | None]]:
    """(header, field, sub-field): a field per column; an object's sub-fields get a column each."""
    columns = []
    for spec in portal.contract.fields:
        if not spec.in_csv:
            continue
        if spec.has_objects and not spec.is_list:
            columns += [(f"{spec.name}.{child.name}", spec, child) for child in spec.children]
        else:
            columns.append((spec.name, spec, None))
    return columns


def _cell(portal: Portal, p: Policy, spec: Field, child: Field | None) -> str:
    value = p.value(spec.name)
    if child is None:
        return field_text(portal, spec, value)
    return "" if value is None else field_text(portal, child, getattr(value, child.name))


def _csv_line(cells) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def csv_row(portal: Portal, p: Policy) -> str:
    """A record's line of api/policies.csv."""
    cells = [_cell(portal, p, spec, child) for _, spec, child in csv_columns(portal)]
    flags = portal.review_flags(p)
    review = "；".join(flag.message for flag in flags) or FACET_VALUES[facet_value(flags)]
    cells += [p.year or "", STATUSES[portal.status(p)], review, p.url]
    return _csv_line(csv_cell(cell) for cell in cells)


def policies_csv(portal: Portal, row: Callable[[Policy], str] | None = None) -> str:
    """Every record's line (``row``: ``csv_row``, or the line an earlier build made of the same record)."""
    row = row or partial(csv_row, portal)
    header = _csv_line([header for header, _, _ in csv_columns(portal)] + ["year", "status", "review", "url"])
    return "\ufeff" + header + "".join(row(p) for p in portal.policies)  # BOM: Excel on Windows reads it as UTF-8


# -- api/outcomes.json and api/outcomes.csv: what the reports say was delivered -----------------------

# (column, title, description) of what an outcome row adds to the contract's own sub-fields
OUTCOME_CONTEXT = (
    ("policy", "政策编号", "这项结果所属政策的 id"),
    ("policy_title", "政策标题", "这项结果所属政策的标题"),
    ("department", "负责部门", "政策的负责部门名称"),
    ("kind", "支持方式", "政策的第一项支持方式（兑现情况页面按它归类）"),
    ("one_off", "一次性兑现年份", "政策只是往年一次性兑现时的年份，否则为空"),
    ("record_url", "网址", "政策页面上这项结果的站内地址"),
    ("source_url", "原文网址", "来源原文中写明这项结果的段落的站内地址"),
)


def outcome_row(portal: Portal, figure: OutcomeFigure) -> dict:
    """One outcome as data: its record, the contract's sub-fields of ``outcomes``, where its source says it."""
    p = figure.policy
    spec = portal.contract.field("outcomes")
    row: dict[str, Any] = {"policy": p.id, "policy_title": p.title,
                           "department": {"code": p.department, "name": portal.term("department", p.department).name},
                           "kind": {"code": figure.kind, "name": portal.term("support_type", figure.kind).name},
                           "one_off": p.delivered}
    row.update({child.name: field_json(portal, child, getattr(figure.outcome, child.name)) for child in spec.children})
    row.update(record_url=figure.record_url, source_url=figure.source_url)
    return row


def outcomes_json(portal: Portal) -> str:
    data = {"name": portal.site["site_name"], "as_of": portal.as_of.isoformat(), "count": len(portal.outcomes),
            "outcomes": [outcome_row(portal, f) for f in portal.outcomes]}
    return json.dumps(data, ensure_ascii=False, indent=1)


def outcome_columns(portal: Portal) -> list[tuple[str, str, str, str]]:
    """(header, title, description, type) of api/outcomes.csv: the record's context, then every
    sub-field of ``outcomes`` in contract order."""
    children = [(c.name, c.title, c.description, "number" if c.type == "number" else "string")
                for c in portal.contract.field("outcomes").children]
    context = [(name, title, description, "integer" if name == "one_off" else "string")
               for name, title, description in OUTCOME_CONTEXT]
    return context[:5] + children + context[5:]


def outcomes_csv(portal: Portal) -> str:
    columns = [header for header, *_ in outcome_columns(portal)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for figure in portal.outcomes:
        row = outcome_row(portal, figure)
        cells = [row[c]["name"] if isinstance(row[c], dict) else row[c] for c in columns]
        writer.writerow(csv_cell("" if cell is None else amount_text(cell) if isinstance(cell, (int, float)) else cell)
                        for cell in cells)
    return "\ufeff" + out.getvalue()


# -- api/catalog.json (the catalog filters and the matcher, in the browser) ------------------------------

def _catalog_value(portal: Portal, spec: Field, value: Any) -> Any:
    if spec.vocabulary:
        return list(value) if spec.is_list else value  # codes; names are in "vocabularies"
    return field_json(portal, spec, value)


def catalog_row(portal: Portal, p: Policy) -> dict:
    """The fields the contract marks ``catalog`` (a sub-field's name: only that part), plus url, year
    the review state (the ``review`` facet's code, and the flags' messages for the matcher) and how to
    act on it (``next_step``: the department's own contact when known, the codes of the hotlines that fit)."""
    flags = portal.review_flags(p)
    row: dict[str, Any] = {"id": p.id, "url": p.url, "year": p.year, "review": facet_value(flags),
                           "review_flags": [flag.message for flag in flags], "next_step": portal.next_step(p).as_dict()}
    for spec in portal.contract.fields:
        part = spec.in_catalog
        if not part:
            continue
        value = p.value(spec.name)
        if isinstance(part, str):
            child = next(c for c in spec.children if c.name == part)
            row[spec.name] = field_json(portal, child, getattr(value, part) if value is not None else child.empty())
        else:
            row[spec.name] = _catalog_value(portal, spec, value)
    return row


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def catalog_entry(portal: Portal, p: Policy) -> str:
    """A record's entry in api/catalog.json."""
    return _compact(catalog_row(portal, p))


def catalog_json(portal: Portal, entry: Callable[[Policy], str] | None = None) -> str:
    """Compact data for the catalog filters and the matcher (loaded by assets/js/finder.js); each
    record's entry is ``entry``'s (``catalog_entry``, or the entry an earlier build made of it)."""
    entry = entry or partial(catalog_entry, portal)
    vocab = {name: [[t.code, t.name] for t in v.terms] for name, v in portal.vocabularies.items()}
    rules = {t.code: t.match.as_dict() for t in portal.vocabularies["beneficiaries"].terms}
    data = {"as_of": portal.as_of.isoformat(), "rules": browser_rules(), "vocabularies": vocab,
            "beneficiary_rules": rules, "matcher": portal.matcher.as_dict(), "not_stated": NOT_STATED,
            "hotlines": {h.code: h.as_dict() for h in portal.hotlines},
            "entitlements": [portal.entitlement(e.beneficiary) for e in portal.entitlements]}
    entries = ",".join(entry(p) for p in portal.policies)  # what dumping the list whole gives
    return _compact(data).removesuffix("}") + f',"policies":[{entries}]}}'
