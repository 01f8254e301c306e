"""The portal's code: a MkDocs plugin (``portal``, macros/plugin/), the macros of its own pages
(``define_env``, for mkdocs-macros' ``modules: [macros]``) and ``python -m macros`` (macros/clerk/).

Layers, each importing only from those before it (tests/test_architecture.py): core -> legal ->
model -> load -> opendata -> search -> site -> plugin, clerk.
"""

from .site.pagemacros import define_env, on_pre_page_macros

__all__ = ["define_env", "on_pre_page_macros"]
