"""The one loader: data/*.yml, data/texts/ and docs/policies/** -> frozen records, once per build.

Everything downstream (macros, generated pages, exports, the command-line check, tests) reads
the ``Portal`` returned by ``load_portal``; nothing else re-reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import status as status_rules
from .datafiles import DataFiles, load_data
from .documents import Document
from .frontmatter import SourceFile, read_file
from .problems import ContentError, Problem
from .validate import PolicyChecker, suggest
from .vocab import MatcherConfig, Site, Vocabulary

POLICY_DIR = "policies"


@dataclass(frozen=True)
class Amount:
    text: str
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Source:
    document: str
    passage: str
    url: str | None = None


@dataclass(frozen=True)
class LegalRef:
    law: str
    article: str

    @property
    def key(self) -> str:
        return f"{self.law}#{self.article}"


@dataclass(frozen=True)
class Application:
    steps: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    where: str | None = None
    deadline: str | None = None


@dataclass(frozen=True)
class Contact:
    department: str | None = None
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Policy:
    id: str
    path: str  # relative to docs/, e.g. policies/kejing/kejing-guishang-jiangli.md
    title: str
    summary: str
    issuer: str
    document_title: str
    department: str
    beneficiaries: tuple[str, ...]
    categories: tuple[str, ...]
    support_type: tuple[str, ...]
    delivery: str
    sources: tuple[Source, ...]
    last_reviewed: date
    review_due: date
    body: str
    document_number: str | None = None
    written_date: date | None = None
    published_date: date | None = None
    topic: str | None = None
    effective: date | None = None
    expires: date | None = None
    repealed: date | None = None
    superseded_by: str | None = None
    industries: tuple[str, ...] = ()
    amount: Amount | None = None
    application: Application | None = None
    contact: Contact | None = None
    legal_basis: tuple[LegalRef, ...] = ()

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page (directory URLs)."""
        return self.path[: -len(".md")] + "/"

    @property
    def year(self) -> int | None:
        """The document's year: published, else written, else the year in its 文号, else effective."""
        for day in (self.published_date, self.written_date):
            if day:
                return day.year
        if self.document_number:
            for marker in ("〔", "公告"):
                head, found, tail = self.document_number.partition(marker)
                if found and tail[:4].isdigit():
                    return int(tail[:4])
        return self.effective.year if self.effective else None


@dataclass(frozen=True)
class Portal:
    root: Path
    as_of: date
    site: Site
    vocabularies: Mapping[str, Vocabulary]
    documents: tuple[Document, ...]
    policies: tuple[Policy, ...]
    schema: Mapping[str, Any] = field(repr=False)
    matcher: MatcherConfig = field(repr=False)
    normalised: tuple[str, ...] = ()  # notes about accepted, normalised input

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def policy(self, policy_id: str) -> Policy:
        return next(p for p in self.policies if p.id == policy_id)

    @cached_property
    def by_path(self) -> Mapping[str, Policy]:
        """Records by source path (docs-relative): one lookup per page, not a scan."""
        return MappingProxyType({p.path: p for p in self.policies})

    def status(self, policy: Policy, as_of: date | None = None) -> str:
        return status_rules.status_of(as_of or self.as_of, policy.effective, policy.expires, policy.repealed)

    def term(self, field_name: str, code: str):
        return self.vocabularies[field_name][code]

    def with_value(self, field_name: str, code: str) -> tuple[Policy, ...]:
        """Policies whose vocabulary field (single or multi-valued) contains ``code``."""
        def has(policy: Policy) -> bool:
            value = getattr(policy, field_name)
            return code in value if isinstance(value, tuple) else value == code
        return tuple(p for p in self.policies if has(p))

    def implementing(self, law_id: str, article: str) -> tuple[Policy, ...]:
        key = f"{law_id}#{article}"
        return tuple(p for p in self.policies if any(ref.key == key for ref in p.legal_basis))

    @property
    def laws(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.law is not None)


def policy_files(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / POLICY_DIR).rglob("*.md"))


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def build_policy(source: SourceFile) -> Policy:
    meta = source.meta
    amount = meta.get("amount")
    application = meta.get("application")
    contact = meta.get("contact")
    return Policy(
        id=meta["id"], path=source.path.removeprefix("docs/"), title=meta["title"], summary=meta["summary"],
        issuer=meta["issuer"], document_title=meta["document_title"], department=meta["department"],
        beneficiaries=tuple(meta["beneficiaries"]), categories=tuple(meta["categories"]),
        support_type=tuple(meta["support_type"]), delivery=meta["delivery"],
        sources=tuple(Source(s["document"], s["passage"], s.get("url")) for s in meta["sources"]),
        last_reviewed=_date(meta["last_reviewed"]), review_due=_date(meta["review_due"]),
        body=source.body, document_number=meta.get("document_number"),
        written_date=_date(meta.get("written_date")), published_date=_date(meta.get("published_date")),
        topic=meta.get("topic"), effective=_date(meta.get("effective")), expires=_date(meta.get("expires")),
        repealed=_date(meta.get("repealed")), superseded_by=meta.get("superseded_by"),
        industries=tuple(meta.get("industries") or ()),
        amount=Amount(amount["text"], amount.get("value"), amount.get("unit")) if amount else None,
        application=Application(tuple(application.get("steps") or ()), tuple(application.get("materials") or ()),
                                application.get("where"), application.get("deadline")) if application else None,
        contact=Contact(contact.get("department"), contact.get("phone"), contact.get("address")) if contact else None,
        legal_basis=tuple(LegalRef(*ref.split("#", 1)) for ref in meta.get("legal_basis") or ()),
    )


