/* 石首市惠企政策门户: the search page (docs/search/index.md), an ES module wiring the search index
 * (lib/search-index.js: loading; lib/query.js: understanding and ranking) to the page. Results and
 * suggestions are drawn from the page's <template>s (overrides/portal/search-results.html), filled
 * with text.
 */

import { base, markedText, slot } from "./portal-core.js";
import { excerptAround, fewerWords, highlightParts, markedWords, quoted, reasonOf, resultUrl, statusText } from "./lib/query.js";
import { searchIndex } from "./lib/search-index.js";

const PAGE = 20;
const FEW = 5; /* fewer results than this: also offer the query with one word less, if that finds more */

const index = searchIndex((path) => fetch(new URL(path, base)).then((response) => {
  if (!response.ok) throw new Error(path + " " + response.status);
  return response.json();
}));

/* A copy of the whole content of the page's <template id=...>. */
function copyOf(id) { return document.getElementById(id).content.cloneNode(true); }

function searchUrl(query) {
  const target = new URL(location.href);
  target.searchParams.set("q", query);
  return target.pathname + target.search;
}

function resultItem(item, found) {
  const words = markedWords(item.hit, found.concepts);
  const li = copyOf("portal-search-result").firstElementChild;
  slot(li, "kind").textContent = item.kind;
  const title = slot(li, "title");
  title.href = resultUrl(item.url, words, base);
  title.replaceChildren(markedText(highlightParts(item.title, words)));
  slot(li, "why").textContent = reasonOf(item, found.concepts, found.manifest.title_weight);
  slot(li, "excerpt").replaceChildren(markedText(highlightParts(excerptAround(item.excerpt, words), words)));
  return li;
}

/* A list of suggestions: an intro and its items (each a filled copy of a template). */
function suggestions(intro, items) {
  const block = copyOf("portal-search-suggestions");
  slot(block, "intro").textContent = intro;
  slot(block, "items").replaceChildren(...items);
  return block;
}

function item(templateId, fill) {
  const li = copyOf(templateId).firstElementChild;
  fill(li);
  return li;
}

/* The query with fewer words, when that finds more: 去掉‘X’后有 N 条. */
function fewerWordsBlock(found, intro) {
  const options = fewerWords(found);
  if (!options.length) return null;
  return suggestions(intro, options.map((option) => item("portal-search-fewer", (li) => {
    slot(li, "link").href = searchUrl(option.query);
    slot(li, "words").textContent = option.labels.map(quoted).join("");
    slot(li, "count").textContent = option.count;
  })));
}

/* Nothing found: fewer words, and the closest departments and categories (from the build). */
function deadEnd(found) {
  return index.closest(found).then((groups) => {
    const linked = groups.filter((group) => group.values.length);
    const items = linked.length ? linked.flatMap((group) => group.values.map((value) => item("portal-search-near", (li) => {
      slot(li, "facet").textContent = group.label;
      slot(li, "link").href = new URL(value.url, base).pathname;
      slot(li, "link").textContent = value.name;
      slot(li, "count").textContent = value.docs;
    }))) : groups.map((group) => item("portal-search-browse", (li) => {
      slot(li, "link").href = new URL(group.url, base).pathname;
      slot(li, "facet").textContent = group.label;
    }));
    const blocks = [fewerWordsBlock(found, "少用几个词试试："),
      suggestions(linked.length ? "或者到最接近的分类中查找：" : "或者按分类查找：", items)];
    return blocks.filter(Boolean);
  });
}

/* The search page. A query runs after a pause in typing (200 ms) and on Enter; a query that is
 * already shown, or on its way, is not run again, so Enter after typing changes nothing on the
 * page. Typing never moves the focus; Enter, or arriving with ?q= (the header's search box),
 * puts it on the result count once it is known. Results (and the suggestions that go with
 * them) replace the previous ones in one step, into space reserved for them (portal.css), so
 * the page does not shift as they arrive. */
