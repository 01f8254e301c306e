"""The record contract, data/policy.schema.json: valid JSON, a valid JSON Schema (2020-12), every
vocabulary field defined; then the typed ``Contract`` (model/contract.py)."""

from __future__ import annotations

from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ..core.datafile import DataFile, json_line, read_json
from ..core.messages import Messages, load_messages
from ..core.problems import ContentError
from ..model.contract import SCHEMA_PATH, Contract, contract_of
from ..model.vocabularies import VOCABULARY_FIELDS


def read_contract(data_dir: Path, messages: Messages) -> tuple[Contract | None, DataFile]:
    """The record contract: valid JSON, a valid JSON Schema, every vocabulary field defined."""
    file = read_json(data_dir, SCHEMA_PATH.name, messages)
    schema = file.data
    if not file.readable:
        return None, file
    if not isinstance(schema, dict):
        file.say("contract.not_an_object", "JSON", 1)
        return None, file
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        field = ".".join(str(part) for part in error.path) or "JSON Schema"
        file.say("contract.invalid_schema", field, json_line(file.content, error.path), error=error.message)
        return None, file
    properties = schema.get("properties")
    for field in VOCABULARY_FIELDS:
        if not isinstance(properties, dict) or not isinstance(properties.get(field), dict):
            line = json_line(file.content, ["properties"])
            file.say("contract.vocabulary_field_missing", f"properties.{field}", line, field=field)
    if not file.readable:
        return None, file
    try:
        return contract_of(schema, messages), file
    except ContentError as error:
        file.problems.extend(error.problems)
        return None, file


def read_schema(root: Path) -> dict:
    """The contract file as written (read, with located problems, by core/datafile.read_json)."""
    return _schema(root, load_messages(root))


def load_contract(root: Path) -> Contract:
    messages = load_messages(root)
    return contract_of(_schema(root, messages), messages)


def _schema(root: Path, messages: Messages) -> dict:
    file = read_json(Path(root) / SCHEMA_PATH.parent, SCHEMA_PATH.name, messages)
    if file.problems:
        raise ContentError(file.problems)
    return file.data
