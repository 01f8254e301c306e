/* 石首市惠企政策门户: the elderly-friendly reading mode (长者模式): two larger type steps and a
 * high-contrast scheme (styles in assets/css/reading.css).
 *
 * A classic, synchronous script in <head> (overrides/main.html, after md-inline.js): the saved
 * choice is put on <html> before anything is painted, so a page never flashes in the standard
 * style first. The choice is kept in this browser's localStorage (Material's __md_get/__md_set,
 * scoped to the site) — no cookie, nothing is sent. The header controls
 * (partials/reading-mode.html) are wired once the document has been parsed.
 */
(function () {
  "use strict";

  var KEY = "portal.reading";
  var TEXT_STEPS = ["0", "1", "2"];
  var DEFAULTS = { text: "0", contrast: "normal" };
  var root = document.documentElement;

  function load() {
    try {
      var saved = window.__md_get(KEY) || {};
      return {
        text: TEXT_STEPS.indexOf(saved.text) >= 0 ? saved.text : DEFAULTS.text,
        contrast: saved.contrast === "high" ? "high" : DEFAULTS.contrast
      };
    } catch (e) {
      return { text: DEFAULTS.text, contrast: DEFAULTS.contrast };  /* storage disabled or corrupt */
    }
  }

  function save(prefs) {
    try {
      window.__md_set(KEY, prefs);  /* ignores a full or disabled storage */
    } catch (e) {
      /* no storage at all: the choice holds for this page only */
    }
  }

  function apply(prefs) {
    if (prefs.text === DEFAULTS.text) root.removeAttribute("data-portal-text");
    else root.setAttribute("data-portal-text", prefs.text);
    if (prefs.contrast === DEFAULTS.contrast) root.removeAttribute("data-portal-contrast");
    else root.setAttribute("data-portal-contrast", prefs.contrast);
  }

  var prefs = load();
  apply(prefs);
  root.setAttribute("data-portal-reading", "");  /* the controls work: reading.css shows them */

  function setup() {
    var box = document.querySelector("[data-portal-reading]");
    if (!box) return;
    var toggle = box.querySelector(".portal-reading__toggle");
    var panel = box.querySelector(".portal-reading__panel");

    function showChoice() {
      box.querySelectorAll("input[name=portal-text]").forEach(function (input) {
        input.checked = input.value === prefs.text;
      });
      box.querySelector("input[name=portal-contrast]").checked = prefs.contrast === "high";
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

    showChoice();
    toggle.addEventListener("click", function () { open(panel.hidden); });
    panel.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "portal-text") choose({ text: input.value, contrast: prefs.contrast });
      if (input.name === "portal-contrast") choose({ text: prefs.text, contrast: input.checked ? "high" : "normal" });
    });
    panel.querySelector("[data-reading-reset]").addEventListener("click", function () {
      choose({ text: DEFAULTS.text, contrast: DEFAULTS.contrast });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        open(false);
        toggle.focus();
      }
    });
    /* Close when the reader clicks or tabs elsewhere. */
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !box.contains(event.relatedTarget)) open(false);
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) open(false);
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
