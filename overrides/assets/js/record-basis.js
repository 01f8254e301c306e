/* 石首市惠企政策门户: the record form's legal-basis picker (field 法律依据, with its 归类依据).
 *
 * Shown in place of json-editor's own controls for `legal_basis`, inside that field's container (so
 * a problem or a link to the field finds it): a search box (article number or words, lib/basis.js),
 * the articles found as check boxes grouped by law and chapter (with an empty search, every current
 * text to browse, one collapsed group per law), and the chosen articles listed with their full text,
 * each with the box for the record's sentence it rests on (legal_basis_reasons) and a button to
 * remove it. The picker writes both fields' values into json-editor, which keeps them as the
 * record's (json-editor's `legal_basis_reasons` field is hidden: the picker is where it is filled);
 * whatever json-editor is given (an opened record, a restored draft) is shown as chosen.
 * The texts are the catalog's (data/messages.yml, config.messages) and the contract's titles.
 * An ES module imported by record-form.js.
 */

import { fill } from "./lib/messages.js";
import { LIMIT, browsable, entryOf, grouped, libraryOf, parseQuery, reasonsByRef, reasonsFor, search, snippet,
  toggled } from "./lib/basis.js";

function element(tag, className, text) {
  var el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function articleName(entry, ref) { return entry ? entry.law.short_title + " " + entry.number : ref; }

/* json-editor's values as the picker compares them: the refs, and each reason as [article, sentence]. */
function snapshot(refs, reasons) {
  return JSON.stringify([refs, reasons.map(function (r) { return [r && r.article, (r && r.because) || ""]; })]);
}

export function mountBasisPicker(options) {
  var editor = options.editor, contract = options.contract, T = options.config.messages.texts;
  var library = libraryOf(options.config.laws);
  var basisField = editor.getEditor("root.legal_basis"), reasonsField = editor.getEditor("root.legal_basis_reasons");
  var state = { chosen: [], because: new Map(), seen: null };

  function editorRefs() { return (basisField.getValue() || []).filter(function (r) { return typeof r === "string" && r; }); }
  function editorReasons() { return reasonsField ? reasonsField.getValue() || [] : []; }

  /* -- the frame ------------------------------------------------------------------------------------ */

  var root = element("fieldset", "portal-basis");
  root.id = "portal-basis";
  var legend = element("legend", "", contract.properties.legal_basis.title);
  var help = element("p", "portal-basis__help", T.basis_help);
  help.id = "portal-basis-help";
  root.setAttribute("aria-describedby", help.id);
  var label = element("label", "", T.basis_search_label);
  label.htmlFor = "portal-basis-search";
  var input = element("input", "portal-basis__search");
  Object.assign(input, { type: "search", id: "portal-basis-search", autocomplete: "off", spellcheck: false });
  input.setAttribute("aria-describedby", "portal-basis-found");
  input.setAttribute("aria-controls", "portal-basis-results");
  var found = element("p", "portal-basis__found");
  Object.assign(found, { id: "portal-basis-found" });
  found.setAttribute("role", "status");
  var results = element("div", "portal-basis__results");
  results.id = "portal-basis-results";
  var chosenTitle = element("p", "portal-basis__chosen-title");
  chosenTitle.id = "portal-basis-chosen-title";
  var chosenList = element("ol", "portal-basis__chosen");
  chosenList.id = "portal-basis-chosen";
  chosenList.setAttribute("aria-labelledby", chosenTitle.id);
  var said = element("p", "portal-visually-hidden");
  said.id = "portal-basis-said";
  said.setAttribute("role", "status");
  [legend, help, label, input, found, results, chosenTitle, chosenList, said].forEach(function (el) { root.appendChild(el); });
  basisField.container.classList.add("portal-basis-host");
  basisField.container.insertBefore(root, basisField.container.firstChild);
  if (reasonsField) reasonsField.container.hidden = true;

  /* -- the results ---------------------------------------------------------------------------------- */

  function option(entry, words) {
    var holder = element("div", "portal-basis__option");
    var box = element("input");
    box.type = "checkbox";
    box.value = entry.ref;
    box.checked = state.chosen.indexOf(entry.ref) >= 0;
    var text = element("label");
    text.appendChild(box);
    text.appendChild(element("strong", "", entry.number));
    text.appendChild(document.createTextNode(" " + snippet(entry.text, words)));
    holder.appendChild(text);
    return holder;
  }

  function chapterGroup(law, chapter, words) {
    var group = element("fieldset", "portal-basis__group");
    var name = chapter.chapter ? [law.short_title, chapter.chapter.number, chapter.chapter.title].join(" ") : law.short_title;
    group.appendChild(element("legend", "", name));
    chapter.entries.forEach(function (entry) { group.appendChild(option(entry, words)); });
    return group;
  }

  function renderResults() {
    var query = input.value.trim(), words = parseQuery(query).words;
    results.textContent = "";
    if (!query) {  // browse: one collapsed group per law
      grouped(browsable(library)).forEach(function (law) {
        var details = element("details", "portal-basis__law");
        details.appendChild(element("summary", "", fill(T.basis_law_summary, { law: law.law.title, count: law.count })));
        law.chapters.forEach(function (chapter) { details.appendChild(chapterGroup(law.law, chapter, words)); });
        results.appendChild(details);
      });
      found.textContent = T.basis_browse;
      return;
    }
    var hits = search(library, query), shown = hits.slice(0, LIMIT);
    grouped(shown).forEach(function (law) {
      law.chapters.forEach(function (chapter) { results.appendChild(chapterGroup(law.law, chapter, words)); });
    });
    found.textContent = !hits.length ? fill(T.basis_found_none, { query: query })
      : hits.length > shown.length ? fill(T.basis_found_more, { count: hits.length, shown: shown.length })
        : fill(T.basis_found, { count: hits.length });
  }

  function tickResults() {
    results.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = state.chosen.indexOf(box.value) >= 0;
    });
  }

  /* -- the chosen articles -------------------------------------------------------------------------- */

  var because = contract.properties.legal_basis_reasons.items.properties.because;

  function chosenItem(ref, index) {
    var entry = entryOf(library, ref);
    var item = element("li", "portal-basis__item");
    item.dataset.ref = ref;
    var title = element("p", "portal-basis__item-title");
    title.appendChild(element("strong", "", articleName(entry, ref)));
    if (entry && entry.chapter) title.appendChild(element("span", "portal-basis__chapter", entry.chapter.number + " " + entry.chapter.title));
    item.appendChild(title);
    if (!entry) {
      item.appendChild(element("p", "portal-basis__warning", fill(T.basis_unknown, { ref: ref })));
    } else {
      if (entry.law.superseded) {
        var note = element("p", "portal-basis__warning");
        note.appendChild(element("strong", "portal-superseded-label", entry.law.superseded.label));
        note.appendChild(document.createTextNode(fill(T.basis_superseded, entry.law.superseded)));
        item.appendChild(note);
      }
      var quote = element("blockquote", "portal-basis__text");
      entry.text.split("\n").forEach(function (paragraph) { quote.appendChild(element("p", "", paragraph)); });
      item.appendChild(quote);
    }
    var id = "portal-basis-reason-" + index;
    var reasonLabel = element("label", "", T.basis_reason_label);
    reasonLabel.htmlFor = id;
    var hint = element("p", "portal-basis__hint", because.description);
    hint.id = id + "-hint";
    var box = element("textarea");
    Object.assign(box, { id: id, rows: 2, value: state.because.get(ref) || "" });
    box.dataset.ref = ref;
    box.setAttribute("aria-describedby", hint.id);
    var remove = element("button", "portal-basis__remove", T.basis_remove);
    remove.type = "button";
    remove.dataset.ref = ref;
    remove.appendChild(element("span", "portal-visually-hidden", " " + articleName(entry, ref)));
    [reasonLabel, hint, box, remove, element("div", "portal-basis__problems")].forEach(function (el) { item.appendChild(el); });
    return item;
  }

  function renderChosen() {
    chosenList.textContent = "";
    state.chosen.forEach(function (ref, index) { chosenList.appendChild(chosenItem(ref, index)); });
    chosenTitle.textContent = state.chosen.length ? fill(T.basis_chosen_title, { count: state.chosen.length }) : T.basis_chosen_none;
    chosenList.hidden = !state.chosen.length;
  }

  /* -- json-editor -------------------------------------------------------------------------------- */

  function write() {
    var reasons = reasonsFor(state.chosen, state.because);
    state.seen = snapshot(state.chosen, reasons);
    [[basisField, state.chosen.slice()], [reasonsField, reasons]].forEach(function (pair) {
      if (!pair[0]) return;
      pair[0].setValue(pair[1]);
      pair[0].onChange(true);  // as json-editor's own fields do: the record's value and the form's change event follow
    });
  }

  function sync() {  // what json-editor holds, when it was given something (an opened record, a draft)
    var refs = editorRefs(), reasons = editorReasons(), seen = snapshot(refs, reasons);
    if (seen === state.seen) return;
    state.seen = seen;
    state.chosen = refs.filter(function (ref, i) { return refs.indexOf(ref) === i; });
    state.because = reasonsByRef(reasons);
    renderChosen();
    tickResults();
  }

  function choose(ref, on) {
    state.chosen = toggled(state.chosen, ref, on);
    write();
    renderChosen();
    tickResults();
    said.textContent = fill(on ? T.basis_added : T.basis_removed,
      { article: articleName(entryOf(library, ref), ref), count: state.chosen.length });
  }

  input.addEventListener("input", renderResults);
  results.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") choose(event.target.value, event.target.checked);
  });
  chosenList.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") return;
    state.because.set(event.target.dataset.ref, event.target.value);
    write();
  });
  chosenList.addEventListener("click", function (event) {
    var button = event.target.closest("button.portal-basis__remove");
    if (!button) return;
    var at = state.chosen.indexOf(button.dataset.ref);
    choose(button.dataset.ref, false);
    var buttons = chosenList.querySelectorAll("button.portal-basis__remove");  // focus stays in the list
    (buttons[Math.min(at, buttons.length - 1)] || input).focus();
  });
  editor.on("change", sync);

  renderResults();
  sync();

  return {
    /* Where a problem of a field the picker fills is shown (null for the other fields). */
    placeOf: function (field) {
      var basis = /^legal_basis(?:\[(\d+)\])?$/.exec(field), reason = /^legal_basis_reasons(?:\[(\d+)\])?/.exec(field);
      var ref = basis && basis[1] !== undefined ? editorRefs()[Number(basis[1])]
        : reason && reason[1] !== undefined ? (editorReasons()[Number(reason[1])] || {}).article : null;
      if (!basis && !reason) return null;
      var item = ref ? chosenList.querySelector('li[data-ref="' + CSS.escape(ref) + '"] .portal-basis__problems') : null;
      return item || root;
    }
  };
}
