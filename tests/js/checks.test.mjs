// lib/checks.js with the vendored ajv code of the real contract (data/policy.schema.json) and the
// real message catalog (data/messages.yml); vocabularies, examples and laws made for the test.
// The same checks against `python -m macros check` on the golden broken records: tests/test_js.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import YAML from "../../overrides/assets/vendor/yaml/index.js";
import validate from "../../overrides/assets/vendor/ajv/policy-validator.js";
import { dotted, makeChecker, placeOf, withoutEmpty } from "../../overrides/assets/js/lib/checks.js";
import { fill } from "../../overrides/assets/js/lib/messages.js";
import { refusedYaml } from "../../overrides/assets/js/lib/recordfile.js";

const ROOT = new URL("../../", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("data/policy.schema.json", ROOT), "utf8"));
const catalog = YAML.parse(readFileSync(new URL("data/messages.yml", ROOT), "utf8"));
const texts = Object.fromEntries(Object.entries(catalog).filter(([, v]) => typeof v === "string")
  .concat(["record", "yaml"].flatMap((group) => Object.entries(catalog[group]).map(([k, v]) => [group + "." + k, v]))));

function vocabulary(field) {
  const prop = schema.properties[field];
  const codes = (prop.items || prop).enum;
  return { label: field, where: "data/" + field, terms: codes.map((code) => ({ code, name: "名" + code })),
    allowed: codes.join("、"), by_name: Object.fromEntries(codes.map((code) => ["名" + code, code])) };
}
const config = {
  messages: { texts, date_rules: catalog.date_rules, pattern_hints: catalog.pattern_hints },
  vocabularies: Object.fromEntries(["department", "beneficiaries", "industries", "categories", "support_type", "delivery"]
    .map((field) => [field, vocabulary(field)])),
  laws: [{ id: "sme-law", articles: [{ number: "第一条" }, { number: "第二条" }] }],
  checks: { examples: { title: "某某政策", "sources[].passage": "第一条" }, template_fields: ["render_macros"],
    title_forbidden: "[<>{}]", body_field: "正文", known_laws: "sme-law",
    type_words: { string: texts.type_string, array: texts.type_array, object: texts.type_object, number: texts.type_number },
    records: { "kejing-ceshi": ["docs/policies/kejing/kejing-ceshi.md"], "kejing-qita": ["docs/policies/kejing/kejing-qita.md"] },
    issuers: { 测试文件: "测试局" }, full_texts: { "report-x": ["第一段写明兑现了5万元", "第二段"] }, years: [1949, 2100],
    units: [["enterprises", "enterprises_unit"], ["amount", "amount_unit"]], template_delimiters: ["{{", "{%", "{#"],
    yaml_tags: ["tag:yaml.org,2002:str"] }
};
const check = makeChecker({ validate, schema, config });

const RECORD = {
  id: "kejing-ceshi", title: "测试用虚构政策", summary: "测试用虚构记录，只用于单元测试。", issuer: "测试局",
  document_title: "测试文件", department: "kejing", beneficiaries: ["xiaowei"], categories: ["jiangbu"],
  support_type: ["jiangli"], delivery: "yishenqing", sources: [{ document: "测试文件", passage: "第一条" }],
  last_reviewed: "2026-11-24", review_due: "2027-05-24"
};
const PLACE = placeOf("docs/policies/kejing/kejing-ceshi.md");

function problems(changes, { present, place = PLACE, body = "正文。" } = {}) {
  const meta = { ...RECORD, ...changes };
  Object.keys(meta).forEach((k) => meta[k] === undefined && delete meta[k]);
  return check({ meta, present: new Set(present || Object.keys(meta)), place, body }).map((p) => `${p.field}: ${p.key}: ${p.message}`);
}

test("a good record has no problems", () => assert.deepEqual(problems({}), []));

test("a required field left empty, or missing; its example from the build", () => {
  assert.deepEqual(problems({ title: "" }), [`title: required_empty: ${fill(texts.required_empty, {
    description: schema.properties.title.description, example: "；例如：title: 某某政策" })}`]);
  assert.deepEqual(problems({ title: undefined }, { present: ["id"] }).map((p) => p.split(": ")[1]), ["required_missing"]);
  assert.deepEqual(problems({ sources: [{ document: "测试文件", passage: null }] }, { present: ["sources", "sources[0]"] }),
    [`sources[0].passage: required_missing: ${fill(texts.required_missing, {
      description: schema.properties.sources.items.properties.passage.description, example: "；例如：passage: 第一条" })}`]);
});

test("codes not in a vocabulary: the name of a term points at its code", () => {
  const [byName, other] = problems({ beneficiaries: ["名xiaowei", "nosuch"] });
  assert.match(byName, /^beneficiaries\[0\]: not_in_vocabulary: “名xiaowei”不在beneficiaries词表中.*您是不是要填写“xiaowei”？$/);
  assert.doesNotMatch(other, /您是不是要填写/);  // a close code is the command line's hint (difflib)
});

