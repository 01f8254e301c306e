"""A sharded Chinese full-text index, built at build time, queried in the browser (search.js).

Why not Material's search: its browser code drops the last word of an unspaced query and it
downloads the whole index (tens of MB at 10,000 records) before the first result.

Index: every document's text is segmented with jieba (plus data/search/userdict.txt, the
synonyms of data/search/synonyms.yml and the law's article numbers); each term of two or more
characters maps to postings ``[doc, weight, doc, weight, ...]`` with delta-encoded doc numbers.
Terms are sharded by their first character, so a query fetches one small shard per distinct
character it contains. Every Chinese character also has postings of its own (a signed gap per
document, negative when it is in the title), in separate ``chars-<n>.json`` shards fetched only
for a one-character word (税, 贷). The browser segments a
query against the terms actually in the index (search.js), so index time and query time cannot
disagree. Stop words (data/search/stopwords.yml) are never indexed; they, the synonyms, the
rank of each document and the pattern of a word are shipped in manifest.json for search.js.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jieba

from .documents import KINDS
from .documents import SUPERSEDED as SUPERSEDED_LABEL
from .exports import field_text
from .pageparts import parallel_allowed
from .pages import CATALOG, FACETS, groups_of
from .searchdata import WORD
from .status import APPLICABLE, STATUSES

TITLE_WEIGHT = 100  # a title hit outranks any number of body mentions
MAX_TF = 99
DOC_CHUNK = 40  # documents per docs-<n>.json file: a result page fetches few, small chunks
TARGET_SHARD_BYTES = 24_000
EXCERPT_CHARS = 200
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
    status: str = ""  # a provision's status code (macros/status.py), SUPERSEDED for an old version; else empty


class Segmenter:
    """jieba with the portal's dictionary; one instance per build.

    Every dictionary word inside a token is indexed too (中小微企业 also gives 小微企业), and the
    portal's own terms (userdict.txt, synonyms, article numbers) are indexed wherever they occur,
    whatever jieba made of the surrounding text: a query for them finds every document that
    contains them. Stop words and single characters are not terms (characters have their own
    postings, ``char_postings``, with a title flag instead of a count).
    """

    def __init__(self, userdict: Path | None, extra_words: Iterable[str] = (), stop_terms: Iterable[str] = ()):
        self.arguments = (userdict, tuple(extra_words), tuple(stop_terms))  # to make the same one in a worker
        self.stop_terms = frozenset(stop_terms)
        self.userdict = userdict if userdict and userdict.exists() else None
        self.extra_words = tuple(extra_words)
        self.forced: list[str] = list(extra_words)
        if self.userdict:
            lines = self.userdict.read_text(encoding="utf-8").splitlines()
            self.forced += [line.split()[0] for line in lines if line.strip()]
        self._tokenizer: jieba.Tokenizer | None = None

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba with the portal's words, loaded on first use (half a second): a build whose words
        are all counted in worker processes never loads it."""
        if self._tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            if self.userdict:
                tokenizer.load_userdict(str(self.userdict))
            for word in self.extra_words:
                tokenizer.add_word(word, freq=2000)
            self._tokenizer = tokenizer
        return self._tokenizer

    def _inner_words(self, token: str) -> list[str]:
        freq = self.tokenizer.FREQ
        return [token[i:i + n] for n in range(2, len(token)) for i in range(len(token) - n + 1)
                if freq.get(token[i:i + n])]

    def _run_terms(self, run: str) -> list[str]:
        terms = []
        for token in self.tokenizer.cut(run, HMM=True):
            terms.append(token)
            if len(token) > 2:
                terms += self._inner_words(token)
        for word in self.forced:
            if word in run:
                terms += [word] * max(0, run.count(word) - terms.count(word))
        return terms

    def terms(self, text: str) -> list[str]:
        out = []
        for run in WORD.findall(text.lower()):
            if run[0].isascii():
                out.append(run)
            else:
                out += [t for t in self._run_terms(run) if len(t.strip()) > 1 and t not in self.stop_terms]
        return out

    def characters(self, text: str) -> list[str]:
        return [ch for run in WORD.findall(text.lower()) if not run[0].isascii()
                for ch in run if ch not in self.stop_terms]


def portal_segmenter(portal) -> Segmenter:
    """The build's segmenter: the portal's dictionary, synonyms and article numbers; its stop words."""
    return Segmenter(portal.root / "data" / "search" / "userdict.txt",
                     law_terms(portal) + portal.search.synonym_words, portal.search.stop_words)


