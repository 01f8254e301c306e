// lib/drafts.js: the record form's drafts, their store (a Web Storage object), titles, order and times.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DRAFT_VERSION, anotherYear, clockAt, draftOfRecord, draftPrefix, draftStore, makeDraft, newDraftId, openedRecord,
  parseDraft, serialise, sortDrafts, stateKey, storageProblem, withTyped
} from "../../overrides/assets/js/lib/drafts.js";

/* A Web Storage object as browsers have it (the part the store uses), holding at most `limit` characters. */
class MemoryStorage {
  constructor(limit = Infinity) { this.items = new Map(); this.limit = limit; }
  get length() { return this.items.size; }
  key(i) { return [...this.items.keys()][i] ?? null; }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) {
    const used = [...this.items].reduce((n, [key, value]) => n + (key === k ? 0 : key.length + value.length), 0);
    if (used + k.length + String(v).length > this.limit) {
      throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError", code: 22 });
    }
    this.items.set(k, String(v));
  }
  removeItem(k) { this.items.delete(k); }
}

const PREFIX = draftPrefix("/portal/");
const OPENED = { text: "---\nid: kejing-ceshi\ntitle: 原标题\n---\n正文\n", path: "docs/policies/kejing/kejing-ceshi.md" };
const state = (title, extra = {}) => ({ value: { id: "kejing-ceshi", title, amount: { value: "5" } }, body: "\n正文\n", opened: null, ...extra });

test("a draft holds what the form needs to put itself back, with the record's title and id", () => {
  const draft = makeDraft("d1", 1000, state("  测试用虚构政策 ", { opened: OPENED }));
  assert.deepEqual(draft, {
    v: DRAFT_VERSION, id: "d1", savedAt: 1000, title: "测试用虚构政策", record: "kejing-ceshi",
    opened: OPENED, value: { id: "kejing-ceshi", title: "  测试用虚构政策 ", amount: { value: "5" } }, body: "\n正文\n",
    review: []
  });
  const marked = makeDraft("d3", 1, state("乙", { review: [{ field: "title", note: "标题按文件第一行猜测" }] }));
  assert.deepEqual(parseDraft(serialise(marked)).review, [{ field: "title", note: "标题按文件第一行猜测" }]);
  assert.deepEqual(parseDraft(serialise(draft)), draft);
  const blank = makeDraft("d2", 1, { value: { title: 5 }, body: undefined, opened: null });
  assert.equal(blank.title, "");
  assert.equal(blank.body, "");
  assert.equal(blank.opened, null);
});

test("a stored text that is not a draft of this version is not restored", () => {
  const good = makeDraft("d1", 1000, state("甲"));
  for (const raw of ["", "{", "null", "[]", "5", serialise({ ...good, v: 0 }), serialise({ ...good, id: 7 }),
    serialise({ ...good, savedAt: "昨天" }), serialise({ ...good, value: null }), serialise({ ...good, body: null }),
    serialise({ ...good, opened: { path: "x.md" } }), serialise({ ...good, opened: "x" })]) {
    assert.equal(parseDraft(raw), null, raw);
  }
});

test("the state's key changes with the values, the body and the opened file, not with anything else", () => {
  const key = stateKey(state("甲"));
  assert.equal(stateKey(state("甲")), key);
  assert.notEqual(stateKey(state("乙")), key);
  assert.notEqual(stateKey({ ...state("甲"), body: "\n正文。\n" }), key);
  assert.notEqual(stateKey({ ...state("甲"), opened: OPENED }), key);
  assert.notEqual(stateKey({ ...state("甲"), opened: { ...OPENED, text: OPENED.text + "\n" } }), stateKey({ ...state("甲"), opened: OPENED }));
  assert.equal(stateKey({ ...state("甲"), text: "produced" }), key);
});

test("drafts are listed newest first, ties by id; an opened record's newest draft is found by its id", () => {
  const a = makeDraft("da", 100, state("甲"));
  const b = makeDraft("db", 300, state("乙", { opened: OPENED }));
  const c = makeDraft("dc", 300, state("丙"));
  const d = makeDraft("dd", 200, state("丁", { opened: OPENED }));
  assert.deepEqual(sortDrafts([a, b, c, d]).map((x) => x.id), ["db", "dc", "dd", "da"]);
  assert.deepEqual(sortDrafts([d, c, b, a]).map((x) => x.id), ["db", "dc", "dd", "da"]);
  assert.equal(openedRecord(b), "kejing-ceshi");
  assert.equal(openedRecord(a), "");
  assert.equal(draftOfRecord([a, d, b, c], "kejing-ceshi").id, "db");
  assert.equal(draftOfRecord([a, c], "kejing-ceshi"), null);
  assert.equal(draftOfRecord([a, d], "kejing-ceshi-other"), null);
});