function setupSearchPage(root) {
  const form = root.querySelector("form");
  const input = root.querySelector("input[name=q]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");
  const help = root.querySelector("[data-search-help]");
  let current = 0;
  let state = null;
  let timer = null;
  let shownQuery = null;
  let pending = false;
  let focusWhenDone = false;

  status.setAttribute("tabindex", "-1");

  /* Only if the reader is still at the search form (or nowhere yet): never pull focus back. */
  function focusCount() {
    const active = document.activeElement;
    if (!active || active === document.body || form.contains(active)) status.focus();
  }

  function finish(token) {
    if (token !== current) return;
    pending = false;
    if (focusWhenDone) focusCount();
    focusWhenDone = false;
  }

  function showHelp(blocks) {
    help.replaceChildren(...blocks);
    help.hidden = !blocks.length;
  }

  function run(query, push, focus) {
    clearTimeout(timer);
    if (query === shownQuery) {
      if (focus && pending) focusWhenDone = true;
      else if (focus) focusCount();
      return;
    }
    const token = ++current;
    shownQuery = query;
    pending = true;
    focusWhenDone = Boolean(focus);
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history[push ? "pushState" : "replaceState"](null, "", url);
    more.hidden = true;
    if (!query.trim()) {
      list.replaceChildren();
      showHelp([]);
      status.textContent = "请输入要查找的词，例如：留抵退税、小微企业、第三十二条。";
      finish(token);
      return;
    }
    status.textContent = "正在搜索…";
    index.search(query).then((found) => {
      if (token !== current) return undefined;
      state = { found, shown: 0 };
      if (found.near) { /* no document holds every word: the closest ones, each saying what it lacks */
        return deadEnd(found).then((blocks) => showMore(token, blocks)).then(() => {
          if (token !== current) return;
          status.textContent = statusText(found);
          finish(token);
        });
      }
      if (!found.hits.length) {
        return deadEnd(found).then((blocks) => {
          if (token !== current) return;
          list.replaceChildren();
          showHelp(blocks);
          status.textContent = statusText(found); /* announced once the suggestions are on the page */
          finish(token);
        });
      }
      const fewer = found.hits.length < FEW ? fewerWordsBlock(found, "结果较少，少用一个词试试：") : null;
      return showMore(token, fewer ? [fewer] : []).then(() => {
        /* The count is announced once the first results are on the page. */
        if (token !== current) return;
        status.textContent = statusText(found);
        finish(token);
      });
    }).catch(() => {
      if (token !== current) return;
      status.textContent = "搜索暂时不可用，请稍后再试，或通过政策目录查找。";
      shownQuery = null;  /* a later Enter tries again */
      finish(token);
    });
  }

  /* The first page of results (with its suggestions: a list, even if empty) replaces what was
     shown; "more" appends the next page and moves the focus to its first result (the button it
     was on moves down). */
  function showMore(token, firstPageHelp) {
    const first = Array.isArray(firstPageHelp);
    const found = state.found;
    return index.describe(found.hits, found.manifest, state.shown, state.shown + PAGE).then((items) => {
      if (token !== current) return;
      const page = document.createDocumentFragment();
      items.forEach((one) => page.appendChild(resultItem(one, found)));
      const firstLink = page.querySelector("a");
      if (first) {
        showHelp(firstPageHelp);
        list.replaceChildren(page);
      } else {
        list.appendChild(page);
      }
      state.shown += items.length;
      more.hidden = state.shown >= found.hits.length;
      if (!first && firstLink) firstLink.focus();
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value, true, true);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value, false, false), 200);
  });
  more.addEventListener("click", () => showMore(current));
  window.addEventListener("popstate", () => {
    input.value = new URL(location.href).searchParams.get("q") || "";
    run(input.value, false, false);
  });
  input.value = new URL(location.href).searchParams.get("q") || "";
  run(input.value, false, Boolean(input.value.trim()));
}

const root = document.querySelector("[data-portal-search]");
if (root) setupSearchPage(root);