def shard_of(term: str, shards: int) -> int:
    """Must equal shardOf() in search.js."""
    return ord(term[0]) % shards


def _excerpt(doc: SearchDoc) -> str:
    text = re.sub(r"\s+", " ", doc.excerpt or doc.text).strip()
    return text[:EXCERPT_CHARS]


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
    labels from macros/status.py and macros/documents.py."""
    return {**STATUSES, SUPERSEDED: SUPERSEDED_LABEL}[doc.status] if status_tier(doc) else ""


def _weighted(number: int, counts: Counter, in_title: set[str], postings: dict[str, list[tuple[int, int]]]) -> None:
    for term, count in counts.items():
        postings[term].append((number, min(count, MAX_TF) + (TITLE_WEIGHT if term in in_title else 0)))


# Segmenting is most of the index's cost (jieba). From this many documents on, it runs in worker
# processes while MkDocs renders the pages (BackgroundCounting); smaller sites count in the build's
# own process at the end. Each worker makes the same segmenter from Segmenter.arguments.
PARALLEL_FROM = 500
CHUNK = 250  # documents per task
_worker_segmenter: Segmenter | None = None  # in a worker process only

@dataclass(frozen=True)
class Counted:
    """What the index needs of one document, made where jieba runs (possibly a worker process)."""

    terms: Counter  # term counts of the title and text
    title_terms: set[str]
    chars: tuple[tuple[str, bool], ...]  # each Chinese character once, and whether the title has it


def _start_worker(arguments: tuple) -> None:
    global _worker_segmenter
    _worker_segmenter = Segmenter(*arguments)


def _counted(segmenter: Segmenter, texts: list[tuple[str, str]]) -> list[Counted]:
    return [_count(segmenter, title, text) for title, text in texts]


def _count(segmenter: Segmenter, title: str, text: str) -> Counted:
    title_chars = set(segmenter.characters(title))
    chars = tuple((char, char in title_chars) for char in dict.fromkeys(segmenter.characters(title + "\n" + text)))
    return Counted(Counter(segmenter.terms(title + "\n" + text)), set(segmenter.terms(title)), chars)


def _counted_in_worker(texts: list[tuple[str, str]]) -> list[Counted]:
    return _counted(_worker_segmenter, texts)


class BackgroundCounting:
    """Counts the terms of ``docs`` in worker processes, started now, collected by ``counted``.

    The plugin starts it as soon as the records are read (on_files), so jieba works on another core
    while MkDocs renders the pages; with one core, or a small site, everything is counted in this
    process when ``counted`` is called.
    """

    def __init__(self, docs: list[SearchDoc], segmenter: Segmenter):
        self.docs, self.segmenter = docs, segmenter
        self.pool: ProcessPoolExecutor | None = None
        self.futures = []
        workers = min((os.cpu_count() or 1) - 1, 4)  # one core stays with the build's own process
        if len(docs) < PARALLEL_FROM or workers < 1 or not parallel_allowed():
            return
        texts = [(doc.title, doc.text) for doc in docs]
        context = multiprocessing.get_context("spawn")  # no fork: the build may run beside threads (mkdocs serve)
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                        initargs=(segmenter.arguments,))
        self.futures = [self.pool.submit(_counted_in_worker, texts[i:i + CHUNK]) for i in range(0, len(texts), CHUNK)]

    def counted(self, more: list[SearchDoc] = ()) -> list[Counted]:  # type: ignore[assignment]
        """The counts of the documents given at the start, then of ``more`` (counted here)."""
        if self.pool is None:
            return _counted(self.segmenter, [(doc.title, doc.text) for doc in [*self.docs, *more]])
        more_futures = [self.pool.submit(_counted_in_worker, [(doc.title, doc.text) for doc in more])] if more else []
        try:
            return [item for future in self.futures + more_futures for item in future.result()]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (also when the build fails half-way)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def build_postings(counted: list[Counted]) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, document in enumerate(counted):
        _weighted(number, document.terms, document.title_terms, postings)
    return postings


def char_postings(counted: list[Counted]) -> dict[str, list[tuple[int, bool]]]:
    """Every Chinese character's documents, for one-character words (税, 贷): whether it is in the title."""
    postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for number, document in enumerate(counted):
        for char, in_title in document.chars:
            postings[char].append((number, in_title))
    return postings


