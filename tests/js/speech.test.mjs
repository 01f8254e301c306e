// lib/speech.js: an article's text cut into short sentences, what a voice is given, which voice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_CHUNK, chineseVoice, onlyNetworkChinese, sentences, spokenText } from "../../overrides/assets/js/lib/speech.js";

const texts = (text, max) => sentences(text, max).map((s) => s.text);

test("sentences end after 。！？；, with their closing quotes, and at line ends", () => {
  assert.deepEqual(texts("第一句。第二句！第三句？第四句；第五句"), ["第一句。", "第二句！", "第三句？", "第四句；", "第五句"]);
  assert.deepEqual(texts("他说：“好的。”然后走了。"), ["他说：“好的。”", "然后走了。"]);
  assert.deepEqual(texts("标题\n正文第一句。\n\n  第二段"), ["标题", "正文第一句。", "第二段"]);
  assert.deepEqual(texts("真的吗？！是的。"), ["真的吗？！", "是的。"]);
});

test("each sentence is where it is in the text (offsets), spaces trimmed", () => {
  const text = "  第一句。  第二句。\n";
  for (const s of sentences(text)) assert.equal(text.slice(s.start, s.end), s.text);
  assert.deepEqual(sentences(text).map((s) => [s.start, s.end]), [[2, 6], [8, 12]]);
});

test("nothing but punctuation or spaces is not a sentence", () => {
  assert.deepEqual(texts("。\n¶\n  \n——\n第一条"), ["第一条"]);
});

test("a long sentence is cut after a comma within the limit, else at the limit, never before punctuation", () => {
  const long = "一二三四五六七八九十，一二三四五六七八九十，一二三四五六七八九十。";
  assert.deepEqual(texts(long, 25), ["一二三四五六七八九十，一二三四五六七八九十，", "一二三四五六七八九十。"]);
  const noComma = "甲".repeat(30) + "；";
  const pieces = texts(noComma, 10);
  assert.ok(pieces.every((piece) => piece.length <= 10), pieces);
  assert.equal(pieces.join(""), noComma);
  assert.ok(pieces.every((piece) => /\p{L}/u.test(piece)), pieces);  // the ； is not left alone
  const report = "近年来,在市委、市政府的正确领导下,在  市人大的监督指导下,市科经局全力推进《中华  人民共和国中小企业促进法》贯彻落  实,全力服务企业,帮助企业解决实际问题, 助力企业成长壮大。";
  assert.ok(texts(report).every((piece) => piece.length <= MAX_CHUNK));
  assert.equal(texts(report).join("").replace(/\s/g, ""), report.replace(/\s/g, ""));
});

test("a voice is given the text without the spaces between Chinese characters", () => {
  assert.equal(spokenText("市科学技术和经济信息化局局长  肖  军"), "市科学技术和经济信息化局局长肖军");
  assert.equal(spokenText("贯彻落  实,大力开展“百名干部进百企”、  “十问十帮”"), "贯彻落实,大力开展“百名干部进百企”、“十问十帮”");
  assert.equal(spokenText("2022 年 7 月"), "2022 年 7 月");  // a number keeps its space
  assert.equal(spokenText("  Word  import \n"), "Word import");
});

const voice = (name, lang, localService = true, isDefault = false) => ({ name, lang, localService, default: isDefault });

test("the device's own Mandarin voice, zh-CN first", () => {
  const voices = [voice("Alex", "en-US", true, true), voice("Sin-ji", "zh-HK"), voice("Mei-Jia", "zh-TW"), voice("Ting-Ting", "zh-CN")];
  assert.equal(chineseVoice(voices).name, "Ting-Ting");
  assert.equal(chineseVoice(voices.slice(0, 3)).name, "Mei-Jia");  // Mandarin before Cantonese
  assert.equal(chineseVoice(voices.slice(0, 2)).name, "Sin-ji");
  assert.equal(chineseVoice([voice("android", "zh_CN")]).name, "android");
  assert.equal(chineseVoice([voice("cmn", "cmn-Hans-CN")]).name, "cmn");
  assert.equal(chineseVoice([voice("a", "zh-CN"), voice("b", "zh-CN", true, true)]).name, "b");  // the default among equals
});

test("no Chinese voice, or only a network one: none (the text would be sent to its provider)", () => {
  assert.equal(chineseVoice([]), null);
  assert.equal(chineseVoice(undefined), null);
  assert.equal(chineseVoice([voice("Alex", "en-US")]), null);
  const network = [voice("Google 普通话（中国大陆）", "zh-CN", false), voice("Alex", "en-US")];
  assert.equal(chineseVoice(network), null);
  assert.equal(onlyNetworkChinese(network), true);
  assert.equal(onlyNetworkChinese([voice("Alex", "en-US")]), false);
  assert.equal(onlyNetworkChinese([voice("Ting-Ting", "zh-CN")]), false);
});
