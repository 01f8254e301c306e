/* 石首市惠企政策门户: the record checks of the form (投稿指南 → 在线填写政策), worded from the same
 * message catalog as `python -m macros check` (data/messages.yml, shipped as config.messages).
 *
 * The contract's own rules (required fields, types, vocabulary codes, lengths, patterns, unknown
 * fields) are checked by ajv's validation code compiled from data/policy.schema.json (`validate`,
 * assets/vendor/ajv/policy-validator.js); its structured errors are worded here as
 * macros/load/checks.py words jsonschema's. What the contract does not hold comes from the build
 * (config.checks, macros/site/recordform.py): each field's example as the checker shows it, the
 * vocabularies' lists and names, the refused template fields, the title's forbidden characters.
 * Dates (patterns in the catalog, the contract's bounds, the catalog's date_rules), the id against
 * the file name, the department against the folder and the legal basis against the laws are the
 * small cross-field rules both sides state (tests/test_js.py runs both on the same files).
 * Output: [{field, key, message, required}], as the command-line check words them (without file and
 * line); the command line's difflib hint (您是不是要填写…, for a mistyped code) is its own. Pure: no DOM.
 */

import { fill } from "./messages.js";

const INDEX = /^[0-9]+$/;
/* Python's str.isspace() characters: a body of only these is empty (load/checks.py `not body.strip()`). */
// eslint-disable-next-line no-control-regex -- \x1c-\x1f are white space to Python
const BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;

/* A body of nothing but white space is empty. */
export function isBlank(text) { return BLANK.test(text); }

function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

/* load/checks.py `without_empty`: keys left empty and empty list items read as not filled in. */
export function withoutEmpty(value) {
  const filled = (v) => v !== null && v !== undefined && v !== "";
  if (Array.isArray(value)) return value.filter(filled).map(withoutEmpty);
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => filled(v)).map(([k, v]) => [k, withoutEmpty(v)]));
  }
  return value;
}

/* ["sources", "0", "passage"] -> sources[0].passage (load/checks.py `_dotted`) */
export function dotted(path) {
  return path.reduce((out, part) => (INDEX.test(part) ? `${out}[${part}]` : (out ? `${out}.${part}` : part)), "");
}

/* ["sources", "0", "passage"] -> sources[].passage: where the field is in the contract */
function contractPath(path) {
  return path.reduce((out, part) => (INDEX.test(part) ? `${out}[]` : (out ? `${out}.${part}` : part)), "");
}

function pointerParts(pointer) {
  return pointer ? pointer.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~")) : [];
}

function valueAt(value, path) {
  return path.reduce((here, part) => (here === null || typeof here !== "object" ? undefined : here[part]), value);
}

