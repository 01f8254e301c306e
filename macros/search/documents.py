"""What is indexed: a search document per provision, per article of every law, per law, report and
portal page; each with its kind and, for a provision, its status, which decide its rank."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import zip_longest

from ..legal.documents import KINDS
from ..legal.documents import SUPERSEDED as SUPERSEDED_LABEL
from ..model.addresses import CATALOG
from ..model.facets import FACETS, groups_of
from ..model.status import APPLICABLE, STATUSES
from ..opendata.exports import field_text

KIND_ORDER = ("政策", "法律条文")  # provisions, then law articles, then every other page
SUGGESTED_FACETS = ("departments", "categories")  # offered as links when a query finds nothing
SUPERSEDED = "superseded"  # the status of a superseded text's documents: ranked with expired provisions


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative, may include #anchor
    title: str
    text: str
    kind: str  # 政策 / 法律条文 / 法律 / 法规 / 报告 / 页面
    excerpt: str = ""
    status: str = ""  # a provision's status code (macros/model/status.py), SUPERSEDED for an old version; else empty


def status_tier(doc: SearchDoc) -> int:
    """0: not a provision, or a provision in force; 1: not yet in force; 2: expired or repealed."""
    if not doc.status or doc.status in APPLICABLE:
        return 0
    return 1 if doc.status == "pending" else 2


def doc_order(doc: SearchDoc) -> int:
    """The rank search.js sorts by, as one digit: 3 × status tier + kind (provision, law article, other).

    The browser puts the status tier first, then the number of query words in the title, then the
    kind: provisions in force before expired ones, title matches before body matches, provisions
    before law articles before other pages.
    """
    kind = KIND_ORDER.index(doc.kind) if doc.kind in KIND_ORDER else len(KIND_ORDER)
    return 3 * status_tier(doc) + kind


def status_note(doc: SearchDoc) -> str:
    """Shown with a result ranked down for its status (已失效 …, or 已被修订 for a superseded text);
    labels from macros/model/status.py and macros/load/documents.py."""
    return {**STATUSES, SUPERSEDED: SUPERSEDED_LABEL}[doc.status] if status_tier(doc) else ""


def suggested_facets(portal, docs: list[SearchDoc]) -> list[dict]:
    """The catalog's department and category groups with the numbers of their documents in ``docs``:
    when a query finds nothing, search.js offers the groups closest to its words as links."""
    number_of = {d.url: n for n, d in enumerate(docs)}
    out = []
    for facet in (f for f in FACETS if f.slug in SUGGESTED_FACETS):
        base = f"{CATALOG}/{facet.slug}/"
        values = [{"name": name, "url": f"{base}{code}/", "docs": sorted(number_of[p.url] for p in policies)}
                  for code, name, _description, policies in groups_of(portal, facet) if policies]
        out.append({"label": facet.index_label, "url": base, "values": values})
    return out


@dataclass(frozen=True)
class AliasTable:
    """The everyday words of the vocabularies (their ``aliases``): word -> entry, and each entry's
    name and documents, for search.js. An entry's documents are written once (entries.json,
    fetched only for a query holding one of its words), however many words it has."""

    words: dict[str, int]  # word -> index into names and docs
    names: list[str]
    docs: list[list[int]]

    def counts(self) -> dict[str, int]:
        """Each everyday word -> how many documents its entry has (for the suggestions)."""
        return {word: len(self.docs[entry]) for word, entry in self.words.items()}


def alias_table(portal, docs: list[SearchDoc]) -> AliasTable:
    """Every vocabulary entry with aliases and the provisions whose field holds its code; a matcher
    need's provisions are those it matches (one of its categories or support types)."""
    number_of = {d.url: n for n, d in enumerate(docs)}
    found: list[tuple[str, tuple[str, ...], list]] = []
    for name, vocabulary in portal.vocabularies.items():
        found += [(t.name, t.aliases, portal.with_value(name, t.code)) for t in vocabulary.terms if t.aliases]
    for need in portal.matcher.needs.terms if portal.matcher else ():
        if need.aliases:
            policies = {p.url: p for field in ("categories", "support_type") for code in need.get(field)
                        for p in portal.with_value(field, code)}
            found.append((need.name, need.aliases, list(policies.values())))
    table = AliasTable({}, [], [])
    for entry, (name, words, policies) in enumerate(found):
        table.words.update(dict.fromkeys(words, entry))
        table.names.append(name)
        table.docs.append(sorted(number_of[p.url] for p in policies if p.url in number_of))
    return table


MARKDOWN_SYNTAX = re.compile(r"[#>*_`|\[\]()!-]+")


def _search_text(portal, spec, value) -> str:
    if spec.display == "legal-refs":
        return " ".join(f"《{portal.document(r.law).title}》{r.article}" for r in value)
    return field_text(portal, spec, value)


def policy_document(portal, policy) -> SearchDoc:
    """A provision's search document: its title, its body, every field the contract marks ``search``
    (vocabulary codes as their names, cited articles as 《法名》第X条) and what its 下一步 offers to
    call (电话, the hotlines' numbers)."""
    parts = [MARKDOWN_SYNTAX.sub(" ", policy.body)]
    parts += [_search_text(portal, spec, policy.value(spec.name)) for spec in portal.contract.fields if spec.in_search]
    parts.append(portal.next_step(policy).search_text())
    return SearchDoc(policy.url, policy.title, "\n".join(part for part in parts if part), "政策", policy.summary,
                     portal.status(policy))


def law_documents(doc) -> list[SearchDoc]:
    """Every article of a library text; a superseded version's articles carry the status
    ``superseded``, which ranks them after the current version's (``status_tier``)."""
    docs = []
    status = SUPERSEDED if doc.superseded_by else ""
    for chapter in doc.law.chapters:
        for article in chapter.articles:
            heading = f"{chapter.number} {chapter.title}\n" if chapter.number else ""
            docs.append(SearchDoc(f"{doc.url}#{article.number}", f"{doc.label}{article.number}", heading + article.text,
                                  "法律条文", article.text, status))
    return docs


def record_documents(portal, known: list[SearchDoc | None] = ()) -> list[SearchDoc]:  # type: ignore[assignment]
    """Search documents built straight from the records: policies (the first ones as ``known`` gives
    them, when it does), law articles, measures, reports."""
    docs = [found or policy_document(portal, p) for p, found in zip_longest(portal.policies, known)]
    for doc in portal.documents:
        if doc.law is not None:
            status = SUPERSEDED if doc.superseded_by else ""
            docs.append(SearchDoc(doc.url, doc.label, doc.meta.get("issuer") or "", KINDS[doc.kind], doc.label, status))
            docs += law_documents(doc)
        elif doc.body:
            docs.append(SearchDoc(doc.url, doc.title, doc.body, "报告", ""))
        else:
            note = doc.meta.get("pending_note") or ""
            text = " ".join([note, "全文待录入", " ".join(doc.meta.get("chapters") or [])])
            docs.append(SearchDoc(doc.url, doc.title, text, "法规", "全文待录入。" + note))
    return docs


def record_pages(portal) -> set[str]:
    """Source paths whose search documents come from the records (not from their HTML)."""
    return {p.path for p in portal.policies} | {d.page for d in portal.documents}