def encode(pairs: list[tuple[int, int]]) -> list[int]:
    flat, previous = [], 0
    for doc, weight in pairs:
        flat += [doc - previous, weight]
        previous = doc
    return flat


def encode_flags(pairs: list[tuple[int, bool]]) -> list[int]:
    """One signed gap per document (from -1, so never 0), negative for a title: half the size of
    ``encode`` for the character postings, where a count would add nothing to the ranking."""
    flat, previous = [], -1
    for doc, in_title in pairs:
        flat.append(previous - doc if in_title else doc - previous)
        previous = doc
    return flat


def shard_count(postings: dict[str, list[tuple[int, int]]]) -> int:
    size = sum(len(term) * 3 + len(pairs) * 6 for term, pairs in postings.items())
    return max(1, min(4093, math.ceil(size / TARGET_SHARD_BYTES)))


def _write_json(path: Path, value, digest) -> None:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    digest.update(text.encode())
    path.write_text(text, encoding="utf-8")


def _write_shards(postings: dict[str, list], out_dir: Path, prefix: str, digest, encoder=encode) -> int:
    shards = shard_count(postings)
    grouped: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        grouped[shard_of(term, shards)][term] = encoder(postings[term])
    for number in range(shards):
        _write_json(out_dir / f"{prefix}-{number}.json", grouped.get(number, {}), digest)
    return shards


def write_index(docs: list[SearchDoc], segmenter: Segmenter, out_dir: Path,
                synonyms: Iterable[Iterable[str]] = (), facets: list[dict] = (),  # type: ignore[assignment]
                counted: list[Counted] | None = None) -> dict:
    """Write manifest.json, shard-<n>.json, chars-<n>.json, docs-<n>.json and facets.json into
    ``out_dir``; return the manifest. ``counted``: the documents' terms if already counted
    (BackgroundCounting), else they are counted here."""
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    counted = counted if counted is not None else _counted(segmenter, [(d.title, d.text) for d in docs])
    postings = build_postings(counted)
    shards = _write_shards(postings, out_dir, "shard", digest)
    char_shards = _write_shards(char_postings(counted), out_dir, "chars", digest, encode_flags)
    for start in range(0, len(docs), DOC_CHUNK):
        chunk = [[d.url, d.title, d.kind, _excerpt(d), status_note(d)] for d in docs[start:start + DOC_CHUNK]]
        _write_json(out_dir / f"docs-{start // DOC_CHUNK}.json", chunk, digest)
    _write_json(out_dir / "facets.json", list(facets), digest)
    synonyms = [list(group) for group in synonyms]
    manifest = {
        "version": digest.hexdigest()[:12], "shards": shards, "char_shards": char_shards, "doc_chunk": DOC_CHUNK,
        "docs": len(docs), "title_weight": TITLE_WEIGHT, "word_pattern": WORD.pattern,
        "max_term": max((len(t) for t in postings), default=1),
        "stop_terms": sorted(segmenter.stop_terms), "synonyms": synonyms,
        "order": "".join(str(doc_order(d)) for d in docs),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


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


# -- what is indexed -------------------------------------------------------------------------

MARKDOWN_SYNTAX = re.compile(r"[#>*_`|\[\]()!-]+")


def _search_text(portal, spec, value) -> str:
    if spec.display == "legal-refs":
        return " ".join(f"《{portal.document(r.law).title}》{r.article}" for r in value)
    return field_text(portal, spec, value)


def policy_document(portal, policy) -> SearchDoc:
    """A provision's search document: its title, its body and every field the contract marks
    ``search`` (vocabulary codes as their names, cited articles as 《法名》第X条)."""
    parts = [MARKDOWN_SYNTAX.sub(" ", policy.body)]
    parts += [_search_text(portal, spec, policy.value(spec.name)) for spec in portal.contract.fields if spec.in_search]
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


def record_documents(portal) -> list[SearchDoc]:
    """Search documents built straight from the records: policies, law articles, measures, reports."""
    docs = [policy_document(portal, p) for p in portal.policies]
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


def law_terms(portal) -> list[str]:
    """Article and chapter numbers as whole words, so 第三十二条 is one term."""
    words = []
    for law in portal.laws:
        for chapter in law.law.chapters:
            words += [chapter.number] if chapter.number else []
            words += [a.number for a in chapter.articles]
    return list(dict.fromkeys(words))
