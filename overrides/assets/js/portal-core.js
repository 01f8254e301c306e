/* 石首市惠企政策门户: what the page scripts share, an ES module they import.
 * - the site's base URL (from this module's own address, so it works at any page depth)
 * - the rules the build emits (macros/model/rules.py, the JSON block #portal-rules of every page)
 * - today's date in China, and a provision's status on it (lib/status.js evaluates the rules' table)
 * - status badges, and copies of the <template>s the build puts in a page, to fill with text
 * No inline scripts, no third-party code, no globals.
 */

import { dayAt, statusOf } from "./lib/status.js";

export const base = new URL("../../", import.meta.url);

const rulesBlock = document.getElementById("portal-rules");
export const rules = JSON.parse(rulesBlock ? rulesBlock.textContent : "{}");

/* Today in China (the rules' UTC offset) as YYYY-MM-DD, whatever the visitor's time zone. */
export function today() { return dayAt(Date.now(), rules.status.utc_offset_hours); }

/* dates: {effective, expires, repealed}, each YYYY-MM-DD or empty. */
export function statusOn(asOf, dates) { return statusOf(rules.status.table, asOf, dates); }

export function statusLabel(code) { return rules.status.labels[code]; }

export function isApplicable(code) { return rules.status.applicable.includes(code); }

/* The badge of a status, as the build draws it (overrides/portal/components.html status_badge). */
export function badge(code) {
  const span = document.createElement("span");
  span.className = "portal-status portal-status--" + code;
  span.dataset.status = code;
  span.textContent = statusLabel(code);
  return span;
}

/* A copy of the first element of the page's <template id=...>. */
export function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

/* The element of a copied template that holds the value `name` (data-slot="name"). */
export function slot(element, name) { return element.querySelector(`[data-slot="${name}"]`); }

/* Text with some parts marked (<mark class=...>), as nodes: parts are [{text, hit}] (lib/query.js). */
export function markedText(parts, markClass) {
  const fragment = document.createDocumentFragment();
  parts.forEach((part) => {
    if (!part.hit) { fragment.appendChild(document.createTextNode(part.text)); return; }
    const mark = document.createElement("mark");
    if (markClass) mark.className = markClass;
    mark.textContent = part.text;
    fragment.appendChild(mark);
  });
  return fragment;
}
