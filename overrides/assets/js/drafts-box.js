/* 石首市惠企政策门户: the record form's drafts (投稿指南 → 在线填写政策), kept in this browser only.
 *
 * record-form.js starts this once the form is ready (startDrafts) and hands it two hooks: getState
 * (the fields' value, the body, the opened file) and restoreState (puts such a state back); it tells
 * it when the form's content changed (changed) and when another file is about to be opened into it
 * (began: the draft being edited stays as it is, the opened file gets a draft of its own once the
 * clerk changes something). What the drafts are and how they are stored is lib/drafts.js.
 *
 * - Saved as the clerk types (SAVE_DELAY after the last change), and at once when the tab is hidden,
 *   left or closed (visibilitychange, pagehide, beforeunload): localStorage is synchronous, so the
 *   write is done before the page goes away. A form as it was loaded or opened is not a draft.
 * - "Unsaved" means not yet in the draft store. Leaving with everything kept is safe and asks
 *   nothing; the browser's leave-page warning (beforeunload) comes only when the last change could
 *   not be kept (storage full, or none), and that is also said in the form, in the bar at the bottom
 *   of the screen, for as long as it lasts.
 * - The tab remembers the draft it holds (sessionStorage): a reload or Back puts it back with the
 *   time it was saved. A new tab or a restarted browser lists the drafts to continue; the gap
 *   dashboard's ?open=<id> puts back the newest draft of that record (saying so if the site's file
 *   has changed since).
 * Nothing is sent anywhere: the record file (download, copy) stays the only thing that leaves.
 */

import { base, rules } from "./portal-core.js";
import { fill } from "./lib/messages.js";
import {
  anotherYear, clockAt, draftOfRecord, draftPrefix, draftStore, makeDraft, newDraftId, openedRecord, stateKey,
  storageProblem, withTyped
} from "./lib/drafts.js";

const TAB_DRAFT = "tab-draft"; /* sessionStorage: the draft this tab is editing (restored on reload or Back) */

var SAVE_DELAY = 600;  // ms after the last change
var PENDING = {};  // a file is being opened: the form's state once it is (the next change) is no draft
var TYPED = /^(?:text|search|tel|url|email|)$/;  // input types whose text json-editor takes only on leaving

var $ = function (id) { return document.getElementById(id); };

/* A Web Storage area, and whether it can be written: {storage, problem}. */
function webStorage(name, probeKey) {
  var storage;
  try {
    storage = window[name];
    storage.setItem(probeKey, "1");
    storage.removeItem(probeKey);
    return { storage: storage, problem: null };
  } catch (error) {
    var problem = storage ? storageProblem(error) : "unavailable";
    return { storage: problem === "full" ? storage : null, problem: problem };
  }
}

