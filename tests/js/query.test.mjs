// lib/query.js and lib/search-index.js on a small index made for the test: query understanding,
// matching and ranking, what a result shows, and the suggestions when little or nothing is found.
// (The normaliser's cases against the real build's word pattern: tests/test_js.py.)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  excerptAround, fewerWords, highlightParts, interpret, markedWords, nearMisses, oneCharacterRule, partialTerms, reasonOf,
  resultUrl, segment, statusText
} from "../../overrides/assets/js/lib/query.js";
import { searchIndex } from "../../overrides/assets/js/lib/search-index.js";
import { lookupOf } from "./lookup.mjs";

const PATTERN = "[0-9a-z]+|[\\u3400-\\u9fff]+";

function manifest(extra) {
  return { stop_terms: ["的", "怎么"], synonyms: [["研发", "研究开发"]], word_pattern: PATTERN, max_term: 8, ...extra };
}

test("segment: the fewest known words, then the fewest single characters", () => {
  const known = new Set(["留抵", "留抵退税", "退税", "小微", "小微企业"]);
  assert.deepEqual(segment("小微企业留抵退税", (w) => known.has(w), 8), ["小微企业", "留抵退税"]);
  assert.deepEqual(segment("留抵退税款", (w) => known.has(w), 8), ["留抵退税", "款"]);
  assert.deepEqual(segment("火箭", (w) => known.has(w), 8), ["火", "箭"]);
});

test("interpret: stop words dropped and named, synonyms grouped, characters no word covers matched one by one", () => {
  const out = interpret("怎么申请留抵退税？研发费用 火箭", manifest(), lookupOf(["申请", "留抵退税", "费用"]));
  assert.deepEqual(out.concepts.map((c) => [c.words, Boolean(c.characters)]),
    [[["申请"], false], [["留抵退税"], false], [["研发", "研究开发"], false], [["费用"], false], [["火", "箭"], true]]);
  assert.deepEqual(out.dropped, ["怎么"]);  // 火箭 is named only if no document holds both characters (below)
});

/* Three documents: 0 a policy in force, 1 an expired policy, 2 a page; postings [gap, weight]. */
const SITE = {
  "search-index/manifest.json": manifest({
    version: "t", shards: 1, char_shards: 1, doc_chunk: 2, title_weight: 100, order: "032"
  }),
  "search-index/shard-0.json?v=t": { 退税: [0, 100, 1, 100, 1, 1], 企业: [0, 1, 1, 1], 研究开发: [2, 1] },
  "search-index/chars-0.json?v=t": { 税: [-1, -1, 1] },
  "search-index/suggest.json?v=t": [],
  "search-index/docs-0.json?v=t": [["a/", "退税政策", "政策", "企业退税的办法", ""], ["b/", "旧的退税", "政策", "企业……", "已失效"]],
  "search-index/docs-1.json?v=t": [["c/", "说明", "页面", "退税说明", ""]],
  "search-index/facets.json?v=t": [{ label: "部门", url: "d/", values: [{ name: "税务局", url: "d/s/", docs: [0, 1] }] }]
};
const index = searchIndex(async (path) => {
  if (!(path in SITE)) throw new Error("not in the test site: " + path);
  return SITE[path];
});

test("every word is required; in-force provisions first, then words in the title, then kind", async () => {
  const found = await index.search("企业 退税");
  assert.deepEqual(found.hits.map((h) => h.doc), [0, 1]);
  const alone = await index.search("退税");
  assert.deepEqual(alone.hits.map((h) => h.doc), [0, 2, 1]);  // doc 1 is expired (order 3): last
  assert.equal(statusText(alone), "找到 3 条结果。");
});

test("a result says why it matched, and is described from its document chunk", async () => {
  const found = await index.search("退税");
  const [first, , last] = await index.describe(found.hits, found.manifest, 0, 3);
  assert.equal(first.url, "a/");
  assert.equal(reasonOf(first, found.concepts, 100), "标题含‘退税’");
  assert.equal(reasonOf(last, found.concepts, 100), "标题含‘退税’；已失效，排在有效的政策之后");
  const synonym = await index.search("研发");
  const [item] = await index.describe(synonym.hits, synonym.manifest, 0, 1);
  assert.equal(reasonOf(item, synonym.concepts, 100), "正文含‘研究开发’（‘研发’的同义词）");
  assert.equal(statusText(synonym), "找到 1 条结果（研发（或研究开发））。");
});

test("a single character is matched by its own postings; a word found nowhere is named", async () => {
  const found = await index.search("税 火箭");
  assert.deepEqual(found.hits.map((h) => h.doc).sort(), [0, 1, 2]);
  assert.deepEqual(found.dropped, ["火箭"]);
  assert.match(statusText(found), /已忽略：火箭。$/);
});

