/* 石首市惠企政策门户: the record form's problems on the page, in the form's own words (the catalog's
 * form wording of lib/checks.js: fields by their Chinese titles, no advice on writing YAML).
 *
 * Each problem is shown under its field and in the list at the bottom, where each item is a link
 * that moves the focus to its field (scrolled into view); a required field left empty is flagged
 * under it once the clerk has moved past it (lib/form-messages.js says when). A dashboard link
 * (?open=<id>&field=<field>) lands with the focus in the missing field. A 有效期至 already past is a
 * question next to the field, answered with a check box; a file with problems is downloaded only
 * after a warning, under a name that says it is not finished. An ES module imported by record-form.js.
 */

import { rules, statusLabel, today } from "./portal-core.js";
import { fieldTitle } from "./lib/checks.js";
import { fill } from "./lib/messages.js";
import { downloadName, editorPaths, fieldOfEditor, flagged, lapseQuestion } from "./lib/form-messages.js";

const FOCUSABLE = "input:not([type=hidden]), select, textarea, button";

function visible(element) { return element.getClientRects().length > 0 && !element.closest("[hidden]"); }

/* config: the page's JSON block; schema: the record contract; editor: json-editor, drawn in `fields`;
   body: the body's textarea; box: the problems' list (#portal-record-problems); actions: the element
   after which the download warning goes; placeOf(field): where a field drawn outside json-editor
   shows its problems (the legal-basis picker), or null. */
