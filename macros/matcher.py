"""The policy matcher's rules (data/matcher.yml + the ``match`` of each beneficiary).

The browser runs the same rules (assets/js/finder.js) on api/catalog.json; this module is the
reference the tests compare the browser against, and it is what the catalog export ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .records import Policy, Portal
from .status import APPLICABLE
from .vocab import read_yaml


@dataclass(frozen=True)
class Profile:
    type: str  # qiye / getihu
    size: str  # wei / xiao / zhong / da
    industry: str | None = None  # code from industries.yml, None when not given
    flags: frozenset[str] = field(default_factory=frozenset)
    needs: frozenset[str] = field(default_factory=frozenset)


def load_matcher(root: Path) -> Mapping:
    return read_yaml(root / "data" / "matcher.yml")


def fits_beneficiary(rule: Mapping, profile: Profile) -> bool:
    """Every condition of a beneficiary's ``match`` holds for the profile."""
    if "types" in rule and profile.type not in rule["types"]:
        return False
    if "sizes" in rule and profile.size not in rule["sizes"]:
        return False
    if "industries" in rule and profile.industry not in rule["industries"]:
        return False
    if "flags" in rule and not set(rule["flags"]) & profile.flags:
        return False
    return True


def fits_needs(config: Mapping, policy: Policy, needs: frozenset[str]) -> bool:
    if not needs:
        return True
    for need in config["needs"]:
        if need["code"] in needs and (set(need["categories"]) & set(policy.categories) or set(need["support_type"]) & set(policy.support_type)):
            return True
    return False


def matching(portal: Portal, config: Mapping, profile: Profile) -> list[Policy]:
    """Applicable (never expired, repealed or not yet in force) provisions for the profile."""
    beneficiaries = portal.vocabularies["beneficiaries"]
    result = []
    for policy in portal.policies:
        if portal.status(policy) not in APPLICABLE:
            continue
        if not any(fits_beneficiary(beneficiaries[code].get("match") or {}, profile) for code in policy.beneficiaries):
            continue
        if policy.industries and profile.industry and profile.industry not in policy.industries:
            continue
        if fits_needs(config, policy, profile.needs):
            result.append(policy)
    return result
