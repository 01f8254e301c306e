// lib/form-messages.js: when the record form flags a problem under its field, which date it asks the
// clerk to confirm (on a status table made for the test; the real one: tests/test_browser_form_messages.py),
// and the name of a file downloaded with problems.
import { test } from "node:test";
import assert from "node:assert/strict";
import { downloadName, editorPaths, fieldOfEditor, flagged, isTouched, lapseQuestion } from "../../overrides/assets/js/lib/form-messages.js";

const TABLE = [
  { status: "gone", when: [{ date: "repealed", is: "<=", days: 0 }] },
  { status: "lapsed", when: [{ date: "expires", is: "<", days: 0 }] },
  { status: "fine", when: [] }
];

test("a field's editors, its own first, and a field named from its editor", () => {
  assert.deepEqual(editorPaths("sources[0].passage"), ["root.sources.0.passage", "root.sources.0", "root.sources"]);
  assert.deepEqual(editorPaths("summary"), ["root.summary"]);
  assert.equal(fieldOfEditor("root.sources.0.document"), "sources[0].document");
  assert.equal(fieldOfEditor("root.contact.phone"), "contact.phone");
  assert.equal(fieldOfEditor("root.legal_basis_reasons.10"), "legal_basis_reasons[10]");
});

test("a required field is flagged once the clerk has left it, a field inside it or its group", () => {
  const touched = new Set(["title", "sources[0].document", "amount"]);
  assert.ok(isTouched("title", touched));
  assert.ok(!isTouched("titles", touched) && !isTouched("summary", touched));
  assert.ok(isTouched("sources", touched) && isTouched("sources[0]", touched));
  assert.ok(isTouched("amount.text", touched));
  const problems = [{ field: "summary", required: true }, { field: "title", required: true }, { field: "expires", required: false }];
  assert.deepEqual(flagged(problems, touched, false).map((p) => p.field), ["title", "expires"]);
  assert.deepEqual(flagged(problems, touched, true).map((p) => p.field), ["summary", "title", "expires"]);
});

test("a date that makes the record lapse today is asked about, once it is the clerk's", () => {
  const ask = (meta, baseline) => lapseQuestion({ table: TABLE, today: "2026-11-24", meta, baseline, status: "lapsed" });
  assert.deepEqual(ask({ expires: "2023-12-31" }, null), { field: "expires", date: "2023-12-31", status: "lapsed" });
  assert.equal(ask({ expires: "2026-11-24" }, null), null);  // the last day in force
  assert.equal(ask({ expires: "2099-12-31" }, null), null);
  assert.equal(ask({ expires: "2023-12-31", repealed: "2024-01-01" }, null), null);  // another status first
  assert.equal(ask({ expires: "2023-12-31" }, { expires: "2023-12-31" }), null);  // the opened file's own date
  assert.deepEqual(ask({ expires: "2022-06-30" }, { expires: "2023-12-31" }).date, "2022-06-30");
  assert.equal(ask({ expires: "2023年12月31日" }, null), null);  // not a date yet: the checks say so
});

test("a file with problems is named so", () => {
  const texts = { form_unfinished_name: "{id}-有错误未完成.md" };
  assert.equal(downloadName("docs/policies/kejing/kejing-a.md", 0, texts), "kejing-a.md");
  assert.equal(downloadName("docs/policies/kejing/kejing-a.md", 2, texts), "kejing-a-有错误未完成.md");
  assert.equal(downloadName("docs/policies/部门代码/政策编号.md", 1, texts), "政策编号-有错误未完成.md");
});
