"""Write a new policy file from the record contract: every field, each with a Chinese comment.

The template is generated from the contract (data/policy.schema.json) and the vocabularies, so it
cannot drift from what the checker expects. Required fields come first and are left for the clerk to
fill; optional ones are written as comments to uncomment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..core.messages import Messages
from ..load.contract import load_contract
from ..load.vocabularies import load_vocabularies
from ..model.contract import Contract, Field
from ..model.records import BODY_TEMPLATE, ID_RE, REVIEW_INTERVAL, record_file


def yaml_scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _comment(spec: Field, messages: Messages, allowed: str = "") -> str:
    need = messages.text("new.required" if spec.required else "new.optional")
    text = (spec.description if spec.description.startswith(spec.title)
            else messages.text("new.titled_description", title=spec.title, description=spec.description))
    return "# " + messages.text("new.field_comment", text=text, need=need, allowed=allowed)


def _example_lines(spec: Field) -> list[str]:
    """The field written out with its example values (sub-fields from their own examples)."""
    if spec.has_objects and not spec.is_list:
        return [f"{spec.name}:"] + ["  " + line for child in spec.children for line in _example_lines(child)]
    example = spec.examples[0] if spec.examples else ""
    if spec.has_objects:  # a list of objects: one "- key: value" item per example
        lines = [f"{spec.name}:"]
        for item in example or [{}]:
            pairs = [f"{k}: {yaml_scalar(v)}" for k, v in item.items()]
            lines += [("  - " if i == 0 else "    ") + pair for i, pair in enumerate(pairs)]
        return lines
    if isinstance(example, list):
        return [f"{spec.name}:"] + [f"  - {yaml_scalar(v)}" for v in example]
    return [f"{spec.name}: {yaml_scalar(example)}" if example != "" else f"{spec.name}: "]


def _blank_lines(spec: Field) -> list[str]:
    """A required field left for the clerk to fill in."""
    if spec.has_objects and spec.is_list:
        names = [c.name for c in spec.children if c.required] or [spec.children[0].name]
        return [f"{spec.name}:"] + [("  - " if i == 0 else "    ") + f"{name}: " for i, name in enumerate(names)]
    if spec.is_list:
        return [f"{spec.name}:", "  - "]
    return [f"{spec.name}: "]


def template(contract: Contract, vocabularies, answers: Mapping[str, str], today: date, messages: Messages) -> str:
    filled = {**{k: v for k, v in answers.items() if v},
              "last_reviewed": today.isoformat(), "review_due": (today + REVIEW_INTERVAL).isoformat()}
    lines = ["---"]
    order = [f for f in contract.fields if f.required] + [f for f in contract.fields if not f.required]
    for spec in order:
        allowed = ""
        if spec.vocabulary:
            terms = "、".join(messages.text("vocabulary_term", code=t.code, name=t.name)
                             for t in vocabularies[spec.vocabulary].terms)
            allowed = messages.text("new.allowed", terms=terms)
        lines.append(_comment(spec, messages, allowed))
        if spec.name in filled:
            lines.append(f"{spec.name}: {yaml_scalar(filled[spec.name])}")
        elif not spec.required:
            lines += ["# " + line for line in _example_lines(spec)]
        else:
            lines += _blank_lines(spec)
    lines.append("---")
    return "\n".join(lines) + "\n" + BODY_TEMPLATE


def scaffold(root: Path, answers: Mapping[str, str], today: date, messages: Messages) -> Path:
    """Create docs/policies/<department>/<id>.md; refuse bad codes or an existing file."""
    vocabularies = load_vocabularies(root)
    department, record_id = answers.get("department") or "", answers.get("id") or ""
    if department not in vocabularies["department"]:
        raise ValueError(messages.text("new.department_unknown", department=department,
                                       codes="、".join(vocabularies["department"].codes)))
    if not ID_RE.match(record_id):
        raise ValueError(messages.text("new.id_format", id=record_id))
    path = root / record_file(department, record_id)
    if path.exists():
        raise ValueError(messages.text("new.exists", path=path.relative_to(root)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(load_contract(root), vocabularies, answers, today, messages), encoding="utf-8")
    return path