test("nothing found: the query with a word less, and the closest facets", async () => {
  const found = await index.search("研发 企业");
  assert.equal(found.near, true);  // no document holds both: those holding one are shown, each saying what it lacks
  assert.deepEqual(found.hits.map((h) => [h.doc, h.missing]), [[0, ["研发"]], [2, ["企业"]], [1, ["研发"]]]);
  assert.deepEqual(fewerWords(found).map((o) => [o.labels, o.count, o.query]), [[["研发"], 2, "企业"], [["企业"], 1, "研发"]]);
  assert.equal(statusText(found), "没有找到同时包含“研发（或研究开发）”“企业”的内容；下面 3 条包含其中 1 个词，每条注明缺少哪个词。");
  const [departments] = await index.closest(found);
  assert.deepEqual(departments.values, [{ name: "税务局", url: "d/s/", words: 1, docs: 2 }]);
});

test("highlighting: the longest term first, any case; the excerpt starts near the first term", () => {
  assert.deepEqual(highlightParts("研发费用和研发", ["研发", "研发费用"]),
    [{ text: "研发费用", hit: true }, { text: "和", hit: false }, { text: "研发", hit: true }]);
  assert.deepEqual(highlightParts("ABC abc", ["abc"]), [{ text: "ABC", hit: true }, { text: " ", hit: false }, { text: "abc", hit: true }]);
  assert.deepEqual(highlightParts("无", []), [{ text: "无", hit: false }]);
  const text = "甲".repeat(50) + "退税" + "乙".repeat(200);
  assert.equal(excerptAround(text, ["退税"]), "…" + "甲".repeat(30) + "退税" + "乙".repeat(88) + "…");
});

test("a result's address carries the words to mark", () => {
  assert.equal(resultUrl("laws/x/#第三条", ["第三条"], "https://example.invalid/site/"),
    "/site/laws/x/?h=%E7%AC%AC%E4%B8%89%E6%9D%A1#第三条");
});

/* -- partial words, near misses, single characters, re-splitting (issue 22) ---------------- */

/* A concept as text: its label, then its words (a partial word marked ~, characters joined by +). */
function shown(concept) {
  if (concept.characters) return concept.label + ": " + concept.words.join("+");
  return concept.label + ": " + concept.words.map((w) => (concept.partial.includes(w) ? "~" : "") + w).join(" ");
}

/* Indexed terms with their number of documents, and the portal's own terms (suggest.json). */
const COUNTS = { 留抵退税: 2, 留抵退税款: 1, 退税: 3, 抵退: 1, 专精特新: 5, 享受: 4, 政策: 9, 进规: 2, 奖励: 3, 贷款: 1 };
const PORTAL_TERMS = ["留抵退税", "专精特新"];
const WORDS = manifest({ stop_terms: ["的", "怎么", "我们", "哪些", "多少", "怎么办"] });

// query, the concepts it keeps, the words it drops
const MEANINGS = [
  ["留抵", ["留抵: ~留抵退税 ~留抵退税款"], []],  // the beginning of indexed terms, shortest first
  ["留抵退", ["留抵退: ~留抵退税 ~留抵退税款"], []],  // a run that is a beginning is taken whole, not 留抵 + 退
  ["精特新", ["精特新: ~专精特新"], []],  // inside one of the portal's terms
  ["抵退", ["抵退: 抵退 ~留抵退税"], []],  // a term of one document, inside a portal term of two
  ["退税", ["退税: 退税"], []],  // 留抵退税 is in fewer documents than 退税: whole only
  ["降至", ["降至: 降+至"], []],  // no term, no part of one: every character required
  ["火箭 税", ["火箭: 火+箭", "税: 税"], []],  // characters beside a character: both required
  ["进规奖励多少钱", ["进规: 进规", "奖励: 奖励"], ["多少", "钱"]],  // a character inside a question is not required
  ["贷款难", ["贷款: 贷款"], ["难"]],
  ["钱", ["钱: 钱"], []],
  ["税 贷", ["税: 税", "贷: 贷"], []],
  ["我们厂能享受哪些政策", ["享受: 享受", "政策: 政策"], ["我们", "哪些", "厂", "能"]],  // glued to a stop word: split again
  ["我们厂能", ["厂: 厂", "能: 能"], ["我们"]],
  ["的怎么", [], ["的", "怎么"]],  // stop words only: never matched by their characters
  ["怎么办", [], ["怎么办"]]
];

test("what a query means: whole words, partial words, characters", () => {
  const lookup = lookupOf(COUNTS, PORTAL_TERMS);
  assert.deepEqual(MEANINGS.map(([query]) => {
    const out = interpret(query, WORDS, lookup);
    return [query, out.concepts.map(shown), out.dropped];
  }), MEANINGS);
  assert.deepEqual(partialTerms("留", lookup), ["留抵退税", "留抵退税款"]);
  assert.deepEqual(partialTerms("退税", lookup), []);  // a whole term is not its own partial
  assert.deepEqual(interpret("精特新", WORDS, lookupOf(COUNTS)).concepts.map(shown), ["精特新: 精+特+新"]);  // without the portal's terms
  assert.deepEqual(oneCharacterRule({ concepts: [{ label: "税" }], dropped: ["火箭"] }).concepts, [{ label: "税" }]);
});

