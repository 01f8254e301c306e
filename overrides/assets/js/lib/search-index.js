/* 石首市惠企政策门户: the sharded search index in search-index/ (macros/search/), loaded as needed.
 * Only the shards of the characters in a query are fetched (with the portal's own terms, suggest.json,
 * for a query of two or more characters), and only the document chunks of the results shown. No DOM: fetchJson(path) is given (the search page fetches from the site; the tests
 * read a built site's files), so the same code runs in the browser and in node.
 */

import { chunkOf, docIn, docsFile } from "./index-files.js";
import { closestFacets, interpret, matchQuery, needsEntries, needsPortalTerms, shardOf, shardsOfConcepts, shardsOfQuery } from "./query.js";
import { portalTerms } from "./suggest.js";

function has(table, key) { return !!table && Object.hasOwn(table, key); }

/* What interpret() asks of the index (lib/query.js), answered from the query's term shards and the
   portal's own terms (suggest.json, with their number of documents). A term's shard holds every term
   with its first character, so the terms a word begins (留抵 -> 留抵退税) are in the shard the query
   already fetched. The vocabularies' everyday words in suggest.json are left out: they find their
   entry's documents (entries.json), not postings of their own. */
function lookupIn(terms, suggested, m) {
  const table = (word) => terms[shardOf(word, m.shards)];
  const counts = new Map(portalTerms(suggested).filter(([term]) => !Object.hasOwn(m.aliases || {}, term)));
  return {
    documents: (word) => (has(table(word), word) ? table(word)[word].length / 2 : counts.get(word) || 0),
    startingWith: (text) => (table(text) ? Object.keys(table(text)).filter((term) => term.startsWith(text)) : []),
    containing: (text) => Array.from(counts.keys()).filter((term) => term.includes(text))
  };
}

/* fetchJson(path relative to the site root) -> Promise of the parsed file. */
export function searchIndex(fetchJson) {
  const cache = new Map();

  function once(path) {
    if (!cache.has(path)) cache.set(path, fetchJson(path));
    return cache.get(path);
  }

  function manifest() { return once("search-index/manifest.json"); }

  /* numbers -> { number: shard } */
  function shards(numbers, prefix, m) {
    const list = Array.from(numbers);
    return Promise.all(list.map((n) => once(`search-index/${prefix}-${n}.json?v=${m.version}`))).then((loaded) => {
      const byNumber = {};
      list.forEach((n, i) => { byNumber[n] = loaded[i]; });
      return byNumber;
    });
  }

  /* The documents of the vocabulary entries, fetched only for a query holding an everyday word. */
  function entries(parsed, m) {
    return needsEntries(parsed.concepts) ? once(`search-index/entries.json?v=${m.version}`) : Promise.resolve([]);
  }

  /* The portal's own terms (suggest.json, a few KB whatever the number of records), fetched with the
     query's shards, for a query with a run of two or more Chinese characters. */
  function ownTerms(query, m) {
    return needsPortalTerms(query, m) ? once(`search-index/suggest.json?v=${m.version}`) : Promise.resolve([]);
  }

  /* query -> the matched and ranked result (lib/query.js matchQuery). */
  function search(query) {
    return manifest().then((m) => Promise.all([shards(shardsOfQuery(query, m), "shard", m), ownTerms(query, m)]).then(([terms, suggested]) => {
      const parsed = interpret(query, m, lookupIn(terms, suggested, m));
      const needed = shardsOfConcepts(parsed.concepts, m);
      return Promise.all([shards(needed.terms, "shard", m), shards(needed.chars, "chars", m), entries(parsed, m)]).then((loaded) => (
        matchQuery(parsed, { terms: loaded[0], chars: loaded[1], entries: loaded[2] }, m)));
    }));
  }

  /* The hits from..to with their documents: { url, title, kind, excerpt, note, hit }. */
  function describe(hits, m, from, to) {
    const slice = hits.slice(from, to);
    const chunks = Array.from(new Set(slice.map((h) => chunkOf(h.doc, m))));
    return Promise.all(chunks.map((c) => once(docsFile(c, m)))).then((loaded) => {
      const byChunk = new Map(chunks.map((c, i) => [c, loaded[i]]));
      return slice.map((h) => ({ ...docIn(byChunk.get(chunkOf(h.doc, m)), h.doc, m), hit: h }));
    });
  }

  /* Nothing found: the departments and categories closest to the query (facets.json). */
  function closest(found) {
    return once(`search-index/facets.json?v=${found.manifest.version}`).then((list) => closestFacets(found, list));
  }

  return { manifest, search, describe, closest };
}
