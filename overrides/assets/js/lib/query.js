/* 石首市惠企政策门户: search query understanding and ranking, over what the build ships in
 * search-index/manifest.json (macros/search/). Pure: no DOM, no network (lib/search-index.js fetches).
 *
 * The query is normalised (NFKC: full-width letters, digits and the ideographic space become
 * ASCII; lower case) and split into runs at spaces and punctuation (the manifest's word pattern).
 * A Chinese run is split into the fewest known words: terms actually in the index, synonyms
 * (data/search/synonyms.yml) and stop words (data/search/stopwords.yml), so 第三十二条 and
 * 留抵退税 stay whole and a stop word inside an indexed term (规模以上) is not cut out. Stop
 * words are dropped; each other word is a concept. A concept matches a document if any word of
 * its synonym group occurs there; a one-character word (税) matches by the character's own
 * postings. Every concept is required (AND). A word that finds nothing is not allowed to empty
 * the result: it is dropped and named ("已忽略：…"). Characters that are the beginning of indexed
 * terms (留抵) are a partial concept matched by those terms, ranked after whole words; a single
 * character inside a longer question (钱 in 进规奖励多少钱) is not required. When no document
 * holds every concept, those holding the most are the hits (near), each saying what it lacks.
 *
 * Ranking (the ranks come from the build, manifest.order): provisions in force first, then the
 * number of query words in the title, then provisions before law articles before other pages;
 * every result says why it matched ("标题含‘留抵退税’"). When nothing is found, each word's
 * leave-one-out count and the closest departments and categories are offered.
 */

import { escapeRegExp } from "./regexp.js";

export const MAX_QUERY = 200; /* characters of a query that are read: a pasted paragraph is cut here */
const SUGGESTIONS = 3; /* closest departments and categories offered when nothing is found */

export function shardOf(term, count) { return term.codePointAt(0) % count; }

function unique(list) { return Array.from(new Set(list)); }

/* The manifest's stop words and synonyms in the shapes the query side needs (kept on the manifest). */
function vocabularyOf(m) {
  if (!m.vocabulary) {
    const groups = new Map();
    m.synonyms.forEach((group) => group.forEach((word) => groups.set(word, group)));
    const everyday = everydayWords(m);
    const longest = m.stop_terms.concat(Array.from(groups.keys()), Array.from(everyday)).reduce((most, word) => Math.max(most, word.length), m.max_term);
    m.vocabulary = {
      stop: new Set(m.stop_terms), groups, synonyms: Array.from(groups.keys()), everyday,
      pattern: new RegExp(m.word_pattern, "g"), longest
    };
  }
  return m.vocabulary;
}

export function isLatin(word) { return /^[0-9a-z]/.test(word); }

/* A Chinese character alone is matched by the character's own postings (chars-<n>.json). */
export function isCharacter(word) { return word.length === 1 && !isLatin(word); }

/* NFKC turns full-width letters, digits and the ideographic space into ASCII; the manifest's
   word pattern then splits at every space and punctuation mark (，。？！、；：“”《》 and ASCII). */
export function runsOf(query, m) {
  return query.normalize("NFKC").toLowerCase().slice(0, MAX_QUERY).match(vocabularyOf(m).pattern) || [];
}

/* The fewest known words (of two or more characters) and single characters that make up a run;
   on a tie, the fewest single characters. */
export function segment(run, known, longest) {
  const n = run.length;
  const best = [];
  best[n] = { pieces: 0, singles: 0, next: n };
  for (let i = n - 1; i >= 0; i--) {
    let choice = { pieces: best[i + 1].pieces + 1, singles: best[i + 1].singles + 1, next: i + 1 };
    for (let j = Math.min(n, i + longest); j >= i + 2; j--) {
      if (!known(run.slice(i, j))) continue;
      const rest = best[j];
      if (rest.pieces + 1 < choice.pieces || (rest.pieces + 1 === choice.pieces && rest.singles < choice.singles)) {
        choice = { pieces: rest.pieces + 1, singles: rest.singles, next: j };
      }
    }
    best[i] = choice;
  }
  const words = [];
  for (let k = 0; k < n; k = best[k].next) words.push(run.slice(k, best[k].next));
  return words;
}

