/* 石首市惠企政策门户: small progressive enhancements, an ES module on every page (mkdocs.yml).
 * No inline scripts, no third-party code.
 * - copy buttons on law articles (link and citation)
 * - status badges recomputed from their dates (lib/status.js applies the rules the build emits)
 * - print button
 * - keyboard access to the navigation drawer on phones and tablets
 * - on a page reached from a search result (?h=...), the words searched for are marked
 * - suggestions as you type in the search boxes (suggest-box.js)
 */

import { statusLabel, statusOn, today } from "./portal-core.js";
import { escapeRegExp } from "./lib/regexp.js";
import "./suggest-box.js"; /* suggestions in the search boxes (the ARIA combobox) */

function refreshStatuses() {
  let asOf = today();
  document.querySelectorAll(".portal-status[data-status]").forEach(function (badge) {
    let code = statusOn(asOf, badge.dataset);
    if (code === badge.dataset.status) return;
    badge.classList.remove("portal-status--" + badge.dataset.status);
    badge.classList.add("portal-status--" + code);
    badge.dataset.status = code;
    badge.textContent = statusLabel(code);
    badge.title = "按今天（" + asOf + "）的日期重新核对";
  });
}

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  return new Promise(function (resolve, reject) {
    let area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = document.execCommand("copy");
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy failed")); }
  });
}

function announce(message) {
  let region = document.getElementById("portal-live");
  if (!region) {
    region = document.createElement("div");
    region.id = "portal-live";
    region.className = "portal-visually-hidden";
    region.setAttribute("aria-live", "polite");
    document.body.appendChild(region);
  }
  region.textContent = message;
}

function onCopy(button) {
  let text = button.dataset.copy === "link"
    ? location.origin + location.pathname + "#" + encodeURIComponent(button.dataset.anchor)
    : button.dataset.citation;
  let label = button.dataset.label || button.textContent;
  /* The accessible name (复制链接（第四条）) starts with the visible text; while the button
     says 已复制, that is its name too. */
  let name = button.dataset.name || button.getAttribute("aria-label") || "";
  button.dataset.label = label;
  button.dataset.name = name;
  button.dataset.copied = text;
  function show(message) {
    button.textContent = message;
    button.removeAttribute("aria-label");
  }
  copyText(text).then(function () {
    show("已复制");
    announce("已复制：" + text);
  }, function () {
    show("请手动复制");
    announce("无法自动复制，请手动复制：" + text);
  });
  setTimeout(function () {
    button.textContent = label;
    if (name) button.setAttribute("aria-label", name);
  }, 2500);
}

document.addEventListener("click", function (event) {
  let button = event.target.closest("button[data-copy]");
  if (button) { onCopy(button); return; }
  if (event.target.closest("button[data-print]")) { window.print(); }
});

/* -- The navigation drawer on phones and tablets. Material opens the drawer and its sliding
 *    panels with <label>s for hidden checkboxes, which a keyboard cannot reach or press. Each
 *    such label gets a real button inside that toggles the checkbox (as a click on the label
 *    did); focus follows what opens and closes; Escape or tabbing out closes the drawer.
 *    reading.css hides whatever is closed, so it takes no Tab stop. */
let NARROW = matchMedia("(max-width: 76.234375em)");
let drawer = document.getElementById("__drawer");
let sidebar = document.querySelector(".md-sidebar--primary");
let MENU = ".md-header label[for=__drawer]";
let PANEL_LABELS = ".md-sidebar--primary label.md-nav__link[for], .md-sidebar--primary .md-nav label.md-nav__title[for]";

function isShown(element) {
  return element.getClientRects().length > 0 && getComputedStyle(element).visibility === "visible";
}

function firstShownIn(container) {
  let candidates = container ? container.querySelectorAll("a[href], button, [tabindex='0']") : [];
  for (let i = 0; i < candidates.length; i++) {
    if (isShown(candidates[i])) return candidates[i];
  }
  return null;
}

function buttonOf(label) { return label.querySelector(":scope > .portal-nav-button"); }

