"""A sharded Chinese full-text index, built at build time, queried in the browser (search.js).

Why not Material's search: its browser code drops the last word of an unspaced query and it
downloads the whole index (tens of MB at 10,000 records) before the first result.

Index: every document's text is segmented with jieba (plus data/search/userdict.txt and the
law's article numbers); each term maps to postings ``[doc, weight, doc, weight, ...]`` with
delta-encoded doc numbers. Terms are sharded by their first character, so a query fetches one
small shard per distinct character it contains. The browser segments a query against the terms
actually in the index (search.js), so index time and query time cannot disagree.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import jieba

from .exports import field_text

TITLE_WEIGHT = 100  # a title hit outranks any number of body mentions
MAX_TF = 99
DOC_CHUNK = 40  # documents per docs-<n>.json file: a result page fetches few, small chunks
TARGET_SHARD_BYTES = 24_000
EXCERPT_CHARS = 200
STOP_TERMS = set("的 了 和 与 及 或 在 对 为 是 等 按 由 于 其 并 将 向 从 以 之 也 而 但 所 被 把 给 这 那 有 无 不".split())
WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative, may include #anchor
    title: str
    text: str
    kind: str  # 政策 / 法律条文 / 法规 / 报告 / 页面
    excerpt: str = ""


class Segmenter:
    """jieba with the portal's dictionary; one instance per build.

    Every dictionary word inside a token is indexed too (中小微企业 also gives 小微企业), and the
    portal's own terms (userdict.txt, article numbers) are indexed wherever they occur, whatever
    jieba made of the surrounding text: a query for them finds every document that contains them.
    """

    def __init__(self, userdict: Path | None, extra_words: list[str] = ()):  # type: ignore[assignment]
        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self.forced: list[str] = list(extra_words)
        if userdict and userdict.exists():
            self.tokenizer.load_userdict(str(userdict))
            self.forced += [line.split()[0] for line in userdict.read_text(encoding="utf-8").splitlines() if line.strip()]
        for word in extra_words:
            self.tokenizer.add_word(word, freq=2000)

    def _inner_words(self, token: str) -> list[str]:
        freq = self.tokenizer.FREQ
        return [token[i:i + n] for n in range(2, len(token)) for i in range(len(token) - n + 1) if freq.get(token[i:i + n])]

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
                out += [t for t in self._run_terms(run) if t.strip() and t not in STOP_TERMS]
        return out


def shard_of(term: str, shards: int) -> int:
    """Must equal shardOf() in search.js."""
    return ord(term[0]) % shards


def _excerpt(doc: SearchDoc) -> str:
    text = re.sub(r"\s+", " ", doc.excerpt or doc.text).strip()
    return text[:EXCERPT_CHARS]


def build_postings(docs: list[SearchDoc], segmenter: Segmenter) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        title_terms = set(segmenter.terms(doc.title))
        counts = Counter(segmenter.terms(doc.title + "\n" + doc.text))
        for term, count in counts.items():
            weight = min(count, MAX_TF) + (TITLE_WEIGHT if term in title_terms else 0)
            postings[term].append((number, weight))
    return postings


def encode(pairs: list[tuple[int, int]]) -> list[int]:
    flat, previous = [], 0
    for doc, weight in pairs:
        flat += [doc - previous, weight]
        previous = doc
    return flat


def shard_count(postings: dict[str, list[tuple[int, int]]]) -> int:
    size = sum(len(term) * 3 + len(pairs) * 6 for term, pairs in postings.items())
    return max(1, min(4093, math.ceil(size / TARGET_SHARD_BYTES)))


def write_index(docs: list[SearchDoc], segmenter: Segmenter, out_dir: Path) -> dict:
    """Write manifest.json, shard-<n>.json and docs-<n>.json into ``out_dir``; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    postings = build_postings(docs, segmenter)
    shards = shard_count(postings)
    grouped: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        grouped[shard_of(term, shards)][term] = encode(postings[term])
    digest = hashlib.sha256()
    for number in range(shards):
        text = json.dumps(grouped.get(number, {}), ensure_ascii=False, separators=(",", ":"))
        digest.update(text.encode())
        (out_dir / f"shard-{number}.json").write_text(text, encoding="utf-8")
    for start in range(0, len(docs), DOC_CHUNK):
        chunk = [[d.url, d.title, d.kind, _excerpt(d)] for d in docs[start:start + DOC_CHUNK]]
        text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        digest.update(text.encode())
        (out_dir / f"docs-{start // DOC_CHUNK}.json").write_text(text, encoding="utf-8")
    manifest = {"version": digest.hexdigest()[:12], "shards": shards, "doc_chunk": DOC_CHUNK,
                "docs": len(docs), "title_weight": TITLE_WEIGHT, "stop_terms": sorted(STOP_TERMS)}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


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
    return SearchDoc(policy.url, policy.title, "\n".join(part for part in parts if part), "政策", policy.summary)


def law_documents(doc) -> list[SearchDoc]:
    docs = []
    for chapter in doc.law.chapters:
        for article in chapter.articles:
            title = f"《{doc.title}》{article.number}"
            text = f"{chapter.number} {chapter.title}\n{article.text}"
            docs.append(SearchDoc(f"{doc.url}#{article.number}", title, text, "法律条文", article.text))
    return docs


def record_documents(portal) -> list[SearchDoc]:
    """Search documents built straight from the records: policies, law articles, measures, reports."""
    docs = [policy_document(portal, p) for p in portal.policies]
    for doc in portal.documents:
        if doc.law is not None:
            docs.append(SearchDoc(doc.url, doc.title, doc.meta.get("issuer") or "", "法律", doc.title))
            docs += law_documents(doc)
        elif doc.body:
            docs.append(SearchDoc(doc.url, doc.title, doc.body, "报告", ""))
        else:
            text = " ".join([doc.meta.get("pending_note") or "", "全文待录入", " ".join(doc.meta.get("chapters") or [])])
            docs.append(SearchDoc(doc.url, doc.title, text, "法规", "全文待录入。" + (doc.meta.get("pending_note") or "")))
    return docs


def record_pages(portal) -> set[str]:
    """Source paths whose search documents come from the records (not from their HTML)."""
    return {p.path for p in portal.policies} | {d.page for d in portal.documents}


def law_terms(portal) -> list[str]:
    """Article and chapter numbers as whole words, so 第三十二条 is one term."""
    words = []
    for law in portal.laws:
        for chapter in law.law.chapters:
            words.append(chapter.number)
            words += [a.number for a in chapter.articles]
    return words