/* query -> { concepts: [{ label, words, partial }], dropped: [word] }. isTerm(word) says whether a
   word of two or more characters, or a Latin run, is in the index; termsStartingWith(text), the
   indexed terms that begin with text (partialTerms). An indexed term with a synonym inside is split
   around it (研发费用 -> 研发 + 费用), so the synonym's group applies. Characters that no known word
   covers are one piece: the beginning of indexed terms (留抵 -> 留抵退税) is a partial concept,
   matched by those terms; next to a stop word it is split again into its characters (厂能 -> 厂 + 能),
   otherwise it finds nothing whole and is named (已忽略：火箭发射).
   A single character is a concept only when the query keeps no longer word (oneCharacterRule). */
export function interpret(query, m, isTerm, termsStartingWith = () => []) {
  const v = vocabularyOf(m);
  const concepts = [], dropped = [], seen = new Set();
  const holdsSynonym = (word) => v.synonyms.some((synonym) => synonym !== word && word.includes(synonym));
  const known = (word) => v.stop.has(word) || v.groups.has(word) || v.everyday.has(word) || (isTerm(word) && !holdsSynonym(word));
  function add(word, words = v.groups.get(word) || [word], partial = false) {
    const key = words.join(" ");
    if (seen.has(key)) return;
    seen.add(key);
    concepts.push(widened({ label: word, words, partial }, m));
  }
  /* Characters no known word covers: the beginning of indexed terms is a partial concept; next to
     a stop word they are split again into characters (我们厂能享受 -> 厂 + 能), else named whole. */
  function leftover(text, nextToStop) {
    if (text.length === 1) { add(text); return; }
    if (!text) return;
    const partial = partialTerms(text, termsStartingWith);
    if (partial.length) add(text, partial, true);
    else if (nextToStop) Array.from(text).forEach((ch) => add(ch));
    else dropped.push(text);
  }
  runsOf(query, m).forEach((run) => {
    if (isLatin(run)) { add(run); return; }
    const whole = run.length < 2 || known(run) ? [] : partialTerms(run, termsStartingWith);
    if (whole.length) { add(run, whole, true); return; } /* 留抵退 -> 留抵退税, not 留抵 + 退 */
    let rest = "", afterStop = false;
    segment(run, known, v.longest).forEach((word) => {
      if (word.length === 1 && !v.stop.has(word)) { rest += word; return; }
      const stop = v.stop.has(word);
      leftover(rest, afterStop || stop);
      rest = "";
      afterStop = stop;
      if (stop) dropped.push(word); else add(word);
    });
    leftover(rest, afterStop);
  });
  return oneCharacterRule({ concepts, dropped });
}

/* Indexed terms that begin with text (at most PARTIAL_TERMS, shortest first): a partial word. */
export const PARTIAL_TERMS = 20;
export function partialTerms(text, termsStartingWith) {
  return termsStartingWith(text).filter((term) => term !== text)
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, PARTIAL_TERMS);
}

/* Single characters inside a longer question (能, 难, 钱) are not required words: they are dropped
   and named when the query keeps a word of two or more characters; alone (税, or 税 贷) they are. */
export function oneCharacterRule(parsed) {
  const longer = parsed.concepts.some((c) => !isCharacter(c.label));
  if (!longer) return parsed;
  return {
    concepts: parsed.concepts.filter((c) => !isCharacter(c.label)),
    dropped: parsed.dropped.concat(parsed.concepts.filter((c) => isCharacter(c.label)).map((c) => c.label))
  };
}

/* The shards of index terms a query may need: a word may start at any character of a Chinese run. */
export function shardsOfQuery(query, m) {
  const starts = new Set();
  runsOf(query, m).forEach((run) => {
    if (isLatin(run)) { starts.add(shardOf(run, m.shards)); return; }
    for (const ch of run) starts.add(shardOf(ch, m.shards));
  });
  return starts;
}

/* The term and character shards the concepts' words are in (synonyms may start elsewhere). */
export function shardsOfConcepts(concepts, m) {
  const terms = new Set(), chars = new Set();
  concepts.forEach((concept) => concept.words.forEach((word) => {
    if (isCharacter(word)) chars.add(shardOf(word, m.char_shards));
    else terms.add(shardOf(word, m.shards));
  }));
  return { terms, chars };
}

