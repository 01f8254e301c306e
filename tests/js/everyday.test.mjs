// lib/query.js and lib/search-index.js: the vocabularies' everyday words (aliases in data/*.yml,
// shipped as manifest.aliases / manifest.entries / entries.json) and the one-way relations
// (data/search/narrower.yml, manifest.narrower), on a small index made for the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { interpret, reasonOf, statusText } from "../../overrides/assets/js/lib/query.js";
import { searchIndex } from "../../overrides/assets/js/lib/search-index.js";

const PATTERN = "[0-9a-z]+|[\\u3400-\\u9fff]+";

/* Four provisions: 0 银企对接 and 1 担保费 (category 融资支持), 2 mentions 贷款 in its body,
   3 says 减征, 4 says 免征, 5 says 减免. */
const MANIFEST = {
  version: "t", shards: 1, char_shards: 1, doc_chunk: 10, title_weight: 100, order: "000000",
  stop_terms: ["怎么办"], synonyms: [], word_pattern: PATTERN, max_term: 4,
  aliases: { 贷款: 0, 贷款难: 0, 融资: 0 }, entries: ["融资支持"], narrower: [["减免", "减征", "免征"]]
};
const DOCS = ["a/", "b/", "c/", "d/", "e/", "f/"].map((url) => [url, url, "政策", "", ""]);
function site(fetched) {
  const files = {
    "search-index/manifest.json": MANIFEST,
    "search-index/shard-0.json?v=t": { 贷款: [2, 1], 减征: [3, 1], 免征: [4, 1], 减免: [5, 1], 银企: [0, 100] },
    "search-index/chars-0.json?v=t": {},
    "search-index/entries.json?v=t": [[0, 1]],
    "search-index/suggest.json?v=t": [],
    "search-index/docs-0.json?v=t": DOCS
  };
  return searchIndex(async (path) => {
    fetched.push(path);
    if (!(path in files)) throw new Error("not in the test site: " + path);
    return files[path];
  });
}

async function reasons(index, query) {
  const found = await index.search(query);
  const items = await index.describe(found.hits, found.manifest, 0, found.hits.length);
  return Object.fromEntries(items.map((item) => [item.url, reasonOf(item, found.concepts, 100)]));
}

test("an everyday word is one word of the query, however the index segments it", () => {
  const out = interpret("贷款难怎么办", MANIFEST);  // no indexed term
  assert.deepEqual(out.concepts.map((c) => [c.label, c.entry]), [["贷款难", 0]]);
  assert.deepEqual(out.dropped, ["怎么办"]);
});

test("an everyday word finds every record of its entry, and says why", async () => {
  const index = site([]);
  assert.deepEqual(await reasons(index, "贷款"), { "a/": "‘贷款’属于‘融资支持’类", "b/": "‘贷款’属于‘融资支持’类", "c/": "正文含‘贷款’" });
  assert.deepEqual(await reasons(index, "贷款难怎么办"), { "a/": "‘贷款难’属于‘融资支持’类", "b/": "‘贷款难’属于‘融资支持’类" });
  assert.equal(statusText(await index.search("贷款难")), "找到 2 条结果。");
});

test("an everyday word with another word: both required, the entry's records count for it", async () => {
  assert.deepEqual(await reasons(site([]), "融资 银企"), { "a/": "‘融资’属于‘融资支持’类；标题含‘银企’" });
});

test("entries.json is fetched only for a query holding an everyday word", async () => {
  const fetched = [];
  const index = site(fetched);
  await index.search("减免");
  assert.ok(!fetched.some((path) => path.startsWith("search-index/entries.json")));
  await index.search("贷款");
  assert.ok(fetched.includes("search-index/entries.json?v=t"));
});

test("a broader word finds its narrower words, labelled; a narrower word finds only itself", async () => {
  const index = site([]);
  assert.deepEqual(await reasons(index, "减免"), { "d/": "正文含‘减征’（‘减征’属于‘减免’）", "e/": "正文含‘免征’（‘免征’属于‘减免’）", "f/": "正文含‘减免’" });
  assert.deepEqual(await reasons(index, "免征"), { "e/": "正文含‘免征’" });
  assert.deepEqual(await reasons(index, "减征"), { "d/": "正文含‘减征’" });
});