export function startDrafts(form) {
  var T = form.config.messages.texts;
  var text = function (key, values) { return fill(T[key], values || {}); };
  var offset = rules.status.utc_offset_hours;
  var prefix = draftPrefix(base.pathname);
  var local = webStorage("localStorage", prefix + "probe");
  var session = webStorage("sessionStorage", prefix + "probe").storage;
  var store = draftStore(local.storage, prefix);
  var box = $("portal-record-drafts"), list = $("portal-record-draft-list"), bar = $("portal-record-draft-bar");
  var editorBox = $("portal-record-editor"), body = $("portal-record-body");
  // the draft this tab holds: its id once stored, the key of what was last stored, and (before it
  // is stored) the key of the form as loaded or opened, which is no draft
  var current = { id: null, savedKey: null, pristine: null };
  var restoring = false, timer = null;

  function when(ms) {
    var parts = clockAt(ms, offset);
    if (anotherYear(ms, Date.now(), offset)) return text("draft_time_year", { year: parts.year, month: parts.month,
      day: parts.day, hour: parts.hour, minute: parts.minute });
    return text("draft_time", { month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute });
  }

  function titleOf(draft) { return draft.title || openedRecord(draft) || draft.record || text("draft_untitled"); }

  /* -- the tab's memory (sessionStorage) ------------------------------------------------------------ */
  function recall(name) { try { return session ? session.getItem(prefix + name) : null; } catch (e) { return null; } }
  function remember(name, value) {
    try {
      if (!session) return;
      if (value === null) session.removeItem(prefix + name);
      else session.setItem(prefix + name, value);
    } catch (e) { /* the tab's memory is a convenience: the draft itself is kept */ }
  }

  /* -- what the form holds -------------------------------------------------------------------------- */
  function state() {
    var s = form.getState(), active = document.activeElement;
    if (active && active.name && editorBox.contains(active)
      && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && TYPED.test(active.getAttribute("type") || "")))) {
      s.value = withTyped(s.value, active.name, active.value);
    }
    return s;
  }

  /* Keep the form's state if it holds something not yet kept. True: kept, or nothing to keep. */
  function save() {
    clearTimeout(timer);
    timer = null;
    if (restoring) return true;
    var s = state(), key = stateKey(s);
    if (current.pristine === PENDING) current.pristine = key;
    if (key === current.savedKey) return true;
    if (!current.id && key === current.pristine) return true;  // as loaded or opened: nothing of the clerk's yet
    var id = current.id || newDraftId(Date.now(), Math.random());
    var draft = makeDraft(id, Date.now(), s);
    var result = store.put(draft);
    if (!result.ok) {
      showProblem(result.problem);
      return false;
    }
    current.id = id;
    current.savedKey = key;
    remember(TAB_DRAFT, id);
    showSaved(draft.savedAt);
    render();
    return true;
  }

  function saveSoon() {
    if (restoring) return;
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY);
  }

  /* -- what the clerk sees ---------------------------------------------------------------------------- */
  function say(message) { $("portal-record-draft-status").textContent = message; }

  function showSaved(savedAt) {
    bar.hidden = false;
    bar.dataset.kind = "ok";
    $("portal-record-draft-saved").textContent = text("draft_saved", { time: when(savedAt) });
    $("portal-record-draft-alert").textContent = "";
  }

  function showProblem(problem) {
    bar.hidden = false;
    bar.dataset.kind = "error";
    $("portal-record-draft-saved").textContent = "";
    $("portal-record-draft-alert").textContent = problem === "full" ? text("draft_storage_full")
      : text("draft_storage_unavailable");
  }

  /* Nothing kept for the form as it is now: no time to show (a browser that keeps nothing still says so). */
  function quiet() { if (store.available) bar.hidden = true; }

  function button(label, action, describedBy) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "md-button";
    el.textContent = label;
    el.setAttribute("aria-describedby", describedBy);
    el.addEventListener("click", action);
    return el;
  }

  function render() {
    var found = store.list();
    list.textContent = "";
    found.drafts.forEach(function (draft) {
      var item = document.createElement("li"), title = document.createElement("span");
      var titleId = "portal-record-draft-title-" + draft.id;
      item.dataset.draft = draft.id;
      title.id = titleId;
      title.className = "portal-record-form__draft-title";
      title.textContent = titleOf(draft);
      var about = document.createElement("span");
      about.className = "portal-record-form__draft-about";
      about.textContent = text("draft_item", {
        kind: draft.opened ? text("draft_kind_opened", { path: draft.opened.path || "" }) : text("draft_kind_new"),
        time: when(draft.savedAt)
      });
      item.append(title, about);
      if (draft.id === current.id) {
        item.dataset.current = "true";
        var here = document.createElement("span");
        here.className = "portal-record-form__draft-current";
        here.textContent = text("draft_current");
        item.appendChild(here);
      } else {
        item.appendChild(button(text("draft_continue"), function () { switchTo(draft.id); }, titleId));
      }
      item.appendChild(button(text("draft_delete"), function () { remove(draft.id); }, titleId));
      list.appendChild(item);
    });
    $("portal-record-draft-none").hidden = found.drafts.length > 0;
    return found;
  }

  /* -- putting a draft back, switching, starting anew, deleting ---------------------------------------- */
  function restore(draft) {
    restoring = true;
    try {
      form.restoreState({ opened: draft.opened, value: draft.value, body: draft.body, review: draft.review || [] });
    } finally {
      restoring = false;
    }
    clearTimeout(timer);
    current = { id: draft.id, savedKey: stateKey(state()), pristine: null };
    remember(TAB_DRAFT, draft.id);
    showSaved(draft.savedAt);
    render();
  }

  /* Keep what the form holds before it holds something else; if it cannot be kept, the clerk decides. */
  function keptOrAgreed() { return save() || window.confirm(text("draft_confirm_leave")); }

  function switchTo(id) {
    var draft = store.get(id);
    if (!draft || !keptOrAgreed()) return;
    restore(draft);
    say(text("draft_restored", { time: when(draft.savedAt), title: titleOf(draft) }));
  }

  /* A blank new record: the form page as loaded without a draft (its review dates are today's). */
  function startNew() {
    if (!keptOrAgreed()) return;
    current = { id: null, savedKey: null, pristine: stateKey(state()) };  // kept (or given up): nothing more to keep here
    remember(TAB_DRAFT, null);
    location.assign(location.pathname);
  }

  function remove(id) {
    var draft = store.get(id);
    var title = draft ? titleOf(draft) : text("draft_untitled");
    if (!window.confirm(text("draft_confirm_delete", { title: title }))) return;
    var result = store.remove(id);
    if (!result.ok) {
      showProblem(result.problem);
      return;
    }
    var notice = text("draft_deleted", { title: title });
    if (id === current.id) {
      clearTimeout(timer);
      remember(TAB_DRAFT, null);
      if (draft && draft.opened) {  // the opened file again, as it was before the clerk's changes
        restoring = true;
        try { form.restoreState({ opened: draft.opened, value: null, body: null }); } finally { restoring = false; }
      } else if (draft) {  // a new record: the blank form
        current = { id: null, savedKey: null, pristine: stateKey(state()) };
        remember("notice", notice);
        location.assign(location.pathname);
        return;
      }
      current = { id: null, savedKey: null, pristine: stateKey(state()) };
      quiet();
    }
    render();
    say(notice);
  }

  /* -- start -------------------------------------------------------------------------------------------- */
  box.hidden = false;
  $("portal-record-draft-new").addEventListener("click", startNew);
  if (local.problem) showProblem(local.problem);
  var found = render();
  var wanted = new URLSearchParams(location.search).get("open");
  var draft = store.get(recall(TAB_DRAFT)) || (wanted ? draftOfRecord(found.drafts, wanted) : null);
  var opened = form.getState().opened;  // the site's file, when ?open=<id> opened one
  current = { id: null, savedKey: null, pristine: stateKey(state()) };
  var notice = recall("notice");
  remember("notice", null);
  if (draft) {
    restore(draft);
    var said = text("draft_restored", { time: when(draft.savedAt), title: titleOf(draft) });
    if (wanted && opened && draft.opened && openedRecord(draft) === wanted && opened.text !== draft.opened.text) {
      said += text("draft_source_changed");
    }
    say(said);
  } else if (notice) {
    say(notice);
  } else if (found.drafts.length) {
    say(text("draft_listed", { count: found.drafts.length }));
  }
  if (found.unreadable) say($("portal-record-draft-status").textContent + text("draft_unreadable", { count: found.unreadable }));

  editorBox.addEventListener("input", saveSoon, true);  // typing in a field (json-editor takes it on leaving)
  body.addEventListener("input", saveSoon);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") save(); });
  window.addEventListener("pagehide", save);
  window.addEventListener("beforeunload", function (event) {
    if (save()) return;  // kept, or nothing to keep: leaving is safe
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("storage", function (event) {  // another tab saved or deleted a draft
    if (event.key && event.key.startsWith(prefix)) render();
  });

  return {
    changed: function () {
      if (current.pristine === PENDING && !restoring) current.pristine = stateKey(state());  // the file just opened
      saveSoon();
    },
    /* Another file is about to be opened into the form: the draft being edited is kept as it is. */
    began: function () {
      if (restoring) return;
      save();
      current = { id: null, savedKey: null, pristine: PENDING };
      remember(TAB_DRAFT, null);
      quiet();
      render();
    }
  };
}
