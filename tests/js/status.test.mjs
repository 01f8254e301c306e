// lib/status.js: the status table's evaluator. The real table is compared with Python's evaluator
// in tests/test_js.py; here, what each kind of condition means, on a table made for the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dayAt, daysFrom, statusOf } from "../../overrides/assets/js/lib/status.js";

const TABLE = [
  { status: "gone", when: [{ date: "repealed", is: "<=", days: 0 }] },
  { status: "unknown", when: [{ date: "effective", missing: true }] },
  { status: "soon", when: [{ date: "expires", is: "<=", days: 10 }, { date: "expires", is: ">=", days: 0 }] },
  { status: "fine", when: [] }
];

test("days between two dates, across months and leap days", () => {
  assert.equal(daysFrom("2024-02-28", "2024-03-01"), 2);
  assert.equal(daysFrom("2023-02-28", "2023-03-01"), 1);
  assert.equal(daysFrom("2026-12-31", "2026-01-01"), -364);
});

test("the first row whose conditions all hold wins", () => {
  const effective = "2026-01-01";
  assert.equal(statusOf(TABLE, "2026-05-01", { effective, repealed: "2026-05-01", expires: "2026-05-05" }), "gone");
  assert.equal(statusOf(TABLE, "2026-05-01", { effective, expires: "2026-05-05" }), "soon");
  assert.equal(statusOf(TABLE, "2026-05-01", { effective, expires: "2026-05-11" }), "soon");
  assert.equal(statusOf(TABLE, "2026-05-01", { effective, expires: "2026-05-12" }), "fine");
  assert.equal(statusOf(TABLE, "2026-05-01", { effective, expires: "2026-04-30" }), "fine");
});

test("a missing date: absent, null or empty", () => {
  for (const effective of [undefined, null, ""]) assert.equal(statusOf(TABLE, "2026-05-01", { effective }), "unknown");
  assert.equal(statusOf(TABLE, "2026-05-01", { effective: "2026-01-01", repealed: "" }), "fine");
});

test("a record's page dataset works as its dates", () => {
  const dataset = { status: "fine", effective: "2026-01-01", expires: "2026-05-03" };  // as badge.dataset holds them
  assert.equal(statusOf(TABLE, "2026-05-01", dataset), "soon");
});

test("the day is China's day, whatever the visitor's time zone", () => {
  const offset = 8;
  assert.equal(dayAt(Date.parse("2026-12-31T15:30:00Z"), offset), "2026-12-31");  // 23:30 in China
  assert.equal(dayAt(Date.parse("2026-12-31T16:30:00Z"), offset), "2027-01-01");  // 00:30 in China
  assert.equal(dayAt(Date.parse("2027-01-01T00:30:00+08:00"), offset), "2027-01-01");
});
