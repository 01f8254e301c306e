/* 石首市惠企政策门户: catalog filters and the policy matcher, over api/catalog.json.
 * Everything runs in the browser; nothing about the enterprise is sent anywhere.
 * The facets and status rules come from the build (portal-core.js reads them from the page);
 * the result table is cloned from the page's <template id="portal-policy-table">, the same
 * markup as the index pages (overrides/portal/policy-table.html).
 */
(function () {
  "use strict";

  var filterRoot = document.querySelector("[data-portal-filter]");
  var matcherRoot = document.querySelector("[data-portal-matcher]");
  if (!filterRoot && !matcherRoot) return;

  var core = window.portalCore;
  var escapeHtml = core.escapeHtml;

  function loadCatalog() {
    return fetch(new URL("api/catalog.json", core.base)).then(function (r) {
      if (!r.ok) throw new Error("catalog " + r.status);
      return r.json();
    });
  }

  function names(catalog, field) {
    var map = {};
    catalog.vocabularies[field].forEach(function (pair) { map[pair[0]] = pair[1]; });
    return map;
  }

  function statusOf(p) {
    return core.statusOf(core.today(), p.effective, p.expires, p.repealed);
  }

  function badge(code) {
    var span = document.createElement("span");
    span.className = "portal-status portal-status--" + code;
    span.dataset.status = code;
    span.textContent = core.statusLabel(code);
    return span;
  }

  /* The statuses the matcher never offers, by the build's rules. */
  function excludedLabels() {
    return Object.keys(core.rules.status.labels).filter(function (code) { return !core.isApplicable(code); })
      .map(core.statusLabel);
  }

  function pagePath(url) { return new URL(url, core.base).pathname; }

  function link(p) {
    return '<a href="' + escapeHtml(pagePath(p.url)) + '">' + escapeHtml(p.title) + "</a>";
  }

  /* -- catalog filters ---------------------------------------------------------------------- */

  /* param -> the values a record has for that facet (macros/model/facets.py FACETS, via the rules). */
  function facetValues(facet) {
    if (facet.kind === "status") return function (p) { return [statusOf(p)]; };
    if (facet.kind === "year") return function (p) { return [p.year ? String(p.year) : "unknown"]; };
    return function (p) { var v = p[facet.field]; return Array.isArray(v) ? v : [v]; };
  }

  var FACETS = {};
  core.rules.facets.forEach(function (facet) { FACETS[facet.param] = facetValues(facet); });

  function selected(form) {
    var chosen = {};
    Object.keys(FACETS).forEach(function (name) {
      chosen[name] = Array.from(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
    });
    return chosen;
  }

  /* Within one filter any chosen value matches; across filters all must. */
  function passes(p, chosen, except) {
    return Object.keys(chosen).every(function (name) {
      if (name === except || !chosen[name].length) return true;
      var values = FACETS[name](p);
      return chosen[name].some(function (v) { return values.indexOf(v) >= 0; });
    });
  }

  /* The result table: a clone of the page's template table, one filled row per record. */
  function tableOf(root, catalog, rows) {
    var table = root.querySelector("#portal-policy-table").content.firstElementChild.cloneNode(true);
    var body = table.querySelector("tbody");
    var prototype = body.firstElementChild;
    body.removeChild(prototype);
    var departments = names(catalog, "department");
    var beneficiaries = names(catalog, "beneficiaries");
    var delivery = names(catalog, "delivery");
    rows.forEach(function (p) {
      var row = prototype.cloneNode(true);
      function slot(name) { return row.querySelector("[data-slot=" + name + "]"); }
      row.dataset.policy = p.id;
      slot("title").href = pagePath(p.url);
      slot("title").textContent = p.title;
      slot("summary").textContent = p.summary;
      slot("department").href = pagePath("catalog/departments/" + p.department + "/");
      slot("department").textContent = departments[p.department];
      slot("beneficiaries").textContent = p.beneficiaries.map(function (b) { return beneficiaries[b]; }).join("、");
      slot("delivery").textContent = delivery[p.delivery];
      slot("status").replaceChildren(badge(statusOf(p)));
      slot("year").textContent = p.year || "—";
      body.appendChild(row);
    });
    return table;
  }

  function setupFilters(root, catalog) {
    var form = root.querySelector("form");
    var status = root.querySelector("[data-finder-status]");
    var results = root.querySelector("[data-finder-results]");

    function fromUrl() {
      var params = new URL(location.href).searchParams;
      form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        input.checked = params.getAll(input.name).indexOf(input.value) >= 0;
      });
    }

    function toUrl(chosen) {
      var url = new URL(location.href);
      Object.keys(FACETS).forEach(function (name) { url.searchParams.delete(name); });
      Object.keys(chosen).forEach(function (name) {
        chosen[name].forEach(function (v) { url.searchParams.append(name, v); });
      });
      history.replaceState(null, "", url);
    }

    function render() {
      var chosen = selected(form);
      toUrl(chosen);
      var rows = catalog.policies.filter(function (p) { return passes(p, chosen); });
      form.querySelectorAll("[data-count-for]").forEach(function (span) {
        var parts = span.dataset.countFor.split(":");
        var n = catalog.policies.filter(function (p) {
          return passes(p, chosen, parts[0]) && FACETS[parts[0]](p).indexOf(parts[1]) >= 0;
        }).length;
        span.textContent = "(" + n + ")";
      });
      status.textContent = "符合条件的政策共 " + rows.length + " 条。";
      if (!rows.length) { results.innerHTML = '<p class="portal-empty">没有同时符合这些条件的政策，请减少筛选条件。</p>'; return; }
      results.replaceChildren(tableOf(root, catalog, rows));
    }

    fromUrl();
    form.addEventListener("change", render);
    form.addEventListener("reset", function () { setTimeout(render, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    render();
  }

  /* -- matcher -------------------------------------------------------------------------------- */

  function fitsRule(rule, profile) {
    if (rule.types && rule.types.indexOf(profile.type) < 0) return false;
    if (rule.sizes && rule.sizes.indexOf(profile.size) < 0) return false;
    if (rule.industries && rule.industries.indexOf(profile.industry) < 0) return false;
    if (rule.flags && !rule.flags.some(function (f) { return profile.flags.indexOf(f) >= 0; })) return false;
    return true;
  }

  function needsMet(catalog, p, needs) {
    return catalog.matcher.needs.filter(function (need) {
      return needs.indexOf(need.code) >= 0 && (
        need.categories.some(function (c) { return p.categories.indexOf(c) >= 0; }) ||
        need.support_type.some(function (s) { return p.support_type.indexOf(s) >= 0; }));
    });
  }

  function match(catalog, profile) {
    var beneficiaries = names(catalog, "beneficiaries");
    var industries = names(catalog, "industries");
    var out = [];
    catalog.policies.forEach(function (p) {
      var status = statusOf(p);
      if (!core.isApplicable(status)) return;
      var who = p.beneficiaries.filter(function (b) { return fitsRule(catalog.beneficiary_rules[b] || {}, profile); });
      if (!who.length) return;
      if (p.industries.length && profile.industry && p.industries.indexOf(profile.industry) < 0) return;
      var met = needsMet(catalog, p, profile.needs);
      if (profile.needs.length && !met.length) return;
      var reasons = ["适用对象包括“" + who.map(function (b) { return beneficiaries[b]; }).join("、") + "”，与您填写的情况相符"];
      if (p.industries.length) {
        reasons.push(profile.industry ? "限于" + p.industries.map(function (i) { return industries[i]; }).join("、") + "，与您的行业相符"
                                      : "限于" + p.industries.map(function (i) { return industries[i]; }).join("、") + "（您未选择行业，请核对）");
      }
      if (met.length) reasons.push("属于您需要的“" + met.map(function (n) { return n.name; }).join("、") + "”");
      out.push({ policy: p, status: status, reasons: reasons });
    });
    return out;
  }

  function profileOf(form) {
    var data = new FormData(form);
    return {
      type: data.get("type"), size: data.get("size"), industry: data.get("industry") || null,
      flags: data.getAll("flag"), needs: data.getAll("need")
    };
  }

  /* What a result's state means, in the build's words (macros/model/status.py MEANINGS). */
  function stateNote(code) {
    return '<p class="portal-match__state" data-status="' + escapeHtml(code) + '"><strong>' + escapeHtml(core.statusLabel(code)) +
      "</strong>：" + escapeHtml(core.rules.status.meanings[code]) + "。</p>";
  }

  /* The record's review flags (macros/legal/review.py), computed by the build into api/catalog.json. */
  function reviewNote(p) {
    if (!p.review_flags || !p.review_flags.length) return "";
    return '<p class="portal-match__review"><strong>' + escapeHtml(core.rules.review.flagged) + "</strong>：" +
      p.review_flags.map(escapeHtml).join("；") + "</p>";
  }

  function setupMatcher(root, catalog) {
    var form = root.querySelector("form");
    var status = root.querySelector("[data-finder-status]");
    var results = root.querySelector("[data-finder-results]");
    var support = names(catalog, "support_type");
    var departments = names(catalog, "department");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var found = match(catalog, profileOf(form));
      status.textContent = found.length ? "找到 " + found.length + " 条可能适用的政策（已排除" + excludedLabels().join("、") + "的政策）。"
                                        : "没有找到适用的政策。可以减少勾选的需求，或到政策目录中查看全部政策。";
      results.innerHTML = '<ol class="portal-matches">' + found.map(function (m) {
        var p = m.policy;
        var gets = p.amount ? p.amount : p.support_type.map(function (s) { return support[s]; }).join("、");
        var how = p.application.length ? p.application.join("；") : "来源未写明办理方式，请咨询" + (p.contact || departments[p.department]);
        return '<li class="portal-match" data-policy="' + escapeHtml(p.id) + '"><p class="portal-match__title">' + link(p) + " " + badge(m.status).outerHTML + "</p>" +
          stateNote(m.status) + reviewNote(p) +
          '<dl class="portal-facts"><dt>能得到什么</dt><dd>' + escapeHtml(gets) + "</dd><dt>怎么申请</dt><dd>" + escapeHtml(how) +
          '</dd><dt>为什么匹配</dt><dd><ul class="portal-reasons">' + m.reasons.map(function (r) { return "<li>" + escapeHtml(r) + "</li>"; }).join("") +
          "</ul></dd></dl></li>";
      }).join("") + "</ol>";
      /* Focus goes to the count (announced, and just above the first result), not to the list. */
      status.focus();
    });
    status.setAttribute("tabindex", "-1");
  }

  loadCatalog().then(function (catalog) {
    if (filterRoot) setupFilters(filterRoot, catalog);
    if (matcherRoot) setupMatcher(matcherRoot, catalog);
  }).catch(function () {
    document.querySelectorAll("[data-finder-status]").forEach(function (s) {
      s.textContent = "数据加载失败，请刷新页面，或使用政策目录的分类索引。";
    });
  });
})();
