/* 石首市惠企政策门户: a message of the catalog (data/messages.yml) filled in, exactly as
 * macros/core/messages.py `fill` does: each {name} (lower-case letters and underscores) is replaced
 * by its value, written as Python's str() writes it (pyStr); a name without a value is left as
 * written; every other character is kept. tests/test_js.py checks that both give the same texts.
 * Pure: no DOM.
 */

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/* Python's repr() of a string: single quotes, unless it holds one and no double quote. */
function pyQuoted(text) {
  const escaped = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
  if (text.includes("'") && !text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

function pyRepr(value) {
  return typeof value === "string" ? pyQuoted(value) : pyStr(value);
}

/* A value read from YAML as Python's str() writes it (None, True, ['a', 1], {'a': 1}). */
export function pyStr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
  if (typeof value === "object") {
    return "{" + Object.entries(value).map(([k, v]) => `${pyQuoted(k)}: ${pyRepr(v)}`).join(", ") + "}";
  }
  return String(value);
}

export function fill(template, values) {
  return template.replace(PLACEHOLDER, (whole, name) => (Object.hasOwn(values, name) ? pyStr(values[name]) : whole));
}