/* Five documents: 0 a policy titled 留抵退税; 1 a page saying 抵退 (a term of its own there); 2 a
   policy with 降 and 至 in its title; 3 a page with 留抵退税, 降 and 至 in its body; 4 a policy with
   专精特新, 担保, 降, 周 and 转. Character postings: one signed gap per document from -1, negative in the title.
   suggest.json holds the portal's terms and an everyday word (资金周转), which is no partial word. */
const PARTS_SITE = {
  "search-index/manifest.json": manifest({
    version: "p", shards: 1, char_shards: 1, doc_chunk: 10, title_weight: 100, order: "02020",
    aliases: { 资金周转: 0 }, entries: ["融资支持"]
  }),
  "search-index/shard-0.json?v=p": { 留抵退税: [0, 100, 3, 1], 抵退: [1, 1], 专精特新: [4, 1], 担保: [4, 1] },
  "search-index/chars-0.json?v=p": { 降: [-3, 1, 1], 至: [-3, 1], 周: [5], 转: [5] },
  "search-index/suggest.json?v=p": [["留抵退税", "liu di tui shui", "", 2], ["专精特新", "zhuan jing te xin", "", 1],
    ["资金周转", "zi jin zhou zhuan", "", 3]],  // an everyday word: its entry's documents, no postings
  "search-index/docs-0.json?v=p": ["a/", "b/", "c/", "d/", "e/"].map((url) => [url, url, "政策", "", ""])
};
function partsIndex(fetched = []) {
  return searchIndex(async (path) => {
    fetched.push(path);
    if (!(path in PARTS_SITE)) throw new Error("not in the test site: " + path);
    return PARTS_SITE[path];
  });
}

// query, status, each result's address and why it matched, best first
const FOUND = [
  ["抵退", "找到 3 条结果（抵退（含部分匹配：留抵退税））。",
    [["b/", "正文含‘抵退’"], ["a/", "标题含‘留抵退税’（部分匹配‘抵退’）"], ["d/", "正文含‘留抵退税’（部分匹配‘抵退’）"]]],
  ["精特新", "找到 1 条结果（精特新（部分匹配：专精特新））。", [["e/", "正文含‘专精特新’（部分匹配‘精特新’）"]]],
  ["降至", "找到 2 条结果（降至（按单字匹配：‘降’‘至’））。", [["c/", "按单字匹配：‘降’‘至’"], ["d/", "按单字匹配：‘降’‘至’"]]],
  ["留抵退税 降至", "找到 1 条结果（同时包含：留抵退税、降至（按单字匹配：‘降’‘至’））。",
    [["d/", "正文含‘留抵退税’；按单字匹配：‘降’‘至’"]]],
  ["担保 降至", "没有找到同时包含“担保”“降至（按单字匹配：‘降’‘至’）”的内容；下面 3 条包含其中 1 个词，每条注明缺少哪个词。",
    [["e/", "正文含‘担保’；缺少：‘降至’"], ["c/", "按单字匹配：‘降’‘至’；缺少：‘担保’"], ["d/", "按单字匹配：‘降’‘至’；缺少：‘担保’"]]],
  ["精特新 降至", "没有找到同时包含“精特新（部分匹配：专精特新）”“降至（按单字匹配：‘降’‘至’）”的内容；下面 3 条包含其中 1 个词，每条注明缺少哪个词。",
    [["e/", "正文含‘专精特新’（部分匹配‘精特新’）；缺少：‘降至’"], ["c/", "按单字匹配：‘降’‘至’；缺少：‘精特新’"],
      ["d/", "按单字匹配：‘降’‘至’；缺少：‘精特新’"]]],
  ["火箭", "没有找到：查询中的词都已忽略（常用的虚词和问法，或没有哪一页同时含有其中各字的词）。已忽略：火箭。请换一种说法，或按分类查找。", []],
  ["周转", "找到 1 条结果（周转（按单字匹配：‘周’‘转’））。", [["e/", "按单字匹配：‘周’‘转’"]]],  // not 资金周转
  ["留抵退税 火箭", "找到 2 条结果。已忽略：火箭。", [["a/", "标题含‘留抵退税’"], ["d/", "正文含‘留抵退税’"]]]
];