def cross_file_problems(sources: list[SourceFile]) -> list[Problem]:
    problems = []
    by_id: dict[str, list[SourceFile]] = {}
    for source in sources:
        record_id = source.meta.get("id")
        if isinstance(record_id, str):
            by_id.setdefault(record_id, []).append(source)
    for record_id, holders in by_id.items():
        for source in holders if len(holders) > 1 else ():
            others = "、".join(o.path for o in holders if o is not source)
            problems.append(Problem(source.path, source.line_of("id"), "id",
                                    f"id“{record_id}”同时被 {others} 使用；id 必须全站唯一；请给新加的政策换一个 id（同时改文件名）"))
    for source in sources:
        target = source.meta.get("superseded_by")
        if isinstance(target, str) and target not in by_id:
            problems.append(Problem(source.path, source.line_of("superseded_by"), "superseded_by",
                                    f"没有 id 为“{target}”的政策；请填写取代本政策的那条政策的 id{suggest(target, list(by_id))}"))
    return problems


def read_policy_sources(root: Path, files: Iterable[Path]) -> list[SourceFile]:
    # read_file never reads outside root, through a symbolic link, or more than the size limit
    return [read_file(root, path) for path in files]


def make_checker(schema: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary],
                 documents: Iterable[Document]) -> PolicyChecker:
    law_articles = {d.id: {a.number for a in d.law.articles} for d in documents if d.law}
    return PolicyChecker(schema, vocabularies, law_articles)


def place_problems(sources: list[SourceFile]) -> list[Problem]:
    """Every record must sit at docs/policies/<department>/<id>.md."""
    problems = []
    for source in sources:
        parts = Path(source.path).parts
        if len(parts) != 4 or parts[:2] != ("docs", POLICY_DIR):
            problems.append(Problem(source.path, 1, "文件位置",
                                    "政策文件必须放在 docs/policies/<部门代码>/<id>.md；请把文件移到本部门的文件夹中"))
    return problems


@dataclass(frozen=True)
class CheckedContent:
    data: DataFiles
    sources: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    reported: frozenset[str]  # the files whose problems are reported

    @property
    def notes(self) -> list[str]:
        """Accepted, normalised input (GB18030, BOM, CRLF) in the data files and the reported records."""
        records = [f"{s.path}: {note}" for s in self.sources for note in s.normalised if s.path in self.reported]
        return list(self.data.notes) + records


def check_content(root: Path, only: Iterable[Path] | None = None) -> CheckedContent:
    """Read and check every record (or report only on ``only``, still checking ids across all)."""
    root = Path(root)
    data = load_data(root)  # raises ContentError for any problem in data/
    checker = make_checker(data.schema, data.vocabularies, data.documents)
    known = policy_files(root / "docs")
    chosen = None if only is None else {p.resolve() for p in only}
    files = known + [p for p in only or [] if p.resolve() not in {k.resolve() for k in known}]
    sources = read_policy_sources(root, files)
    for source in sources:
        checker.check(source)
    reported = frozenset(s.path for s, f in zip(sources, files) if chosen is None or f.resolve() in chosen)
    problems = place_problems(sources) + [p for s in sources for p in s.problems] + cross_file_problems(sources)
    problems = sorted(p for p in problems if p.path in reported)
    return CheckedContent(data, tuple(sources), tuple(problems), reported)


def collect_problems(root: Path, only: Iterable[Path] | None = None) -> tuple[list[Problem], list[str]]:
    """What ``python -m macros check`` reports: the same checks as the build."""
    content = check_content(root, only)
    return list(content.problems), content.notes


def load_portal(root: Path, as_of: date | None = None) -> Portal:
    """Load and check everything; raise ContentError with every problem if anything is wrong."""
    content = check_content(Path(root))
    if content.problems:
        raise ContentError(list(content.problems))
    policies = tuple(sorted((build_policy(s) for s in content.sources), key=lambda p: (p.department, p.id)))
    data = content.data
    return Portal(Path(root), as_of or status_rules.build_date(), data.site, data.vocabularies, data.documents,
                  policies, MappingProxyType(data.schema), data.matcher, tuple(content.notes))
