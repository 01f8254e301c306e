"""The data dictionary (投稿指南 → 数据字典): every field of the contract, generated from it so it
cannot drift."""

from __future__ import annotations

from ..model.portal import Portal
from .render import fragment


def data_dictionary(portal: Portal) -> str:
    return fragment(portal, "data-dictionary.html", vocabularies=portal.vocabularies)
