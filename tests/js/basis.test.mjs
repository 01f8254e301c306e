// lib/basis.js: the legal-basis picker's search, grouping and choices, on a small library made for
// the test (the real laws are searched in Chromium by tests/test_browser_form_basis.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LIMIT, browsable, entryOf, grouped, libraryOf, parseQuery, reasonsByRef, reasonsFor, search, snippet,
  toggled } from "../../overrides/assets/js/lib/basis.js";

const LAWS = [
  { id: "demo-law", title: "中华人民共和国示例促进法", short_title: "示例促进法", superseded: null,
    chapters: [{ number: "第一章", title: "总 则" }, { number: "第二章", title: "融资促进" }],
    articles: [
      { number: "第一条", ordinal: 1, chapter: "第一章", text: "为了测试，制定本法。" },
      { number: "第二条", ordinal: 2, chapter: "第一章", text: "本法所称示例企业，是指测试用的企业。\n第二款。" },
      { number: "第十二条", ordinal: 12, chapter: "第二章", text: "国家完善担保体系。" },
      { number: "第三十二条", ordinal: 32, chapter: "第二章", text: "金融机构应当 提供 信贷支持。" }
    ] },
  { id: "demo-rules", title: "示例条例", short_title: "示例条例", superseded: null, chapters: [],
    articles: [
      { number: "第二条", ordinal: 2, chapter: null, text: "示例条例的担保条款。" },
      { number: "第三十二条", ordinal: 32, chapter: null, text: "本条例自公布之日起施行。" }
    ] },
  { id: "demo-rules-old", title: "示例条例", short_title: "示例条例（旧）",
    superseded: { label: "已被修订", current: "《示例条例》", revised: "2025-01-01" }, chapters: [],
    articles: [{ number: "第三十二条", ordinal: 32, chapter: null, text: "旧的担保条款。" }] }
];
const LIBRARY = libraryOf(LAWS);
const refs = (entries) => entries.map((e) => e.ref);

test("an article number as 第三十二条, 32, ３２, 三十二 or 第 32 条 finds that article in every current text", () => {
  for (const query of ["第三十二条", "32", "３２", "三十二", "第32条", "第 32 条", "三十二条", "第三十二", " 32 "]) {
    assert.deepEqual(refs(search(LIBRARY, query)), ["demo-law#第三十二条", "demo-rules#第三十二条"], query);
  }
  assert.deepEqual(refs(search(LIBRARY, "2")), ["demo-law#第二条", "demo-rules#第二条"]);  // 2 is not 12 or 32
  assert.deepEqual(refs(search(LIBRARY, "十二")), ["demo-law#第十二条"]);
  assert.deepEqual(refs(search(LIBRARY, "99")), []);
});

test("words match the article's text, its chapter's title and its law's title, white space aside", () => {
  assert.deepEqual(refs(search(LIBRARY, "担保")), ["demo-law#第十二条", "demo-rules#第二条"]);
  assert.deepEqual(refs(search(LIBRARY, "提供信贷")), ["demo-law#第三十二条"]);  // the text has a space between
  assert.deepEqual(refs(search(LIBRARY, "融资")), ["demo-law#第十二条", "demo-law#第三十二条"]);  // 第二章 融资促进
  assert.deepEqual(refs(search(LIBRARY, "总则")), ["demo-law#第一条", "demo-law#第二条"]);  // 总 则
  assert.deepEqual(refs(search(LIBRARY, "第二款")), ["demo-law#第二条"]);  // every paragraph
  assert.deepEqual(refs(search(LIBRARY, "示例促进法")).length, 4);
});

