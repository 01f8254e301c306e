// lib/query.js interpret() for tests/test_js.py: stdin [[query, manifest, [indexed terms]], ...]
// -> stdout [{words: ["研发|研究开发", ...], dropped: [...]}, ...] as JSON.
import { readFileSync } from "node:fs";
import { interpret } from "../../overrides/assets/js/lib/query.js";

const cases = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([query, manifest, terms]) => {
  const known = new Set(terms);
  const out = interpret(query, manifest, (word) => known.has(word));
  return { words: out.concepts.map((c) => c.words.join("|")), dropped: out.dropped };
})));