/* -- everyday words and one-way relations -------------------------------------------------
 * The build ships the vocabularies' everyday words (aliases in data/*.yml: manifest.aliases, word
 * -> entry; manifest.entries, each entry's name; entries.json, each entry's documents) and the
 * one-way relations (data/search/narrower.yml: manifest.narrower, a broader word first). */

/* The words the query side knows beside the index's terms: everyday words and broader words. */
export function everydayWords(m) {
  return new Set(Object.keys(m.aliases || {}).concat((m.narrower || []).map((group) => group[0])));
}

/* The narrower words a concept's words find (减免 -> 减征, 免征); never the reverse. */
export function narrowerWords(words, m) {
  return unique((m.narrower || []).filter((group) => words.includes(group[0])).flatMap((group) => group.slice(1)));
}

/* A concept with its narrower words added, and its vocabulary entry when its word is an everyday word. */
export function widened(concept, m) {
  const narrower = narrowerWords(concept.words, m).filter((word) => !concept.words.includes(word));
  const out = narrower.length ? { ...concept, words: concept.words.concat(narrower), narrower } : { ...concept };
  if (Object.hasOwn(m.aliases || {}, concept.label)) out.entry = m.aliases[concept.label];
  return out;
}

/* Whether any concept needs entries.json (the documents of vocabulary entries). */
export function needsEntries(concepts) { return concepts.some((concept) => concept.entry !== undefined); }

/* The documents of the concept's entry that no word of it matched: matched by the entry (weight 1). */
function addEntryDocs(docs, concept, tables, m) {
  const gaps = concept.entry === undefined ? null : (tables.entries || [])[concept.entry];
  if (!Array.isArray(gaps)) return;
  let doc = 0;
  gaps.forEach((gap) => {
    doc += gap;
    if (!docs.has(doc)) docs.set(doc, { word: concept.label, weight: 1, entry: m.entries[concept.entry] });
  });
}

/* ‘贷款’属于‘融资支持’类 */
function entryReason(match, concept) { return quoted(concept.label) + "属于" + quoted(match.entry) + "类"; }

/* ‘减征’属于‘减免’, when the word was found as a narrower word of the concept. */
function narrowerNote(word, concept) {
  return (concept.narrower || []).includes(word) ? quoted(word) + "属于" + quoted(concept.label) : "";
}

/* -- matching and ranking ----------------------------------------------------------------- */

/* Calls visit(doc, weight) for each document of a word. Term postings are [gap, weight, ...];
   character postings one signed gap per document (from -1), negative when in the title. */
function eachPosting(word, tables, m, visit) {
  let i, doc;
  if (!isCharacter(word)) {
    const pairs = (tables.terms[shardOf(word, m.shards)] || {})[word];
    if (!Array.isArray(pairs)) return;
    for (i = 0, doc = 0; i < pairs.length; i += 2) { doc += pairs[i]; visit(doc, pairs[i + 1]); }
    return;
  }
  const gaps = (tables.chars[shardOf(word, m.char_shards)] || {})[word];
  if (!Array.isArray(gaps)) return;
  for (i = 0, doc = -1; i < gaps.length; i++) {
    doc += Math.abs(gaps[i]);
    visit(doc, gaps[i] < 0 ? m.title_weight + 1 : 1);
  }
}

/* doc -> { word, weight }: the best-matching word of the concept's synonym group in each document. */
function conceptDocs(concept, tables, m) {
  const docs = new Map();
  concept.words.forEach((word) => {
    eachPosting(word, tables, m, (doc, weight) => {
      const seen = docs.get(doc);
      if (!seen || weight > seen.weight) docs.set(doc, { word, weight });
    });
  });
  return docs;
}

/* Documents present in every map. */
function inAll(maps) {
  if (!maps.length) return [];
  const smallest = maps.reduce((a, b) => (a.size <= b.size ? a : b));
  const out = [];
  smallest.forEach((_, doc) => {
    if (maps.every((map) => map.has(doc))) out.push(doc);
  });
  return out;
}

/* manifest.order holds one digit per document from the build: 3 × status tier + kind. A document
   lacking a concept (a near miss) has no match for it; documents matched by partial words come after
   those matched by whole words, whatever their status. */
