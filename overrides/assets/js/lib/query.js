/* 石首市惠企政策门户: search query understanding and ranking, over what the build ships in
 * search-index/manifest.json (macros/search/). Pure: no DOM, no network (lib/search-index.js fetches).
 *
 * The query is normalised (NFKC: full-width letters, digits and the ideographic space become
 * ASCII; lower case) and split into runs at spaces and punctuation (the manifest's word pattern).
 * A Chinese run is split into the fewest known words: terms actually in the index, synonyms
 * (data/search/synonyms.yml), everyday words (aliases) and stop words (data/search/stopwords.yml),
 * so 第三十二条 and 留抵退税 stay whole and a stop word inside an indexed term (规模以上) is not cut
 * out. Stop words are dropped and named; each other word is a concept, and every concept is
 * required (AND). A concept matches a document through
 *   - whole words: any word of its synonym group, its narrower words, its vocabulary entry; a
 *     one-character word (税) by the character's own postings;
 *   - partial words: the longer terms holding it, those it begins (留抵 -> 留抵退税) and the
 *     portal's own terms it is inside (精特新 -> 专精特新); for a word that is a term itself, only
 *     those in more documents than it (抵退 -> 留抵退税, where jieba made 抵退 of one text);
 *   - characters: characters that are neither a known word nor part of one are matched one by one, all
 *     required (降至 -> 降 ∧ 至), unless they are beside a stop word (厂能 -> 厂 + 能).
 * A single character inside a longer question (钱 in 进规奖励多少钱) is not required. A concept
 * in no document is dropped and named ("已忽略：…"): it never empties the result. When no document
 * holds every concept, those holding the most are the hits (near), each saying what it lacks.
 *
 * Ranking: documents matched by whole words, then through partial words, then through characters;
 * within each, provisions in force first (the ranks come from the build, manifest.order), then the
 * number of query words in the title, then provisions before law articles before other pages.
 * Every result says why it matched ("标题含‘留抵退税’", "（部分匹配‘留抵’）", "按单字匹配：‘降’‘至’").
 * When nothing is found, each word's leave-one-out count and the closest departments and
 * categories are offered.
 */

import { escapeRegExp } from "./regexp.js";

export const MAX_QUERY = 200; /* characters of a query that are read: a pasted paragraph is cut here */
const SUGGESTIONS = 3; /* closest departments and categories offered when nothing is found */

export function shardOf(term, count) { return term.codePointAt(0) % count; }

function unique(list) { return Array.from(new Set(list)); }

/* The manifest's stop words, synonyms and everyday words in the shapes the query side needs (kept on
   the manifest). */
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

/* -- what the query means -----------------------------------------------------------------
 * interpret() asks the index three things (lib/search-index.js answers them from the shards the
 * query fetched and from suggest.json; a test answers them from a list):
 *   documents(word)     the number of documents holding the indexed term (0: it is no term);
 *   startingWith(text)  the indexed terms that begin with text (all in the shard of its first character);
 *   containing(text)    the portal's own terms (its dictionary's and synonyms', suggest.json: as many
 *                       as the dictionary has, whatever the number of records) that hold text. */

/* query -> { concepts, dropped: [word] }. A concept is { label, words, partial: [word] } (partial: the
   words of it that are longer terms holding the label), or { label, words: [character], characters:
   true }. Each run of Chinese is split into the fewest known words (segment); an indexed term with a
   synonym inside is split around it (研发费用 -> 研发 + 费用), so the synonym's group applies.
   - A stop word is dropped and named.
   - A known word is a concept: its synonym group, its narrower words (widened), and the longer terms
     holding it that its own postings miss (partialTerms: 抵退 -> 留抵退税).
   - Characters no known word covers (a leftover) are one piece: the part of longer terms is a partial
     concept (留抵 -> 留抵退税, 精特新 -> 专精特新); a run that is such a part is taken whole (留抵退 ->
     留抵退税, not 留抵 + 退). Otherwise, next to a stop word, the piece is split again into its
     characters (厂能 -> 厂 + 能); else it is matched by its characters, all required (降至 -> 降 ∧ 至).
   - A single character is a concept only when the query keeps no word (oneCharacterRule). */
