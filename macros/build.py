"""Small helpers shared by the plugin (macros/plugin.py) and the macros: no state of their own."""

from __future__ import annotations

import json
from pathlib import Path

from .records import Portal


def project_root(config) -> Path:
    """The folder of the mkdocs.yml being built (a project copy's own, in the tests)."""
    return Path(config["config_file_path"]).resolve().parent


def record_source(portal: Portal, src_uri: str) -> str | None:
    """What MkDocs reads for a record page: only the checked title as front matter, then the body.

    MkDocs never parses a department's YAML itself, so it cannot disagree with our reading.
    """
    policy = portal.by_path.get(src_uri)
    if policy is None:
        return None
    return f"---\ntitle: {json.dumps(policy.title, ensure_ascii=False)}\n---\n{policy.body}"