test("partial words and characters: found, ranked after whole words, each result saying how", async () => {
  const index = partsIndex();
  const found = [];
  for (const [query] of FOUND) {
    const result = await index.search(query);
    const items = await index.describe(result.hits, result.manifest, 0, result.hits.length);
    found.push([query, statusText(result), items.map((item) => [item.url, reasonOf(item, result.concepts, 100)])]);
  }
  assert.deepEqual(found, FOUND);
});

test("characters matched one by one are marked where they occur", async () => {
  const found = await partsIndex().search("降至");
  assert.deepEqual(markedWords(found.hits[0], found.concepts), ["降至", "降", "至"]);
  const partial = await partsIndex().search("抵退");
  assert.deepEqual(partial.hits.map((hit) => markedWords(hit, partial.concepts)), [["抵退"], ["留抵退税"], ["留抵退税"]]);
});

test("suggest.json is fetched with the query's shards only for a word of two or more characters", async () => {
  const fetched = [];
  const index = partsIndex(fetched);
  await index.search("降");
  assert.ok(!fetched.includes("search-index/suggest.json?v=p"), fetched);
  await index.search("降至");
  assert.ok(fetched.includes("search-index/suggest.json?v=p"), fetched);
});

/* Four documents: 0 and 1 policies in force, 2 a page, 3 an expired policy. */
const NEAR_SITE = {
  "search-index/manifest.json": manifest({
    version: "n", shards: 1, char_shards: 1, doc_chunk: 4, title_weight: 100, order: "0023"
  }),
  "search-index/shard-0.json?v=n": {
    留抵: [3, 1], 留抵退税: [0, 100, 2, 1], 留抵退税款: [1, 1], 融资: [0, 1, 1, 1, 1, 1, 1, 100], 担保: [1, 100]
  },
  "search-index/chars-0.json?v=n": {},
  "search-index/suggest.json?v=n": [],
  "search-index/docs-0.json?v=n": [["a/", "留抵退税", "政策", "", ""], ["b/", "担保", "政策", "", ""],
    ["c/", "说明", "页面", "", ""], ["d/", "旧", "政策", "", "已失效"]]
};
const nearIndex = searchIndex(async (path) => {
  if (!(path in NEAR_SITE)) throw new Error("not in the test site: " + path);
  return NEAR_SITE[path];
});

test("a partial word is found in the shard already fetched, ranked after whole words and labelled", async () => {
  const found = await nearIndex.search("留抵");
  // 留抵 is a term itself (doc 3): then only the longer terms in more documents, after it (留抵退税: 0, 2)
  assert.deepEqual(found.hits.map((h) => [h.doc, h.partial]), [[3, 0], [0, 1], [2, 1]]);
  assert.equal(statusText(found), "找到 3 条结果（留抵（含部分匹配：留抵退税））。");
  const partial = await nearIndex.search("留抵退");
  assert.deepEqual(partial.hits.map((h) => h.doc), [0, 1, 2]);
  const [first] = await nearIndex.describe(partial.hits, partial.manifest, 0, 1);
  assert.equal(reasonOf(first, partial.concepts, 100), "标题含‘留抵退税’（部分匹配‘留抵退’）");
  assert.equal(statusText(partial), "找到 3 条结果（留抵退（部分匹配：留抵退税、留抵退税款））。");
});

test("near misses: every word first; when none holds all, those holding the most, saying what they lack", async () => {
  const all = await nearIndex.search("融资 担保");
  assert.equal(all.near, false);
  assert.deepEqual(all.hits.map((h) => h.doc), [1]);
  const near = await nearIndex.search("融资 担保 留抵退税");
  assert.equal(near.near, true);
  assert.deepEqual(near.hits.map((h) => h.doc), [0, 1, 2]);  // each holds two of the three words; doc 3 one
  const [first, second] = await nearIndex.describe(near.hits, near.manifest, 0, 2);
  assert.equal(reasonOf(first, near.concepts, 100), "正文含‘融资’；标题含‘留抵退税’；缺少：‘担保’");
  assert.equal(reasonOf(second, near.concepts, 100), "正文含‘融资’；标题含‘担保’；缺少：‘留抵退税’");
  assert.match(statusText(near), /^没有找到同时包含“融资”“担保”“留抵退税”的内容；下面 3 条包含其中 2 个词/);
  assert.deepEqual(fewerWords(near).map((o) => [o.labels, o.count]), [[["担保"], 2], [["留抵退税"], 1]]);
});

test("near misses rank partial matches after whole words", async () => {
  const near = await nearIndex.search("留抵 担保");  // 留抵 whole in doc 3 (expired), partial in 0 and 2; 担保 in 1
  assert.equal(near.near, true);
  assert.deepEqual(near.hits.map((h) => [h.doc, h.partial]), [[1, 0], [3, 0], [0, 1], [2, 1]]);
  assert.deepEqual(nearMisses([{ docs: new Map([[0, 1], [1, 1]]) }, { docs: new Map([[1, 1]]) }]), [1]);
});
