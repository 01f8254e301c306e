// What lib/query.js interpret() asks of the index, answered from lists made for a test (the browser's
// answers come from the fetched shards and suggest.json: lib/search-index.js): terms, each with its
// number of documents ({term: documents}, or a list: one document each), and the portal's own terms.
export function lookupOf(terms, portalTerms = []) {
  const counts = new Map(Array.isArray(terms) ? terms.map((term) => [term, 1]) : Object.entries(terms));
  return {
    documents: (word) => counts.get(word) || 0,
    startingWith: (text) => Array.from(counts.keys()).filter((term) => term.startsWith(text)),
    containing: (text) => portalTerms.filter((term) => term.includes(text))
  };
}
