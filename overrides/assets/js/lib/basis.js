/* 石首市惠企政策门户: the legal-basis picker's logic (投稿指南 → 在线填写政策, field 法律依据).
 *
 * Reads the laws as the build emits them (config.laws, macros/site/recordform.py `laws`): each law's
 * chapters and articles with their number (第三十二条), ordinal (32), chapter and full text, and, for
 * a text a later version replaced, `superseded`: its state's label (已被修订), the current version's
 * label and the revision date. A record cites an article as
 * `<law id>#第X条` (the contract's legal_basis), and states for each the record's own sentence it
 * rests on (legal_basis_reasons: {article, because}).
 *
 * - search: an article number written as 第三十二条, 32, ３２ or 三十二 (alone, or 第X条 inside the query)
 *   finds the articles of that number; every other word must occur in the article's text, its
 *   chapter's title or its law's title, white space aside. Texts that a later version replaced are
 *   left out of the results (citing one flags the record 待复核, macros/legal/review.py); a record
 *   that already cites one shows it among its choices, marked.
 * - grouped: results by law, then chapter, in the library's order.
 * - the choices: the refs in the order they were chosen, and the reasons written in that order.
 * Pure: no DOM.
 */

const NUMERAL = "[零一二三四五六七八九十百]+";
const DIGITS = "[0-9０-９]+";
const NUMBER_WORD = new RegExp(`^第?(${DIGITS}|${NUMERAL})条?$`, "u");
const NUMBER_INSIDE = new RegExp(`第\\s*(${DIGITS}|${NUMERAL})\\s*条`, "gu");
const SEPARATORS = /[\s,，、;；]+/u;
const SPACE = /\s+/gu;

export const LIMIT = 40;  // results listed at most; the count says how many more there are

function flat(text) { return String(text || "").replace(SPACE, "").toLowerCase(); }

function halfWidth(digits) {
  return digits.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/* The library: every law's articles as entries, looked up by ref. */
export function libraryOf(laws) {
  const entries = [], byRef = new Map();
  const shown = laws.map((law) => {
    const chapters = new Map((law.chapters || []).map((c) => [c.number, c]));
    const item = { id: law.id, title: law.title, short_title: law.short_title || law.title,
      superseded: law.superseded || null, chapters: law.chapters || [] };
    (law.articles || []).forEach((article) => {
      const chapter = chapters.get(article.chapter) || null;
      const entry = { ref: `${law.id}#${article.number}`, law: item, number: article.number,
        ordinal: article.ordinal, numeral: article.number.slice(1, -1), chapter, text: article.text || "",
        haystack: flat(`${article.text || ""}\n${chapter ? chapter.title : ""}\n${law.title}\n${law.short_title || ""}`) };
      entries.push(entry);
      byRef.set(entry.ref, entry);
    });
    return item;
  });
  return { laws: shown, entries, byRef };
}

/* A query as article numbers ({ordinal} or {numeral}) and words; each must match an article. */
export function parseQuery(query) {
  const numbers = [], words = [];
  const number = (written) => (/^[0-9０-９]+$/u.test(written) ? { ordinal: Number(halfWidth(written)) } : { numeral: written });
  String(query || "").replace(NUMBER_INSIDE, (whole, written) => { numbers.push(number(written)); return " "; })
    .split(SEPARATORS).filter(Boolean).forEach((token) => {
      const alone = NUMBER_WORD.exec(token);
      if (alone) numbers.push(number(alone[1]));
      else if (token !== "第" && token !== "条") words.push(flat(token));  // 第 32 条 written apart
    });
  return { numbers, words };
}

function matches(entry, { numbers, words }) {
  return numbers.every((n) => (n.ordinal !== undefined ? entry.ordinal === n.ordinal : entry.numeral === n.numeral))
    && words.every((w) => entry.haystack.includes(w));
}

/* The current texts' articles the query finds, in the library's order ([] for an empty query). */
export function search(library, query) {
  const parsed = parseQuery(query);
  if (!parsed.numbers.length && !parsed.words.length) return [];
  return library.entries.filter((entry) => !entry.law.superseded && matches(entry, parsed));
}

/* Every current text's articles, to browse. */
export function browsable(library) { return library.entries.filter((entry) => !entry.law.superseded); }

/* Entries by law, then chapter (a text without chapters: one group without a chapter). */
export function grouped(entries) {
  const laws = [];
  entries.forEach((entry) => {
    let law = laws[laws.length - 1];
    if (!law || law.law !== entry.law) laws.push(law = { law: entry.law, chapters: [], count: 0 });
    let chapter = law.chapters[law.chapters.length - 1];
    if (!chapter || chapter.chapter !== entry.chapter) law.chapters.push(chapter = { chapter: entry.chapter, entries: [] });
    chapter.entries.push(entry);
    law.count += 1;
  });
  return laws;
}

/* A ref's entry, or null (a law or article the portal does not hold). */
export function entryOf(library, ref) { return library.byRef.get(ref) || null; }

/* The refs with `ref` ticked (added at the end) or unticked. */
export function toggled(refs, ref, on) {
  const without = refs.filter((r) => r !== ref);
  return on ? without.concat([ref]) : without;
}

/* A record's reasons as ref -> sentence (the first one written for each article). */
export function reasonsByRef(reasons) {
  const out = new Map();
  (Array.isArray(reasons) ? reasons : []).forEach((reason) => {
    if (reason && typeof reason.article === "string" && !out.has(reason.article)) {
      out.set(reason.article, typeof reason.because === "string" ? reason.because : "");
    }
  });
  return out;
}

/* legal_basis_reasons for the chosen refs, in their order: each chosen article has its item (its
   sentence once written); a reason for an article no longer chosen goes with it. */
export function reasonsFor(refs, because) {
  return refs.map((ref) => {
    const sentence = because.get(ref);
    return sentence ? { article: ref, because: sentence } : { article: ref };
  });
}

/* The text shown in a result: from a little before the first word found, about `size` characters. */
export function snippet(text, words, size = 60) {
  const plain = String(text || "").replace(SPACE, " ").trim();
  if (plain.length <= size) return plain;
  const lower = plain.toLowerCase();
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  const start = at === undefined || at < size / 3 ? 0 : at - Math.floor(size / 3);
  const end = Math.min(plain.length, start + size);
  return (start > 0 ? "…" : "") + plain.slice(start, end) + (end < plain.length ? "…" : "");
}
