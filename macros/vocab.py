"""Controlled vocabularies and site facts from data/*.yml (portal-owned, trusted but checked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

from .problems import ContentError, Problem

# field in a policy record -> (vocabulary file stem, Chinese name of the vocabulary)
VOCABULARY_FIELDS = {
    "department": ("departments", "部门"),
    "beneficiaries": ("beneficiaries", "适用对象"),
    "industries": ("industries", "行业"),
    "categories": ("categories", "政策类别"),
    "support_type": ("support_types", "支持方式"),
    "delivery": ("delivery", "兑现方式"),
}

SITE_REQUIRED = {
    "site_name": "网站名称",
    "copyright": "版权所有",
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police_record": "公安备案号",
    "address": "地址",
    "phone": "电话",
}


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str = ""
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, key: str) -> object:
        return self.extra.get(key)


@dataclass(frozen=True)
class Vocabulary:
    stem: str
    label: str
    terms: tuple[Term, ...]

    def __contains__(self, code: object) -> bool:
        return any(t.code == code for t in self.terms)

    def __getitem__(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]


def read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_vocabulary(data_dir: Path, stem: str, label: str) -> Vocabulary:
    path = data_dir / f"{stem}.yml"
    entries = read_yaml(path) or []
    terms, problems = [], []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
            problems.append(Problem(f"data/{stem}.yml", 1, f"第{index + 1}项", "每一项都要有 code 和 name"))
            continue
        extra = {k: v for k, v in entry.items() if k not in ("code", "name", "description")}
        terms.append(Term(str(entry["code"]), str(entry["name"]), str(entry.get("description") or ""), MappingProxyType(extra)))
    codes = [t.code for t in terms]
    problems += [Problem(f"data/{stem}.yml", 1, c, "代码重复") for c in {c for c in codes if codes.count(c) > 1}]
    if problems:
        raise ContentError(problems)
    return Vocabulary(stem, label, tuple(terms))


def load_vocabularies(data_dir: Path) -> Mapping[str, Vocabulary]:
    return MappingProxyType({field: load_vocabulary(data_dir, stem, label) for field, (stem, label) in VOCABULARY_FIELDS.items()})


def load_site(data_dir: Path) -> Mapping[str, object]:
    """Footer facts. A missing key fails the build; an explicit null is shown as 待主办单位提供."""
    site = read_yaml(data_dir / "site.yml") or {}
    missing = [key for key in SITE_REQUIRED if key not in site]
    if missing:
        raise ContentError([
            Problem("data/site.yml", 1, key, f"缺少页脚必填项“{SITE_REQUIRED[key]}”；请在 data/site.yml 中添加；若暂时没有，写 {key}: null，页面会显示“待主办单位提供”")
            for key in missing
        ])
    return MappingProxyType(dict(site))
