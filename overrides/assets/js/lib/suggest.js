/* 石首市惠企政策门户: suggestions as you type, over search-index/suggest.json (macros/search/suggest.py).
 * Pure: no DOM, no network.
 *
 * Each entry is [text, syllables, address, documents]: a term of the portal's own vocabulary (address
 * "", chosen to search for it) or a public page's title (chosen to open it). The syllables are
 * pypinyin's, space-separated ("liu di tui shui"). Typed Chinese matches the text; typed letters
 * match the syllables, each syllable by a beginning of it: the whole syllable, some of its letters or
 * its initial, so "ldts", "liudi", "liudts" and "liudituishui" all offer 留抵退税.
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

/* The files to fetch for what was typed: the terms, and for letters the titles beginning with the
 * first one (title_key in macros/search/suggest.py). */
export function filesFor(typed) {
  const query = normalise(typed);
  if (!query) return [];
  if (!isPinyin(query)) return ["suggest.json"];
  return ["suggest.json", "suggest-" + (/[0-9]/.test(query[0]) ? "0" : query[0]) + ".json"];
}

/* Does typed (from 0) match syllables (from start), each syllable by a non-empty beginning? */
export function matchesFrom(syllables, start, typed) {
  const failed = new Set();
  function from(i, j) {
    if (j === typed.length) return true;
    if (i === syllables.length || failed.has(i * 1000 + j)) return false;
    const syllable = syllables[i];
    for (let k = Math.min(syllable.length, typed.length - j); k > 0; k--) {
      if (typed.startsWith(syllable.slice(0, k), j) && from(i + 1, j + k)) return true;
    }
    failed.add(i * 1000 + j);
    return false;
  }
  return from(start, 0);
}

/* 0: from the start; 1: from a later syllable; -1: no match. */
function pinyinPlace(entry, typed) {
  const syllables = entry[1].split(" ");
  for (let start = 0; start < syllables.length; start++) {
    if (syllables[start][0] === typed[0] && matchesFrom(syllables, start, typed)) return start === 0 ? 0 : 1;
  }
  return -1;
}

function hanziPlace(entry, typed) {
  const at = entry[0].toLowerCase().indexOf(typed);
  if (at < 0) return -1;
  return at === 0 ? 0 : 1;
}

function compare(a, b) {
  return a.place - b.place || Number(Boolean(a.url)) - Number(Boolean(b.url)) || b.docs - a.docs
    || a.text.length - b.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

/* entries, what was typed -> up to limit of { text, url, docs, by: "hanzi" | "pinyin" }, best first. */
export function suggest(entries, typed, limit = LIMIT) {
  const query = normalise(typed);
  if (!query) return [];
  const pinyin = isPinyin(query);
  if (pinyin && query.length > LONGEST_TYPED) return [];
  const found = [];
  for (const entry of entries) {
    const place = pinyin ? pinyinPlace(entry, query) : hanziPlace(entry, query);
    if (place >= 0) found.push({ text: entry[0], url: entry[2], docs: entry[3], place, by: pinyin ? "pinyin" : "hanzi" });
  }
  return found.sort(compare).slice(0, limit).map(({ text, url, docs, by }) => ({ text, url, docs, by }));
}
