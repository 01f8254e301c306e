"""A sharded Chinese full-text index, built at build time, queried in the browser (search.js).

Why not Material's search: its browser code drops the last word of an unspaced query and it
downloads the whole index (tens of MB at 10,000 records) before the first result.

Index: every document's text is segmented (segment.py); each term of two or more characters maps
to postings ``[doc, weight, doc, weight, ...]`` with delta-encoded doc numbers. Terms are sharded by
their first character, so a query fetches one small shard per distinct character it contains.
Every Chinese character also has postings of its own (a signed gap per document, negative when it
is in the title), in separate ``chars-<n>.json`` shards fetched only for a one-character word (税,
贷) or for characters that are no word and no part of one (降至: 降 and 至). The browser segments
a query against the terms actually in the index (search.js), so index time and query time cannot
disagree. Stop words (data/search/stopwords.yml) are never indexed; they, the synonyms, the rank
of each document and the pattern of a word are shipped in manifest.json for search.js.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from ..load.search import WORD
from .counting import Counted, counted_here
from .documents import AliasTable, SearchDoc, doc_order, status_note
from .segment import Segmenter
from .suggest import suggestions, title_reading, write_suggestions

TITLE_WEIGHT = 100  # a title hit outranks any number of body mentions
MAX_TF = 99
DOC_CHUNK = 40  # documents per docs-<n>.json file: a result page fetches few, small chunks
TARGET_SHARD_BYTES = 24_000
EXCERPT_CHARS = 200


def shard_of(term: str, shards: int) -> int:
    """Must equal shardOf() in search.js."""
    return ord(term[0]) % shards


def _excerpt(doc: SearchDoc) -> str:
    text = re.sub(r"\s+", " ", doc.excerpt or doc.text).strip()
    return text[:EXCERPT_CHARS]


def _weighted(number: int, counts: dict[str, int], in_title: frozenset[str], postings: dict[str, list[tuple[int, int]]]) -> None:
    for term, count in counts.items():
        postings[term].append((number, min(count, MAX_TF) + (TITLE_WEIGHT if term in in_title else 0)))


def build_postings(counted: list[Counted]) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, document in enumerate(counted):
        _weighted(number, document.terms, document.title_terms, postings)
    return postings


def char_postings(counted: list[Counted]) -> dict[str, list[tuple[int, bool]]]:
    """Every Chinese character's documents, for one-character words (税, 贷): whether it is in the title."""
    postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for number, document in enumerate(counted):
        for char in document.title_chars:
            postings[char].append((number, True))
        for char in document.other_chars:
            postings[char].append((number, False))
    return postings


def encode(pairs: list[tuple[int, int]]) -> list[int]:
    """``[gap, weight, gap, weight, ...]``: each document number as the difference from the previous one."""
    docs = [doc for doc, _ in pairs]
    flat = [0] * (2 * len(pairs))
    flat[0::2] = [doc - previous for doc, previous in zip(docs, [0] + docs, strict=False)]
    flat[1::2] = [weight for _, weight in pairs]
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


def gaps(numbers: list[int]) -> list[int]:
    """Sorted document numbers as differences from the previous one (from 0)."""
    return [n - previous for previous, n in zip([0] + numbers, numbers, strict=False)]


def write_index(docs: list[SearchDoc], segmenter: Segmenter, out_dir: Path,
                synonyms: Iterable[Iterable[str]] = (), facets: list[dict] = (),  # type: ignore[assignment]
                counted: list[Counted] | None = None, narrower: Iterable[Iterable[str]] = (),
                aliases: AliasTable | None = None, read_title: Callable[[str], list[str]] = title_reading) -> dict:
    """Write manifest.json, shard-<n>.json, chars-<n>.json, docs-<n>.json, facets.json, entries.json
    and suggest.json (with suggest-<letter>.json) into ``out_dir``; return the manifest. ``counted``:
    the documents' terms if already counted (BackgroundCounting), else they are counted here. ``narrower``: one-way relations, a
    broader word first; ``aliases``: the vocabularies' everyday words (the manifest maps each word to
    its entry, entries.json holds each entry's documents once); ``read_title``: how a title reads in
    pinyin (suggest.py)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    counted = counted if counted is not None else counted_here(segmenter, docs)
    postings = build_postings(counted)
    shards = _write_shards(postings, out_dir, "shard", digest)
    char_shards = _write_shards(char_postings(counted), out_dir, "chars", digest, encode_flags)
    for start in range(0, len(docs), DOC_CHUNK):
        chunk = [[d.url, d.title, d.kind, _excerpt(d), status_note(d)] for d in docs[start:start + DOC_CHUNK]]
        _write_json(out_dir / f"docs-{start // DOC_CHUNK}.json", chunk, digest)
    _write_json(out_dir / "facets.json", list(facets), digest)
    aliases = aliases or AliasTable({}, [], [])
    _write_json(out_dir / "entries.json", [gaps(numbers) for numbers in aliases.docs], digest)
    found = suggestions(segmenter.forced, postings, docs, aliases.counts(), read_title)
    digest.update(write_suggestions(found, out_dir).encode())
    synonyms = [list(group) for group in synonyms]
    manifest = {
        "version": digest.hexdigest()[:12], "shards": shards, "char_shards": char_shards, "doc_chunk": DOC_CHUNK,
        "docs": len(docs), "title_weight": TITLE_WEIGHT, "word_pattern": WORD.pattern,
        "max_term": max((len(t) for t in postings), default=1),
        "stop_terms": sorted(segmenter.stop_terms), "synonyms": synonyms,
        "narrower": [list(group) for group in narrower], "aliases": aliases.words, "entries": aliases.names,
        "order": "".join(str(doc_order(d)) for d in docs),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