function rank(docs, concepts, m) {
  const hits = docs.map((doc) => {
    const matches = concepts.map((c) => c.docs.get(doc));
    const found = matches.filter(Boolean);
    const order = Number(m.order.charAt(doc));
    return {
      doc, matches, status: Math.floor(order / 3), kind: order % 3,
      missing: concepts.filter((_, i) => !matches[i]).map((c) => c.label),
      partial: concepts.filter((c, i) => c.partial && matches[i]).length,
      inTitle: found.filter((x) => x.weight >= m.title_weight).length,
      weight: found.reduce((sum, x) => sum + x.weight, 0)
    };
  });
  return hits.sort((a, b) => a.partial - b.partial || a.status - b.status || b.inTitle - a.inTitle || a.kind - b.kind ||
    b.weight - a.weight || a.doc - b.doc);
}

/* The interpreted query against the loaded shards: { concepts (with their docs), dropped, hits,
   near, manifest }. When no document holds every concept, the hits are the near misses (nearMisses)
   and near is true. */
export function matchQuery(parsed, tables, m) {
  const concepts = [], dropped = parsed.dropped.slice();
  parsed.concepts.forEach((concept) => {
    const docs = conceptDocs(concept, tables, m);
    addEntryDocs(docs, concept, tables, m);
    if (docs.size) concepts.push({ ...concept, partial: Boolean(concept.partial), docs });
    else dropped.push(concept.label); /* in no document at all: named, never an empty result */
  });
  const all = inAll(concepts.map((c) => c.docs));
  const near = !all.length && concepts.length > 1;
  const hits = rank(near ? nearMisses(concepts) : all, concepts, m);
  return { concepts, dropped: unique(dropped), hits, near, manifest: m };
}

/* No empty page when something is close: the documents holding the most of the concepts. */
export function nearMisses(concepts) {
  const counts = new Map();
  concepts.forEach((c) => c.docs.forEach((_, doc) => counts.set(doc, (counts.get(doc) || 0) + 1)));
  let most = 0;
  counts.forEach((n) => { most = Math.max(most, n); });
  return Array.from(counts.keys()).filter((doc) => counts.get(doc) === most);
}

/* The query without the concepts at `skip`: its words, and how many documents it finds. */
function without(found, skip) {
  const rest = found.concepts.filter((_, i) => !skip.includes(i));
  return {
    labels: skip.map((i) => found.concepts[i].label),
    count: inAll(rest.map((c) => c.docs)).length,
    query: rest.map((c) => c.label).join(" ")
  };
}

/* The concepts the documents closest to the query lack (those matching the most concepts;
   among them, the most common set of missing concepts). */
function missingFromClosest(found) {
  const matched = new Map();
  found.concepts.forEach((concept, i) => {
    concept.docs.forEach((_, doc) => matched.set(doc, (matched.get(doc) || []).concat(i)));
  });
  let most = 0;
  const sets = new Map();
  matched.forEach((indexes) => { most = Math.max(most, indexes.length); });
  matched.forEach((indexes) => {
    if (indexes.length !== most) return;
    const missing = found.concepts.map((_, i) => i).filter((i) => !indexes.includes(i));
    const key = missing.join(",");
    sets.set(key, { missing, docs: (sets.has(key) ? sets.get(key).docs : 0) + 1 });
  });
  return Array.from(sets.values()).sort((a, b) => b.docs - a.docs)[0].missing;
}

/* No dead end: what the query finds without each of its words (去掉‘X’后有 N 条), when that finds
   more; if no single word is to blame, without the words the closest documents lack. */
export function fewerWords(found) {
  if (found.concepts.length < 2) return [];
  const whole = found.near ? 0 : found.hits.length;
  const options = found.concepts.map((_, i) => without(found, [i])).filter((option) => option.count > whole);
  return options.length || whole ? options : [without(found, missingFromClosest(found))];
}

/* Departments and categories (facets.json, from the build) whose provisions have the most words
   of the query, then the most provisions with any of them; the closest SUGGESTIONS of each. */