export function interpret(query, m, index = {}) {
  const v = vocabularyOf(m);
  const lookup = { documents: () => 0, startingWith: () => [], containing: () => [], ...index };
  const concepts = [], dropped = [], seen = new Set();
  const holdsSynonym = (word) => v.synonyms.some((synonym) => synonym !== word && word.includes(synonym));
  const known = (word) => v.stop.has(word) || v.groups.has(word) || v.everyday.has(word) ||
    (lookup.documents(word) > 0 && !holdsSynonym(word));
  /* Each concept once: a synonym group by its words (研发 and 研究开发 are one), a partial concept by
     "…" and its text, characters by "+" and theirs. */
  function add(key, concept) {
    if (seen.has(key)) return;
    seen.add(key);
    concepts.push(concept);
  }
  function addWord(word) {
    const group = v.groups.get(word) || [word];
    const concept = widened({ label: word, words: group }, m);
    const longer = isCharacter(word) || isLatin(word) ? [] : partialTerms(word, lookup);
    const partial = longer.filter((term) => !concept.words.includes(term));
    add(group.join(" "), { ...concept, words: concept.words.concat(partial), partial });
  }
  /* Text that is part of longer terms: a partial concept (true), else nothing (false). */
  function addPartial(text) {
    const partial = partialTerms(text, lookup);
    if (partial.length) add("…" + text, { label: text, words: partial, partial });
    return partial.length > 0;
  }
  function leftover(text, nextToStop) {
    if (text.length < 2) { if (text) addWord(text); return; }
    if (addPartial(text)) return;
    if (nextToStop) Array.from(text).forEach(addWord);
    else add("+" + text, { label: text, words: unique(Array.from(text)), characters: true });
  }
  runsOf(query, m).forEach((run) => {
    if (isLatin(run)) { addWord(run); return; }
    if (run.length > 1 && !known(run) && addPartial(run)) return;
    let rest = "", afterStop = false;
    segment(run, known, v.longest).forEach((word) => {
      if (word.length === 1 && !v.stop.has(word)) { rest += word; return; }
      const stop = v.stop.has(word);
      leftover(rest, afterStop || stop);
      rest = "";
      afterStop = stop;
      if (stop) dropped.push(word); else addWord(word);
    });
    leftover(rest, afterStop);
  });
  return oneCharacterRule({ concepts, dropped });
}

/* The longer terms holding text, as a partial word (at most PARTIAL_TERMS, shortest first): the
   indexed terms it begins and the portal's own terms it is inside. For text that is itself an indexed
   term, only those in more documents than it: they hold it where it is no word of its own (jieba
   made 抵退 a word of one document; 留抵退税, in two, is kept whole wherever it occurs). */
export const PARTIAL_TERMS = 20;
export function partialTerms(text, lookup) {
  const own = lookup.documents(text);
  return unique(lookup.startingWith(text).concat(lookup.containing(text)))
    .filter((term) => term !== text && lookup.documents(term) > own)
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, PARTIAL_TERMS);
}

/* Single characters inside a longer question (能, 难, 钱) are not required words: they are dropped
   and named when the query keeps a word (whole or partial); alone (税, 税 贷, or beside characters
   matched one by one) they are. */
export function oneCharacterRule(parsed) {
  const single = (c) => isCharacter(c.label);
  if (!parsed.concepts.some((c) => !single(c) && !c.characters)) return parsed;
  return {
    concepts: parsed.concepts.filter((c) => !single(c)),
    dropped: parsed.dropped.concat(parsed.concepts.filter(single).map((c) => c.label))
  };
}

/* Whether the query has a run of two or more Chinese characters, which may be part of the portal's
   own terms (interpret's containing: suggest.json is needed). */
