"""Controlled vocabularies and the matcher's options: typed, frozen records read from data/*.yml
(load/vocabularies.py reads and checks them, every problem with its line)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .routes import CONTACT_FIELDS, SOURCE_SUFFIX, Contact

# field in a policy record -> (vocabulary file stem, Chinese name of the vocabulary)
VOCABULARY_FIELDS = {
    "department": ("departments", "部门"),
    "beneficiaries": ("beneficiaries", "适用对象"),
    "industries": ("industries", "行业"),
    "categories": ("categories", "政策类别"),
    "support_type": ("support_types", "支持方式"),
    "delivery": ("delivery", "兑现方式"),
}

# data/matcher.yml: list -> Chinese name
MATCHER_LISTS = {"types": "经营主体类型", "sizes": "企业规模", "flags": "企业资质", "needs": "支持需求"}
# a beneficiary's ``match``: condition -> the vocabulary its codes come from (matcher.yml or industries.yml)
MATCH_CONDITIONS = ("types", "sizes", "flags", "industries")


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str = ""
    # everyday words for this entry (贷款 for 融资支持): a query word that is one finds every record of
    # the entry (search-index/entries.json); checked by load/vocabularies.check_aliases
    aliases: tuple[str, ...] = ()

    def get(self, name: str) -> Any:
        """An optional field by name (None when this kind of term has no such field)."""
        return getattr(self, name, None)


@dataclass(frozen=True)
class Department(Term):
    short_name: str | None = None
    source: str | None = None  # where the name is written
    # the department's own contact, each empty until the department supplies it, each with its source
    address: str | None = None
    address_source: str | None = None
    phone: str | None = None
    phone_source: str | None = None
    hours: str | None = None
    hours_source: str | None = None
    website: str | None = None
    website_source: str | None = None

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The contact facts the department has given, in the order pages show them."""
        return tuple(Contact(name, label, getattr(self, name), getattr(self, name + SOURCE_SUFFIX))
                     for name, label in CONTACT_FIELDS.items() if getattr(self, name))

    @property
    def contacts_missing(self) -> tuple[str, ...]:
        """The titles of the contact facts the department has not given yet."""
        return tuple(label for name, label in CONTACT_FIELDS.items() if not getattr(self, name))


@dataclass(frozen=True)
class MatchRule:
    """When a business counts as a beneficiary: every condition given holds (None: not a condition)."""

    types: tuple[str, ...] | None = None
    sizes: tuple[str, ...] | None = None
    flags: tuple[str, ...] | None = None  # any one of them
    industries: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, list[str]]:
        """The conditions given, as shipped to the browser (api/catalog.json)."""
        return {name: list(codes) for name, codes in asdict(self).items() if codes is not None}


@dataclass(frozen=True)
class Beneficiary(Term):
    match: MatchRule = field(default_factory=MatchRule)


@dataclass(frozen=True)
class Need(Term):
    """A need in the matcher: met by a policy sharing one of these categories or support types."""

    categories: tuple[str, ...] = ()
    support_type: tuple[str, ...] = ()


def need_words(need: Need, vocabularies) -> tuple[str, ...]:
    """The everyday words of a matcher need: its own aliases and those of the categories and support
    types it matches (stated once, in their files; the matcher shows them, the search finds by them)."""
    words = list(need.aliases)
    for field_name in ("categories", "support_type"):
        vocabulary = vocabularies.get(field_name)
        words += [w for code in need.get(field_name) if vocabulary and code in vocabulary for w in vocabulary[code].aliases]
    return tuple(dict.fromkeys(words))


@dataclass(frozen=True)
class Vocabulary:
    stem: str
    label: str
    terms: tuple[Term, ...]
    defined_in: str = ""  # where the codes are defined, when not data/<stem>.yml

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

    @property
    def where(self) -> str:
        return self.defined_in or f"data/{self.stem}.yml"


@dataclass(frozen=True)
class MatcherConfig:
    """The policy matcher's questionnaire (data/matcher.yml)."""

    types: Vocabulary
    sizes: Vocabulary
    flags: Vocabulary
    needs: Vocabulary  # of Need

    def as_dict(self) -> dict[str, list[dict]]:
        """As shipped to the browser (api/catalog.json ``matcher``)."""
        return {name: [_plain(asdict(t)) for t in getattr(self, name).terms] for name in MATCHER_LISTS}


def _plain(term: dict) -> dict:
    """JSON-ready fields of a term; an empty description or list of aliases is left out, as in the file."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in term.items()
            if not (k in ("description", "aliases") and not v)}


@dataclass(frozen=True)
class SearchVocabulary:
    stop_words: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]  # each group: its entry word first, then the others
    # one-way relations (data/search/narrower.yml): a broader word first, then the narrower words it finds
    narrower: tuple[tuple[str, ...], ...] = ()

    @property
    def synonym_words(self) -> list[str]:
        return [word for group in self.synonyms for word in group]

    @property
    def narrower_words(self) -> list[str]:
        return list(dict.fromkeys(word for group in self.narrower for word in group))
