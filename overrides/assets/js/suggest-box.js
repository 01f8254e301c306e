/* 石首市惠企政策门户: suggestions as you type in a search box (the header's, the search page's): the
 * ARIA 1.2 combobox pattern. The input (role=combobox, data-portal-suggest) controls a listbox of
 * options; Up/Down move through them (aria-activedescendant: the focus stays in the box), Enter
 * takes the one shown as selected, Escape closes the list, a click or tap takes an option. The
 * count is announced in the form's live region. search-index/suggest.json (and, for typed letters,
 * the titles' file of the first letter with the readings of their characters) is fetched once, when
 * the reader first types, never before; lib/suggest.js ranks them. A term is searched for (the form
 * is submitted: the search page's own handler, or the search page from the header); a title opens
 * its page, whose address is read from the index's document chunk when it is chosen.
 */

import { base } from "./portal-core.js";
import { chunkOf, docIn, docsFile } from "./lib/index-files.js";
import { candidates, filesFor, isPage, suggest } from "./lib/suggest.js";

const loaded = new Map();

function loadFile(path, empty) {
  if (!loaded.has(path)) {
    loaded.set(path, fetch(new URL(path, base)).then((response) => {
      if (!response.ok) throw new Error(path + " " + response.status);
      return response.json();
    }).catch(() => { loaded.delete(path); return empty; })); /* tried again on the next keystroke */
  }
  return loaded.get(path);
}

function indexFile(name, empty) { return name ? loadFile("search-index/" + name, empty) : Promise.resolve(empty); }

function loadCandidates(typed) {
  const files = filesFor(typed);
  return Promise.all([indexFile(files.terms, []), indexFile(files.titles, []), indexFile(files.readings, {})])
    .then(([terms, titles, readings]) => candidates(terms, titles, readings));
}

/* A suggested title's page: its address from the index's document chunk; if that cannot be read
   (offline), searched for instead. */
function openPage(doc, searchFor) {
  fetch(new URL("search-index/manifest.json", base)).then((response) => response.json())
    .then((m) => fetch(new URL(docsFile(chunkOf(doc, m), m), base)).then((response) => response.json())
      .then((chunk) => location.assign(new URL(docIn(chunk, doc, m).url, base))))
    .catch(searchFor);
}

function optionFor(suggestion, id) {
  const li = document.createElement("li");
  li.id = id;
  li.setAttribute("role", "option");
  li.setAttribute("aria-selected", "false");
  li.textContent = suggestion.text;
  if (isPage(suggestion)) {
    const kind = document.createElement("span");
    kind.className = "portal-suggest__kind";
    kind.textContent = "（打开页面）";
    li.appendChild(kind);
  }
  return li;
}

function attach(input) {
  const form = input.form;
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const count = form.parentElement.querySelector("[data-portal-suggest-count]");
  let shown = [];
  let active = -1;
  let token = 0;

  function setActive(index) {
    active = index;
    Array.from(list.children).forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    token++;
    shown = [];
    setActive(-1);
    list.replaceChildren();
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    if (count) count.textContent = "";
  }

  function open(suggestions) {
    shown = suggestions;
    list.replaceChildren(...suggestions.map((s, i) => optionFor(s, list.id + "-" + i)));
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (count) count.textContent = "有 " + suggestions.length + " 条建议，按上下方向键选择，回车确认。";
  }

  function update() {
    const typed = input.value;
    const mine = ++token;
    if (!typed.trim()) { close(); return; }
    loadCandidates(typed).then((list) => {
      if (mine !== token) return;
      const suggestions = suggest(list, typed);
      if (suggestions.length) open(suggestions); else close();
    });
  }

  function choose(index) {
    const chosen = shown[index];
    close();
    const search = () => { input.value = chosen.text; form.requestSubmit(); };
    if (isPage(chosen)) openPage(chosen.doc, search);
    else search();
  }

  function move(step) {
    if (list.hidden) { update(); return; }
    const last = shown.length - 1;
    if (active < 0) setActive(step > 0 ? 0 : last);
    else setActive(active + step > last ? 0 : active + step < 0 ? last : active + step);
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault(); /* closes the list, keeps what was typed */
      close();
    }
  });
  input.addEventListener("blur", close);
  /* The focus stays in the box while an option is pressed; the click takes it. */
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const li = event.target.closest("[role=option]");
    if (li) choose(Array.from(list.children).indexOf(li));
  });
}

document.querySelectorAll("input[data-portal-suggest]").forEach(attach);
