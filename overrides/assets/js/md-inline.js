/* 石首市惠企政策门户: Material for MkDocs' inline scripts, moved into a static file so that the
 * Content-Security-Policy needs no 'unsafe-inline' (see deploy/nginx.conf).
 *
 * The file is included by the overridden partials at the points where Material had its inline
 * scripts; the including <script> element says which part to run (data-md-part):
 *   scope    (partials/javascripts/base.html, in <head>): __md_scope, __md_hash, __md_get, __md_set,
 *            with the base URL from data-md-scope (Material wrote it into the script's text)
 *   palette  (partials/javascripts/palette.html): restore the colour scheme the visitor chose
 *   content  (partials/javascripts/content.html): open the content tab a #hash points at
 * Behaviour is copied from Material 9.8.2's templates; re-check them when Material is upgraded.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var part = script && script.getAttribute("data-md-part");

  function scope() {
    window.__md_scope = new URL(script.getAttribute("data-md-scope") || ".", location);
    window.__md_hash = function (value) {
      return Array.from(value).reduce(function (hash, c) {  /* by code point, as Material's [...e] */
        return (hash << 5) - hash + c.charCodeAt(0);
      }, 0);
    };
    window.__md_get = function (key, storage, base) {
      storage = storage || localStorage;
      base = base || window.__md_scope;
      return JSON.parse(storage.getItem(base.pathname + "." + key));
    };
    window.__md_set = function (key, value, storage, base) {
      storage = storage || localStorage;
      base = base || window.__md_scope;
      try {
        storage.setItem(base.pathname + "." + key, JSON.stringify(value));
      } catch (e) {
        /* storage full or disabled: Material ignores it too */
      }
    };
  }

  function palette() {
    var saved = window.__md_get("__palette");
    if (!saved || !saved.color) return;
    if (saved.color.media === "(prefers-color-scheme)") {
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      var input = document.querySelector(light
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']");
      if (input) {
        saved.color.media = input.getAttribute("data-md-color-media");
        saved.color.scheme = input.getAttribute("data-md-color-scheme");
        saved.color.primary = input.getAttribute("data-md-color-primary");
        saved.color.accent = input.getAttribute("data-md-color-accent");
      }
    }
    Object.keys(saved.color).forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, saved.color[key]);
    });
  }

  function linkedTabs() {
    var tabs = window.__md_get("__tabs");
    if (!Array.isArray(tabs)) return;
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = set.querySelector(".tabbed-labels");
      if (!labels) return;
      var found = false;
      tabs.forEach(function (tab) {
        if (found) return;
        Array.prototype.forEach.call(labels.getElementsByTagName("label"), function (label) {
          if (found || label.innerText.trim() !== tab) return;
          var input = document.getElementById(label.htmlFor);
          if (input) { input.checked = true; found = true; }
        });
      });
    });
  }

  function content() {
    if (script.hasAttribute("data-md-tabs-link")) linkedTabs();
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
  }

  if (part === "scope") scope();
  else if (part === "palette") palette();
  else if (part === "content") content();
})();
