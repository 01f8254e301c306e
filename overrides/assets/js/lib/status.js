/* 石首市惠企政策门户: a provision's validity on a date, by the table the build emits
 * (macros/model/status.py STATUS_RULES, shipped as rules.status.table in every page and in
 * api/catalog.json): ordered rows of a status and its conditions on the record's dates; the first
 * row whose conditions all hold wins. macros/model/status.py evaluates the same table in Python;
 * tests/test_js.py checks that both agree at the boundaries. Pure: no DOM.
 */

const DAY = 86400000;
const COMPARE = {
  "<": (a, b) => a < b, "<=": (a, b) => a <= b, ">": (a, b) => a > b, ">=": (a, b) => a >= b, "==": (a, b) => a === b
};

/* Whole days from one YYYY-MM-DD to another. */
export function daysFrom(fromIso, toIso) {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / DAY);
}

function holds(condition, dates, asOf) {
  if (condition.field !== undefined) {  /* a field filled in or not (the year of a one-off payout) */
    const filled = dates[condition.field] !== undefined && dates[condition.field] !== null && dates[condition.field] !== "";
    return filled === condition.present;
  }
  const value = dates[condition.date] || null;  /* missing, null or "": the record has no such date */
  if (condition.missing) return value === null;
  return value !== null && COMPARE[condition.is](daysFrom(asOf, value), condition.days);
}

/* table: rules.status.table; asOf: YYYY-MM-DD; dates: {effective, expires, repealed} (YYYY-MM-DD or empty)
   and delivered (a one-off payout's year, or empty). */
export function statusOf(table, asOf, dates) {
  return table.find((row) => row.when.every((condition) => holds(condition, dates, asOf))).status;
}

/* The day (YYYY-MM-DD) at the moment `now` (milliseconds) in a time zone `offsetHours` from UTC:
   China's day (rules.status.utc_offset_hours), whatever the visitor's time zone. */
export function dayAt(now, offsetHours) {
  return new Date(now + offsetHours * 3600 * 1000).toISOString().slice(0, 10);
}
