/* 石首市惠企政策门户: the catalog filters and the policy matcher, over api/catalog.json; an ES module
 * (docs/matcher/index.md, docs/catalog/index.md `scripts:`) wiring lib/facets.js and lib/matching.js
 * to the page. Everything runs in the browser; nothing about the enterprise is sent anywhere.
 * What is shown is drawn from the page's <template>s (the build's markup, overrides/portal/
 * policy-table.html, filters.html, matcher.html), filled with text.
 */

import { badge, base, fromTemplate, rules, slot, statusLabel, statusOn, today } from "./portal-core.js";
import { makeFilters } from "./lib/facets.js";
import { entitlementsFor, foundSummary, match, names, reasonsOf } from "./lib/matching.js";

const filterRoot = document.querySelector("[data-portal-filter]");
const matcherRoot = document.querySelector("[data-portal-matcher]");

function loadCatalog() {
  return fetch(new URL("api/catalog.json", base)).then((response) => {
    if (!response.ok) throw new Error("catalog " + response.status);
    return response.json();
  });
}

function statusOfRow(row) { return statusOn(today(), row); }

function pagePath(url) { return new URL(url, base).pathname; }

/* -- catalog filters ------------------------------------------------------------------------ */

const filters = makeFilters(rules.facets, statusOfRow);

function selected(form) {
  return Object.fromEntries(filters.params.map((param) => [param,
    Array.from(form.querySelectorAll(`input[name=${param}]:checked`)).map((input) => input.value)]));
}

/* The result table: a copy of the page's template table, one filled row per record. */
function tableOf(catalog, rows) {
  const table = fromTemplate("portal-policy-table");
  const body = table.querySelector("tbody");
  const prototype = body.firstElementChild;
  body.removeChild(prototype);
  const departments = names(catalog, "department");
  const beneficiaries = names(catalog, "beneficiaries");
  const delivery = names(catalog, "delivery");
  rows.forEach((p) => {
    const row = prototype.cloneNode(true);
    row.dataset.policy = p.id;
    slot(row, "title").href = pagePath(p.url);
    slot(row, "title").textContent = p.title;
    slot(row, "summary").textContent = p.summary;
    slot(row, "department").href = pagePath("catalog/departments/" + p.department + "/");
    slot(row, "department").textContent = departments[p.department];
    slot(row, "beneficiaries").textContent = p.beneficiaries.map((code) => beneficiaries[code]).join("、");
    slot(row, "delivery").textContent = delivery[p.delivery];
    slot(row, "status").replaceChildren(badge(statusOfRow(p)));
    slot(row, "year").textContent = p.year || "—";
    body.appendChild(row);
  });
  return table;
}

/* For a chosen beneficiary no record serves but the law answers (data/entitlements.yml): the link
   to its page, drawn by the build. */
function answersLinked(chosen) {
  return (chosen.beneficiary || []).filter((code) => document.getElementById("portal-filter-answer-" + code))
    .map((code) => fromTemplate("portal-filter-answer-" + code));
}

function setupFilters(root, catalog) {
  const form = root.querySelector("form");
  const status = root.querySelector("[data-finder-status]");
  const results = root.querySelector("[data-finder-results]");

  function fromUrl() {
    const params = new URL(location.href).searchParams;
    form.querySelectorAll("input[type=checkbox]").forEach((input) => {
      input.checked = params.getAll(input.name).includes(input.value);
    });
  }

  function toUrl(chosen) {
    const url = new URL(location.href);
    filters.params.forEach((param) => url.searchParams.delete(param));
    Object.keys(chosen).forEach((param) => chosen[param].forEach((value) => url.searchParams.append(param, value)));
    history.replaceState(null, "", url);
  }

  function render() {
    const chosen = selected(form);
    toUrl(chosen);
    const rows = catalog.policies.filter((p) => filters.passes(p, chosen));
    form.querySelectorAll("[data-count-for]").forEach((span) => {
      const [param, value] = span.dataset.countFor.split(":");
      span.textContent = "(" + filters.countWith(catalog.policies, chosen, param, value) + ")";
    });
    status.textContent = "符合条件的政策共 " + rows.length + " 条。";
    results.replaceChildren(...(rows.length ? [tableOf(catalog, rows)] : [fromTemplate("portal-filter-empty"), ...answersLinked(chosen)]));
  }

  fromUrl();
  form.addEventListener("change", render);
  form.addEventListener("reset", () => setTimeout(render, 0));
  form.addEventListener("submit", (event) => { event.preventDefault(); render(); });
  render();
}

/* -- matcher -------------------------------------------------------------------------------- */

function profileOf(form) {
  const data = new FormData(form);
  return {
    type: data.get("type"), size: data.get("size"), industry: data.get("industry") || null,
    flags: data.getAll("flag"), needs: data.getAll("need")
  };
}

/* The statuses the matcher never offers, by the build's rules. */
function excludedLabels() {
  return Object.keys(rules.status.labels).filter((code) => !rules.status.applicable.includes(code)).map(statusLabel);
}