function wrapInButton(label) {
  if (buttonOf(label)) return;
  let toggle = document.getElementById(label.htmlFor);
  let button = document.createElement("button");
  button.type = "button";
  button.className = "portal-nav-button";
  while (label.firstChild) button.appendChild(label.firstChild);
  label.appendChild(button);
  if (label.hasAttribute("tabindex")) label.setAttribute("data-portal-tabindex", label.getAttribute("tabindex"));
  label.removeAttribute("tabindex");  /* the button takes the Tab stop */
  if (label.matches(MENU)) {
    button.setAttribute("aria-label", "导航菜单");
  } else if (label.classList.contains("md-nav__title")) {
    button.setAttribute("aria-label", "返回上一级：" + label.textContent.trim());
    return;
  }
  button.setAttribute("aria-expanded", String(toggle.checked));
}

function unwrapButton(label) {
  let button = buttonOf(label);
  if (!button) return;
  while (button.firstChild) label.insertBefore(button.firstChild, button);
  label.removeChild(button);
  if (label.hasAttribute("data-portal-tabindex")) label.setAttribute("tabindex", label.getAttribute("data-portal-tabindex"));
}

/* Where focus goes once a button has opened or closed something. What opens is still sliding
   in from the side: focusing it must not scroll it into view sideways (it is at the top). */
function focusAfter(label, toggle) {
  if (toggle === drawer) {
    let first = toggle.checked && firstShownIn(sidebar);
    if (first) first.focus({ preventScroll: true });
  } else if (toggle.checked) {
    let entry = firstShownIn(toggle.parentElement.querySelector(":scope > .md-nav > .md-nav__list"));
    if (entry) entry.focus({ preventScroll: true });
  } else {
    let opener = document.querySelector(".md-sidebar--primary label.md-nav__link[for='" + toggle.id + "']");
    if (opener) (buttonOf(opener) || opener).focus();
  }
}

function setupDrawer() {
  let menu = document.querySelector(MENU);
  if (!drawer || !menu || !sidebar) return;
  wrapInButton(menu);
  function panels(narrow) {
    document.querySelectorAll(PANEL_LABELS).forEach(narrow ? wrapInButton : unwrapButton);
  }
  panels(NARROW.matches);
  NARROW.addEventListener("change", function (event) { panels(event.matches); });

  document.addEventListener("click", function (event) {
    let button = event.target.closest(".portal-nav-button");
    if (!button) return;
    let label = button.parentElement;
    let toggle = document.getElementById(label.htmlFor);
    toggle.click();
    if (event.detail === 0) focusAfter(label, toggle);  /* keyboard (Enter or Space), not a pointer */
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) drawer.click();
  });
  /* However a checkbox changed (button, label, overlay, Material), its buttons say so. */
  document.addEventListener("change", function (event) {
    let toggle = event.target;
    if (!toggle.classList || !toggle.classList.contains("md-toggle")) return;
    document.querySelectorAll("label[for='" + toggle.id + "'] > .portal-nav-button[aria-expanded]").forEach(function (button) {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
    if (toggle === drawer && !drawer.checked && sidebar.contains(document.activeElement)) buttonOf(menu).focus();
  });
  sidebar.addEventListener("focusout", function (event) {
    let next = event.relatedTarget;
    if (drawer.checked && NARROW.matches && next && !sidebar.contains(next) && !menu.contains(next)) drawer.click();
  });
}

/* On a page reached from a result (?h=...), mark the words searched for. */
function highlightPage() {
  let words = (new URL(location.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean);
  let content = document.querySelector(".md-content");
  if (!words.length || !content) return;
  let pattern = new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "gi");
  let walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  let nodes = [];
  while (walker.nextNode()) {
    if (pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
    pattern.lastIndex = 0;
  }
  nodes.forEach(function (node) {
    let fragment = document.createDocumentFragment();
    node.nodeValue.split(pattern).forEach(function (part, i) {
      if (i % 2) {
        let mark = document.createElement("mark");
        mark.className = "portal-hit";
        mark.textContent = part;
        fragment.appendChild(mark);
      } else if (part) {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    node.parentNode.replaceChild(fragment, node);
  });
}

function ready() {
  refreshStatuses();
  highlightPage();
}

setupDrawer();  /* a module runs once the page is parsed: the header and the drawer are there */
ready();

