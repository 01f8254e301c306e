// lib/query.js and lib/search-index.js on a small index made for the test: query understanding,
// matching and ranking, what a result shows, and the suggestions when little or nothing is found.
// (The normaliser's cases against the real build's word pattern: tests/test_js.py.)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  excerptAround, fewerWords, highlightParts, interpret, reasonOf, resultUrl, segment, statusText
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
  assert.equal(found.hits.length, 0);
  assert.deepEqual(fewerWords(found).map((o) => [o.labels, o.count, o.query]), [[["研发"], 2, "企业"], [["企业"], 1, "研发"]]);
  assert.equal(statusText(found), "没有找到同时包含“研发（或研究开发）”“企业”的内容。");
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
