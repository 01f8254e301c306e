"""The record contract, data/policy.schema.json: valid JSON, a valid JSON Schema (2020-12), every
vocabulary field defined; then the typed ``Contract`` (model/contract.py)."""

from __future__ import annotations

from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ..core.datafile import DataFile, json_line, read_json
from ..core.messages import Messages
from ..core.problems import ContentError
from ..model.contract import SCHEMA_PATH, Contract, contract_of
from ..model.vocabularies import VOCABULARY_FIELDS


def read_contract(data_dir: Path, messages: Messages | None = None) -> tuple[Contract | None, DataFile]:
    """The record contract: valid JSON, a valid JSON Schema, every vocabulary field defined."""
    file = read_json(data_dir, SCHEMA_PATH.name, messages)
    schema = file.data
    if not file.readable:
        return None, file
    if not isinstance(schema, dict):
        file.problem("JSON", "格式不对；应为一个 JSON 对象（以“{”开头）", 1)
        return None, file
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        field = ".".join(str(part) for part in error.path) or "JSON Schema"
        file.problem(field, f"不是有效的 JSON Schema（{error.message}）；请对照 JSON Schema 2020-12 的写法修改",
                     json_line(file.content, error.path))
        return None, file
    properties = schema.get("properties")
    for field in VOCABULARY_FIELDS:
        if not isinstance(properties, dict) or not isinstance(properties.get(field), dict):
            file.problem(f"properties.{field}", f"缺少词表字段“{field}”的定义；properties 中必须定义每个词表字段",
                         json_line(file.content, ["properties"]))
    if not file.readable:
        return None, file
    try:
        return contract_of(schema), file
    except ContentError as error:
        file.problems.extend(error.problems)
        return None, file


def read_schema(root: Path) -> dict:
    """The contract file as written (read, with located problems, by core/datafile.read_json)."""
    file = read_json(Path(root) / SCHEMA_PATH.parent, SCHEMA_PATH.name)
    if file.problems:
        raise ContentError(file.problems)
    return file.data


def load_contract(root: Path) -> Contract:
    return contract_of(read_schema(root))