/* docs/policies/kejing/x.md -> {name: "x.md", stem: "x", folder: "kejing"} (Python's PurePosixPath) */
export function placeOf(path) {
  const parts = path.split("/");
  const name = parts[parts.length - 1];
  const dot = name.lastIndexOf(".");
  return { name, stem: dot > 0 && dot < name.length - 1 ? name.slice(0, dot) : name, folder: parts.length > 1 ? parts[parts.length - 2] : "" };
}

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isRealDate(year, month, day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(number, size) { return String(number).padStart(size, "0"); }

/* A digit group of a date pattern (ASCII or full-width digits) as its number. */
function numberOf(digits) { return Number(digits.normalize("NFKC")); }

/* validate: ajv's compiled validation function; schema: the contract; config: the form's config. */
export function makeChecker({ validate, schema, config }) {
  const T = config.messages.texts;
  const hints = config.messages.pattern_hints;
  const vocabularies = config.vocabularies;
  const extra = config.checks;
  const laws = new Map(config.laws.map((law) => [law.id, new Set(law.articles.map((a) => a.number))]));
  const titleForbidden = new RegExp(extra.title_forbidden, "u");
  const dateFields = datesOf(schema, "");

  function text(key, values) { return fill(T[key], values || {}); }

  function problem(field, key, values) { return { field, key, message: text(key, values), required: false }; }

  function propAt(path) {
    return path.reduce((prop, part) => (INDEX.test(part) ? (prop.items || {}) : ((prop.properties || {})[part] || {})), schema);
  }

  function example(path) {
    const value = extra.examples[contractPath(path)];
    return value === undefined ? "" : text("example", { name: dotted(path).split(".").pop(), value });
  }

  function datesOf(prop, prefix) {
    return Object.entries(prop.properties || {}).flatMap(([name, sub]) => {
      if (sub.format === "date") return [prefix + name];
      return sub.type === "object" ? datesOf(sub, prefix + name + ".") : [];
    });
  }

  /* -- the contract's rules: ajv's errors in the catalog's words ----------------------------- */

  function notInVocabulary(field, value, vocabulary) {
    const byName = Object.hasOwn(vocabulary.by_name, String(value)) ? vocabulary.by_name[String(value)] : null;
    return problem(field, "not_in_vocabulary", {
      value, label: vocabulary.label, where: vocabulary.where, allowed: vocabulary.allowed,
      hint: byName ? text("did_you_mean", { value: byName }) : ""
    });
  }

  function unknownField(field, name, known) {
    if (extra.template_fields.includes(name)) return problem(field, "template_field_refused");
    const stripped = name.replace(/^[：: ]+|[：: ]+$/gu, "");
    const described = known.filter((k) => name && String((schema.properties[k] || {}).description || "").includes(stripped));
    return problem(field, "unknown_field", { name, hint: described.length ? text("did_you_mean", { value: described[0] }) : "" });
  }

  function fixedDocumentNumber(value) {
    return value.replace(new RegExp(T.document_number_year, "gu"), (whole, year) => T.document_number_year_fixed.replace("{year}", year))
      .replaceAll(" ", "");
  }

  function patternProblem(path, value, prop) {
    const field = dotted(path);
    let hint = "";
    if (field === "document_number") {
      const fixed = fixedDocumentNumber(value);
      if (fixed !== value && new RegExp(prop.pattern, "u").test(fixed)) hint = fill(hints[field], { fixed });
    } else if (Object.hasOwn(hints, field)) {
      hint = fill(hints[field], {});
    }
    return problem(field, "pattern", { value, description: prop.description || "", hint: hint || example(path) });
  }

  function typeProblem(path, value, prop, wanted) {
    const field = dotted(path);
    if (dateFields.includes(field)) return null; /* dates are checked by checkDates, with better messages */
    if (prop.pattern && typeof value === "number") return patternProblem(path, String(value), prop);
    const kind = Object.hasOwn(extra.type_words, wanted) ? extra.type_words[wanted] : wanted;
    return problem(field, "type_wrong", { wanted: kind, description: prop.description || "", example: example(path) });
  }

  function schemaProblem(error, meta, present) {
    const path = pointerParts(error.instancePath);
    const field = dotted(path);
    const prop = propAt(path);
    const description = prop.description || "";
    const value = valueAt(meta, path);
    switch (error.keyword) {
      case "required": {
        const target = path.concat([error.params.missingProperty]);
        const values = { description: propAt(target).description || "", example: example(target) };
        const found = problem(dotted(target), present.has(dotted(target)) ? "required_empty" : "required_missing", values);
        return { ...found, required: true };
      }
      case "additionalProperties":
        return unknownField(dotted(path.concat([error.params.additionalProperty])), error.params.additionalProperty,
          Object.keys(prop.properties || {}));
      case "enum": return notInVocabulary(field, value, vocabularies[path[0]]);
      case "format": return null;
      case "type": return typeProblem(path, value, prop, error.params.type);
      case "pattern": return patternProblem(path, value, prop);
      case "minLength":
      case "maxLength":
        return problem(field, "length", {
          size: Array.from(value).length, bound: T[error.keyword === "minLength" ? "length_min" : "length_max"],
          limit: error.params.limit, description, example: example(path)
        });
      case "minItems": return problem(field, "min_items", { limit: error.params.limit, description, example: example(path) });
      case "uniqueItems": return problem(field, "unique_items", { description });
      default: return problem(field, "schema_other", { error: error.message, description });
    }
  }

  /* Errors in the order the command line reports them: by field path. */
  function byPath(a, b) {
    const x = pointerParts(a.instancePath), y = pointerParts(b.instancePath);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return x.length - y.length;
  }

  function contractProblems(meta, present) {
    const cleaned = withoutEmpty(meta);
    if (validate(cleaned)) return [];
    return validate.errors.slice().sort(byPath).map((error) => schemaProblem(error, cleaned, present)).filter(Boolean);
  }

  /* -- dates ---------------------------------------------------------------------------------- */

  function parseDate(field, value, problems) {
    const shown = String(value);
    const iso = new RegExp(T.iso_date, "u").exec(shown);
    const parts = iso || new RegExp(T.loose_date, "u").exec(shown);
    const path = field.split(".");
    if (!parts) {
      problems.push(problem(field, "date_not_a_date", { value: shown, example: example(path) }));
      return null;
    }
    const [year, month, day] = parts.slice(1, 4).map(numberOf);
    if (!isRealDate(year, month, day)) {
      problems.push(problem(field, "date_impossible", { value: shown, year, month, day }));
      return null;
    }
    const isoText = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    const prop = propAt(path);
    if ((prop.formatMinimum && isoText < prop.formatMinimum) || (prop.formatMaximum && isoText > prop.formatMaximum)) {
      problems.push(problem(field, "date_out_of_range", { value: shown, year, minimum: prop.formatMinimum || "", maximum: prop.formatMaximum || "" }));
      return null;
    }
    if (!iso) {
      problems.push(problem(field, "date_loose", { value: shown, field, iso: isoText }));
      return null;
    }
    return isoText;
  }

  function dateProblems(meta) {
    const problems = [], dates = {};
    dateFields.forEach((field) => {
      const value = field.split(".").reduce((here, part) => (isObject(here) ? here[part] : undefined), meta);
      if (value === undefined || value === null || value === "") return;
      const parsed = parseDate(field, value, problems);
      if (parsed) dates[field] = parsed;
    });
    config.messages.date_rules.forEach((rule) => {
      const first = dates[rule.earlier], second = dates[rule.later];
      if (first && second && second < first) {
        problems.push(problem(rule.later, "date_order", { rule: rule.rule, later: rule.later, later_value: second, earlier: rule.earlier, earlier_value: first }));
      }
    });
    return problems;
  }

  /* -- the file's place, the legal basis, the title and the body ------------------------------ */

  function placeProblems(meta, place) {
    const problems = [];
    if (typeof meta.id === "string" && place.stem !== undefined && place.stem !== meta.id) {
      problems.push(problem("id", "id_filename", { id: meta.id, name: place.name, stem: place.stem }));
    }
    const department = meta.department;
    const known = vocabularies.department.terms.some((t) => t.code === department);
    if (typeof department === "string" && known && place.folder !== undefined && place.folder !== department) {
      problems.push(problem("department", "department_folder", { folder: place.folder, department }));
    }
    return problems;
  }

  function legalBasisProblems(meta) {
    const refs = meta.legal_basis || [];
    return (Array.isArray(refs) ? refs : []).flatMap((ref, index) => {
      if (typeof ref !== "string" || !ref.includes("#")) return [];
      const at = ref.indexOf("#"), law = ref.slice(0, at), article = ref.slice(at + 1);
      const field = `legal_basis[${index}]`;
      if (!laws.has(law)) return [problem(field, "law_unknown", { law, laws: extra.known_laws, hint: "" })];
      if (!laws.get(law).has(article)) return [problem(field, "article_unknown", { law, article, count: laws.get(law).size })];
      return [];
    });
  }

  function textProblems(meta, body) {
    const problems = [];
    if (typeof meta.title === "string" && titleForbidden.test(meta.title)) problems.push(problem("title", "title_characters"));
    if (body !== undefined && isBlank(body)) problems.push(problem(extra.body_field, "body_empty"));
    return problems;
  }

  /* meta: the file's metadata as parsed; present: dotted keys written in the file (even if left
     empty); place: {name, stem, folder} of the file where known (placeOf); body: the text after it. */
  return function check({ meta, present, place = {}, body }) {
    return contractProblems(meta, present).concat(dateProblems(meta), placeProblems(meta, place),
      legalBasisProblems(meta), textProblems(meta, body));
  };
}