export function closestFacets(found, facetList) {
  return facetList.map((facet) => {
    const values = facet.values.map((value) => {
      const words = found.concepts.filter((c) => value.docs.some((doc) => c.docs.has(doc))).length;
      const docs = value.docs.filter((doc) => found.concepts.some((c) => c.docs.has(doc))).length;
      return { name: value.name, url: value.url, words, docs };
    }).filter((value) => value.docs > 0).sort((a, b) => b.words - a.words || b.docs - a.docs);
    return { label: facet.label, url: facet.url, values: values.slice(0, SUGGESTIONS) };
  });
}

/* -- what a result shows ------------------------------------------------------------------ */

/* text -> [{ text, hit }]: the parts where any of the terms occurs (longest first, any case) are hits. */
export function highlightParts(text, terms) {
  const sorted = terms.filter(Boolean).sort((a, b) => b.length - a.length);
  if (!sorted.length) return [{ text, hit: false }];
  const pattern = new RegExp("(" + sorted.map(escapeRegExp).join("|") + ")", "gi");
  return text.split(pattern).map((part, i) => ({ text: part, hit: i % 2 === 1 })).filter((part) => part.text);
}

/* About 120 characters of the text, from a little before the first term found. */
export function excerptAround(text, terms) {
  let first = -1;
  terms.forEach((t) => {
    const at = text.toLowerCase().indexOf(t);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  });
  const start = Math.max(0, first - 30);
  return (start > 0 ? "…" : "") + text.slice(start, start + 120) + (text.length > start + 120 ? "…" : "");
}

/* A result's address with the words to mark on the page (?h=...), as a site path. */
export function resultUrl(url, words, base) {
  const parts = url.split("#");
  const target = new URL(parts[0], base);
  target.searchParams.set("h", words.join(" "));
  return target.pathname + target.search + (parts[1] ? "#" + parts[1] : "");
}

export function quoted(word) { return "‘" + word + "’"; }

/* Why a result matched and where it ranks: 标题含‘留抵退税’；正文含‘研究开发’（‘研发’的同义词）；
   a partial word: 正文含‘留抵退税’（部分匹配‘留抵’）; a near miss: 缺少：‘难’. */
export function reasonOf(item, concepts, titleWeight) {
  const parts = [];
  item.hit.matches.forEach((match, i) => {
    if (!match) return;
    if (match.entry) { parts.push(entryReason(match, concepts[i])); return; }
    const text = (match.weight >= titleWeight ? "标题含" : "正文含") + quoted(match.word);
    if (match.word === concepts[i].label) parts.push(text);
    else if (concepts[i].partial) parts.push(text + "（部分匹配" + quoted(concepts[i].label) + "）");
    else parts.push(text + "（" + (narrowerNote(match.word, concepts[i]) || quoted(concepts[i].label) + "的同义词") + "）");
  });
  if (item.hit.missing && item.hit.missing.length) parts.push("缺少：" + item.hit.missing.map(quoted).join("、"));
  if (item.note) parts.push(item.note + "，排在有效的政策之后");
  return parts.join("；");
}

function conceptLabel(concept) {
  const others = concept.words.filter((word) => word !== concept.label);
  if (concept.partial) return concept.label + "（部分匹配：" + others.join("、") + "）";
  return others.length ? concept.label + "（或" + others.join("、") + "）" : concept.label;
}

/* The result count, or why there is none, with the words ignored. */
export function statusText(found) {
  const ignored = found.dropped.length ? "已忽略：" + found.dropped.join("、") + "。" : "";
  const words = found.concepts.map(conceptLabel);
  /* Every word ignored: stop words, or characters that are no indexed term and begin none. */
  if (!words.length) return "没有找到：查询中的词都已忽略（常用的虚词和问法，或网站内容中没有、也不是哪个词开头的字）。" + ignored +
    "请换一种说法，或按分类查找。";
  if (found.near && found.hits.length) {
    const held = found.concepts.length - found.hits[0].missing.length;
    return "没有找到同时包含“" + words.join("”“") + "”的内容；下面 " + found.hits.length + " 条包含其中 " + held +
      " 个词，每条注明缺少哪个词。" + ignored;
  }
  if (!found.hits.length) return "没有找到同时包含“" + words.join("”“") + "”的内容。" + ignored;
  const which = words.length > 1 ? "（同时包含：" + words.join("、") + "）" : (words[0] !== found.concepts[0].label ? "（" + words[0] + "）" : "");
  return "找到 " + found.hits.length + " 条结果" + which + "。" + ignored;
}