test("every part of a query must match: words and a number together narrow the results", () => {
  assert.deepEqual(refs(search(LIBRARY, "担保 第二条")), ["demo-rules#第二条"]);
  assert.deepEqual(refs(search(LIBRARY, "示例促进法第三十二条")), ["demo-law#第三十二条"]);
  assert.deepEqual(refs(search(LIBRARY, "示例条例，32")), ["demo-rules#第三十二条"]);
  assert.deepEqual(refs(search(LIBRARY, "担保 信贷")), []);
  assert.deepEqual(parseQuery("融资 第32条 三十"), { numbers: [{ ordinal: 32 }, { numeral: "三十" }], words: ["融资"] });
});

test("an empty query finds nothing; browsing lists every current text's articles", () => {
  assert.deepEqual(search(LIBRARY, ""), []);
  assert.deepEqual(search(LIBRARY, "  ，"), []);
  assert.equal(browsable(LIBRARY).length, 6);
});

test("a text a later version replaced is never among the results, but its articles are known", () => {
  assert.ok(!refs(search(LIBRARY, "旧的担保")).length);
  assert.ok(!refs(browsable(LIBRARY)).includes("demo-rules-old#第三十二条"));
  const old = entryOf(LIBRARY, "demo-rules-old#第三十二条");
  assert.equal(old.law.superseded.current, "《示例条例》");
  assert.equal(old.text, "旧的担保条款。");
  assert.equal(entryOf(LIBRARY, "demo-law#第九十九条"), null);
  assert.equal(entryOf(LIBRARY, "no-law#第一条"), null);
});

test("results are grouped by law, then chapter, in the library's order", () => {
  const groups = grouped(search(LIBRARY, "担保"));
  assert.deepEqual(groups.map((g) => [g.law.id, g.count, g.chapters.map((c) => [c.chapter && c.chapter.title, refs(c.entries)])]), [
    ["demo-law", 1, [["融资促进", ["demo-law#第十二条"]]]],
    ["demo-rules", 1, [[null, ["demo-rules#第二条"]]]]
  ]);
  const all = grouped(browsable(LIBRARY));
  assert.deepEqual(all.map((g) => [g.law.id, g.chapters.map((c) => c.entries.length)]), [["demo-law", [2, 2]], ["demo-rules", [2]]]);
});

test("choosing keeps the order of choice; unticking removes only that article", () => {
  let chosen = toggled([], "demo-law#第三十二条", true);
  chosen = toggled(chosen, "demo-law#第一条", true);
  assert.deepEqual(chosen, ["demo-law#第三十二条", "demo-law#第一条"]);
  assert.deepEqual(toggled(chosen, "demo-law#第三十二条", true), ["demo-law#第一条", "demo-law#第三十二条"]);
  assert.deepEqual(toggled(chosen, "demo-law#第三十二条", false), ["demo-law#第一条"]);
});

test("the reasons follow the chosen articles: one item each, its sentence once written", () => {
  const because = reasonsByRef([{ article: "a#第一条", because: "甲" }, { article: "a#第一条", because: "重复" },
    { article: "a#第二条" }, { article: "stray#第九条", because: "丙" }, null, "x"]);
  assert.deepEqual([...because], [["a#第一条", "甲"], ["a#第二条", ""], ["stray#第九条", "丙"]]);
  assert.deepEqual(reasonsFor(["a#第二条", "a#第一条", "a#第三条"], because),
    [{ article: "a#第二条" }, { article: "a#第一条", because: "甲" }, { article: "a#第三条" }]);
  assert.deepEqual(reasonsFor([], because), []);
});

test("a result shows its text around the first word found", () => {
  const text = "甲".repeat(100) + "担保" + "乙".repeat(100);
  const shown = snippet(text, ["担保"], 60);
  assert.ok(shown.startsWith("…") && shown.endsWith("…") && shown.includes("担保"));
  assert.equal(shown.length, 62);
  assert.equal(snippet("短的条文。", ["担保"]), "短的条文。");
  assert.ok(snippet(text, [], 60).startsWith("甲") && snippet(text, [], 60).endsWith("…"));
  assert.equal(snippet("第一款。\n第二款。", []), "第一款。 第二款。");
  assert.ok(LIMIT > 0);
});
