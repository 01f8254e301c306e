// The record form's Word import (overrides/assets/js/lib/wordimport.js) in node, on .docx files, for
// the Python tests (tests/test_word_import.py): the vendored browser build of mammoth converts, as in
// the form; xmldom parses the XML, zlib inflates. stdin {"config": the page config's `word`,
// "files": [{"path", "name"}]} -> stdout [{refused} | {draft: {body, guesses, warnings}}, ...].
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { importWord, wordRules } from "../../overrides/assets/js/lib/wordimport.js";

await import("../../overrides/assets/vendor/mammoth/mammoth.browser.min.js");  // sets globalThis.mammoth, as window.mammoth
const mammoth = globalThis.mammoth;

export function strictXml(text, type) {
  return new DOMParser({
    errorHandler: { warning() {}, error(message) { throw new Error(message); }, fatalError(message) { throw new Error(message); } }
  }).parseFromString(text, type || "text/xml");
}

export const io = {
  inflate: async (bytes, limit) => new Uint8Array(inflateRawSync(bytes, { maxOutputLength: Math.max(limit, 1) })),
  decode: (bytes) => new TextDecoder("utf-8").decode(bytes),
  encode: (text) => new TextEncoder().encode(text),
  parseXml: (text) => strictXml(text),
  serializeXml: (doc) => new XMLSerializer().serializeToString(doc),
  convert: async (bytes) => (await mammoth.convertToHtml({ arrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) })).value,
  parseHtml: (html) => strictXml("<div>" + html + "</div>").documentElement
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const input = JSON.parse(readFileSync(0, "utf8"));
  const rules = wordRules(input.config.rules);
  const results = [];
  for (const file of input.files) {
    const bytes = new Uint8Array(readFileSync(file.path));
    results.push(await importWord(file.name, bytes, rules, input.config.messages, io));
  }
  process.stdout.write(JSON.stringify(results));
}
