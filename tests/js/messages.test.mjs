// lib/messages.js: a catalog message filled in (the same texts as Python's fill: tests/test_js.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fill } from "../../overrides/assets/js/lib/messages.js";

test("each {name} with a value is replaced; others are kept as written", () => {
  assert.equal(fill("“{value}”的格式不对；{description}{hint}", { value: 5, description: "说明", hint: "" }), "“5”的格式不对；说明");
  assert.equal(fill("{missing} {Upper} {a-b} {}", {}), "{missing} {Upper} {a-b} {}");
  assert.equal(fill("{value}{value}", { value: "重" }), "重重");
  assert.equal(fill("{toString}", {}), "{toString}");  // only the values given, not the object's own properties
});
