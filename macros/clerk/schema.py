"""Keep the enums of data/policy.schema.json equal to the vocabularies in data/*.yml.

Editors (VS Code with the YAML extension, the forge's web editor with a schema plugin) complete
values from the schema; the vocabularies stay the single source, and a test checks no drift.
"""

from __future__ import annotations

from pathlib import Path

from ..load.contract import read_schema
from ..load.vocabularies import load_vocabularies
from ..model.contract import SCHEMA_PATH as SCHEMA
from ..model.contract import contract_text, schema_with_vocabularies


def expected_schema(root: Path) -> dict:
    return schema_with_vocabularies(read_schema(root), load_vocabularies(root))


def write_schema(root: Path) -> bool:
    """Rewrite the schema with enums from the vocabularies; return whether it changed."""
    path = root / SCHEMA
    text = contract_text(expected_schema(root))
    if path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
