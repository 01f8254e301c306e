/* 石首市惠企政策门户: a message of the catalog (data/messages.yml) filled in, exactly as
 * macros/core/messages.py `fill` does: each {name} (lower-case letters and underscores) is replaced
 * by its value; a name without a value is left as written; every other character is kept.
 * tests/test_js.py checks that both give the same texts. Pure: no DOM.
 */

const PLACEHOLDER = /\{([a-z_]+)\}/g;

export function fill(template, values) {
  return template.replace(PLACEHOLDER, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
