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
 * the file name, the department against the folder, the legal basis against the laws and its
 * reasons against the record's words (load/checks.py), and a record against the others and the
 * documents (load/portal.py: ids, superseded_by, the issuer of a known document, outcomes and a
 * one-off payout, with what the build ships of them in config.checks) are the small cross-field
 * rules both sides state (tests/test_js.py and tests/test_form_verdict.py run both on the same files).
 *
 * Output: [{field, title, key, message, form, required}]. `message` is worded as the command-line
 * check words it (without file and line); `form` is the same catalog text worded for the form: the
 * few placeholders that differ by where a message is read (the catalog says which) name fields by
 * their Chinese titles from the contract (`title`, fieldTitle) instead of their codes, show a value
 * alone instead of the file's `name: value`, and leave out the advice on writing the file (YAML).
 * The command line's difflib hint (您是不是要填写…, for a mistyped code) is its own. Pure: no DOM.
 */

import { fill, pyStr } from "./messages.js";

const INDEX = /^[0-9]+$/;
/* Python's str.isspace() characters: a body of only these is empty (load/checks.py `not body.strip()`). */
// eslint-disable-next-line no-control-regex -- \x1c-\x1f are white space to Python
const BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;
/* The same characters, every run of them (Python's `re.sub(r"\s+", "", text)`, legal/documents.py `flat`). */
// eslint-disable-next-line no-control-regex -- \x1c-\x1f are white space to Python
const SPACES = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;

/* A body of nothing but white space is empty. */
export function isBlank(text) { return BLANK.test(text); }

/* Text without white space (legal/documents.py `flat`): a quoted passage is found whitespace aside. */
export function flat(text) { return text.replace(SPACES, ""); }

/* A list field's items; a value of another type (reported by the contract's check) has none. */
function listOf(value) { return Array.isArray(value) ? value : []; }

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

/* docs/policies/kejing/x.md -> {path, name: "x.md", stem: "x", folder: "kejing"} (Python's PurePosixPath) */
export function placeOf(path) {
  const parts = path.split("/");
  const name = parts[parts.length - 1];
  const dot = name.lastIndexOf(".");
  return { path, name, stem: dot > 0 && dot < name.length - 1 ? name.slice(0, dot) : name, folder: parts.length > 1 ? parts[parts.length - 2] : "" };
}

/* The contract's property at a field's path (["sources", "0", "passage"]); {} where there is none. */
function propertyAt(schema, path) {
  return path.reduce((prop, part) => (INDEX.test(part) ? (prop.items || {}) : ((prop.properties || {})[part] || {})), schema);
}

/* sources[0].passage -> ["sources", "0", "passage"]; legal_basis_reasons[].article -> [..., "", "article"] */
function partsOf(field) {
  return field.split(".").flatMap((piece) => {
    const [name, ...items] = piece.split("[");
    return [name].concat(items.map((item) => item.replace("]", "")));
  });
}

/* A field as the form names it: its title in the contract (data/policy.schema.json), within its group
   or list item (信息来源第 1 项 · 原文段落); a name the contract does not hold (正文, a mistyped field)
   as written. texts: the catalog's texts (form_item, form_within). */
export function fieldTitle(schema, field, texts) {
  const parts = partsOf(field);
  let prop = schema, shown = "";
  for (const part of parts) {
    if (part === "" || INDEX.test(part)) {
      prop = prop.items || {};
      if (part !== "") shown = fill(texts.form_item, { title: shown, number: Number(part) + 1 });
      continue;
    }
    prop = (prop.properties || {})[part];
    if (!prop || !prop.title) return field;
    shown = shown ? fill(texts.form_within, { outer: shown, inner: prop.title }) : prop.title;
  }
  return shown || field;
}

/* A value that is worded one way for the command line (and a file) and another for the form. */
class Varies {
  constructor(file, form) { this.file = file; this.form = form; }
}

