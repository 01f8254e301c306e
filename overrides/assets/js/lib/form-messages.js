/* 石首市惠企政策门户: when and where the record form shows a problem (record-form-messages.js draws
 * it), and what it asks before a file leaves the browser. The problems themselves are lib/checks.js's.
 *
 * - A problem is shown under its field (or the nearest group the form has for it) and in the list at
 *   the bottom; a required field left empty is flagged under it only once the clerk has moved past it
 *   (left the field, or a field inside it), or has opened a file or tried to download one.
 * - A date that makes a new record lapse at once (a 有效期至 already past: the status rules the build
 *   emits, rules.status.table, say the record would lapse today: config.confirm_status) is a question, not a problem.
 * - A file with problems is named so when it is downloaded anyway.
 * Pure: no DOM.
 */

import { fill } from "./messages.js";
import { statusOf } from "./status.js";

/* sources[0].passage -> ["root.sources.0.passage", "root.sources.0", "root.sources"]: the editors
   (json-editor's paths) that may show it, the field's own first. */
export function editorPaths(field) {
  const parts = field.replace(/\[(\d+)\]/g, ".$1").split(".");
  return parts.map((_, index) => "root." + parts.slice(0, parts.length - index).join("."));
}

/* root.sources.0.document -> sources[0].document (how the checks name a field). */
export function fieldOfEditor(path) {
  return path.replace(/^root\.?/, "").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/* Whether the clerk has moved past the field: it, a field inside it or the group holding it was left. */
export function isTouched(field, touched) {
  for (const left of touched) {
    if (left === field || left.startsWith(field + ".") || left.startsWith(field + "[")) return true;
    if (field.startsWith(left + ".") || field.startsWith(left + "[")) return true;
  }
  return false;
}

/* The problems flagged under their fields now. */
export function flagged(problems, touched, everything) {
  return problems.filter((p) => !p.required || everything || isTouched(p.field, touched));
}

function isoDate(value) { return typeof value === "string" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ? value : null; }

/* The question about a date that makes the record lapse today: {field, date, status} or null.
   table: rules.status.table; today: YYYY-MM-DD (China); meta: the record as the form writes it;
   baseline: the opened file's values (a date already in the file is not asked about again);
   status: the status to ask about (config.confirm_status). */
export function lapseQuestion({ table, today, meta, baseline, status }) {
  const dates = { effective: isoDate(meta.effective), expires: isoDate(meta.expires), repealed: isoDate(meta.repealed),
    delivered: meta.delivered };
  if (statusOf(table, today, dates) !== status) return null;
  const row = table.find((r) => r.status === status);
  const field = row.when.map((condition) => condition.date).find((name) => name && dates[name]);
  if (!field || (baseline && baseline[field] === meta[field])) return null;
  return { field, date: dates[field], status };
}

/* The downloaded file's name: the record's file name, or one that says it is not finished. */
export function downloadName(path, count, texts) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return count ? fill(texts.form_unfinished_name, { id: name.replace(/\.md$/, "") }) : name;
}