test("unknown fields; template fields are refused", () => {
  assert.deepEqual(problems({ render_macros: true }), ["render_macros: template_field_refused: " + texts.template_field_refused]);
  assert.deepEqual(problems({ 发文机关: "测试局" }), [`发文机关: unknown_field: ${fill(texts.unknown_field, {
    name: "发文机关", hint: "；您是不是要填写“issuer”？" })}`]);
});

test("types, lengths, patterns with their hints, lists", () => {
  assert.match(problems({ amount: { text: "五万元", value: "5万" } })[0], /^amount\.value: type_wrong: 格式不对；应为数字；/);
  assert.match(problems({ title: "短" })[0], /^title: length: 长度为 1 个字，至少 4 个字；/);
  assert.match(problems({ contact: { phone: 7299630 } })[0], /^contact\.phone: pattern: “7299630”的格式不对；.*不要加空格或括号/);
  assert.match(problems({ document_number: "石政发[2021]2号" })[0], /您是不是要填写“石政发〔2021〕2号”？$/);
  assert.match(problems({ categories: ["jiangbu", "jiangbu"] })[0], /^categories: unique_items: /);
  assert.match(problems({ categories: [] })[0], /^categories: min_items: 至少要填 1 项/);
});

test("dates: loose, full-width, impossible, out of range, in the wrong order", () => {
  assert.deepEqual(problems({ effective: "2022年7月1日" }), [`effective: date_loose: ${fill(texts.date_loose, {
    value: "2022年7月1日", written: "effective: 2022-07-01" })}`]);
  assert.match(problems({ effective: "２０２２-０７-０１" })[0], /应写作：effective: 2022-07-01$/);
  assert.match(problems({ effective: "2023-02-29" })[0], /^effective: date_impossible: .*（2023年2月没有29日）/);
  assert.deepEqual(problems({ effective: "2024-02-29" }), []);
  assert.match(problems({ effective: "1900-02-29" })[0], /date_impossible/);
  assert.match(problems({ effective: "0351-05-01" })[0], /^effective: date_out_of_range: “0351-05-01”的年份是 351 年/);
  assert.match(problems({ effective: "2022-07-01\n" })[0], /^effective: date_loose: /);
  assert.match(problems({ effective: "20220701" })[0], /^effective: date_not_a_date: /);
  assert.match(problems({ effective: "2023-01-01", expires: "2022-12-31" })[0], /^expires: date_order: 有效期截止日期/);
});

test("the file's place, the legal basis, the title, the body", () => {
  assert.deepEqual(problems({}, { place: placeOf("docs/policies/caizheng/other.md") }).map((p) => p.split(": ")[1]),
    ["id_filename", "department_folder", "record.duplicate_id"]);  // the record kejing-ceshi is in kejing/
  assert.deepEqual(problems({ legal_basis: ["sme-law#第二条", "sme-law#第九条", "nosuch#第一条"] }).map((p) => p.split(": ").slice(0, 2).join(": ")),
    ["legal_basis[1]: article_unknown", "legal_basis[2]: law_unknown", "legal_basis[0]: legal_reason_missing"]);
  assert.deepEqual(problems({ title: "测试<标题>" }), ["title: title_characters: " + texts.title_characters]);
  assert.deepEqual(problems({}, { body: " \u3000\n\t" }), ["正文: body_empty: " + fill(texts.body_empty, { where: texts.body_below })]);
  assert.deepEqual(problems({}, { body: "\ufeff" }), []);  // not white space to Python either
});

test("empty values read as not filled in; fields are named as the command line names them", () => {
  assert.deepEqual(withoutEmpty({ a: "", b: null, c: [null, "", "x", { d: "" }], e: 0, f: false }),
    { c: ["x", {}], e: 0, f: false });
  assert.equal(dotted(["sources", "0", "passage"]), "sources[0].passage");
  assert.deepEqual(placeOf("docs/policies/kejing/a.b.md"), { path: "docs/policies/kejing/a.b.md", name: "a.b.md", stem: "a.b", folder: "kejing" });
});

function formOf(changes, options = {}) {
  const meta = { ...RECORD, ...changes };
  Object.keys(meta).forEach((k) => meta[k] === undefined && delete meta[k]);
  return check({ meta, present: new Set(Object.keys(meta)), place: options.place || PLACE, body: options.body || "正文。" });
}

test("the legal basis's reasons: missing, stray, not the record's words", () => {
  const found = (changes) => formOf(changes).map((p) => `${p.field}: ${p.key}`);
  assert.deepEqual(found({ legal_basis: ["sme-law#第一条"] }), ["legal_basis[0]: legal_reason_missing"]);
  assert.deepEqual(found({ legal_basis: ["sme-law#第一条"], legal_basis_reasons: [{ article: "sme-law#第一条", because: "测试 用虚构记录" }] }), []);
  assert.deepEqual(found({ legal_basis: ["sme-law#第一条"], legal_basis_reasons: [{ article: "sme-law#第二条", because: "没有这句话" }] }),
    ["legal_basis[0]: legal_reason_missing", "legal_basis_reasons[0].article: legal_reason_stray", "legal_basis_reasons[0].because: legal_reason_not_found"]);
  assert.deepEqual(found({ legal_basis_reasons: [{ article: "sme-law#第二条", because: "正文" }] }), ["legal_basis_reasons[0].article: legal_reason_no_basis"]);
  assert.deepEqual(found({ legal_basis: "sme-law#第一条" }).map((p) => p.split(": ")[1]), ["type_wrong"]);  // not a list: nothing to explain
});