export function attachMessages({ config, schema, editor, fields, body, box, actions, placeOf = () => null }) {
  const T = config.messages.texts;
  const bodyField = config.checks.body_field;
  const touched = new Set();
  const confirmed = new Set();  // "field=date" the clerk confirmed
  let everything = false, problems = [], question = null, warning = null;

  function text(key, values) { return fill(T[key], values || {}); }

  /* The element that shows a field's problems, and the control that takes the focus. */
  function holderOf(field) {
    if (field === bodyField) return body.parentElement;
    const placed = placeOf(field);
    if (placed) return placed;
    for (const path of editorPaths(field)) {
      const found = editor.getEditor(path);
      if (found && found.container) return found.container;
    }
    return null;
  }

  function controlOf(field) {
    if (field === bodyField) return body;
    const holder = holderOf(field);
    if (!holder) return null;
    const controls = Array.from(holder.querySelectorAll(FOCUSABLE)).filter(visible);
    return controls.find((c) => c.tagName !== "BUTTON") || controls[0] || null;
  }

  function focusField(field) {
    const control = controlOf(field);
    if (!control) return false;
    control.scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
    return true;
  }

  function clearFlags() {
    document.querySelectorAll(".portal-field-problem, .portal-field-question").forEach((note) => note.remove());
    document.querySelectorAll("[data-portal-described]").forEach((control) => {
      control.setAttribute("aria-describedby", control.dataset.portalDescribed);
      if (!control.dataset.portalDescribed) control.removeAttribute("aria-describedby");
      control.removeAttribute("aria-invalid");
      delete control.dataset.portalDescribed;
    });
  }

  function describe(control, id, invalid) {
    if (!control) return;
    if (control.dataset.portalDescribed === undefined) control.dataset.portalDescribed = control.getAttribute("aria-describedby") || "";
    control.setAttribute("aria-describedby", (control.getAttribute("aria-describedby") + " " + id).trim());
    if (invalid) control.setAttribute("aria-invalid", "true");
  }

  function flagFields() {
    flagged(problems, touched, everything).forEach((p, index) => {
      const holder = holderOf(p.field);
      if (!holder) return;
      const note = document.createElement("p");
      note.className = "portal-field-problem";
      note.id = "portal-field-problem-" + index;
      note.dataset.field = p.field;
      note.dataset.key = p.key;
      note.textContent = p.form;
      holder.appendChild(note);
      describe(controlOf(p.field), note.id, true);
    });
  }

  function askAboutLapse() {
    if (!question) return;
    const holder = holderOf(question.field);
    if (!holder) return;
    const values = { field: fieldName(question.field), date: question.date, status: statusLabel(question.status) };
    const done = confirmed.has(question.field + "=" + question.date);
    const group = document.createElement("div");
    group.className = "portal-field-question";
    group.id = "portal-field-question";
    group.dataset.field = question.field;
    group.dataset.confirmed = String(done);
    const asked = document.createElement("p");
    asked.id = "portal-field-question-text";
    asked.textContent = done ? text("form_expired_confirmed", values) : text("form_expired_question", values);
    group.appendChild(asked);
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", asked.id);
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = "portal-field-question-confirm";
    box.checked = done;
    box.addEventListener("change", () => {
      const answer = question.field + "=" + question.date;
      if (box.checked) confirmed.add(answer);
      else confirmed.delete(answer);
      render();
      document.getElementById("portal-field-question-confirm").focus();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text("form_expired_confirm")));
    group.appendChild(label);
    holder.appendChild(group);
    describe(controlOf(question.field), asked.id, false);
  }

  function fieldName(field) { return fieldTitle(schema, field, T); }

  function link(field, label) {
    const anchor = document.createElement("a");
    const control = controlOf(field);
    anchor.href = "#" + (control && control.id ? control.id : "portal-record-editor");
    anchor.textContent = label;
    anchor.addEventListener("click", (event) => {
      event.preventDefault();
      focusField(field);
    });
    return anchor;
  }

  /* Problems in the order of their fields on the page (a field the form does not have: last). */
  function inPageOrder(list) {
    const place = (p) => holderOf(p.field);
    return list.map((p, index) => ({ p, index, at: place(p) })).sort((a, b) => {
      if (!a.at || !b.at) return (a.at ? 0 : 1) - (b.at ? 0 : 1) || a.index - b.index;
      if (a.at === b.at) return a.index - b.index;
      return a.at.compareDocumentPosition(b.at) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }).map((x) => x.p);
  }

  function listProblems() {
    box.textContent = "";
    const summary = document.createElement("p");
    box.appendChild(summary);
    box.dataset.count = String(problems.length);
    summary.textContent = problems.length ? text("form_problems", { count: problems.length }) : text("form_no_problems");
    if (problems.length) {
      const list = document.createElement("ul");
      inPageOrder(problems).forEach((p) => {
        const item = document.createElement("li");
        item.dataset.field = p.field;
        item.dataset.key = p.key;
        const label = text("form_problem", { field: p.title, message: p.form });
        item.appendChild(holderOf(p.field) ? link(p.field, label) : document.createTextNode(label));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    if (question && !confirmed.has(question.field + "=" + question.date)) {
      const asked = document.createElement("p");
      asked.className = "portal-record-form__question";
      asked.dataset.field = question.field;
      asked.appendChild(document.createTextNode(text("form_expired_pending", { count: 1 })));
      asked.appendChild(link(question.field, fieldName(question.field)));
      box.appendChild(asked);
    }
  }

  /* The notes next to the fields; the list at the bottom is redrawn only when the problems change
     (a focus leaving a field must not redraw the link being clicked). */
  function renderFields() {
    clearFlags();
    flagFields();
    askAboutLapse();
  }

  function render() {
    renderFields();
    listProblems();
  }

  function hideWarning() {
    if (warning) warning.remove();
    warning = null;
  }

  /* A field left: flagged at once when the clerk moved on with the keyboard; when with a click, once
     the click is done (a note appearing above the pointer would move what is being clicked). */
  let pressed = false, pending = false;
  document.addEventListener("pointerdown", () => { pressed = true; }, true);
  document.addEventListener("pointerup", () => {
    pressed = false;
    if (pending) setTimeout(() => { pending = false; renderFields(); }, 0);  // after this click's events
  }, true);

  function left(field) {
    if (touched.has(field)) return;
    touched.add(field);
    if (pressed) pending = true;
    else renderFields();
  }

  fields.addEventListener("focusout", (event) => {
    const holder = event.target.closest("[data-schemapath]");
    if (holder && holder.dataset.schemapath !== "root") left(fieldOfEditor(holder.dataset.schemapath));
  });
  body.addEventListener("focusout", () => left(bodyField));

  return {
    /* The checks' problems of the file as it now is; meta: its values, baseline: the opened file's. */
    show(found, meta, baseline) {
      problems = found;
      question = lapseQuestion({ table: rules.status.table, today: today(), meta, baseline, status: config.confirm_status });
      if (!problems.length) hideWarning();
      render();
    },
    /* An opened file, or a download tried: every problem is flagged. */
    flagAll() {
      everything = true;
      render();
    },
    /* A dashboard link's field: focused, and named in `status` (an element of the page). */
    arrive(field, status) {
      if (!focusField(field)) return;
      status.textContent += text("form_open_field", { field: text("form_named", { title: fieldName(field) }) });
    },
    /* Before a download: true when it may go ahead; otherwise a warning with its two buttons. */
    mayDownload(save) {
      hideWarning();
      if (!problems.length) return true;
      everything = true;
      render();
      warning = document.createElement("div");
      warning.className = "portal-record-form__warning";
      warning.id = "portal-record-download-warning";
      warning.setAttribute("role", "alert");
      const said = document.createElement("p");
      said.textContent = text("form_download_warning", { count: problems.length });
      warning.appendChild(said);
      const buttons = document.createElement("p");
      const anyway = document.createElement("button");
      anyway.type = "button";
      anyway.className = "md-button";
      anyway.id = "portal-record-download-anyway";
      anyway.textContent = text("form_download_anyway");
      anyway.addEventListener("click", () => { hideWarning(); save(); });
      const back = document.createElement("button");
      back.type = "button";
      back.className = "md-button md-button--primary";
      back.id = "portal-record-download-back";
      back.textContent = text("form_download_back");
      back.addEventListener("click", () => { hideWarning(); focusField(inPageOrder(problems)[0].field); });
      buttons.appendChild(back);
      buttons.appendChild(anyway);
      warning.appendChild(buttons);
      actions.after(warning);
      back.focus();
      return false;
    },
    /* The downloaded file's name and what to say of it. */
    fileName(path) { return downloadName(path, problems.length, T); },
    downloaded(name) {
      return problems.length ? text("form_downloaded_unfinished", { name, count: problems.length })
        : text("form_downloaded", { name });
    }
  };
}
