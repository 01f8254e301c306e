// lib/suggest.js: suggestions for a typed prefix in hanzi, pinyin or initials, on entries shaped like
// search-index/suggest.json (the real file's pinyin is checked in tests/test_search_suggest.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { candidates, filesFor, matchesFrom, normalise, suggest, titleSyllables } from "../../overrides/assets/js/lib/suggest.js";

const TERMS = [
  ["留抵退税", "liu di tui shui", "", 4],
  ["六税两费", "liu shui liang fei", "", 2],
  ["担保费率", "dan bao fei lv", "", 2],
  ["担保费", "dan bao fei", "", 2],
  ["小微企业", "xiao wei qi ye", "", 11]
];
const TITLES = [["增值税留抵退税政策", 7], ["2024年专精特新奖励", 9]];
const READINGS = {
  增: ["zeng"], 值: ["zhi"], 税: ["shui"], 留: ["liu"], 抵: ["di"], 退: ["tui"], 政: ["zheng"], 策: ["ce"],
  年: ["nian"], 专: ["zhuan"], 精: ["jing"], 特: ["te"], 新: ["xin"], 奖: ["jiang"], 励: ["li"]
};
const ENTRIES = candidates(TERMS, TITLES, READINGS);
const texts = (list) => list.map((s) => s.text);

test("initials, whole syllables, their beginnings and a mix of them", () => {
  for (const typed of ["ldts", "liudi", "liudts", "ldtuishui", "liudituishui", "LDTS", "ｌｄｔｓ", "liu di"]) {
    assert.equal(suggest(ENTRIES, typed)[0].text, "留抵退税", typed);
  }
});

test("a match from the first syllable comes before one inside a title", () => {
  assert.deepEqual(texts(suggest(ENTRIES, "ldts")), ["留抵退税", "增值税留抵退税政策"]);
  assert.deepEqual(suggest(ENTRIES, "ldts")[1], { text: "增值税留抵退税政策", doc: 7, docs: 0, by: "pinyin" });
  assert.deepEqual(suggest(ENTRIES, "ldts")[0], { text: "留抵退税", docs: 4, by: "pinyin" });
});

test("terms before titles, then more documents, then the shorter", () => {
  assert.deepEqual(texts(suggest(ENTRIES, "l")), ["留抵退税", "六税两费", "担保费率", "增值税留抵退税政策", "2024年专精特新奖励"]);
  assert.deepEqual(texts(suggest(ENTRIES, "dbf")), ["担保费", "担保费率"]);
});

test("typed Chinese matches the text, from the start first", () => {
  assert.deepEqual(texts(suggest(ENTRIES, "留抵")), ["留抵退税", "增值税留抵退税政策"]);
  assert.equal(suggest(ENTRIES, "留抵")[0].by, "hanzi");
  assert.deepEqual(texts(suggest(ENTRIES, "专精特新")), ["2024年专精特新奖励"]);
});

test("digits are words of their own", () => {
  assert.deepEqual(texts(suggest(ENTRIES, "2024nzj")), ["2024年专精特新奖励"]);
  assert.deepEqual(texts(suggest(ENTRIES, "2024zj")), [], "年 is a syllable too");
});

test("no match, nothing typed, or letters no syllable begins with", () => {
  assert.deepEqual(suggest(ENTRIES, ""), []);
  assert.deepEqual(suggest(ENTRIES, "  "), []);
  assert.deepEqual(suggest(ENTRIES, "ldx"), []);
  assert.deepEqual(suggest(ENTRIES, "退税率"), []);
  assert.deepEqual(suggest(ENTRIES, "iu"), [], "a syllable is matched from its beginning only");
});

test("the limit", () => {
  assert.equal(suggest(ENTRIES, "l", 1).length, 1);
});

test("each syllable takes a non-empty beginning, in order", () => {
  const syllables = [["zhuan"], ["jing"], ["te"], ["xin"]];
  assert.ok(matchesFrom(syllables, 0, "zhjtx"));
  assert.ok(matchesFrom(syllables, 0, "zjtx"));
  assert.ok(matchesFrom(syllables, 1, "jingte"));
  assert.ok(!matchesFrom(syllables, 0, "zjx"));
  assert.ok(!matchesFrom(syllables, 0, "zhuanjingtexinx"));
  assert.equal(normalise(" Xi'an "), "xian");
});

test("the files for what was typed: the terms, and for letters the titles of the first letter", () => {
  assert.deepEqual(filesFor("留抵"), { terms: "suggest.json" });
  assert.deepEqual(filesFor(" LDts"), { terms: "suggest.json", readings: "suggest-pinyin.json", titles: "suggest-l.json" });
  assert.deepEqual(filesFor("2024n").titles, "suggest-0.json");
  assert.deepEqual(filesFor(""), {});
});

test("a title's syllables: each character's readings, ASCII runs as words, the rest skipped", () => {
  const readings = { 长: ["zhang", "chang"], 江: ["jiang"], 级: ["ji"] };
  assert.deepEqual(titleSyllables("“长江”A级2024", readings), [["zhang", "chang"], ["jiang"], ["a"], ["ji"], ["2024"]]);
  assert.deepEqual(titleSyllables("𠀋", readings), []);
});

test("a character read two ways in the titles matches either reading", () => {
  const list = candidates([], [["长江大桥", 1]], { 长: ["zhang", "chang"], 江: ["jiang"], 大: ["da"], 桥: ["qiao"] });
  assert.deepEqual(suggest(list, "cjdq").map((s) => s.doc), [1]);
  assert.deepEqual(suggest(list, "zhangjiang").map((s) => s.doc), [1]);
  assert.deepEqual(suggest(list, "cjx"), []);
});
