"""The policy matcher's rules (data/matcher.yml + the ``match`` of each beneficiary).

The browser runs the same rules (assets/js/finder.js) on api/catalog.json; this module is the
reference the tests compare the browser against, and it is what the catalog export ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .portal import Portal
from .records import Policy
from .status import APPLICABLE
from .vocabularies import MatcherConfig, MatchRule


@dataclass(frozen=True)
class Profile:
    type: str  # qiye / getihu
    size: str  # wei / xiao / zhong / da
    industry: str | None = None  # code from industries.yml, None when not given
    flags: frozenset[str] = field(default_factory=frozenset)
    needs: frozenset[str] = field(default_factory=frozenset)


def fits_beneficiary(rule: MatchRule, profile: Profile) -> bool:
    """Every condition of a beneficiary's ``match`` holds for the profile."""
    if rule.types is not None and profile.type not in rule.types:
        return False
    if rule.sizes is not None and profile.size not in rule.sizes:
        return False
    if rule.industries is not None and profile.industry not in rule.industries:
        return False
    if rule.flags is not None and not set(rule.flags) & profile.flags:
        return False
    return True


def fits_needs(config: MatcherConfig, policy: Policy, needs: frozenset[str]) -> bool:
    if not needs:
        return True
    for need in config.needs.terms:
        if need.code in needs and (set(need.categories) & set(policy.categories)
                                   or set(need.support_type) & set(policy.support_type)):
            return True
    return False


def matching(portal: Portal, profile: Profile) -> list[Policy]:
    """Applicable (never expired, repealed or not yet in force) provisions for the profile."""
    beneficiaries = portal.vocabularies["beneficiaries"]
    result = []
    for policy in portal.policies:
        if portal.status(policy) not in APPLICABLE:
            continue
        if not any(fits_beneficiary(beneficiaries[code].match, profile) for code in policy.beneficiaries):
            continue
        if policy.industries and profile.industry and profile.industry not in policy.industries:
            continue
        if fits_needs(portal.matcher, policy, profile.needs):
            result.append(policy)
    return result
