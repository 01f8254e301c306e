/* 石首市惠企政策门户: the elderly-friendly reading mode (长者模式): two larger type steps, a
 * high-contrast scheme and a large mouse pointer (styles in assets/css/reading.css). Any of them
 * marks <html> data-portal-elderly too: every check box, radio and link is then at least 44 × 44 px.
 *
 * A classic, synchronous script in <head> (overrides/main.html, after md-inline.js): the saved
 * choice is put on <html> before anything is painted, so a page never flashes in the standard
 * style first. The choice is kept in this browser's localStorage (Material's __md_get/__md_set,
 * scoped to the site) — no cookie, nothing is sent. The header controls
 * (partials/reading-mode.html) are wired once the document has been parsed: the panel closes with
 * its 关闭 button, Escape, or a tap or click outside it, and focus goes back to its toggle.
 */
(function () {
  "use strict";

  var KEY = "portal.reading";
  var TEXT_STEPS = ["0", "1", "2"];
  var DEFAULTS = { text: "0", contrast: "normal", cursor: "normal" };
  var root = document.documentElement;

  function load() {
    try {
      var saved = window.__md_get(KEY) || {};
      return {
        text: TEXT_STEPS.indexOf(saved.text) >= 0 ? saved.text : DEFAULTS.text,
        contrast: saved.contrast === "high" ? "high" : DEFAULTS.contrast,
        cursor: saved.cursor === "large" ? "large" : DEFAULTS.cursor
      };
    } catch (e) {
      return defaultsWith({});  /* storage disabled or corrupt */
    }
  }

  function save(prefs) {
    try {
      window.__md_set(KEY, prefs);  /* ignores a full or disabled storage */
    } catch (e) {
      /* no storage at all: the choice holds for this page only */
    }
  }

  /* The defaults with some settings changed. */
  function defaultsWith(changes) {
    var chosen = {};
    Object.keys(DEFAULTS).forEach(function (name) {
      chosen[name] = Object.prototype.hasOwnProperty.call(changes, name) ? changes[name] : DEFAULTS[name];
    });
    return chosen;
  }

  function mark(name, value, standard) {
    if (value === standard) root.removeAttribute(name);
    else root.setAttribute(name, value);
  }

  function apply(prefs) {
    mark("data-portal-text", prefs.text, DEFAULTS.text);
    mark("data-portal-contrast", prefs.contrast, DEFAULTS.contrast);
    mark("data-portal-cursor", prefs.cursor, DEFAULTS.cursor);
    var elderly = Object.keys(DEFAULTS).some(function (name) { return prefs[name] !== DEFAULTS[name]; });
    if (elderly) root.setAttribute("data-portal-elderly", "");
    else root.removeAttribute("data-portal-elderly");
  }

  var prefs = load();
  apply(prefs);
  root.setAttribute("data-portal-reading", "");  /* the controls work: reading.css shows them */

  function setup() {
    var box = document.querySelector(".portal-reading[data-portal-reading]");  /* not <html>, which has the mark too */
    if (!box) return;
    var toggle = box.querySelector(".portal-reading__toggle");
    var panel = box.querySelector(".portal-reading__panel");
    var refocus = false;  /* closed by a tap outside while focus was in the panel */

    function showChoice() {
      box.querySelectorAll("input[name=portal-text]").forEach(function (input) {
        input.checked = input.value === prefs.text;
      });
      box.querySelector("input[name=portal-contrast]").checked = prefs.contrast === "high";
      box.querySelector("input[name=portal-cursor]").checked = prefs.cursor === "large";
    }

    function choose(next) {
      prefs = next;
      apply(prefs);
      save(prefs);
      showChoice();
    }

    function open(yes) {
      panel.hidden = !yes;
      toggle.setAttribute("aria-expanded", String(yes));
    }

    /* Closed: focus, if it was in the panel, goes back to the toggle. */
    function close() {
      if (panel.hidden) return false;
      var inside = box.contains(document.activeElement);
      open(false);
      if (inside) toggle.focus();
      return inside;
    }

    /* The current settings with one changed. */
    function prefsWith(name, value) {
      var changes = defaultsWith(prefs);
      changes[name] = value;
      return changes;
    }

    showChoice();
    toggle.addEventListener("click", function () { open(panel.hidden); });
    panel.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "portal-text") choose(prefsWith("text", input.value));
      if (input.name === "portal-contrast") choose(prefsWith("contrast", input.checked ? "high" : "normal"));
      if (input.name === "portal-cursor") choose(prefsWith("cursor", input.checked ? "large" : "normal"));
    });
    panel.querySelector("[data-reading-reset]").addEventListener("click", function () {
      choose(defaultsWith({}));
    });
    /* Closed by the reader's own choice (关闭, Escape): focus goes back to the toggle. */
    function dismiss() {
      open(false);
      toggle.focus();
    }

    panel.querySelector("[data-reading-close]").addEventListener("click", dismiss);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) dismiss();
    });
    /* Close when the reader tabs elsewhere. */
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !box.contains(event.relatedTarget)) open(false);
    });
    /* ... or taps or clicks outside (pointerdown: a phone sends no click for a tap on plain text).
       A tap on plain text would then leave focus nowhere: it goes back to the toggle. */
    document.addEventListener("pointerdown", function (event) {
      if (!box.contains(event.target)) refocus = close();
    });
    document.addEventListener("click", function (event) {
      if (box.contains(event.target)) return;
      if (refocus && (document.activeElement === document.body || !document.activeElement)) toggle.focus();
      refocus = false;
      close();
    });
    /* Another tab of the site changed the setting. */
    window.addEventListener("storage", function () {
      prefs = load();
      apply(prefs);
      showChoice();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
