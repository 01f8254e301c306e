// lib/query.js interpret() for tests/test_js.py: stdin [[query, manifest, [indexed terms]], ...]
// -> stdout [{words: ["研发|研究开发", "个+税", ...], dropped: [...]}, ...] as JSON: a synonym group's
// words joined by |, the characters of a leftover matched one by one by +.
import { readFileSync } from "node:fs";
import { interpret } from "../../overrides/assets/js/lib/query.js";
import { lookupOf } from "./lookup.mjs";

const cases = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([query, manifest, terms]) => {
  const out = interpret(query, manifest, lookupOf(terms));
  return { words: out.concepts.map((c) => c.words.join(c.characters ? "+" : "|")), dropped: out.dropped };
})));
