/* 石首市惠企政策门户: the checks of macros/load/checks.py that the record form can make in the browser,
 * worded from the same message catalog (data/messages.yml, shipped as config.messages): required
 * fields, vocabulary codes, lengths, patterns (文号 with its 六角括号 hint, phone, id), dates and
 * their order. Input: the record's metadata as the produced file holds it. Output: [{field, message}],
 * each as `python -m macros check` words it for the same file (without the file and line).
 * Exposes window.portalRecordCheck = {makeChecker, fill} for record-form.js.
 */
(function () {
"use strict";

var FULL_WIDTH_DIGITS = /[\uFF10-\uFF19]/g;

function fill(template, values) {
  return template.replace(/\{([a-z_]+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

function chars(text) { return Array.from(String(text)); }

/* Python's str() of a YAML scalar. */
function pyStr(value) {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  return String(value);
}

/* json.dumps(value, ensure_ascii=False) of a flat mapping */
function pyJson(value) {
  return "{" + Object.keys(value).map(function (k) { return JSON.stringify(k) + ": " + JSON.stringify(value[k]); }).join(", ") + "}";
}

/* Python's re: \d is any decimal digit; here ASCII and full-width ones, read as their values. */
function pythonRegExp(pattern) { return new RegExp(pattern.replace(/\\d/g, "[0-9\\uFF10-\\uFF19]"), "u"); }
function pyInt(text) {
  return parseInt(text.replace(FULL_WIDTH_DIGITS, function (d) { return String(d.charCodeAt(0) - 0xFF10); }), 10);
}

/* difflib.get_close_matches(word, choices, n=1, cutoff=0.5), as datareader.suggest uses it. */
function matchingSize(a, b) {
  var b2j = {};
  b.forEach(function (c, j) { (b2j[c] = b2j[c] || []).push(j); });
  function longest(alo, ahi, blo, bhi) {
    var best = [alo, blo, 0], j2len = {};
    for (var i = alo; i < ahi; i++) {
      var next = {};
      var js = b2j[a[i]] || [];
      for (var n = 0; n < js.length; n++) {
        var j = js[n];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = next[j] = (j2len[j - 1] || 0) + 1;
        if (k > best[2]) best = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    return best;
  }
  var total = 0, queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]);
    if (m[2]) {
      total += m[2];
      if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
      if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
    }
  }
  return total;
}

function closestMatch(word, choices) {
  var w = chars(word), best = null;
  choices.forEach(function (choice) {
    var c = chars(choice), length = c.length + w.length;
    if (!length) return;
    var ratio = 2 * matchingSize(c, w) / length;
    if (ratio >= 0.5 && (!best || ratio > best[0] || (ratio === best[0] && choice > best[1]))) best = [ratio, choice];
  });
  return best && best[1];
}

function makeChecker(schema, config) {
  var T = config.messages.texts;
  var hints = config.messages.pattern_hints;
  var vocabularies = config.vocabularies;

  function text(key, values) { return fill(T[key], values || {}); }

  function suggest(value, choices) {
    var close = closestMatch(value, choices);
    return close ? text("did_you_mean", { value: close }) : "";
  }

  function example(prop, field) {
    var examples = prop.examples;
    if (!examples || !examples.length) return "";
    var value = examples[0], shown;
    if (Array.isArray(value)) shown = "[" + value.map(function (v) { return isObject(v) ? pyJson(v) : pyStr(v); }).join(", ") + "]";
    else if (isObject(value)) shown = "{" + Object.keys(value).map(function (k) { return k + ": " + pyStr(value[k]); }).join(", ") + "}";
    else shown = pyStr(value);
    return text("example", { name: field.split(".").pop(), value: shown });
  }

  function dotted(path) {
    return path.reduce(function (out, part) {
      return typeof part === "number" ? out + "[" + part + "]" : (out ? out + "." + part : part);
    }, "");
  }

  function notInVocabulary(value, vocabulary) {
    var allowed = vocabulary.terms.map(function (t) { return text("vocabulary_term", { code: t.code, name: t.name }); }).join("、");
    var byName = vocabulary.terms.filter(function (t) { return t.name === pyStr(value); });
    var hint = byName.length ? text("did_you_mean", { value: byName[0].code })
      : suggest(pyStr(value), vocabulary.terms.map(function (t) { return t.code; }));
    return text("not_in_vocabulary", { value: pyStr(value), label: vocabulary.label, where: vocabulary.where, allowed: allowed, hint: hint });
  }

  function fixedDocumentNumber(value) {
    return value.replace(new RegExp(T.document_number_year, "g"), function (whole, year) {
      return T.document_number_year_fixed.replace("{year}", year);
    }).replace(/ /g, "");
  }

  function patternProblem(field, value, prop) {
    var hint = "";
    if (field === "document_number") {
      var fixed = fixedDocumentNumber(value);
      if (fixed !== value && new RegExp(prop.pattern, "u").test(fixed)) hint = fill(hints[field], { fixed: fixed });
    } else if (hints[field]) {
      hint = fill(hints[field], {});
    }
    return text("pattern", { value: value, description: prop.description || "", hint: hint || example(prop, field) });
  }

  function isDateField(prop) { return prop.format === "date"; }

  /* The schema keywords the contract uses, in jsonschema's terms; dates are checked apart. */
  function walk(value, prop, path, problems) {
    var field = dotted(path);
    if (prop.type === "object" && isObject(value)) {
      (prop.required || []).forEach(function (name) {
        if (!(name in value)) problems.push({ kind: "required", path: path, name: name });
      });
      Object.keys(prop.properties || {}).forEach(function (name) {
        if (name in value) walk(value[name], prop.properties[name], path.concat([name]), problems);
      });
      return;
    }
    if (prop.type === "array" && Array.isArray(value)) {
      if (prop.minItems && value.length < prop.minItems) {
        problems.push({ field: field, message: text("min_items", { limit: prop.minItems, description: prop.description || "", example: example(prop, field) }) });
      }
      if (prop.uniqueItems && new Set(value.map(function (v) { return JSON.stringify(v); })).size < value.length) {
        problems.push({ field: field, message: text("unique_items", { description: prop.description || "" }) });
      }
      value.forEach(function (item, index) { walk(item, prop.items || {}, path.concat([index]), problems); });
      return;
    }
    if (isDateField(prop)) return;
    if (prop.enum && prop.enum.indexOf(value) < 0) {
      problems.push({ field: field, message: notInVocabulary(value, vocabularies[path[0]]) });
      return;
    }
    if (prop.type === "string" && typeof value === "number" && prop.pattern) {
      problems.push({ field: field, message: patternProblem(field, String(value), prop) });
      return;
    }
    if (prop.type !== "string" || typeof value !== "string") return;
    var size = chars(value).length;
    if (prop.minLength && size < prop.minLength) {
      problems.push({ field: field, message: lengthMessage(size, "length_min", prop.minLength, prop, field) });
    }
    if (prop.maxLength && size > prop.maxLength) {
      problems.push({ field: field, message: lengthMessage(size, "length_max", prop.maxLength, prop, field) });
    }
    if (prop.pattern && !new RegExp(prop.pattern, "u").test(value)) {
      problems.push({ field: field, message: patternProblem(field, value, prop) });
    }
  }

  function lengthMessage(size, bound, limit, prop, field) {
    return text("length", { size: size, bound: T[bound], limit: limit, description: prop.description || "", example: example(prop, field) });
  }

  function propAt(path) {
    var prop = schema;
    path.forEach(function (part) {
      prop = typeof part === "number" ? (prop.items || {}) : ((prop.properties || {})[part] || {});
    });
    return prop;
  }

  function requiredMessage(problem, present) {
    var target = dotted(problem.path.concat([problem.name]));
    var sub = propAt(problem.path.concat([problem.name]));
    var values = { description: sub.description || "", example: example(sub, target) };
    return { field: target, required: true, message: text(present ? "required_empty" : "required_missing", values) };
  }

  function dateFields(prop, prefix) {
    var found = [];
    Object.keys(prop.properties || {}).forEach(function (name) {
      var sub = prop.properties[name];
      if (isDateField(sub)) found.push(prefix + name);
      else if (sub.type === "object") found = found.concat(dateFields(sub, prefix + name + "."));
    });
    return found;
  }

  function lookup(meta, field) {
    return field.split(".").reduce(function (value, part) { return isObject(value) ? value[part] : undefined; }, meta);
  }

  function checkDates(meta, problems) {
    var dates = {};
    dateFields(schema, "").forEach(function (field) {
      var value = lookup(meta, field);
      if (value === undefined || value === null || value === "") return;
      var shown = pyStr(value);
      var iso = pythonRegExp(T.iso_date).exec(shown);
      var parts = iso || pythonRegExp(T.loose_date).exec(shown);
      if (!parts) {
        problems.push({ field: field, message: text("date_not_a_date", { value: shown, example: example(propAt(field.split(".")), field) }) });
        return;
      }
      var year = pyInt(parts[1]), month = pyInt(parts[2]), day = pyInt(parts[3]);
      var day0 = new Date(Date.UTC(year, month - 1, day));
      if (month < 1 || month > 12 || day0.getUTCDate() !== day || year < 1) {
        problems.push({ field: field, message: text("date_impossible", { value: shown, year: year, month: month, day: day }) });
        return;
      }
      var isoText = String(year).padStart(4, "0") + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0");
      var prop = propAt(field.split("."));
      if ((prop.formatMinimum && isoText < prop.formatMinimum) || (prop.formatMaximum && isoText > prop.formatMaximum)) {
        problems.push({ field: field, message: text("date_out_of_range", { value: shown, year: year, minimum: prop.formatMinimum || "", maximum: prop.formatMaximum || "" }) });
        return;
      }
      if (!iso) {
        problems.push({ field: field, message: text("date_loose", { value: shown, field: field, iso: isoText }) });
        return;
      }
      dates[field] = isoText;
    });
    config.messages.date_rules.forEach(function (rule) {
      var a = dates[rule.earlier], b = dates[rule.later];
      if (a && b && b < a) {
        problems.push({ field: rule.later, message: text("date_order", { rule: rule.rule, later: rule.later, later_value: b, earlier: rule.earlier, earlier_value: a }) });
      }
    });
  }

  /* validate.without_empty: keys left empty and empty list items read as not filled in */
  function withoutEmpty(value) {
    if (Array.isArray(value)) return value.filter(function (v) { return v !== null && v !== ""; }).map(withoutEmpty);
    if (isObject(value)) {
      var out = {};
      Object.keys(value).forEach(function (k) { if (value[k] !== null && value[k] !== "") out[k] = withoutEmpty(value[k]); });
      return out;
    }
    return value;
  }

  /* meta: the parsed metadata; present: dotted keys written in the file (even if left empty) */
  return function check(meta, present) {
    var found = [];
    walk(withoutEmpty(meta), schema, [], found);
    var problems = found.map(function (p) {
      return p.kind === "required" ? requiredMessage(p, present.has(dotted(p.path.concat([p.name])))) : p;
    });
    checkDates(meta, problems);
    return problems;
  };
}

window.portalRecordCheck = { makeChecker: makeChecker, fill: fill };
})();
