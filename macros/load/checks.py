"""Per-field checks of one policy file. Every check appends Problems; nothing raises.

Messages follow one shape, for clerks: ``字段: 哪里不对；应该怎样；例如 …``; their texts, the
date-order rules and the date patterns are in data/messages.yml (macros/core/messages.py), which the
record form in the browser formats the same way. The JSON Schema (data/policy.schema.json)
supplies types, patterns, lengths, descriptions and examples; the vocabularies come from data/*.yml;
the rest are the cross-field rules below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from jsonschema import Draft202012Validator

from ..core.files import SourceFile
from ..core.messages import Messages
from ..legal.documents import flat
from ..model.contract import schema_with_vocabularies
from ..model.vocabularies import Vocabulary
from .vocabularies import not_in_vocabulary


def date_fields(schema: Mapping[str, Any], prefix: str = "") -> tuple[str, ...]:
    """Dotted names of every date field of the contract (``format: date``), objects included."""
    found: list[str] = []
    for name, prop in (schema.get("properties") or {}).items():
        if prop.get("format") == "date":
            found.append(prefix + name)
        elif prop.get("type") == "object":
            found += date_fields(prop, f"{prefix}{name}.")
    return tuple(found)


def _lookup(meta: Mapping[str, Any], dotted: str) -> Any:
    value: Any = meta
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value
FORBIDDEN_TITLE_CHARS = re.compile(r"[<>{}]")
# a JSON Schema type -> the catalog's word for it (type_wrong's {wanted})
TYPE_KEYS = {"string": "type_string", "array": "type_array", "object": "type_object", "number": "type_number"}
TEMPLATE_FIELDS = ("render_macros", "template", "hooks")  # refused in department files
BODY_FIELD = "正文"  # how problems of the body are named
BASIS = "legal_basis"  # the field legal_basis_reasons explain


def example_text(prop: Mapping[str, Any]) -> str | None:
    """The field's first example as the messages show it; None when it has none."""
    examples = prop.get("examples")
    if not examples:
        return None
    value = examples[0]
    if isinstance(value, list):
        items = (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def example(prop: Mapping[str, Any], field: str, messages: Messages) -> str:
    """``；例如：name: value`` from the field's first example."""
    text = example_text(prop)
    return "" if text is None else messages.text("example", written=written(field, text, messages))


def written(field: str, value: Any, messages: Messages) -> str:
    """A field's value as a file writes it (``name: value``): how the command line's messages show it
    (the record form shows the value alone, lib/checks.js)."""
    return messages.text("written", name=field.split(".")[-1], value=value)


def example_texts(schema: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Every field's ``example_text``, by its place in the contract (``sources[].document``): what
    the record form needs to word its messages as the checker does (macros/site/recordform.py)."""
    found: dict[str, str] = {}
    for name, prop in (schema.get("properties") or {}).items():
        key = prefix + name
        for holder, path in ((prop, key), (prop.get("items") or {}, key + "[]")):
            text = example_text(holder)
            if text is not None:
                found[path] = text
            found.update(example_texts(holder, path + "."))
    return found


def known_laws(law_ids: list[str]) -> str:
    """The laws a legal basis may cite, as the messages list them."""
    return "、".join(law_ids)


class PolicyChecker:
    """Checks one parsed file against the schema, the vocabularies and the cross-field rules."""

    def __init__(self, schema: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary],
                 law_articles: Mapping[str, set[str]], messages: Messages):
        self.messages = messages
        self.schema = schema
        self.vocabularies = vocabularies
        self.law_articles = law_articles
        self.validator = Draft202012Validator(schema_with_vocabularies(schema, vocabularies))
        self.properties: Mapping[str, Any] = schema["properties"]
        self.date_fields = date_fields(schema)

    def check(self, source: SourceFile) -> None:
        if source.problems:
            return  # the YAML itself is broken; field checks would only add noise
        meta = without_empty(source.meta)
        for error in sorted(self.validator.iter_errors(meta), key=lambda e: list(map(str, e.absolute_path))):
            self.schema_error(source, error)
        self.check_dates(source)
        self.check_place(source)
        self.check_legal_basis(source)
        self.check_legal_reasons(source)
        self.check_text(source)

    # -- schema errors translated for clerks ---------------------------------------------

    def schema_error(self, source: SourceFile, error: Any) -> None:
        path = [str(p) for p in error.absolute_path]
        field = _dotted(path)
        prop = self._prop(path)
        describe = prop.get("description", "")
        kind = error.validator
        if kind == "required":
            name = re.search(r"'(.+?)'", error.message).group(1)
            target = _dotted(path + [name])
            sub = self._prop(path + [name])
            description, example = sub.get("description", ""), self.example(sub, target)
            if target in source.lines:
                source.problem(target, self.messages.text("required_empty", description=description, example=example))
            else:
                line = source.body_line - 1 if not path else source.line_of(field)
                source.problem(target, self.messages.text("required_missing", description=description,
                                                          example=example), line)
        elif kind == "additionalProperties":
            known = list(prop.get("properties", {}))
            for extra in re.findall(r"'(.+?)'", error.message.split("(")[-1]):
                self.unknown_field(source, _dotted(path + [extra]), extra, known)
        elif kind == "enum":
            self.vocabulary_error(source, path, error.instance)
        elif kind in ("format",) or (kind == "type" and field in self.date_fields):
            pass  # dates are checked by check_dates with better messages
        elif kind == "type" and prop.get("pattern") and isinstance(error.instance, (int, float)) \
                and not isinstance(error.instance, bool):  # a number YAML read where text was meant
            self.pattern_error(source, field, str(error.instance), prop)
        elif kind == "type":
            wanted = error.validator_value
            if isinstance(wanted, str) and wanted in TYPE_KEYS:
                wanted = self.messages.text(TYPE_KEYS[wanted])
            source.problem(field, self.messages.text("type_wrong", wanted=wanted, description=describe,
                                                     example=self.example(prop, field)))
        elif kind == "pattern":
            self.pattern_error(source, field, error.instance, prop)
        elif kind in ("minLength", "maxLength"):
            bound = self.messages.text("length_min" if kind == "minLength" else "length_max")
            source.problem(field, self.messages.text("length", size=len(error.instance), bound=bound,
                                                 limit=error.validator_value, description=describe,
                                                 example=self.example(prop, field)))
        elif kind == "minItems":
            source.problem(field, self.messages.text("min_items", limit=error.validator_value, description=describe,
                                                 example=self.example(prop, field)))
        elif kind == "uniqueItems":
            source.problem(field, self.messages.text("unique_items", description=describe))
        else:
            source.problem(field, self.messages.text("schema_other", error=error.message, description=describe))

    def example(self, prop: Mapping[str, Any], field: str) -> str:
        return example(prop, field, self.messages)

    def unknown_field(self, source: SourceFile, dotted: str, name: str, known: list[str]) -> None:
        if name in TEMPLATE_FIELDS:
            source.problem(dotted, self.messages.text("template_field_refused"))
            return
        hint = self.messages.suggest(name, known)
        by_description = [k for k in known
                          if name and name.strip("：: ") in str(self.properties.get(k, {}).get("description", ""))]
        if not hint and by_description:
            hint = self.messages.text("did_you_mean", value=by_description[0])
        source.problem(dotted, self.messages.text("unknown_field", name=name, hint=hint))

    def vocabulary_error(self, source: SourceFile, path: list[str], value: Any) -> None:
        if path[0] in self.vocabularies and len(path) <= 2:  # the field of a vocabulary, or an item of it
            source.problem(_dotted(path), not_in_vocabulary(value, self.vocabularies[path[0]], self.messages))
            return
        prop = self._prop(path)  # a closed list the contract states itself (a unit, a field's name)
        choices = [str(choice) for choice in prop.get("enum", [])]
        source.problem(_dotted(path), self.messages.text("not_a_choice", value=value, description=prop.get("description", ""),
                                                     allowed="、".join(choices),
                                                     hint=self.messages.suggest(str(value), choices)))

    def pattern_error(self, source: SourceFile, field: str, value: str, prop: Mapping[str, Any]) -> None:
        messages = self.messages
        hint = ""
        if field == "document_number":
            fixed = fixed_document_number(value, messages)
            if fixed != value and re.match(prop["pattern"], fixed):
                hint = messages.hint(field, fixed=fixed)
        else:
            hint = messages.hint(field, quote=messages.text("quote"))
        source.problem(field, messages.text("pattern", value=value, description=prop.get("description", ""),
                                            hint=hint or self.example(prop, field)))

    def _prop(self, path: list[str]) -> Mapping[str, Any]:
        prop: Mapping[str, Any] = self.schema
        for part in path:
            if part.isdigit():
                prop = prop.get("items", {})
            else:
                prop = prop.get("properties", {}).get(part, {})
        return prop

    # -- cross-field rules -------------------------------------------------------------------

    def check_dates(self, source: SourceFile) -> None:
        dates: dict[str, date] = {}
        for field in self.date_fields:
            value = _lookup(source.meta, field)
            if value is not None and value != "":
                parsed = self.parse_date(source, field, value)
                if parsed:
                    dates[field] = parsed
        messages = self.messages
        for rule in messages.date_rules:
            first, second = rule.earlier, rule.later
            if first in dates and second in dates and dates[second] < dates[first]:
                source.problem(second, messages.text("date_order", rule=rule.rule, later=second,
                                                      later_value=dates[second], earlier=first,
                                                      earlier_value=dates[first]))

    def parse_date(self, source: SourceFile, field: str, value: Any) -> date | None:
        messages = self.messages
        text = str(value)
        iso = re.match(messages.texts["iso_date"], text)
        parts = iso or re.match(messages.texts["loose_date"], text)
        if not parts:
            source.problem(field, messages.text("date_not_a_date", value=text,
                                                example=self.example(self._prop(field.split(".")), field)))
            return None
        year, month, day = (int(p) for p in parts.groups())
        try:
            parsed = date(year, month, day)
        except ValueError:
            source.problem(field, messages.text("date_impossible", value=text, year=year, month=month, day=day))
            return None
        prop = self._prop(field.split("."))
        minimum, maximum = prop.get("formatMinimum"), prop.get("formatMaximum")
        if (minimum and parsed.isoformat() < minimum) or (maximum and parsed.isoformat() > maximum):
            source.problem(field, messages.text("date_out_of_range", value=text, year=year, minimum=minimum or "",
                                                maximum=maximum or ""))
            return None
        if not iso:
            source.problem(field, messages.text("date_loose", value=text, written=written(field, parsed.isoformat(), messages)))
            return None
        return parsed

    def check_place(self, source: SourceFile) -> None:
        path = PurePosixPath(source.path)
        record_id = source.meta.get("id")
        if isinstance(record_id, str) and path.stem != record_id:
            source.problem("id", self.messages.text("id_filename", id=record_id, name=path.name, stem=path.stem))
        department = source.meta.get("department")
        folder = path.parent.name
        if isinstance(department, str) and department in self.vocabularies["department"] and folder != department:
            source.problem("department", self.messages.text("department_folder", folder=folder, department=department))

    def check_legal_basis(self, source: SourceFile) -> None:
        for index, ref in enumerate(_list(source.meta.get("legal_basis"))):
            if not isinstance(ref, str) or "#" not in ref:
                continue
            law, _, article = ref.partition("#")
            field = f"legal_basis[{index}]"
            if law not in self.law_articles:
                source.problem(field, self.messages.text("law_unknown", law=law, laws=known_laws(list(self.law_articles)),
                                                         hint=self.messages.suggest(law, list(self.law_articles))),
                               source.line_of(field))
            elif article not in self.law_articles[law]:
                source.problem(field, self.messages.text("article_unknown", law=law, article=article,
                                                         count=len(self.law_articles[law])), source.line_of(field))

    def check_legal_reasons(self, source: SourceFile) -> None:
        """Every legal basis is the portal's own mapping: each states the record's sentence it rests on
        (``legal_basis_reasons``), which must be the record's own words."""
        basis, reasons = _list(source.meta.get("legal_basis")), _list(source.meta.get("legal_basis_reasons"))
        cited = [ref for ref in basis if self.known_article(ref)]
        explained = {r.get("article") for r in reasons if isinstance(r, dict) and isinstance(r.get("article"), str)}
        for index, ref in enumerate(basis):
            if ref in cited and ref not in explained:
                field = f"legal_basis[{index}]"
                add = self.messages.text("legal_reason_add", article=ref)
                source.problem(field, self.messages.text("legal_reason_missing", article=ref, add=add),
                               source.line_of(field))
        listed = "、".join(str(ref) for ref in basis)
        words = record_words(source)
        for index, reason in enumerate(reasons):
            if not isinstance(reason, dict):
                continue
            article, because = reason.get("article"), reason.get("because")
            if isinstance(article, str) and article not in basis:
                field = f"legal_basis_reasons[{index}].article"
                message = (self.messages.text("legal_reason_stray", article=article, listed=listed, basis=BASIS)
                           if listed else self.messages.text("legal_reason_no_basis", article=article, basis=BASIS))
                source.problem(field, message, source.line_of(field))
            if isinstance(because, str) and flat(because) and flat(because) not in words:
                field = f"legal_basis_reasons[{index}].because"
                source.problem(field, self.messages.text("legal_reason_not_found", because=because),
                               source.line_of(field))

    def known_article(self, ref: Any) -> bool:
        if not isinstance(ref, str):
            return False
        law, _, article = ref.partition("#")
        return article in self.law_articles.get(law, ())

    def check_text(self, source: SourceFile) -> None:
        title = source.meta.get("title")
        if isinstance(title, str) and FORBIDDEN_TITLE_CHARS.search(title):
            source.problem("title", self.messages.text("title_characters"))
        if not source.body.strip():
            source.problem(BODY_FIELD, self.messages.text("body_empty", where=self.messages.text("body_below")),
                           source.body_line)


def record_words(source: SourceFile) -> str:
    """The record's own words, without whitespace: title, summary, body, the amount's text, the sources' passages."""
    meta = source.meta
    amount = meta.get("amount") if isinstance(meta.get("amount"), dict) else {}
    passages = [s.get("passage") for s in _list(meta.get("sources")) if isinstance(s, dict)]
    parts = [meta.get("title"), meta.get("summary"), source.body, amount.get("text"), *passages]
    return "\n".join(flat(part) for part in parts if isinstance(part, str))


def _list(value: Any) -> list:
    """A list field's items; a value of another type (reported by the contract's check) has none."""
    return value if isinstance(value, list) else []


def fixed_document_number(value: str, messages: Messages) -> str:
    """A 文号 with its year's brackets made 六角括号 (石政发[2021]2号 -> 石政发〔2021〕2号) and no spaces."""
    fixed = messages.texts["document_number_year_fixed"]
    bracketed = re.sub(messages.texts["document_number_year"], lambda m: fixed.replace("{year}", m.group(1)), value)
    return bracketed.replace(" ", "")


def without_empty(value: Any) -> Any:
    """Drop keys left empty (``summary:``) and empty list items (``- ``) so they read as not filled in."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [without_empty(v) for v in value if v is not None and v != ""]
    return value


def _dotted(path: list[str]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text