function worded(values, where) {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v instanceof Varies ? v[where] : v]));
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

  function problem(field, key, values = {}) {
    return { field, title: fieldTitle(schema, field, T), key, message: text(key, worded(values, "file")),
      form: text(key, worded(values, "form")), required: false };
  }

  function propAt(path) { return propertyAt(schema, path); }

  /* A field named inside a message: its code for the command line, its title for the form. */
  function named(field) { return new Varies(field, text("form_named", { title: fieldTitle(schema, field, T) })); }

  /* A sub-field named inside a message about its group: its own code, or its own title. */
  function subNamed(path, name) {
    return new Varies(name, text("form_named", { title: propAt(path.concat([name])).title || name }));
  }

  /* A field's value as a file writes it (load/checks.py `written`); the form shows the value alone. */
  function written(field, value) { return new Varies(text("written", { name: field.split(".").pop(), value }), String(value)); }

  /* ；例如：… from the field's first example (load/checks.py `example`); the form shows an example
     only of a value the clerk types: not of a list or a group written as YAML, nor of a code the
     form offers as a choice. */
  function example(path) {
    const value = extra.examples[contractPath(path)];
    if (value === undefined) return "";
    const first = (propAt(path).examples || [])[0];
    const one = (first === null || typeof first !== "object") && !Object.hasOwn(vocabularies, path[0]) && !propAt(path).enum;
    return new Varies(text("example", { written: text("written", { name: dotted(path).split(".").pop(), value }) }),
      one ? text("example", { written: value }) : "");
  }

  function datesOf(prop, prefix) {
    return Object.entries(prop.properties || {}).flatMap(([name, sub]) => {
      if (sub.format === "date") return [prefix + name];
      return sub.type === "object" ? datesOf(sub, prefix + name + ".") : [];
    });
  }

  /* -- the contract's rules: ajv's errors in the catalog's words ----------------------------- */

  function notInVocabulary(field, value, vocabulary) {
    const byName = Object.hasOwn(vocabulary.by_name, pyStr(value)) ? vocabulary.by_name[pyStr(value)] : null;
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
    } else if (Object.hasOwn(hints, field)) {  /* how to quote a number is advice on writing the file */
      hint = new Varies(fill(hints[field], { quote: text("quote") }), fill(hints[field], { quote: "" }));
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
      case "enum":
        if (Object.hasOwn(vocabularies, path[0]) && path.length <= 2) return notInVocabulary(field, value, vocabularies[path[0]]);
        return problem(field, "not_a_choice", { value, description, allowed: (prop.enum || []).map(pyStr).join("、"), hint: "" });
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
    const shown = pyStr(value);
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
      problems.push(problem(field, "date_loose", { value: shown, written: written(field, isoText) }));
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
        problems.push(problem(rule.later, "date_order", { rule: rule.rule, later: named(rule.later), later_value: second,
          earlier: named(rule.earlier), earlier_value: first }));
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
    return listOf(meta.legal_basis).flatMap((ref, index) => {
      if (typeof ref !== "string" || !ref.includes("#")) return [];
      const at = ref.indexOf("#"), law = ref.slice(0, at), article = ref.slice(at + 1);
      const field = `legal_basis[${index}]`;
      if (!laws.has(law)) return [problem(field, "law_unknown", { law, laws: extra.known_laws, hint: "" })];
      if (!laws.get(law).has(article)) return [problem(field, "article_unknown", { law, article, count: laws.get(law).size })];
      return [];
    });
  }

  function knownArticle(ref) {
    if (typeof ref !== "string") return false;
    const at = ref.indexOf("#");
    const law = at < 0 ? ref : ref.slice(0, at), article = at < 0 ? "" : ref.slice(at + 1);
    return laws.has(law) && laws.get(law).has(article);
  }

  /* The record's own words, without white space (load/checks.py `record_words`). */
  function recordWords(meta, body) {
    const amount = isObject(meta.amount) ? meta.amount : {};
    const passages = listOf(meta.sources).filter(isObject).map((s) => s.passage);
    return [meta.title, meta.summary, body, amount.text, ...passages].filter((part) => typeof part === "string")
      .map(flat).join("\n");
  }

  /* load/checks.py `check_legal_reasons`: every cited article states the record's sentence it rests on. */
  function legalReasonProblems(meta, body) {
    const basis = listOf(meta.legal_basis), reasons = listOf(meta.legal_basis_reasons);
    const cited = basis.filter(knownArticle);
    const explained = new Set(reasons.filter((r) => isObject(r) && typeof r.article === "string").map((r) => r.article));
    const problems = [];
    basis.forEach((ref, index) => {
      if (!cited.includes(ref) || explained.has(ref)) return;
      const add = new Varies(text("legal_reason_add", { article: ref }), text("form_legal_reason_add", {
        article: ref, reasons: named("legal_basis_reasons").form, article_field: named("legal_basis_reasons[].article").form,
        because_field: named("legal_basis_reasons[].because").form }));
      problems.push(problem(`legal_basis[${index}]`, "legal_reason_missing", { article: ref, add }));
    });
    const listed = basis.map(pyStr).join("、");
    const words = recordWords(meta, body === undefined ? "" : body);
    reasons.forEach((reason, index) => {
      if (!isObject(reason)) return;
      const { article, because } = reason;
      if (typeof article === "string" && !basis.includes(article)) {
        const field = `legal_basis_reasons[${index}].article`, values = { article, listed, basis: named("legal_basis") };
        problems.push(problem(field, listed ? "legal_reason_stray" : "legal_reason_no_basis", values));
      }
      if (typeof because === "string" && flat(because) && !words.includes(flat(because))) {
        problems.push(problem(`legal_basis_reasons[${index}].because`, "legal_reason_not_found", { because }));
      }
    });
    return problems;
  }

  function textProblems(meta, body) {
    const problems = [];
    if (typeof meta.title === "string" && titleForbidden.test(meta.title)) problems.push(problem("title", "title_characters"));
    if (body !== undefined && isBlank(body)) {
      problems.push(problem(extra.body_field, "body_empty", { where: new Varies(text("body_below"), text("form_body_below")) }));
    }
    return problems;
  }

  /* -- a record against the others and the documents (load/portal.py) --------------------------- */

  /* ids: the published records' files by id (config.checks.records), this file's own place aside. */
  function otherRecordProblems(meta, place) {
    const problems = [], records = extra.records;
    if (typeof meta.id === "string") {
      const others = (Object.hasOwn(records, meta.id) ? records[meta.id] : []).filter((path) => path !== place.path);
      if (others.length) {
        problems.push(problem("id", "record.duplicate_id", { id: meta.id, others: others.join("、"),
          name: named("id"), rename: new Varies(text("record.duplicate_id_rename"), "") }));
      }
    }
    const target = meta.superseded_by;
    if (typeof target === "string" && !Object.hasOwn(records, target) && target !== meta.id) {
      problems.push(problem("superseded_by", "record.superseded_by_unknown", { target, hint: "" }));
    }
    return problems;
  }

  /* load/portal.py `document_problems`: 发文机关 of a document the portal holds is that document's. */
  function issuerProblems(meta) {
    const title = meta.document_title, issuer = meta.issuer;
    const expected = typeof title === "string" && Object.hasOwn(extra.issuers, title) ? extra.issuers[title] : null;
    if (!expected || typeof issuer !== "string" || issuer === expected) return [];
    const implementer = new Varies(text("named", { code: "implementer", title: propAt(["implementer"]).title }),
      named("implementer").form);
    const shown = written("issuer", expected);
    return [problem("issuer", "record.issuer_mismatch", { title, expected, issuer, implementer,
      example: new Varies(text("example", { written: shown.file }), text("example", { written: shown.form })) })];
  }

  /* load/portal.py `_is_year`: a whole number within the contract's date bounds. */
  function isYear(value) {
    return typeof value === "number" && Number.isInteger(value) && value >= extra.years[0] && value <= extra.years[1];
  }

  function yearProblem(field, value) {
    const shown = written(field, extra.examples[contractPath(partsOf(field))]);
    return problem(field, "record.outcome_year", { value: pyStr(value), first: extra.years[0], last: extra.years[1],
      example: new Varies(text("example", { written: shown.file }), text("example", { written: shown.form })) });
  }

  /* load/portal.py `outcome_problems`: outcomes quote a text the portal holds in full; a figure has
     its unit; a one-off payout has an outcome of its year. */
  function outcomeProblems(meta) {
    const texts = extra.full_texts, outcomes = listOf(meta.outcomes), problems = [];
    outcomes.forEach((item, index) => {
      if (!isObject(item)) return;
      const at = (name) => `outcomes[${index}].${name}`, absent = (name) => item[name] === null || item[name] === undefined;
      if (!absent("year") && !isYear(item.year)) problems.push(yearProblem(at("year"), item.year));
      extra.units.forEach(([figure, unit]) => {
        if (absent(figure) === absent(unit)) return;
        problems.push(problem(at(absent(unit) ? unit : figure), "record.outcome_unit_missing", {
          figure: subNamed(["outcomes", "0"], figure), unit: subNamed(["outcomes", "0"], unit),
          units_example: new Varies(text("record.outcome_units_example"), "") }));
      });
      const source = item.source, passage = item.passage;
      if (typeof source === "string" && !Object.hasOwn(texts, source)) {
        problems.push(problem(at("source"), "record.outcome_source_unknown", { source, choices: Object.keys(texts).join("、"), hint: "" }));
      } else if (typeof source === "string" && typeof passage === "string" && !texts[source].some((line) => line.includes(flat(passage)))) {
        problems.push(problem(at("passage"), "record.outcome_passage_not_found", { source }));
      }
    });
    const delivered = meta.delivered;
    if (delivered !== null && delivered !== undefined && !isYear(delivered)) {
      problems.push(yearProblem("delivered", delivered));
    } else if (delivered !== null && delivered !== undefined && !outcomes.some((o) => isObject(o) && o.year === delivered)) {
      problems.push(problem("delivered", "record.delivered_without_outcome", { year: delivered, outcomes: named("outcomes") }));
    }
    return problems;
  }

  /* core/yamlsafe.py: a value may not hold a template's delimiters ({{ {% {#}. The command line then
     reads the value as empty and checks nothing else of the record but its id and superseded_by. */
  function delimiterProblems(meta) {
    const problems = [];
    function walk(value, key) {
      if (Array.isArray(value)) return value.map((item, index) => walk(item, `${key}[${index}]`));
      if (isObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, walk(v, key ? `${key}.${name}` : name)]));
      }
      if (typeof value !== "string") return value;
      const found = extra.template_delimiters.filter((d) => value.includes(d)).sort((a, b) => value.indexOf(a) - value.indexOf(b));
      if (!found.length) return value;
      problems.push(problem(key, "yaml.template_delimiter", { delimiter: found[0] }));
      return null;
    }
    return { problems, meta: walk(meta, "") };
  }

  /* meta: the file's metadata as parsed; present: dotted keys written in the file (even if left
     empty); place: {path, name, stem, folder} of the file where known (placeOf); body: the text after it. */
  return function check({ meta, present, place = {}, body }) {
    const read = delimiterProblems(meta);
    if (read.problems.length) return read.problems.concat(otherRecordProblems(read.meta, place));
    return contractProblems(meta, present).concat(dateProblems(meta), placeProblems(meta, place),
      legalBasisProblems(meta), legalReasonProblems(meta, body), textProblems(meta, body),
      otherRecordProblems(meta, place), issuerProblems(meta), outcomeProblems(meta));
  };
}
