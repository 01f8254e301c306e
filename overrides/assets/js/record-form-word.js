/* 石首市惠企政策门户: the record form's Word import (投稿指南 → 在线填写政策 → 从 Word 文件导入).
 *
 * A chosen .docx is read in this browser only, by the rules of `make import` (lib/wordimport.js, the
 * rules and messages from the page config's `word`, macros/site/wordform.py): the same refusals, the
 * notice's own clause numbers, the same guesses. The converter is the vendored browser build of
 * mammoth, loaded when a file is first chosen. Every guessed value is marked 待核对 next to its field
 * (never written into the file); a mark goes when the clerk changes the field or presses 已核对. A
 * draft of `make import` opened in the form shows its “待核对” comments the same way and loses them.
 * Imported by record-form.js, which hands over its editor and body (setupWordImport).
 */

import { base } from "./portal-core.js";
import { fill } from "./lib/messages.js";
import { idOf, importWord, sourceOf, takeReviewNotes, wordRules } from "./lib/wordimport.js";

var converter = null;  // the promise of window.mammoth

function loadConverter(src) {
  if (!converter) {
    converter = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(src, base).href;
      script.onload = function () { resolve(window.mammoth); };
      script.onerror = function () { converter = null; reject(new Error("converter")); };
      document.head.appendChild(script);
    });
  }
  return converter;
}

/* Inflate at most `limit` bytes (a part larger than it declares is broken). */
async function inflate(bytes, limit) {
  var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  var chunks = [], total = 0;
  for (;;) {
    var next = await reader.read();
    if (next.done) break;
    total += next.value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error("larger than declared");
    }
    chunks.push(next.value);
  }
  var out = new Uint8Array(total), at = 0;
  chunks.forEach(function (chunk) { out.set(chunk, at); at += chunk.length; });
  return out;
}

function canInflate() {  // DecompressionStream("deflate-raw"): Chromium 103, Firefox 113, Safari 16.4
  try {
    return typeof DecompressionStream === "function" && Boolean(new DecompressionStream("deflate-raw"));
  } catch (error) {
    return false;
  }
}

function decode(bytes) {
  var label = bytes[0] === 0xFF && bytes[1] === 0xFE ? "utf-16le" : bytes[0] === 0xFE && bytes[1] === 0xFF ? "utf-16be" : "utf-8";
  return new TextDecoder(label).decode(bytes);
}

function parseXml(text) {
  var doc = new DOMParser().parseFromString(text, "application/xml");
  if (doc.getElementsByTagName("parsererror").length) throw new Error("not XML");
  return doc;
}

function browserIo(src) {
  return {
    inflate: inflate, decode: decode, parseXml: parseXml,
    encode: function (text) { return new TextEncoder().encode(text); },
    serializeXml: function (doc) { return new XMLSerializer().serializeToString(doc); },
    convert: function (bytes) {
      return loadConverter(src).then(function (mammoth) { return mammoth.convertToHtml({ arrayBuffer: bytes.buffer }); })
        .then(function (result) { return result.value; });
    },
    parseHtml: function (html) { return new DOMParser().parseFromString("<!DOCTYPE html><body>" + html, "text/html").body; }
  };
}

