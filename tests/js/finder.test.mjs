// lib/facets.js and lib/matching.js on a small catalog made for the test (the shape of
// api/catalog.json). The real catalog's matcher profiles, with their expected provisions written by
// hand: tests/test_js.py and tests/test_browser_finder.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { facetValues, makeFilters } from "../../overrides/assets/js/lib/facets.js";
import { emptySummary, entitlementsFor, fitsRule, foundSummary, match, needsMet, reasonsOf } from "../../overrides/assets/js/lib/matching.js";

const TABLE = [
  { status: "expired", when: [{ date: "expires", is: "<", days: 0 }] },
  { status: "unverified", when: [{ date: "effective", missing: true }] },
  { status: "current", when: [] }
];
const FACETS = [
  { param: "department", kind: "vocabulary", field: "department", missing: null },
  { param: "category", kind: "vocabulary", field: "categories", missing: null },
  { param: "status", kind: "status", field: null, missing: null },
  { param: "year", kind: "year", field: null, missing: "unknown" }
];

function row(id, extra) {
  return { id, department: "a", categories: ["x"], support_type: ["s"], beneficiaries: ["all"], industries: [],
    effective: "2020-01-01", expires: null, repealed: null, year: 2020, ...extra };
}

const ROWS = [
  row("one"),
  row("two", { department: "b", categories: ["x", "y"], year: null }),
  row("old", { expires: "2021-01-01", categories: ["y"] }),
  row("new", { effective: null, department: "b", year: 2022 })
];
const statusOfRow = (r) => TABLE.find((t) => t.when.every((c) => (c.missing ? !r[c.date] : r[c.date] && r[c.date] < "2026-01-01"))).status;

test("a facet's values: the field's codes, the status, the year or the facet's code for none", () => {
  assert.deepEqual(facetValues(FACETS[1], ROWS[1], statusOfRow), ["x", "y"]);
  assert.deepEqual(facetValues(FACETS[0], ROWS[1], statusOfRow), ["b"]);
  assert.deepEqual(facetValues(FACETS[2], ROWS[2], statusOfRow), ["expired"]);
  assert.deepEqual(facetValues(FACETS[3], ROWS[0], statusOfRow), ["2020"]);
  assert.deepEqual(facetValues(FACETS[3], ROWS[1], statusOfRow), ["unknown"]);
});

test("any chosen value within a facet, every facet across them; counts leave their own facet out", () => {
  const filters = makeFilters(FACETS, statusOfRow);
  const ids = (chosen) => ROWS.filter((r) => filters.passes(r, chosen)).map((r) => r.id);
  assert.deepEqual(ids({ category: ["y"] }), ["two", "old"]);
  assert.deepEqual(ids({ category: ["y"], department: ["a"] }), ["old"]);
  assert.deepEqual(ids({ department: ["a", "b"], status: ["current", "unverified"] }), ["one", "two", "new"]);
  assert.deepEqual(ids({ year: ["unknown"] }), ["two"]);
  assert.deepEqual(ids({ department: [] }), ["one", "two", "old", "new"]);
  assert.equal(filters.countWith(ROWS, { department: ["a"] }, "department", "b"), 2);
  assert.equal(filters.countWith(ROWS, { department: ["a"], category: ["y"] }, "category", "x"), 1);
});

const CATALOG = {
  rules: { status: { table: TABLE, applicable: ["current", "unverified"] } },
  vocabularies: { beneficiaries: [["small", "小企业"], ["all", "所有企业"], ["hightech", "科技企业"]],
    industries: [["make", "制造业"], ["shop", "零售业"]] },
  beneficiary_rules: { small: { sizes: ["xiao", "wei"] }, all: {}, hightech: { flags: ["keji"] } },
  matcher: { needs: [{ code: "money", name: "资金", categories: ["x"], support_type: [] },
    { code: "talent", name: "人才", categories: [], support_type: ["t"] }] },
  policies: [
    row("for-small", { beneficiaries: ["small"] }),
    row("for-tech-makers", { beneficiaries: ["hightech"], industries: ["make"], categories: ["z"], support_type: ["t"] }),
    row("expired", { expires: "2021-01-01" }),
    row("unverified", { effective: null, categories: ["z"] })
  ]
};
const PROFILE = { type: "qiye", size: "xiao", industry: null, flags: [], needs: [] };

