// lib/wordimport.js, the record form's Word import, on the table of cases tests/test_word_import.py runs
// through the command line's Python (tests/fixtures/wordimport/cases.json): numbers in each format,
// Word's numbering written as text, mammoth's HTML as Markdown, the guesses; and the zip reader and
// writer. The rules and messages are read from data/ (YAML 1.1, as PyYAML reads them for the build, keys sorted).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import YAML from "yaml";
import { fill } from "../../overrides/assets/js/lib/messages.js";
import {
  crc32, draftOf, formatNumber, makeBody, markdownOf, numberAsText, refusalBefore, refusalOfEntries, storedZip,
  suffixOf, takeReviewNotes, unpack, wordRules, zipEntries
} from "../../overrides/assets/js/lib/wordimport.js";
import { io, strictXml } from "./word-import.mjs";

const read = (path) => YAML.parse(readFileSync(new URL("../../" + path, import.meta.url), "utf8"), { version: "1.1" });
// the rules as the page receives them: the build's JSON sorts every mapping's keys (Jinja's tojson)
const sorted = (value) => (value && typeof value === "object" && !Array.isArray(value)
  ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])])) : value);
const rules = wordRules(sorted(read("data/wordimport.yml")));
const says = read("data/messages.yml").import;
const cases = JSON.parse(readFileSync(new URL("../fixtures/wordimport/cases.json", import.meta.url), "utf8"));
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

test("numbers in each of Word's formats, as the rules write them", () => {
  for (const [value, format, written] of cases.numbers) assert.equal(formatNumber(value, format, rules), written, `${value} ${format}`);
});

test("Word's numbering written as the notice's numbers, counted as Word counts", () => {
  for (const item of cases.numbering) {
    const document = strictXml(item.document);
    numberAsText(document, strictXml(item.numbering), item.styles ? strictXml(item.styles) : null, rules);
    const texts = Array.from(document.getElementsByTagNameNS(W, "p"))
      .map((p) => Array.from(p.getElementsByTagNameNS(W, "t")).map((t) => t.textContent).join(""));
    assert.deepEqual(texts, item.texts, item.case);
  }
});

test("mammoth's HTML as the record's Markdown body", () => {
  for (const item of cases.bodies) {
    const found = makeBody(rules).blocks(io.parseHtml(item.html));
    assert.equal(markdownOf(found.blocks), item.markdown, item.case);
    assert.equal(found.images, item.images, item.case);
  }
});

test("the guesses from a notice's paragraphs, with the notes saying where each came from", () => {
  for (const item of cases.drafts) {
    const draft = draftOf(item.texts.map((text) => ({ kind: "p", text, markdown: text, level: 0 })), rules, says);
    const expected = Object.fromEntries(Object.entries(item.guesses).map(([field, [value, key, values]]) =>
      [field, { value, note: fill(says[key], values) }]));
    assert.deepEqual(draft.guesses, expected, item.case);
    assert.equal(draft.body, item.body, item.case);
  }
});

