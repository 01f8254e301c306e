"""Keep the enums of data/policy.schema.json equal to the vocabularies in data/*.yml.

Editors (VS Code with the YAML extension, the forge's web editor with a schema plugin) complete
values from the schema; the vocabularies stay the single source, and a test checks no drift.
"""

from __future__ import annotations

import json
from pathlib import Path

from .contract import SCHEMA_PATH as SCHEMA
from .contract import read_schema
from .datafiles import load_vocabularies
from .validate import schema_with_vocabularies


def current_schema(root: Path) -> dict:
    return read_schema(root)


def expected_schema(root: Path) -> dict:
    return schema_with_vocabularies(current_schema(root), load_vocabularies(root / "data"))


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> bool:
    """Rewrite the schema with enums from the vocabularies; return whether it changed."""
    path = root / SCHEMA
    text = schema_text(expected_schema(root))
    if path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
