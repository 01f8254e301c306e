"""The records of the build in progress: loaded once per MkDocs config, shared by hooks and macros."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from .problems import ContentError
from .records import Portal, load_portal

_cache: dict[int, Portal] = {}


def project_root(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def portal_for(config) -> Portal:
    """Load (and check) every record the first time a build asks; fail the build on any problem."""
    key = id(config)
    if key not in _cache:
        _cache.clear()  # one build at a time (mkdocs serve makes a new config per rebuild)
        try:
            _cache[key] = load_portal(project_root(config))
        except ContentError as error:
            raise PluginError("内容检查未通过，网站没有生成：\n" + str(error)) from None
    return _cache[key]


def record_source(portal: Portal, src_uri: str) -> str | None:
    """What MkDocs reads for a record page: only the checked title as front matter, then the body.

    MkDocs never parses a department's YAML itself, so it cannot disagree with our reading.
    """
    policy = portal.by_path.get(src_uri)
    if policy is None:
        return None
    return f"---\ntitle: {json.dumps(policy.title, ensure_ascii=False)}\n---\n{policy.body}"