function zipOf(entries, { comment = "" } = {}) {  // a zip written here with deflate, for the reader
  const files = entries.map(([name, text, declared]) => ({ name, data: new TextEncoder().encode(text), declared }));
  const parts = [], directory = [];
  let offset = 0;
  for (const file of files) {
    const packed = deflateRawSync(file.data), name = new TextEncoder().encode(file.name);
    const local = Buffer.alloc(30), central = Buffer.alloc(46);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    const size = file.declared ?? file.data.length;
    local.writeUInt32LE(crc32(file.data), 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(file.data), 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    directory.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const total = directory.reduce((sum, b) => sum + b.length, 0), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(total, 12); end.writeUInt32LE(offset, 16); end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return new Uint8Array(Buffer.concat([...parts, ...directory, end, Buffer.from(comment)]));
}

test("the zip's directory, its parts unpacked and checked, and a stored zip of them read back", async () => {
  const zip = zipOf([["[Content_Types].xml", "<Types/>"], ["word/document.xml", "<w:document/>".repeat(50)]], { comment: "注释" });
  const entries = zipEntries(zip);
  assert.deepEqual(entries.map((e) => [e.name, e.size]), [["[Content_Types].xml", 8], ["word/document.xml", 650]]);
  const files = await unpack(zip, entries, io.inflate);
  assert.equal(new TextDecoder().decode(files[1].data), "<w:document/>".repeat(50));
  const stored = storedZip(files), again = zipEntries(stored);
  assert.deepEqual(again.map((e) => [e.name, e.method, e.size, e.compressedSize]),
    [["[Content_Types].xml", 0, 8, 8], ["word/document.xml", 0, 650, 650]]);
  assert.deepEqual((await unpack(stored, again, io.inflate)).map((f) => f.data), files.map((f) => f.data));
  for (const declared of [600, 700]) {  // a part that unpacks to more, or less, than it says: broken
    const lying = zipOf([["word/document.xml", "<w:document/>".repeat(50), declared]]);
    await assert.rejects(unpack(lying, zipEntries(lying), io.inflate));
  }
});

test("the refusals: their order and their messages, as the command line's", () => {
  assert.equal(suffixOf("通知.DOCX"), ".docx");
  assert.equal(suffixOf(".docx"), "");
  assert.equal(suffixOf("通知"), "");
  assert.equal(refusalBefore("旧.doc", 10, rules, says), fill(says.old_format, { name: "旧.doc", suffix: ".doc" }));
  assert.equal(refusalBefore("通知.pdf", 10, rules, says), fill(says.not_docx, { name: "通知.pdf" }));
  assert.equal(refusalBefore("大.docx", 21 * 1024 * 1024, rules, says), fill(says.too_large, { name: "大.docx", size: 21, limit: 20 }));
  assert.equal(refusalBefore("通知.docx", 20 * 1024 * 1024, rules, says), null);
  assert.equal(refusalOfEntries("假.docx", zipEntries(new TextEncoder().encode("只是改了扩展名的文本")), rules, says),
    fill(says.not_a_zip, { name: "假.docx" }));
  assert.equal(refusalOfEntries("空.docx", zipEntries(zipOf([["a.txt", "x"]])), rules, says), fill(says.no_document, { name: "空.docx" }));
  const bomb = [{ name: "word/document.xml", size: 200 * 1024 * 1024, compressedSize: 200 * 1024 }];
  assert.equal(refusalOfEntries("炸弹.docx", bomb, rules, says), fill(says.zip_bomb, { name: "炸弹.docx", size: 200 }));
  const dense = [{ name: "word/document.xml", size: 2 * 1024 * 1024, compressedSize: 2 * 1024 * 1024 / 101 }];
  assert.equal(refusalOfEntries("密.docx", dense, rules, says), fill(says.zip_bomb, { name: "密.docx", size: 2 }));
  const many = Array.from({ length: 10001 }, (_, i) => ({ name: i ? "p" + i : "word/document.xml", size: 1, compressedSize: 1 }));
  assert.equal(refusalOfEntries("多.docx", many, rules, says), fill(says.too_many_parts, { name: "多.docx", count: 10001, limit: 10000 }));
});

test("a draft of make import opened in the form: its 待核对 comments become notes, the rest stays", () => {
  const text = [
    "# " + fill(says.draft_head, { name: "notice.docx" }), "# " + fill(says.draft_then, { path: "docs/policies/kejing/x.md" }),
    "# " + fill(says.to_review, { note: says.note_id }), "id: \"kejing-2021-2\"", "# 部门自己的说明", "title: \"标题\"",
    "# " + fill(says.to_review, { note: says.note_title }), "summary: 摘要", "issuer:",
    "# " + fill(says.to_review, { note: says.note_sources }), "sources:", "  - document: 文件", ""
  ].join("\n");
  const doc = YAML.parseDocument(text);
  const notes = takeReviewNotes(YAML, doc, says);
  assert.deepEqual(notes, [{ field: "id", note: says.note_id }, { field: "summary", note: says.note_title },
    { field: "sources", note: says.note_sources }]);  // the last one after an empty field (its value's comment)
  assert.equal(doc.toString(), "id: \"kejing-2021-2\"\n# 部门自己的说明\ntitle: \"标题\"\nsummary: 摘要\nissuer:\nsources:\n  - document: 文件\n");
});
