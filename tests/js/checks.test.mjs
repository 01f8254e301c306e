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

const ROOT = new URL("../../", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("data/policy.schema.json", ROOT), "utf8"));
const catalog = YAML.parse(readFileSync(new URL("data/messages.yml", ROOT), "utf8"));
const texts = Object.fromEntries(Object.entries(catalog).filter(([, v]) => typeof v === "string"));

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
    type_words: { string: texts.type_string, array: texts.type_array, object: texts.type_object, number: texts.type_number } }
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
    value: "2022年7月1日", field: "effective", iso: "2022-07-01" })}`]);
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
    ["id_filename", "department_folder"]);
  assert.deepEqual(problems({ legal_basis: ["sme-law#第二条", "sme-law#第九条", "nosuch#第一条"] }).map((p) => p.split(": ").slice(0, 2).join(": ")),
    ["legal_basis[1]: article_unknown", "legal_basis[2]: law_unknown"]);
  assert.deepEqual(problems({ title: "测试<标题>" }), ["title: title_characters: " + texts.title_characters]);
  assert.deepEqual(problems({}, { body: " \u3000\n\t" }), ["正文: body_empty: " + texts.body_empty]);
  assert.deepEqual(problems({}, { body: "\ufeff" }), []);  // not white space to Python either
});

test("empty values read as not filled in; fields are named as the command line names them", () => {
  assert.deepEqual(withoutEmpty({ a: "", b: null, c: [null, "", "x", { d: "" }], e: 0, f: false }),
    { c: ["x", {}], e: 0, f: false });
  assert.equal(dotted(["sources", "0", "passage"]), "sources[0].passage");
  assert.deepEqual(placeOf("docs/policies/kejing/a.b.md"), { name: "a.b.md", stem: "a.b", folder: "kejing" });
});
