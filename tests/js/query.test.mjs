// lib/query.js and lib/search-index.js on a small index made for the test: query understanding,
// matching and ranking, what a result shows, and the suggestions when little or nothing is found.
// (The normaliser's cases against the real build's word pattern: tests/test_js.py.)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  excerptAround, fewerWords, highlightParts, interpret, nearMisses, oneCharacterRule, partialTerms, reasonOf, resultUrl,
  segment, statusText
} from "../../overrides/assets/js/lib/query.js";
import { searchIndex } from "../../overrides/assets/js/lib/search-index.js";

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

test("interpret: stop words dropped and named, synonyms grouped, unknown words named", () => {
  const terms = new Set(["申请", "留抵退税", "费用"]);
  const out = interpret("怎么申请留抵退税？研发费用 火箭", manifest(), (w) => terms.has(w));
  assert.deepEqual(out.concepts.map((c) => c.words), [["申请"], ["留抵退税"], ["研发", "研究开发"], ["费用"]]);
  assert.deepEqual(out.dropped, ["怎么", "火箭"]);
});

/* Three documents: 0 a policy in force, 1 an expired policy, 2 a page; postings [gap, weight]. */
const SITE = {
  "search-index/manifest.json": manifest({
    version: "t", shards: 1, char_shards: 1, doc_chunk: 2, title_weight: 100, order: "032"
  }),
  "search-index/shard-0.json?v=t": { 退税: [0, 100, 1, 100, 1, 1], 企业: [0, 1, 1, 1], 研究开发: [2, 1] },
  "search-index/chars-0.json?v=t": { 税: [-1, -1, 1] },
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

test("partial words: the beginning of indexed terms finds them, shortest first, labelled", () => {
  const terms = ["留抵退税", "留抵退税款", "退税"];
  const startingWith = (text) => terms.filter((t) => t.startsWith(text));
  const out = interpret("留抵", manifest(), (w) => terms.includes(w), startingWith);
  assert.deepEqual(out.concepts, [{ label: "留抵", words: ["留抵退税", "留抵退税款"], partial: true }]);
  assert.deepEqual(out.dropped, []);
  assert.deepEqual(partialTerms("留", startingWith), ["留抵退税", "留抵退税款"]);
  assert.deepEqual(partialTerms("退税", startingWith), []);  // a whole term is not its own partial
  const none = interpret("抵退", manifest(), (w) => terms.includes(w), startingWith);
  assert.deepEqual([none.concepts, none.dropped], [[], ["抵退"]]);  // not a beginning: named
  assert.equal(statusText({ concepts: [], dropped: none.dropped, hits: [] }),
    "没有找到：查询中的词都已忽略（常用的虚词和问法，或网站内容中没有、也不是哪个词开头的字）。已忽略：抵退。请换一种说法，或按分类查找。");
});

test("single characters inside a longer question are not required; alone they are", () => {
  const terms = new Set(["进规", "奖励", "贷款"]);
  const isTerm = (w) => terms.has(w);
  const longer = interpret("进规奖励多少钱", manifest({ stop_terms: ["多少"] }), isTerm);
  assert.deepEqual(longer.concepts.map((c) => c.label), ["进规", "奖励"]);
  assert.deepEqual(longer.dropped, ["多少", "钱"]);
  assert.deepEqual(interpret("贷款难", manifest(), isTerm).concepts.map((c) => c.label), ["贷款"]);
  assert.deepEqual(interpret("钱", manifest(), isTerm).concepts.map((c) => c.label), ["钱"]);
  assert.deepEqual(interpret("税 贷", manifest(), isTerm).concepts.map((c) => c.label), ["税", "贷"]);
  assert.deepEqual(oneCharacterRule({ concepts: [{ label: "税" }], dropped: ["火箭"] }).concepts, [{ label: "税" }]);
});

test("characters glued to a stop word are split again; a run alone is named whole", () => {
  const terms = new Set(["享受", "政策"]);
  const m = manifest({ stop_terms: ["我们", "哪些"] });
  const out = interpret("我们厂能享受哪些政策", m, (w) => terms.has(w));
  assert.deepEqual(out.concepts.map((c) => c.label), ["享受", "政策"]);
  assert.deepEqual(out.dropped, ["我们", "哪些", "厂", "能"]);
  assert.deepEqual(interpret("我们厂能", m, (w) => terms.has(w)).concepts.map((c) => c.label), ["厂", "能"]);
  assert.deepEqual(interpret("火箭发射 政策", m, (w) => terms.has(w)).dropped, ["火箭发射"]);
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
  "search-index/docs-0.json?v=n": [["a/", "留抵退税", "政策", "", ""], ["b/", "担保", "政策", "", ""],
    ["c/", "说明", "页面", "", ""], ["d/", "旧", "政策", "", "已失效"]]
};
const nearIndex = searchIndex(async (path) => {
  if (!(path in NEAR_SITE)) throw new Error("not in the test site: " + path);
  return NEAR_SITE[path];
});

test("a partial word is found in the shard already fetched, ranked after whole words and labelled", async () => {
  const found = await nearIndex.search("留抵");
  assert.deepEqual(found.hits.map((h) => h.doc), [3]);  // 留抵 is a term itself: whole word only
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
  const near = await nearIndex.search("留抵退 留抵");  // 留抵 is a whole term (doc 3, expired); 留抵退 partial
  assert.deepEqual(near.hits.map((h) => [h.doc, h.partial]), [[3, 0], [0, 1], [1, 1], [2, 1]]);
  assert.deepEqual(nearMisses([{ docs: new Map([[0, 1], [1, 1]]) }, { docs: new Map([[1, 1]]) }]), [1]);
});
