/* 石首市惠企政策门户: the record form's drafts, kept in this browser only (drafts-box.js shows them).
 *
 * A draft is what the form needs to put itself back as the clerk left it:
 *   {v, id, savedAt, title, record, opened, value, body}
 *   - value: json-editor's value of the fields, as the editor holds it (numbers as text);
 *   - body: the body textarea's text;
 *   - opened: null for a new record; for an opened one, the file's text as it was opened and its
 *     path, so restoring opens that same text again and puts the edits over it: the file produced
 *     after a restore still differs from the original only in the edited fields;
 *   - title, record: the record's 标题 and id when it had them (for the list);
 *   - savedAt: milliseconds (Date.now()); shown in China's time (rules.status.utc_offset_hours).
 * The store is a Web Storage object (localStorage, given by the caller): one key per draft under a
 * prefix. It is synchronous, so a draft written in `pagehide` or `beforeunload` is written before the
 * tab goes away (an IndexedDB transaction started there may not finish). Every write says whether it
 * was kept ({ok: true} or {ok: false, problem: "full" | "unavailable"}): a failure is shown, never
 * swallowed. Pure: no DOM, no browser global; node tests in tests/js/drafts.test.mjs.
 */

export const DRAFT_VERSION = 1;
const KEY_PART = "record-draft.";

/* The storage keys of this site's drafts: under the site's own path, as the theme's keys are
   (md-inline.js __md_set), so two portals on one host keep theirs apart. */
export function draftPrefix(sitePath) { return sitePath + KEY_PART; }

export function newDraftId(now, random) {
  return "d" + now.toString(36) + Math.floor(random * 36 ** 6).toString(36).padStart(6, "0");
}

function text(value) { return typeof value === "string" ? value.trim() : ""; }

/* The draft of a form state ({value, body, opened}) saved at `savedAt`. */
export function makeDraft(id, savedAt, state) {
  var value = state.value && typeof state.value === "object" ? state.value : {};
  return {
    v: DRAFT_VERSION, id: id, savedAt: savedAt, title: text(value.title), record: text(value.id),
    opened: state.opened ? { text: state.opened.text, path: state.opened.path || null } : null,
    value: value, body: typeof state.body === "string" ? state.body : "",
    review: Array.isArray(state.review) ? state.review : []  // the Word import's 待核对 marks: [{field, note}]
  };
}

/* What decides whether the form holds something not yet in the store: the values, the body and
   the opened file (not the time, not the title, which follow from them). */
export function stateKey(state) {
  return JSON.stringify([state.value === undefined ? null : state.value, state.body || "",
    state.opened ? [state.opened.text, state.opened.path || null] : null, state.review || []]);
}

export function serialise(draft) { return JSON.stringify(draft); }

/* A stored draft, or null when the text is not one this version can restore. */
export function parseDraft(raw) {
  var draft;
  try { draft = JSON.parse(raw); } catch (e) { return null; }
  if (!draft || typeof draft !== "object" || draft.v !== DRAFT_VERSION || typeof draft.id !== "string"
    || typeof draft.savedAt !== "number" || !draft.value || typeof draft.value !== "object"
    || typeof draft.body !== "string") return null;
  if (draft.opened !== null && (typeof draft.opened !== "object" || typeof draft.opened.text !== "string")) return null;
  draft.title = text(draft.title);
  draft.record = text(draft.record);
  return draft;
}

/* Newest first (ties: by id, so the order never depends on the store's). */
export function sortDrafts(drafts) {
  return drafts.slice().sort(function (a, b) {
    return b.savedAt - a.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/* The record id of an opened draft's file: its file name without .md. */
export function openedRecord(draft) {
  if (!draft.opened || !draft.opened.path) return "";
  var name = draft.opened.path.slice(draft.opened.path.lastIndexOf("/") + 1);
  return name.endsWith(".md") ? name.slice(0, -3) : name;
}

/* The newest draft of the opened record `id` (the gap dashboard's ?open=<id>), or null. */
export function draftOfRecord(drafts, id) {
  return sortDrafts(drafts).find(function (d) { return openedRecord(d) === id; }) || null;
}

/* The parts of a moment in a time zone `offsetHours` from UTC, as a catalog message fills them:
   month and day as numbers, hour and minute with two digits. */
export function clockAt(ms, offsetHours) {
  var at = new Date(ms + offsetHours * 3600 * 1000);
  var two = function (n) { return String(n).padStart(2, "0"); };
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(),
    hour: two(at.getUTCHours()), minute: two(at.getUTCMinutes()) };
}

/* Does the moment fall in another year than `now` (China's)? Then the year is said too. */
export function anotherYear(ms, now, offsetHours) {
  return clockAt(ms, offsetHours).year !== clockAt(now, offsetHours).year;
}

/* A copy of the editor's value with the text the clerk is typing in the field named `name`
   (json-editor's names: root[sources][0][document]) put in: json-editor takes a text field's value
   only when the field is left, and a draft saved meanwhile must not lose what was typed. */
export function withTyped(value, name, typed) {
  var match = /^root((?:\[[^\][]+\])+)$/.exec(name || "");
  if (!match || !value || typeof value !== "object") return value;
  var path = match[1].slice(1, -1).split("][");
  var out = JSON.parse(JSON.stringify(value)), here = out;
  for (var i = 0; i < path.length - 1; i++) {
    var next = here[path[i]];
    if (!next || typeof next !== "object") return value;  // a field the value does not hold: left as it is
    here = next;
  }
  var last = path[path.length - 1];
  if (typeof here[last] !== "string" && here[last] !== undefined) return value;  // only text fields
  here[last] = typed;
  return out;
}

/* Why a storage call failed: the browser's quota ("full") or no storage at all ("unavailable"). */
export function storageProblem(error) {
  var name = error && error.name;
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || (error && error.code === 22)) return "full";
  return "unavailable";
}

/* The drafts of this site in a Web Storage object. `storage` null: the browser gives the page none. */
export function draftStore(storage, prefix) {
  function attempt(action) {
    if (!storage) return { ok: false, problem: "unavailable" };
    try {
      action();
      return { ok: true };
    } catch (error) {
      return { ok: false, problem: storageProblem(error) };
    }
  }
  return {
    available: !!storage,
    /* {drafts (newest first), unreadable: how many stored texts could not be read} */
    list: function () {
      var drafts = [], unreadable = 0;
      if (!storage) return { drafts: drafts, unreadable: 0 };
      var keys = [];
      try {
        for (var i = 0; i < storage.length; i++) keys.push(storage.key(i));
      } catch (e) {
        return { drafts: drafts, unreadable: 0 };
      }
      keys.filter(function (k) { return k && k.startsWith(prefix); }).forEach(function (k) {
        var draft = parseDraft(storage.getItem(k));
        if (draft && prefix + draft.id === k) drafts.push(draft);
        else unreadable += 1;
      });
      return { drafts: sortDrafts(drafts), unreadable: unreadable };
    },
    get: function (id) {
      if (!storage || !id) return null;
      try { return parseDraft(storage.getItem(prefix + id)); } catch (e) { return null; }
    },
    put: function (draft) { return attempt(function () { storage.setItem(prefix + draft.id, serialise(draft)); }); },
    remove: function (id) { return attempt(function () { storage.removeItem(prefix + id); }); }
  };
}
