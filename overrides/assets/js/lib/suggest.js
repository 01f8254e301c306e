/* 石首市惠企政策门户: suggestions as you type, over search-index/suggest.json (macros/search/suggest.py).
 * Pure: no DOM, no network.
 *
 * A term of the portal's own vocabulary (suggest.json: [text, syllables, "", documents], pypinyin's
 * syllables space-separated, "liu di tui shui") is chosen to search for it; a public page's title
 * (suggest-<letter>.json: [title, document number]) to open it. A title's syllables are read from
 * suggest-pinyin.json, each character's readings in the site's titles (titleSyllables). Typed Chinese
 * matches the text; typed letters match the syllables, each syllable by a beginning of one of its
 * readings: the whole syllable, some of its letters or its initial, so "ldts", "liudi", "liudts" and
 * "liudituishui" all offer 留抵退税.
 *
 * Ranking: a match from the first character or syllable before one inside; then terms before
 * titles; then the terms found in more documents; then the shorter text.
 */

export const LIMIT = 8; /* suggestions shown */
const LONGEST_TYPED = 40; /* letters of a typed pinyin that are matched */

/* NFKC (full-width letters become ASCII), lower case, without spaces and apostrophes (xi'an). */
export function normalise(typed) {
  return String(typed || "").normalize("NFKC").toLowerCase().replace(/[\s'’]+/g, "");
}

export function isPinyin(typed) { return /^[0-9a-z]+$/.test(typed); }

export const TERMS = "suggest.json";
export const READINGS = "suggest-pinyin.json";

/* The files to fetch for what was typed: { terms, readings, titles }, the last two for letters only
 * (the titles whose pinyin begins with the first letter: title_keys in macros/search/suggest.py). */
export function filesFor(typed) {
  const query = normalise(typed);
  if (!query) return {};
  if (!isPinyin(query)) return { terms: TERMS };
  return { terms: TERMS, readings: READINGS, titles: "suggest-" + (/[0-9]/.test(query[0]) ? "0" : query[0]) + ".json" };
}

/* A title's syllables, each a list of readings: a character with readings in the table is a
 * syllable, a run of ASCII letters and digits one word, anything else is skipped (must agree with
 * title_keys in macros/search/suggest.py). */
export function titleSyllables(title, readings) {
  const out = [];
  let word = "";
  for (const ch of title.toLowerCase()) {
    if (/[0-9a-z]/.test(ch)) { word += ch; continue; }
    if (word) { out.push([word]); word = ""; }
    if (Object.hasOwn(readings, ch)) out.push(readings[ch]);
  }
  if (word) out.push([word]);
  return out;
}

/* The loaded files as candidates { text, syllables, doc (a title's document number), docs }. */
export function candidates(terms, titles = [], readings = {}) {
  return terms.map((entry) => ({ text: entry[0], syllables: entry[1].split(" ").map((s) => [s]), docs: entry[3] }))
    .concat(titles.map(([text, doc]) => ({ text, syllables: titleSyllables(text, readings), doc, docs: 0 })));
}

/* The terms of suggest.json with their number of documents: [[text, documents], ...]. */
export function portalTerms(terms) {
  return terms.map((entry) => [entry[0], entry[3]]);
}

/* Does typed (from 0) match syllables (from start), each syllable by a non-empty beginning of one
   of its readings? */
export function matchesFrom(syllables, start, typed) {
  const failed = new Set();
  function from(i, j) {
    if (j === typed.length) return true;
    if (i === syllables.length || failed.has(i * 1000 + j)) return false;
    for (const reading of syllables[i]) {
      for (let k = Math.min(reading.length, typed.length - j); k > 0; k--) {
        if (typed.startsWith(reading.slice(0, k), j) && from(i + 1, j + k)) return true;
      }
    }
    failed.add(i * 1000 + j);
    return false;
  }
  return from(start, 0);
}

/* 0: from the start; 1: from a later syllable; -1: no match. */
function pinyinPlace(candidate, typed) {
  const syllables = candidate.syllables;
  for (let start = 0; start < syllables.length; start++) {
    if (syllables[start].some((r) => r[0] === typed[0]) && matchesFrom(syllables, start, typed)) return start === 0 ? 0 : 1;
  }
  return -1;
}

function hanziPlace(candidate, typed) {
  const at = candidate.text.toLowerCase().indexOf(typed);
  if (at < 0) return -1;
  return at === 0 ? 0 : 1;
}

export function isPage(suggestion) { return suggestion.doc !== undefined; }

function compare(a, b) {
  return a.place - b.place || Number(isPage(a)) - Number(isPage(b)) || b.docs - a.docs
    || a.text.length - b.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

/* candidates, what was typed -> up to limit of { text, docs, by: "hanzi" | "pinyin" } (and doc for a
   page), best first. */
export function suggest(list, typed, limit = LIMIT) {
  const query = normalise(typed);
  if (!query) return [];
  const pinyin = isPinyin(query);
  if (pinyin && query.length > LONGEST_TYPED) return [];
  const found = [];
  for (const candidate of list) {
    const place = pinyin ? pinyinPlace(candidate, query) : hanziPlace(candidate, query);
    if (place >= 0) found.push({ ...candidate, place, by: pinyin ? "pinyin" : "hanzi" });
  }
  return found.sort(compare).slice(0, limit).map(({ text, doc, docs, by }) => (doc === undefined ? { text, docs, by } : { text, doc, docs, by }));
}