export function needsPortalTerms(query, m) {
  return runsOf(query, m).some((run) => !isLatin(run) && run.length > 1);
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

/* doc -> { word, weight, partial? }: the best-matching word of the concept in each document, a whole
   word before a partial one (a longer term holding the word), then the heavier. */
function conceptDocs(concept, tables, m) {
  if (concept.characters) return characterDocs(concept, tables, m);
  const docs = new Map();
  concept.words.forEach((word) => {
    const partial = concept.partial.includes(word);
    eachPosting(word, tables, m, (doc, weight) => {
      const seen = docs.get(doc);
      const better = !seen || (seen.partial && !partial) || (Boolean(seen.partial) === partial && weight > seen.weight);
      if (better) docs.set(doc, partial ? { word, weight, partial } : { word, weight });
    });
  });
  return docs;
}

/* doc -> { word, weight, characters }: the documents holding every character of a leftover; in the
   title (the weight of a title) only if every character is. */
function characterDocs(concept, tables, m) {
  const each = concept.words.map((ch) => {
    const docs = new Map();
    eachPosting(ch, tables, m, (doc, weight) => docs.set(doc, weight));
    return docs;
  });
  return new Map(inAll(each).map((doc) => [doc, {
    word: concept.label, weight: Math.min(...each.map((docs) => docs.get(doc))), characters: true
  }]));
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
   lacking a concept (a near miss) has no match for it. Documents matched through characters one by
   one come after those matched through partial words, which come after those matched by whole
   words, whatever their status. */
function rank(docs, concepts, m) {
  const hits = docs.map((doc) => {
    const matches = concepts.map((c) => c.docs.get(doc));
    const found = matches.filter(Boolean);
    const order = Number(m.order.charAt(doc));
    return {
      doc, matches, status: Math.floor(order / 3), kind: order % 3,
      missing: concepts.filter((_, i) => !matches[i]).map((c) => c.label),
      characters: found.filter((x) => x.characters).length,
      partial: found.filter((x) => x.partial).length,
      inTitle: found.filter((x) => x.weight >= m.title_weight).length,
      weight: found.reduce((sum, x) => sum + x.weight, 0)
    };
  });
  return hits.sort((a, b) => a.characters - b.characters || a.partial - b.partial || a.status - b.status ||
    b.inTitle - a.inTitle || a.kind - b.kind || b.weight - a.weight || a.doc - b.doc);
}

/* The interpreted query against the loaded shards: { concepts (with their docs), dropped, hits,
   near, manifest }. When no document holds every concept, the hits are the near misses (nearMisses)
   and near is true. */
export function matchQuery(parsed, tables, m) {
  const concepts = [], dropped = parsed.dropped.slice();
  parsed.concepts.forEach((concept) => {
    const docs = conceptDocs(concept, tables, m);
    addEntryDocs(docs, concept, tables, m);
    if (docs.size) concepts.push({ ...concept, docs });
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

/* The words to mark in a result and on the page it opens: the words matched, and for characters
   matched one by one, the leftover and each of its characters. */
export function markedWords(hit, concepts) {
  return unique(hit.matches.flatMap((match, i) => {
    if (!match) return [];
    return match.characters ? [match.word].concat(concepts[i].words) : [match.word];
  }));
}

/* Why a result matched and where it ranks: 标题含‘留抵退税’；正文含‘研究开发’（‘研发’的同义词）;
   a partial word: 正文含‘留抵退税’（部分匹配‘留抵’）; characters: 按单字匹配：‘降’‘至’; a near
   miss: 缺少：‘难’. */
export function reasonOf(item, concepts, titleWeight) {
  const parts = [];
  item.hit.matches.forEach((match, i) => {
    if (!match) return;
    const concept = concepts[i];
    if (match.entry) { parts.push(entryReason(match, concept)); return; }
    if (match.characters) { parts.push("按单字匹配：" + concept.words.map(quoted).join("")); return; }
    const text = (match.weight >= titleWeight ? "标题含" : "正文含") + quoted(match.word);
    if (match.word === concept.label) parts.push(text);
    else if (match.partial) parts.push(text + "（部分匹配" + quoted(concept.label) + "）");
    else parts.push(text + "（" + (narrowerNote(match.word, concept) || quoted(concept.label) + "的同义词") + "）");
  });
  if (item.hit.missing && item.hit.missing.length) parts.push("缺少：" + item.hit.missing.map(quoted).join("、"));
  if (item.note) parts.push(item.note + "，排在有效的政策之后");
  return parts.join("；");
}

/* 研发（或研究开发）; 留抵（部分匹配：留抵退税）; 抵退（含部分匹配：留抵退税）, when the word is found
   whole too; 降至（按单字匹配：‘降’‘至’）. */
function conceptLabel(concept) {
  if (concept.characters) return concept.label + "（按单字匹配：" + concept.words.map(quoted).join("") + "）";
  const others = concept.words.filter((word) => word !== concept.label && !concept.partial.includes(word));
  const notes = others.length ? ["或" + others.join("、")] : [];
  if (concept.partial.length) {
    const whole = others.length || concept.words.includes(concept.label);
    notes.push((whole ? "含部分匹配：" : "部分匹配：") + concept.partial.join("、"));
  }
  return notes.length ? concept.label + "（" + notes.join("；") + "）" : concept.label;
}

/* The result count, or why there is none, with the words ignored. */
export function statusText(found) {
  const ignored = found.dropped.length ? "已忽略：" + found.dropped.join("、") + "。" : "";
  const words = found.concepts.map(conceptLabel);
  /* Every word ignored: stop words, or words no document holds, not even character by character. */
  if (!words.length) return "没有找到：查询中的词都已忽略（常用的虚词和问法，或没有哪一页同时含有其中各字的词）。" + ignored +
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