test("times are China's, whatever the machine's time zone: month and day as numbers, hour and minute with two digits", () => {
  const utc = Date.UTC(2024, 4, 2, 17, 5);  // 2024-05-02 17:05 UTC is 2024-05-03 01:05 in China
  assert.deepEqual(clockAt(utc, 8), { year: 2024, month: 5, day: 3, hour: "01", minute: "05" });
  assert.deepEqual(clockAt(Date.UTC(2024, 11, 31, 16, 0), 8), { year: 2025, month: 1, day: 1, hour: "00", minute: "00" });
  assert.equal(anotherYear(Date.UTC(2024, 11, 31, 15, 59), Date.UTC(2024, 11, 31, 16, 0), 8), true);
  assert.equal(anotherYear(Date.UTC(2025, 0, 1), Date.UTC(2025, 11, 1), 8), false);
});

test("draft ids differ for different moments and chances, and are letters and digits", () => {
  const ids = new Set([newDraftId(1, 0), newDraftId(1, 0.5), newDraftId(2, 0.5), newDraftId(1, 0.999999)]);
  assert.equal(ids.size, 4);
  for (const id of ids) assert.match(id, /^d[0-9a-z]+$/);
});

test("the text being typed in a field is put into a copy of the value, at the field's place", () => {
  const value = { title: "旧", sources: [{ document: "", passage: "第一条" }], amount: { value: "5" }, industries: ["zhizao"] };
  const typed = withTyped(value, "root[sources][0][document]", "测试用虚构文件");
  assert.equal(typed.sources[0].document, "测试用虚构文件");
  assert.equal(value.sources[0].document, "", "the editor's own value is not changed");
  assert.equal(withTyped(value, "root[title]", "新").title, "新");
  assert.equal(withTyped(value, "root[contact][phone]", "0716"), value, "a group the value lacks: unchanged");
  assert.equal(withTyped(value, "root[industries]", "x"), value, "not a text field");
  assert.equal(withTyped(value, "root[amount]", "x"), value, "a group is not a text field");
  assert.equal(withTyped(value, "portal-record-paste", "x"), value, "not one of the editor's fields");
  assert.equal(withTyped(value, "", "x"), value);
});

test("the store keeps drafts under the site's prefix and lists only its own", () => {
  const storage = new MemoryStorage();
  storage.setItem("/portal/__palette", "{}");  // the theme's own keys
  storage.setItem(draftPrefix("/other/") + "d9", serialise(makeDraft("d9", 1, state("别的站"))));
  const store = draftStore(storage, PREFIX);
  assert.equal(store.available, true);
  assert.deepEqual(store.put(makeDraft("d1", 100, state("甲"))), { ok: true });
  assert.deepEqual(store.put(makeDraft("d2", 200, state("乙", { opened: OPENED }))), { ok: true });
  assert.deepEqual(store.list().drafts.map((d) => [d.id, d.title]), [["d2", "乙"], ["d1", "甲"]]);
  assert.deepEqual(store.put(makeDraft("d1", 300, state("甲改"))), { ok: true });  // the same draft, saved again
  assert.deepEqual(store.list().drafts.map((d) => [d.id, d.title]), [["d1", "甲改"], ["d2", "乙"]]);
  assert.equal(store.get("d2").opened.text, OPENED.text);
  assert.equal(store.get("missing"), null);
  assert.equal(store.get(null), null);
  assert.deepEqual(store.remove("d1"), { ok: true });
  assert.deepEqual(store.list().drafts.map((d) => d.id), ["d2"]);
  storage.setItem(PREFIX + "d3", "{broken");
  storage.setItem(PREFIX + "d4", serialise(makeDraft("d5", 1, state("名不副实"))));
  assert.deepEqual(store.list(), { drafts: [store.get("d2")], unreadable: 2 });
});

test("a full store or none says so on every write; nothing is swallowed", () => {
  const small = new MemoryStorage(200);
  const store = draftStore(small, PREFIX);
  assert.deepEqual(store.put(makeDraft("d1", 1, state("很长".repeat(100)))), { ok: false, problem: "full" });
  assert.deepEqual(store.list(), { drafts: [], unreadable: 0 });
  const none = draftStore(null, PREFIX);
  assert.equal(none.available, false);
  assert.deepEqual(none.put(makeDraft("d1", 1, state("甲"))), { ok: false, problem: "unavailable" });
  assert.deepEqual(none.remove("d1"), { ok: false, problem: "unavailable" });
  assert.deepEqual(none.list(), { drafts: [], unreadable: 0 });
  const refusing = { length: 0, key: () => null, getItem: () => null, removeItem() {},
    setItem() { throw Object.assign(new Error("denied"), { name: "SecurityError" }); } };
  assert.deepEqual(draftStore(refusing, PREFIX).put(makeDraft("d1", 1, state("甲"))), { ok: false, problem: "unavailable" });
  assert.equal(storageProblem({ name: "NS_ERROR_DOM_QUOTA_REACHED" }), "full");
  assert.equal(storageProblem({ code: 22 }), "full");
  assert.equal(storageProblem(undefined), "unavailable");
});
