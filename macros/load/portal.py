"""The one loader: data/*.yml, data/texts/ and docs/policies/** -> a frozen ``Portal``, once per build.

Everything downstream (macros, generated pages, exports, the command-line check, tests) reads
the ``Portal`` returned by ``load_portal``; nothing else re-reads the files. ``check_content`` is
what ``python -m macros check`` runs: the same reading and checks, reported per file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.cache import Cache
from ..core.clock import build_date
from ..core.files import FolderLinks, SourceFile
from ..core.frontmatter import read_raw, read_source
from ..core.messages import Messages
from ..core.problems import ContentError, Problem
from ..legal import review
from ..legal.documents import Document, flat
from ..model.contract import Contract, convert
from ..model.portal import Portal
from ..model.records import POLICY_DIR, Policy, policy_class
from .checks import PolicyChecker, example_texts, written
from .data import DataFiles, load_data
from .history import read_history, record_revisions
from .reuse import CheckedRecords
from .search import SearchVocabulary, load_search_vocabulary


def policy_files(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / POLICY_DIR).rglob("*.md"))


def build_policy(record_type: type[Policy], contract: Contract, source: SourceFile) -> Policy:
    return record_type(path=source.path.removeprefix("docs/"), body=source.body, **contract.convert(source.meta))


def cross_file_problems(sources: list[SourceFile], messages: Messages) -> list[Problem]:
    problems = []
    by_id: dict[str, list[SourceFile]] = {}
    for source in sources:
        record_id = source.meta.get("id")
        if isinstance(record_id, str):
            by_id.setdefault(record_id, []).append(source)
    for record_id, holders in by_id.items():
        for source in holders if len(holders) > 1 else ():
            others = "、".join(o.path for o in holders if o is not source)
            rename = messages.text("record.duplicate_id_rename")
            problems.append(Problem(source.path, source.line_of("id"), "id",
                                    messages.text("record.duplicate_id", id=record_id, others=others, name="id",
                                                  rename=rename)))
    for source in sources:
        target = source.meta.get("superseded_by")
        if isinstance(target, str) and target not in by_id:
            problems.append(Problem(source.path, source.line_of("superseded_by"), "superseded_by",
                                    messages.text("record.superseded_by_unknown", target=target,
                                                  hint=messages.suggest(target, list(by_id)))))
    return problems


def document_issuers(documents: Iterable[Document]) -> dict[str, str]:
    """The issuer of each document the portal holds, by its title (what ``document_problems`` and the
    record form check a record's 发文机关 against)."""
    return {d.title: d.meta.get("issuer") for d in documents if d.meta.get("issuer")}


def document_problems(sources: Iterable[SourceFile], documents: Iterable[Document],
                      messages: Messages, contract: Contract) -> list[Problem]:
    """发文机关 and 文件名称 describe one document: when the document is one the portal holds
    (data/documents.yml), the issuer must be that document's issuer, not who grants the benefit."""
    issuers = document_issuers(documents)
    implementer = messages.text("named", code="implementer", title=contract.field("implementer").title)
    problems = []
    for source in sources:
        title, issuer = source.meta.get("document_title"), source.meta.get("issuer")
        expected = issuers.get(title) if isinstance(title, str) else None
        if expected and isinstance(issuer, str) and issuer != expected:
            example = messages.text("example", written=written("issuer", expected, messages))
            problems.append(Problem(source.path, source.line_of("issuer"), "issuer",
                                    messages.text("record.issuer_mismatch", title=title, expected=expected,
                                                  issuer=issuer, implementer=implementer, example=example)))
    return problems


YEARS = (1949, 2100)  # the contract's date bounds, for the years of outcomes and one-off payouts
UNITS = (("enterprises", "enterprises_unit"), ("amount", "amount_unit"))  # a figure and its unit go together


def _is_year(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
        and YEARS[0] <= value <= YEARS[1]


def full_text_lines(documents: Iterable[Document]) -> dict[str, list[str]]:
    """Each document the portal holds in full, as its lines without whitespace: where an outcome's
    passage must occur (``outcome_problems``; the record form receives the same lines)."""
    return {d.id: [flat(line) for line in d.body.split("\n")] for d in documents if d.body}


def outcome_problems(sources: Iterable[SourceFile], documents: Iterable[Document],
                     messages: Messages, schema: Mapping[str, Any]) -> list[Problem]:
    """A record's outcomes (``outcomes``: what a report says was delivered) quote their source: the
    document is one the portal holds in full, the passage occurs in it (whitespace aside), a figure
    has its unit and the year is a year; a one-off payout (``delivered``) has an outcome of its year."""
    lines = full_text_lines(documents)
    examples = example_texts(schema)
    problems: list[Problem] = []
    for source in sources:
        outcomes = source.meta.get("outcomes") if isinstance(source.meta.get("outcomes"), list) else []
        found = [(f"outcomes[{index}].{field}", message) for index, item in enumerate(outcomes)
                 if isinstance(item, dict) for field, message in _outcome_faults(item, lines, messages, examples)]
        delivered = source.meta.get("delivered")
        if delivered is not None and not _is_year(delivered):
            example = messages.text("example", written=written("delivered", examples["delivered"], messages))
            found.append(("delivered", messages.text("record.outcome_year", value=delivered, first=YEARS[0],
                                                     last=YEARS[1], example=example)))
        elif delivered is not None and not any(isinstance(o, dict) and o.get("year") == delivered for o in outcomes):
            found.append(("delivered", messages.text("record.delivered_without_outcome", year=delivered,
                                                     outcomes="outcomes")))
        problems += [Problem(source.path, source.line_of(field), field, message) for field, message in found]
    return problems


def _outcome_faults(item: dict, lines: dict[str, list[str]], messages: Messages,
                    examples: Mapping[str, str]) -> list[tuple[str, str]]:
    """(sub-field, message) of what is wrong with one outcome."""
    faults = []
    year, doc_id, passage = item.get("year"), item.get("source"), item.get("passage")
    if year is not None and not _is_year(year):
        example = messages.text("example", written=written("year", examples["outcomes[].year"], messages))
        faults.append(("year", messages.text("record.outcome_year", value=year, first=YEARS[0], last=YEARS[1],
                                             example=example)))
    for figure, unit in UNITS:
        if (item.get(figure) is None) != (item.get(unit) is None):
            units_example = messages.text("record.outcome_units_example")
            faults.append((unit if item.get(unit) is None else figure,
                           messages.text("record.outcome_unit_missing", figure=figure, unit=unit,
                                         units_example=units_example)))
    if isinstance(doc_id, str) and doc_id not in lines:
        faults.append(("source", messages.text("record.outcome_source_unknown", source=doc_id,
                                               choices="、".join(lines), hint=messages.suggest(doc_id, list(lines)))))
    elif isinstance(doc_id, str) and isinstance(passage, str) and not any(flat(passage) in line
                                                                         for line in lines[doc_id]):
        faults.append(("passage", messages.text("record.outcome_passage_not_found", source=doc_id)))
    return faults


def checked_source(root: Path, path: Path, messages: Messages, checker: PolicyChecker,
                   memo: CheckedRecords | None, links: FolderLinks) -> tuple[SourceFile, bool]:
    """One record read (never outside root, through a symbolic link, or past the size limit) and
    checked, and whether it was read without a problem (the cross-file checks apply to those); from
    an earlier build's reading of the same bytes when ``memo`` has it."""
    found = read_raw(root, path, messages, links)

    def make() -> tuple[SourceFile, bool]:
        source = found if isinstance(found, SourceFile) else read_source(found.path, found.raw, messages, size=found.size)
        readable = not source.problems
        checker.check(source)
        return source, readable
    return make() if memo is None or isinstance(found, SourceFile) else memo.checked(found, messages, make)


def make_checker(data: DataFiles) -> PolicyChecker:
    law_articles = {d.id: {a.number for a in d.law.articles} for d in data.documents if d.law}
    return PolicyChecker(data.contract.schema, data.vocabularies, law_articles, data.messages)


def place_problems(sources: list[SourceFile], messages: Messages) -> list[Problem]:
    """Every record must sit at docs/policies/<department>/<id>.md."""
    problems = []
    for source in sources:
        parts = Path(source.path).parts
        if len(parts) != 4 or parts[:2] != ("docs", POLICY_DIR):
            problems.append(Problem(source.path, 1, "文件位置", messages.text("record.misplaced")))
    return problems


@dataclass(frozen=True)
class CheckedContent:
    data: DataFiles
    sources: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    reported: frozenset[str]  # the files whose problems are reported
    search: SearchVocabulary
    warnings: tuple[Problem, ...] = ()  # review flags of the reported records (macros/legal/review.py)

    @property
    def notes(self) -> list[str]:
        """Accepted, normalised input (GB18030, BOM, CRLF) in the data files and the reported records."""
        records = [f"{s.path}: {note}" for s in self.sources for note in s.normalised if s.path in self.reported]
        return list(self.data.notes) + records


def review_warnings(data: DataFiles, sources: Iterable[SourceFile], as_of: date) -> list[Problem]:
    """The review flags of records without problems, as warnings located in their files."""
    basis, due = data.contract.field("legal_basis"), data.contract.field("review_due")
    warnings = []
    for source in sources:
        if source.problems:
            continue
        flags = review.flags_of(data.documents, convert(basis, source.meta.get("legal_basis")),
                                convert(due, source.meta.get("review_due")), as_of)
        warnings += review.warnings_of(source.path, source.line_of, flags)
    return warnings


def check_content(root: Path, only: Iterable[Path] | None = None, as_of: date | None = None,
                  memo: CheckedRecords | None = None) -> CheckedContent:
    """Read and check every record (or report only on ``only``, still checking ids across all).
    ``as_of`` (default: the build's date, core/clock.py) decides which reviews are overdue."""
    root = Path(root)
    data = load_data(root)  # raises ContentError for any problem in data/
    checker = make_checker(data)
    known = policy_files(root / "docs")
    chosen = None if only is None else {p.resolve() for p in only}
    files = known + outside(only, known) if only else known
    messages, links = data.messages, FolderLinks()
    checked = [checked_source(root, path, messages, checker, memo, links) for path in files]
    sources = [source for source, _ in checked]
    readable = [source for source, read in checked if read]  # read: every record check applies to these
    reported = frozenset(s.path for s, f in zip(sources, files, strict=True) if chosen is None or f.resolve() in chosen)
    problems = place_problems(sources, messages) + [p for s in sources for p in s.problems]
    problems += cross_file_problems(sources, messages)
    problems += document_problems(readable, data.documents, messages, data.contract)
    problems += outcome_problems(readable, data.documents, messages, data.contract.schema)
    search, search_problems = load_search_vocabulary(root, messages, content_texts(data.documents, sources))
    problems = sorted([p for p in problems if p.path in reported] + search_problems)  # data files: always reported
    as_of = as_of or build_date(commit_time=read_history(root).head_time)
    warnings = sorted(review_warnings(data, [s for s in sources if s.path in reported], as_of))
    return CheckedContent(data, tuple(sources), tuple(problems), reported, search, tuple(warnings))


def outside(chosen: Iterable[Path], known: list[Path]) -> list[Path]:
    """The chosen files that are not among the known records (a check of a file elsewhere), as given."""
    resolved = {k.resolve() for k in known}  # once: a check of many files stays linear
    return [p for p in chosen if p.resolve() not in resolved]


def content_texts(documents: Iterable[Document], sources: Iterable[SourceFile]) -> list[str]:
    """What the laws, reports and records say, as written: the synonyms are checked against it."""
    texts = [d.title for d in documents] + [d.body for d in documents if d.body]
    texts += [a.text for d in documents if d.law for a in d.law.articles]
    texts += [s.body + "\n" + json.dumps(s.meta, ensure_ascii=False, default=str) for s in sources]
    return texts


def collect_problems(root: Path, only: Iterable[Path] | None = None) -> tuple[list[Problem], list[str]]:
    """What ``python -m macros check`` reports: the same checks as the build."""
    content = check_content(root, only)
    return list(content.problems), content.notes


def collect_findings(root: Path, only: Iterable[Path] | None = None,
                     as_of: date | None = None) -> tuple[list[Problem], list[Problem], list[str]]:
    """Problems (which fail the check and the build), warnings (review flags, which do not) and notes."""
    content = check_content(root, only, as_of)
    return list(content.problems), list(content.warnings), content.notes


def load_portal(root: Path, as_of: date | None = None, cache: Cache | None = None) -> Portal:
    """Load and check everything; raise ContentError with every problem if anything is wrong. With a
    ``cache``, records whose bytes an earlier build read and checked are taken from it."""
    history = read_history(Path(root))
    as_of = as_of or build_date(commit_time=history.head_time)
    content = check_content(Path(root), as_of=as_of, memo=CheckedRecords(cache, as_of) if cache else None)
    if content.problems:
        raise ContentError(list(content.problems))
    data = content.data
    record_type = policy_class(data.contract)
    policies = tuple(sorted((build_policy(record_type, data.contract, s) for s in content.sources),
                            key=lambda p: (p.department, p.id)))
    revisions = record_revisions(Path(root), history, [f"docs/{p.path}" for p in policies],
                                 tuple(f.name for f in data.contract.fields), data.messages)
    return Portal(Path(root), as_of, data.site, data.vocabularies, data.documents, policies, data.contract,
                  data.matcher, data.open_data, tuple(content.notes), history, content.search, content.warnings,
                  MappingProxyType({s.meta["id"]: s.text for s in content.sources}), data.messages, revisions,
                  data.hotlines, data.entitlements, data.word_rules, data.columns)