/* form: {editor, config, setBody(text), startNew()} from record-form.js. */
export function setupWordImport(form) {
  var editor = form.editor, word = form.config.word, says = word.messages, rules = wordRules(word.rules);
  var initial = JSON.parse(JSON.stringify(editor.getValue()));  // a new record's value, before anything is typed
  var marks = new Map();  // field ("title", "sources") -> {note, value: the field's value when marked}
  var waiting = null;  // a draft whose id waits for the department to be chosen
  var input = document.getElementById("portal-record-word"), status = document.getElementById("portal-record-word-status");

  function say(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind || "info";
  }
  function fieldEditor(field) { return editor.getEditor("root." + field); }
  function valueOf(field) { var f = fieldEditor(field); return f ? JSON.stringify(f.getValue()) : undefined; }

  function showMark(field, mark) {
    var f = fieldEditor(field);
    if (!f || !f.container) return;
    var shown = f.container.querySelector(':scope > .portal-field-review[data-field="' + field + '"]');
    if (shown) return;
    var note = document.createElement("p");
    note.className = "portal-field-review";
    note.dataset.field = field;
    var text = document.createElement("span");
    text.textContent = fill(says.to_review, { note: mark.note });
    var done = document.createElement("button");
    done.type = "button";
    done.className = "md-button portal-field-review__done";
    done.textContent = says.form_confirm;
    done.addEventListener("click", function () { unmark(field); });
    note.appendChild(text);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(done);
    f.container.appendChild(note);
  }
  function unmark(field) {
    marks.delete(field);
    document.querySelectorAll('.portal-field-review[data-field="' + field + '"]').forEach(function (el) { el.remove(); });
  }
  function mark(field, note) {
    marks.set(field, { note: note, value: valueOf(field) });
    showMark(field, marks.get(field));
  }
  function clear() {
    Array.from(marks.keys()).forEach(unmark);
    waiting = null;
  }

  /* After every change: a changed field loses its mark; a mark json-editor redrew away is shown again;
     a draft waiting for the department gets its id. */
  function changed() {
    if (waiting) {
      var department = fieldEditor("department") ? fieldEditor("department").getValue() : "";
      if (department && !fieldEditor("id").getValue()) {
        var draft = waiting;
        waiting = null;
        fieldEditor("id").setValue(idOf(draft, department, rules));
        mark("id", says.note_id);
      }
    }
    marks.forEach(function (entry, field) {
      if (valueOf(field) !== entry.value) unmark(field);
      else showMark(field, entry);
    });
  }
  editor.on("change", changed);

  function fillForm(draft) {
    clear();
    form.startNew();
    var department = fieldEditor("department") ? fieldEditor("department").getValue() : "";
    var value = JSON.parse(JSON.stringify(initial));
    if (department) value.department = department;
    Object.keys(draft.guesses).forEach(function (field) { value[field] = draft.guesses[field].value; });
    var source = sourceOf(draft, rules);
    if (source) value.sources = [Object.assign({}, (initial.sources || [])[0] || {}, { document: source })];
    if (department) value.id = idOf(draft, department, rules);
    editor.setValue(value);
    form.setBody("\n" + draft.body);
    Object.keys(draft.guesses).forEach(function (field) { mark(field, draft.guesses[field].note); });
    if (source) mark("sources", says.note_sources);
    if (department) mark("id", says.note_id);
    else waiting = draft;
  }

  input.addEventListener("change", function () {
    var file = input.files[0];
    if (!file) return;
    if (!canInflate()) {
      input.value = "";
      say(says.form_old_browser, "error");
      return;
    }
    say(says.form_reading);
    file.arrayBuffer().then(function (buffer) {
      return importWord(file.name, new Uint8Array(buffer), rules, says, browserIo(word.converter));
    }).then(function (result) {
      input.value = "";
      if (result.refused) {
        say(says.form_refused + result.refused, "error");
        return;
      }
      fillForm(result.draft);
      var found = Object.keys(result.draft.guesses).length ? "" : says.found_nothing + "。";
      say([says.form_filled + found].concat(result.draft.warnings).join(" "), "ok");
    }).catch(function () {
      input.value = "";
      say(says.form_refused + fill(says.broken, { name: file.name }), "error");
    });
  });

  return {
    clear: clear,
    /* A draft of `make import` being opened: its “待核对” comments out of the document, for showNotes. */
    takeNotes: function (YAML, doc) { return takeReviewNotes(YAML, doc, says); },
    /* The marks still shown, [{field, note}], kept with a draft; and put back when it is restored. */
    notes: function () { return Array.from(marks, function (entry) { return { field: entry[0], note: entry[1].note }; }); },
    restoreNotes: function (notes) { clear(); (notes || []).forEach(function (entry) { mark(entry.field, entry.note); }); },
    showNotes: function (notes) {
      notes.forEach(function (entry) { mark(entry.field, entry.note); });
      return notes.length ? says.form_draft_opened : "";
    }
  };
}
