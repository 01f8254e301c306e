"""The ``Portal``: everything a build knows, loaded once (load/portal.py), frozen, with cached
lookups and named queries, so that pages, open data and search never scan the records or re-read a
file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.clock import CHINA
from ..core.messages import Messages
from ..core.problems import Problem
from ..legal import review
from ..legal.documents import Document
from . import outcomes as outcome_rules
from . import status as status_rules
from .contract import Contract
from .govmeta import Column
from .history import History, Revision
from .records import Policy
from .routes import NOT_STATED, Entitlement, Hotline, NextStep, entitlement_view, hotlines_for
from .site import OpenData, Site
from .vocabularies import MatcherConfig, SearchVocabulary, Vocabulary
from .wordimport import WordRules


@dataclass(frozen=True)
class Portal:
    root: Path
    as_of: date
    site: Site
    vocabularies: Mapping[str, Vocabulary]
    documents: tuple[Document, ...]
    policies: tuple[Policy, ...]
    contract: Contract = field(repr=False)
    matcher: MatcherConfig = field(repr=False)
    open_data: OpenData = field(repr=False)
    normalised: tuple[str, ...] = ()  # notes about accepted, normalised input
    history: History = field(default_factory=History.unavailable, repr=False)
    search: SearchVocabulary = SearchVocabulary(frozenset(), ())  # stop words and synonyms (data/search/)
    warnings: tuple[Problem, ...] = ()  # review flags as located warnings (never stop the build)
    # record id -> its file's text, as written (the record form opens it: api/sources/<id>.json)
    texts: Mapping[str, str] = field(default_factory=dict, repr=False)
    messages: Messages | None = field(default=None, repr=False)  # data/messages.yml of this project
    # record file (docs/policies/...) -> its 修订记录, newest first (load/history.py record_revisions)
    revisions: Mapping[str, tuple[Revision, ...]] = field(default_factory=dict, repr=False)
    hotlines: tuple[Hotline, ...] = ()  # data/hotlines.yml: the national hotlines and where each fits
    entitlements: tuple[Entitlement, ...] = ()  # data/entitlements.yml
    word_rules: WordRules | None = field(default=None, repr=False)  # data/wordimport.yml
    columns: tuple[Column, ...] = ()  # data/columns.yml: the navigation's top-level sections (page metadata)

    def next_step(self, policy: Policy) -> NextStep:
        """How to act on a record: its department's own contact when known, the hotlines that fit."""
        department = self.term("department", policy.department)
        contact = policy.contact
        named = (contact.department if contact else None) or (None if department.code == NOT_STATED else department.name)
        return NextStep.of(named, department, contact, hotlines_for(self.hotlines, policy.categories))

    def entitlement(self, beneficiary: str) -> dict[str, Any] | None:
        """For a beneficiary no local record may serve: the law articles stating what it can get."""
        found = next((e for e in self.entitlements if e.beneficiary == beneficiary), None)
        return entitlement_view(found, self.document(found.law), self.hotlines) if found else None

    def last_changed(self, policy: Policy) -> datetime:
        """When a record last changed: its last commit, or its last review (00:00 in China) when
        that is later or there is no history; never the build clock."""
        reviewed = datetime.combine(policy.last_reviewed, time(0), CHINA)
        committed = self.history.last_change(f"docs/{policy.path}")
        return max(reviewed, committed) if committed else reviewed

    def first_published(self, path: str) -> datetime | None:
        """When the portal first published a file (project-relative): its oldest commit; None without
        history or before its first commit (never the build clock)."""
        return self.history.first_change(path)

    @cached_property
    def document_pages(self) -> Mapping[str, Document]:
        """The laws, regulations and reports by their page (docs-relative ``laws/x.md``)."""
        return MappingProxyType({d.page: d for d in self.documents})

    def is_article(self, src_uri: str) -> bool:
        """An article page (文章页): a record's, or a law's, regulation's or report's (docs-relative
        source). Article pages carry the government metadata's article tags and the 朗读 control."""
        return src_uri in self.by_path or src_uri in self.document_pages

    @cached_property
    def article_urls(self) -> frozenset[str]:
        """The addresses of the article pages (``is_article``)."""
        return frozenset([p.url for p in self.policies] + [d.url for d in self.documents])

    @property
    def schema(self) -> Mapping[str, Any]:
        return self.contract.schema

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def review_flags(self, policy: Policy) -> tuple[review.ReviewFlag, ...]:
        """Why a provision must be checked again (待复核), if it must: legal/review.py (once per record)."""
        if policy.id not in self._flags or self._flags[policy.id][0] is not policy:
            self._flags[policy.id] = (policy, review.flags_of(self.documents, policy.legal_basis, policy.review_due,
                                                              self.as_of))
        return self._flags[policy.id][1]

    @cached_property
    def _flags(self) -> dict[str, tuple[Policy, tuple[review.ReviewFlag, ...]]]:
        return {}

    def policy(self, policy_id: str) -> Policy:
        return self.by_id[policy_id]

    @cached_property
    def by_id(self) -> Mapping[str, Policy]:
        """Records by id: pages that list thousands of records look each one up, never scan."""
        return MappingProxyType({p.id: p for p in self.policies})

    @cached_property
    def by_path(self) -> Mapping[str, Policy]:
        """Records by source path (docs-relative): one lookup per page, not a scan."""
        return MappingProxyType({p.path: p for p in self.policies})

    def status(self, policy: Policy, as_of: date | None = None) -> str:
        if as_of is not None:
            return status_rules.status_of(as_of, policy.effective, policy.expires, policy.repealed, policy.delivered)
        if policy.id not in self._statuses or self._statuses[policy.id][0] is not policy:
            self._statuses[policy.id] = (policy, self.status(policy, self.as_of))
        return self._statuses[policy.id][1]

    @cached_property
    def _statuses(self) -> dict[str, tuple[Policy, str]]:
        return {}

    @cached_property
    def outcomes(self) -> tuple[outcome_rules.OutcomeFigure, ...]:
        """Every record's outcomes (what the reports say was delivered), in record order."""
        return outcome_rules.figures_of(self.documents, self.policies)

    @cached_property
    def outcomes_by_record(self) -> Mapping[str, tuple[outcome_rules.OutcomeFigure, ...]]:
        found: dict[str, list[outcome_rules.OutcomeFigure]] = {}
        for figure in self.outcomes:
            found.setdefault(figure.policy.id, []).append(figure)
        return MappingProxyType({k: tuple(v) for k, v in found.items()})

    def outcomes_of(self, policy: Policy) -> tuple[outcome_rules.OutcomeFigure, ...]:
        return self.outcomes_by_record.get(policy.id, ())

    @cached_property
    def outcome_years(self) -> tuple[int, ...]:
        """The years outcomes are reported for, latest first."""
        return tuple(sorted({int(f.outcome.year) for f in self.outcomes}, reverse=True))

    def outcome_totals(self, year: int, by: str) -> list[outcome_rules.Total]:
        """One year's outcomes by ``department`` or by ``kind`` (the record's first support type)."""
        figures = [f for f in self.outcomes if int(f.outcome.year) == year]
        if by == "department":
            return outcome_rules.totals(figures, lambda f: f.policy.department, lambda c: self.term("department", c).name)
        return outcome_rules.totals(figures, lambda f: f.kind, lambda c: self.term("support_type", c).name)

    def term(self, field_name: str, code: str):
        return self.vocabularies[field_name][code]

    def with_value(self, field_name: str, code: str) -> tuple[Policy, ...]:
        """Policies whose vocabulary field (single or multi-valued) contains ``code`` (an index per
        field, made on first use: the catalog asks for every value of every facet)."""
        if field_name not in self._by_value:
            found: dict[object, list[Policy]] = {}
            for policy in self.policies:
                value = getattr(policy, field_name)
                for each in dict.fromkeys(value) if isinstance(value, tuple) else (value,):
                    found.setdefault(each, []).append(policy)
            self._by_value[field_name] = {each: tuple(policies) for each, policies in found.items()}
        return self._by_value[field_name].get(code, ())

    @cached_property
    def _by_value(self) -> dict[str, dict[object, tuple[Policy, ...]]]:
        return {}

    def implementing(self, law_id: str, article: str) -> tuple[Policy, ...]:
        """The records citing an article (each law page asks for every article: an index, not a scan)."""
        return self._implementing.get(f"{law_id}#{article}", ())

    @cached_property
    def _implementing(self) -> Mapping[str, tuple[Policy, ...]]:
        found: dict[str, list[Policy]] = {}
        for policy in self.policies:
            for key in dict.fromkeys(ref.key for ref in policy.legal_basis):
                found.setdefault(key, []).append(policy)
        return MappingProxyType({key: tuple(policies) for key, policies in found.items()})

    @property
    def laws(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.law is not None)