test("a beneficiary's conditions: each one given must hold, any flag of a list", () => {
  assert.equal(fitsRule({}, PROFILE), true);
  assert.equal(fitsRule({ sizes: ["da"] }, PROFILE), false);
  assert.equal(fitsRule({ flags: ["a", "keji"] }, { ...PROFILE, flags: ["keji"] }), true);
  assert.equal(fitsRule({ industries: ["make"] }, PROFILE), false);  // a condition on the industry needs one
  assert.deepEqual(needsMet(CATALOG.matcher.needs, CATALOG.policies[1], ["talent", "money"]).map((n) => n.code), ["talent"]);
});

test("matching: applicable statuses only, who fits, the industry, the needs", () => {
  const ids = (profile) => match(CATALOG, profile, "2026-01-01").map((f) => f.row.id);
  assert.deepEqual(ids(PROFILE), ["for-small", "unverified"]);
  assert.deepEqual(ids({ ...PROFILE, size: "da", flags: ["keji"] }), ["for-tech-makers", "unverified"]);
  assert.deepEqual(ids({ ...PROFILE, size: "da", flags: ["keji"], industry: "shop" }), ["unverified"]);
  assert.deepEqual(ids({ ...PROFILE, needs: ["money"] }), ["for-small"]);
  assert.deepEqual(ids({ ...PROFILE, flags: ["keji"], needs: ["talent"] }), ["for-tech-makers"]);
});

test("the reasons a provision is offered", () => {
  const profile = { ...PROFILE, flags: ["keji"], needs: ["talent"] };
  const [found] = match(CATALOG, profile, "2026-01-01");
  assert.deepEqual(reasonsOf(found, CATALOG, profile), [
    "适用对象包括“科技企业”，与您填写的情况相符", "限于制造业（您未选择行业，请核对）", "属于您需要的“人才”"]);
  assert.deepEqual(reasonsOf(found, CATALOG, { ...profile, industry: "make" })[1], "限于制造业，与您的行业相符");
});

test("an answer in law for the kinds of business the profile is; untick advice only when needs were ticked", () => {
  const catalog = { ...CATALOG, entitlements: [{ beneficiary: "small" }, { beneficiary: "hightech" }, { beneficiary: "gone" }] };
  assert.deepEqual(entitlementsFor(catalog, PROFILE).map((a) => a.beneficiary), ["small"]);
  assert.deepEqual(entitlementsFor(catalog, { ...PROFILE, size: "da", flags: ["keji"] }).map((a) => a.beneficiary), ["hightech"]);
  assert.deepEqual(entitlementsFor({ ...CATALOG }, PROFILE), []);
  assert.equal(emptySummary({ ...PROFILE, needs: [] }, false), "没有找到写明适用于您的本地政策。可以到政策目录中查看全部政策。");
  assert.equal(emptySummary({ ...PROFILE, needs: ["money"] }, true),
    "没有找到写明适用于您的本地政策。下面列出法规中写明的支持和询问电话。可以减少勾选的需求，或到政策目录中查看全部政策。");
});

test("a record whose source names no beneficiary may apply to anyone: marked, with its own reason and count", () => {
  const catalog = { ...CATALOG, not_stated: "unsaid", beneficiary_rules: { ...CATALOG.beneficiary_rules, unsaid: {} },
    policies: [...CATALOG.policies, row("unsaid", { beneficiaries: ["unsaid"] }), row("both", { beneficiaries: ["unsaid", "small"] })] };
  const found = match(catalog, PROFILE, "2026-01-01");
  assert.deepEqual(found.map((f) => [f.row.id, f.unstated]),
    [["for-small", false], ["unverified", false], ["unsaid", true], ["both", false]]);
  assert.deepEqual(reasonsOf(found[2], catalog, PROFILE), ["来源没有写明适用对象和条件，是否适用于您，请向主管部门确认"]);
  const [named, unstated] = [found.filter((f) => !f.unstated), found.filter((f) => f.unstated)];
  assert.equal(foundSummary(named, unstated, ["已失效"], PROFILE, false),
    "找到 3 条可能适用的政策（已排除已失效的政策）。另有 1 条政策的来源没有写明适用对象，列在最后，是否适用请向主管部门确认。");
  assert.equal(foundSummary([], unstated, ["已失效"], PROFILE, true),
    "没有找到写明适用于您的本地政策。下面列出法规中写明的支持和询问电话。可以到政策目录中查看全部政策。" +
    "另有 1 条政策的来源没有写明适用对象，列在最后，是否适用请向主管部门确认。");
});