test("a record against the others and the documents: ids, superseded_by, issuer, outcomes", () => {
  const found = (changes, options) => formOf(changes, options).map((p) => `${p.field}: ${p.key}`);
  assert.deepEqual(found({}), []);  // the record's own file is not another record
  assert.deepEqual(found({ id: "kejing-qita" }, { place: placeOf("docs/policies/kejing/kejing-qita2.md") }),
    ["id: id_filename", "id: record.duplicate_id"]);
  assert.deepEqual(found({ superseded_by: "kejing-qita" }), []);
  assert.deepEqual(found({ superseded_by: "kejing-nosuch" }), ["superseded_by: record.superseded_by_unknown"]);
  assert.deepEqual(found({ issuer: "别的局" }), ["issuer: record.issuer_mismatch"]);
  const outcome = { year: 2022, what: "奖励", source: "report-x", passage: "写明兑现了 5 万元", amount: 5, amount_unit: "万元" };
  assert.deepEqual(found({ outcomes: [outcome], delivered: 2022 }), []);
  assert.deepEqual(found({ outcomes: [{ ...outcome, year: 22, amount_unit: undefined, passage: "没有这一段话" }], delivered: 2021 }),
    ["outcomes[0].year: record.outcome_year", "outcomes[0].amount_unit: record.outcome_unit_missing",
      "outcomes[0].passage: record.outcome_passage_not_found", "delivered: record.delivered_without_outcome"]);
  assert.deepEqual(found({ outcomes: [{ ...outcome, source: "report-y" }] }), ["outcomes[0].source: record.outcome_source_unknown"]);
});

test("a template's delimiters in a value: only that, the id and superseded_by are checked", () => {
  const found = formOf({ summary: "写了 {{ 模板 }} 和 {% 块 %}", title: "短", sources: [{ document: "{#注释", passage: "第一条" }],
    superseded_by: "kejing-nosuch" }).map((p) => `${p.field}: ${p.key}: ${p.message}`);
  assert.deepEqual(found, [`summary: yaml.template_delimiter: ${fill(texts["yaml.template_delimiter"], { delimiter: "{{" })}`,
    `sources[0].document: yaml.template_delimiter: ${fill(texts["yaml.template_delimiter"], { delimiter: "{#" })}`,
    "superseded_by: record.superseded_by_unknown: " + fill(texts["record.superseded_by_unknown"], { target: "kejing-nosuch", hint: "" })]);
});

test("the form does not open what the command line's YAML reader refuses", () => {
  const refused = (yaml) => refusedYaml(YAML, YAML.parseDocument(yaml), config.checks.yaml_tags);
  assert.equal(refused("title: 标题\ntopic: 主题\n"), null);
  assert.equal(refused("title: !!str 标题\n"), null);
  assert.deepEqual(refused("topic: !!python/object/apply:os.system [x]\n"), ["yaml.tag", { tag: "!!python/object/apply:os.system" }]);
  assert.deepEqual(refused("a: &x 1\nb: *x\n"), ["yaml.anchor", {}]);
  assert.deepEqual(refused("a:\n  <<: {b: 1}\n"), ["yaml.merge", {}]);
  assert.deepEqual(refused("? [a, b]\n: 1\n"), ["yaml.key_not_a_word", {}]);
});

test("the form's wording: Chinese titles, no advice on writing YAML", () => {
  const [required] = formOf({ title: undefined });
  assert.equal(required.title, "政策标题");
  assert.equal(required.form, fill(texts.required_missing, { description: schema.properties.title.description, example: "；例如：某某政策" }));
  assert.match(required.message, /；例如：title: 某某政策$/);
  const [phone] = formOf({ contact: { phone: "0716 123" } });
  assert.equal(phone.title, "咨询联系 · 咨询电话");
  assert.match(phone.message, /数字请加引号/);
  assert.doesNotMatch(phone.form, /数字请加引号|phone:/);
  const [order] = formOf({ effective: "2023-01-01", expires: "2022-12-31" });
  assert.match(order.message, /现在 expires 是 2022-12-31，effective 是 2023-01-01$/);
  assert.match(order.form, /现在 “有效期至” 是 2022-12-31，“施行日期” 是 2023-01-01$/);
  const [loose] = formOf({ effective: "2022年7月1日" });
  assert.match(loose.form, /应写作：2022-07-01$/);
  const [passage] = formOf({ sources: [{ document: "测试文件" }] });
  assert.equal(passage.title, "信息来源第 1 项 · 原文段落");
  const [reason] = formOf({ legal_basis: ["sme-law#第一条"] });
  assert.equal(reason.title, "法律依据第 1 项");
  assert.doesNotMatch(reason.form, /legal_basis|article:|because:/);
});
