/* 石首市惠企政策门户: the policy matcher's rules, the one implementation, over what the build ships
 * in api/catalog.json: each beneficiary's conditions (beneficiary_rules, from data/beneficiaries.yml
 * `match`), the needs (matcher.needs, from data/matcher.yml), the records' codes and the status rules
 * (rules.status). Only statuses the rules call applicable are offered. Pure: no DOM.
 */

import { statusOf } from "./status.js";

/* Every condition of a beneficiary's `match` holds for the profile. */
export function fitsRule(rule, profile) {
  if (rule.types && !rule.types.includes(profile.type)) return false;
  if (rule.sizes && !rule.sizes.includes(profile.size)) return false;
  if (rule.industries && !rule.industries.includes(profile.industry)) return false;
  if (rule.flags && !rule.flags.some((flag) => profile.flags.includes(flag))) return false;
  return true;
}

/* The needs asked for that the row serves (by one of its categories or support types). */
export function needsMet(needs, row, wanted) {
  return needs.filter((need) => wanted.includes(need.code) && (
    need.categories.some((code) => row.categories.includes(code)) ||
    need.support_type.some((code) => row.support_type.includes(code))));
}

export function names(catalog, field) {
  return Object.fromEntries(catalog.vocabularies[field]);
}

/* profile: {type, size, industry (or null), flags: [], needs: []}; asOf: YYYY-MM-DD.
   -> [{row, status, who: [beneficiary codes that fit], needs: [needs met], unstated}] in catalog order;
   `unstated`: the only beneficiary that fits is the one for sources that name none (catalog.not_stated,
   对象未写明), so the record may apply, not that it does. */
export function match(catalog, profile, asOf) {
  const applicable = catalog.rules.status.applicable;
  const found = [];
  catalog.policies.forEach((row) => {
    const status = statusOf(catalog.rules.status.table, asOf, row);
    if (!applicable.includes(status)) return;
    const who = row.beneficiaries.filter((code) => fitsRule(catalog.beneficiary_rules[code] || {}, profile));
    if (!who.length) return;
    if (row.industries.length && profile.industry && !row.industries.includes(profile.industry)) return;
    const met = needsMet(catalog.matcher.needs, row, profile.needs);
    if (profile.needs.length && !met.length) return;
    found.push({ row, status, who, needs: met, unstated: who.every((code) => code === catalog.not_stated) });
  });
  return found;
}

/* Why a found provision is offered, in the words the matcher shows. */
export function reasonsOf(found, catalog, profile) {
  const beneficiaries = names(catalog, "beneficiaries");
  const industries = names(catalog, "industries");
  const row = found.row;
  const reasons = [found.unstated ? "来源没有写明适用对象和条件，是否适用于您，请向主管部门确认"
    : "适用对象包括“" + found.who.map((code) => beneficiaries[code]).join("、") + "”，与您填写的情况相符"];
  if (row.industries.length) {
    const limited = "限于" + row.industries.map((code) => industries[code]).join("、");
    reasons.push(profile.industry ? limited + "，与您的行业相符" : limited + "（您未选择行业，请核对）");
  }
  if (found.needs.length) reasons.push("属于您需要的“" + found.needs.map((need) => need.name).join("、") + "”");
  return reasons;
}

/* The answers in law (api/catalog.json `entitlements`, from data/entitlements.yml) for the kinds of
   business the profile is, by the same beneficiary rules as the records. */
export function entitlementsFor(catalog, profile) {
  return (catalog.entitlements || []).filter((answer) => {
    const rule = catalog.beneficiary_rules[answer.beneficiary];
    return Boolean(rule) && fitsRule(rule, profile);
  });
}

/* The count line when no record is found: unticking needs is suggested only when some were ticked;
   an answer in law, when there is one, is said to follow. */
export function emptySummary(profile, answered) {
  const parts = ["没有找到写明适用于您的本地政策。"];
  if (answered) parts.push("下面列出法规中写明的支持和询问电话。");
  if (profile.needs.length) parts.push("可以减少勾选的需求，或到政策目录中查看全部政策。");
  else parts.push("可以到政策目录中查看全部政策。");
  return parts.join("");
}

/* The count line: the provisions that name the profile's kind of business, then those whose source
   names no beneficiary (listed apart, after any answer in law). */
export function foundSummary(named, unstated, excluded, profile, answered) {
  const parts = [named.length ? "找到 " + named.length + " 条可能适用的政策（已排除" + excluded.join("、") + "的政策）。"
    : emptySummary(profile, answered)];
  if (unstated.length) parts.push("另有 " + unstated.length + " 条政策的来源没有写明适用对象，列在最后，是否适用请向主管部门确认。");
  return parts.join("");
}
