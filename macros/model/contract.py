"""The record contract: data/policy.schema.json, read once, and everything derived from it.

The schema states every field of a policy record once: its type, whether it is required, its
Chinese label (``title``) and help (``description``), and, under ``x-portal``, where the record
page shows it and which exports carry it. From it come the loaded record class (frozen, typed),
the scaffold, the data dictionary, the JSON/CSV/catalog exports and the search documents.
Adding an optional field is one edit here (plus its vocabulary if it has one).

``x-portal`` keys of a field (all optional):
- ``section``: the block of the record page (codes in the top-level ``x-portal.sections``);
  ``null`` for fields shown elsewhere (the title, the id);
- ``display``: a special way of showing it (``facet-link``, ``amount``, ``contact``,
  ``legal-refs``, ``sources``, ``expires``, ``superseded``); otherwise it is shown by its type;
- ``show_empty`` (default true): show 暂无 when empty, or leave the row out;
- ``empty_text``: what to say when empty instead of 暂无;
- ``note``: ``description`` shows the vocabulary term's description under its name;
- ``csv`` / ``search`` (default true): whether api/policies.csv and the search index carry it;
- ``catalog``: true, or the name of one sub-field, to put it in api/catalog.json (what the
  catalog filters and the matcher read in the browser); vocabulary fields always are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.messages import Messages
from ..core.problems import ContentError, Problem
from ..legal.references import LegalRef
from .vocabularies import VOCABULARY_FIELDS, Vocabulary

SCHEMA_PATH = Path("data") / "policy.schema.json"

@dataclass(frozen=True)
class Section:
    code: str
    title: str | None
    anchor: str | None


@dataclass(frozen=True)
class Field:
    """One field of the contract (a top-level field, or a sub-field of an object)."""

    name: str
    title: str
    description: str
    type: str  # string, number, array, object
    required: bool
    schema: Mapping[str, Any] = field(repr=False)
    children: tuple[Field, ...] = ()  # sub-fields of an object, or of an array's object items
    vocabulary: str | None = None  # the vocabulary field name (data/*.yml) whose codes it holds
    portal: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    record_type: type | None = field(default=None, repr=False, compare=False)  # for objects

    @property
    def is_date(self) -> bool:
        return self.schema.get("format") == "date"

    @property
    def is_list(self) -> bool:
        return self.type == "array"

    @property
    def has_objects(self) -> bool:
        return bool(self.children)

    @property
    def section(self) -> str | None:
        return self.portal.get("section")

    @property
    def display(self) -> str | None:
        return self.portal.get("display")

    @property
    def in_csv(self) -> bool:
        return self.portal.get("csv", True)

    @property
    def in_search(self) -> bool:
        return self.portal.get("search", True)

    @property
    def in_catalog(self) -> bool | str:
        """True, a sub-field's name (the catalog carries only that part), or False.
        Vocabulary fields are always in the catalog: the filters and the matcher need them."""
        return self.portal.get("catalog", self.vocabulary is not None)

    @property
    def examples(self) -> list:
        return list(self.schema.get("examples") or [])

    def empty(self) -> Any:
        return () if self.is_list else None


class Record:
    """Base of the generated record classes: attribute access by field name."""

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class Contract:
    schema: Mapping[str, Any] = field(repr=False)
    fields: tuple[Field, ...]
    sections: tuple[Section, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.schema.get("required") or ())

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def in_section(self, code: str) -> tuple[Field, ...]:
        return self.by_section.get(code, ())

    @cached_property
    def by_section(self) -> Mapping[str, tuple[Field, ...]]:
        """Section code -> its fields in contract order (the record page asks once per section)."""
        return MappingProxyType({s.code: tuple(f for f in self.fields if f.section == s.code) for s in self.sections})

    def convert(self, meta: Mapping[str, Any]) -> dict[str, Any]:
        """Checked front matter -> keyword arguments of the record class (typed values)."""
        return {f.name: convert(f, meta.get(f.name)) for f in self.fields}


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def convert(spec: Field, value: Any) -> Any:
    """A checked YAML value -> its typed form: dates, tuples, frozen sub-records, LegalRef."""
    if _blank(value):
        return spec.empty()
    if spec.is_list:
        items = [v for v in value if not _blank(v)]
        return tuple(_convert_item(spec, item) for item in items)
    return _convert_item(spec, value)


def _convert_item(spec: Field, value: Any) -> Any:
    if spec.display == "legal-refs":
        return LegalRef(*value.split("#", 1))
    if spec.is_date:
        return date.fromisoformat(value)
    if spec.has_objects:
        return spec.record_type(**{c.name: convert(c, value.get(c.name)) for c in spec.children})
    return value


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _field(name: str, prop: Mapping[str, Any], required: bool, top_level: bool) -> Field:
    item = prop.get("items") or {}
    holder = item if prop.get("type") == "array" else prop
    child_required = set(holder.get("required") or ())
    children = tuple(_field(n, p, n in child_required, False) for n, p in (holder.get("properties") or {}).items())
    record_type = None
    if children:
        record_type = make_dataclass(_class_name(name), [(c.name, Any, field(default=c.empty())) for c in children],
                                     bases=(Record,), frozen=True)
    return Field(
        name=name, title=str(prop.get("title") or name), description=str(prop.get("description") or ""),
        type=str(prop.get("type") or "string"), required=required, schema=MappingProxyType(dict(prop)),
        children=children, vocabulary=name if top_level and name in VOCABULARY_FIELDS else None,
        portal=MappingProxyType(dict(prop.get("x-portal") or {})), record_type=record_type,
    )


def contract_of(schema: Mapping[str, Any], messages: Messages) -> Contract:
    required = set(schema.get("required") or ())
    fields = tuple(_field(name, prop, name in required, True) for name, prop in schema["properties"].items())
    sections = tuple(Section(s["code"], s.get("title"), s.get("anchor"))
                     for s in (schema.get("x-portal") or {}).get("sections") or ())
    known = {s.code for s in sections}
    stray = [f for f in fields if f.section is not None and f.section not in known]
    if stray:
        choices = "、".join(sorted(known))
        raise ContentError([Problem(str(SCHEMA_PATH), 1, f.name,
                                    messages.text("contract.unknown_section", section=f.section, choices=choices))
                            for f in stray])
    return Contract(schema, fields, sections)


def schema_with_vocabularies(schema: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary]) -> dict:
    """The schema with every vocabulary field's enum filled from data/*.yml."""
    filled = json.loads(json.dumps(schema))
    for name, vocabulary in vocabularies.items():
        prop = filled["properties"][name]
        target = prop["items"] if prop.get("type") == "array" else prop
        target["enum"] = vocabulary.codes
    return filled


def contract_text(schema: Mapping[str, Any]) -> str:
    """The contract as data/policy.schema.json holds it (and api/policy.schema.json publishes it)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
