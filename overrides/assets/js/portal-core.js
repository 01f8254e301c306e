/* 石首市惠企政策门户: what several scripts need, in one place. Loaded before the others.
 * - the site's base URL (from this script's own address, so it works at any page depth)
 * - the rules the build emits (macros/model/rules.py, a JSON block in every page: status rules, facets)
 * - statusOf: a provision's validity on a date, by those rules (the same as macros/model/status.py)
 * - escapeHtml, escapeRegExp
 * No inline scripts, no third-party code.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL("../../", script ? script.src : location.href);
  var rulesBlock = document.getElementById("portal-rules");
  var rules = JSON.parse(rulesBlock ? rulesBlock.textContent : "{}");

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function escapeRegExp(text) { return String(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Today in China (the rules' UTC offset) as YYYY-MM-DD, whatever the visitor's time zone. */
  function today() {
    var offset = rules.status.utc_offset_hours * 3600 * 1000;
    return new Date(Date.now() + offset).toISOString().slice(0, 10);
  }

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86400000);
  }

  /* expires is the last day in force; repealed the first day no longer in force. */
  function statusOf(asOf, effective, expires, repealed) {
    if (repealed && asOf >= repealed) return "repealed";
    if (expires && asOf > expires) return "expired";
    if (!effective) return "unverified";
    if (asOf < effective) return "pending";
    if (expires && daysBetween(asOf, expires) <= rules.status.expiring_days) return "expiring";
    return "current";
  }

  function statusLabel(code) { return rules.status.labels[code]; }

  function isApplicable(code) { return rules.status.applicable.indexOf(code) >= 0; }

  window.portalCore = {
    base: base, rules: rules, escapeHtml: escapeHtml, escapeRegExp: escapeRegExp, today: today,
    statusOf: statusOf, statusLabel: statusLabel, isApplicable: isApplicable
  };
})();