/* One found provision, drawn from the page's <template id="portal-match">. */
function matchItem(found, catalog, profile) {
  const p = found.row;
  const support = names(catalog, "support_type");
  const item = fromTemplate("portal-match");
  item.dataset.policy = p.id;
  slot(item, "title").href = pagePath(p.url);
  slot(item, "title").textContent = p.title;
  slot(item, "status").replaceWith(badge(found.status));
  const state = slot(item, "state");
  state.dataset.status = found.status;
  slot(state, "state-label").textContent = statusLabel(found.status);
  slot(state, "state-meaning").textContent = rules.status.meanings[found.status];
  /* the record's review flags (macros/legal/review.py), computed by the build into api/catalog.json */
  const review = slot(item, "review");
  if (p.review_flags && p.review_flags.length) {
    slot(review, "review-label").textContent = rules.review.flagged;
    slot(review, "review-flags").textContent = p.review_flags.join("；");
  } else {
    review.remove();
  }
  slot(item, "gets").textContent = p.amount ? p.amount : p.support_type.map((code) => support[code]).join("、");
  slot(item, "how").textContent = p.application.length ? p.application.join("；")
    : "来源未写明办理方式；可以按下面的“怎么办”询问。";
  fillNextStep(item, catalog, p.next_step);
  const reasons = slot(item, "reasons");
  const reason = reasons.firstElementChild;
  reasons.replaceChildren(...reasonsOf(found, catalog, profile).map((text) => {
    const li = reason.cloneNode(true);
    li.textContent = text;
    return li;
  }));
  return item;
}

/* How to act on a result, from its next_step (the build's: macros/model/routes.py): the department's
   own contact when known, then the hotlines that fit, each said to be what it is. */
function fillNextStep(item, catalog, step) {
  const hasPhone = step.contacts.some((fact) => fact.href && fact.href.startsWith("tel:"));
  const who = step.department ? "本条由" + step.department + "负责" : "来源没有写明由哪个部门负责";
  const phone = step.department ? "它的电话来源未提供" : "负责部门的电话来源未提供";
  slot(item, "next-who").textContent = hasPhone ? who + "。" : who + "；" + phone + "，可以拨打全国热线询问：";
  const list = slot(item, "next-lines");
  const ownPrototype = slot(list, "own");
  const linePrototype = slot(list, "line");
  const items = step.contacts.map((fact) => {
    const li = ownPrototype.cloneNode(true);
    slot(li, "own-label").textContent = fact.label;
    const value = slot(li, "own-value");
    if (fact.href) {
      value.href = fact.href;
      value.textContent = fact.value;
    } else {
      value.replaceWith(fact.value);
    }
    return li;
  });
  step.hotlines.forEach((code) => {
    const hotline = catalog.hotlines[code];
    const li = linePrototype.cloneNode(true);
    const call = slot(li, "line-call");
    call.href = hotline.tel;
    call.textContent = hotline.number;
    slot(li, "line-name").textContent = hotline.name;
    slot(li, "line-note").textContent = hotline.not_department;
    items.push(li);
  });
  list.replaceChildren(...items);
}

/* For a kind of business no local record serves: the answers in law, drawn by the build. */
function answersFor(catalog, profile) {
  return entitlementsFor(catalog, profile).map((answer) => fromTemplate("portal-entitlement-" + answer.beneficiary));
}

function setupMatcher(root, catalog) {
  const form = root.querySelector("form");
  const status = root.querySelector("[data-finder-status]");
  const results = root.querySelector("[data-finder-results]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const profile = profileOf(form);
    const found = match(catalog, profile, today());
    const named = found.filter((one) => !one.unstated);
    const unstated = found.filter((one) => one.unstated);
    const answers = named.length ? [] : answersFor(catalog, profile);
    status.textContent = foundSummary(named, unstated, excludedLabels(), profile, answers.length > 0);
    const list = fromTemplate("portal-matches");
    list.replaceChildren(...named.map((one) => matchItem(one, catalog, profile)));
    const drawn = [list, ...answers];
    if (unstated.length) {
      const apart = fromTemplate("portal-matches-unstated");
      slot(apart, "list").replaceChildren(...unstated.map((one) => matchItem(one, catalog, profile)));
      drawn.push(apart);
    }
    results.replaceChildren(...drawn);
    /* Focus goes to the count (announced, and just above the first result), not to the list. */
    status.focus();
  });
  status.setAttribute("tabindex", "-1");
}

if (filterRoot || matcherRoot) {
  loadCatalog().then((catalog) => {
    if (filterRoot) setupFilters(filterRoot, catalog);
    if (matcherRoot) setupMatcher(matcherRoot, catalog);
  }).catch(() => {
    document.querySelectorAll("[data-finder-status]").forEach((s) => {
      s.textContent = "数据加载失败，请刷新页面，或使用政策目录的分类索引。";
    });
  });
}
