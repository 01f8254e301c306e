/* 石首市惠企政策门户: where a document of the search index is (macros/search/index.py writes
 * docs-<n>.json, DOC_CHUNK documents each). Used by lib/search-index.js for results and by
 * suggest-box.js to open a suggested title, without loading the query code on every page. */

export function chunkOf(doc, m) { return Math.floor(doc / m.doc_chunk); }

export function docsFile(chunk, m) { return `search-index/docs-${chunk}.json?v=${m.version}`; }

/* A document of a loaded chunk: { url, title, kind, excerpt, note }. */
export function docIn(chunk, doc, m) {
  const d = chunk[doc % m.doc_chunk];
  return { url: d[0], title: d[1], kind: d[2], excerpt: d[3], note: d[4] };
}
