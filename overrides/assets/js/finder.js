/* 石首市惠企政策门户: catalog filters and the policy matcher, over api/catalog.json.
 * Everything runs in the browser; nothing about the enterprise is sent anywhere.
 * Status is recomputed from each record's dates with today's date (window.portalStatus).
 */
(function () {
  "use strict";

  var filterRoot = document.querySelector("[data-portal-filter]");
  var matcherRoot = document.querySelector("[data-portal-matcher]");
  if (!filterRoot && !matcherRoot) return;

  var APPLICABLE = ["current", "expiring", "unverified"];
  var base = (function () {
    var script = document.querySelector("script[src*='assets/js/finder.js']");
    return new URL("../../", script ? script.src : location.href);
  })();

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function loadCatalog() {
    return fetch(new URL("api/catalog.json", base)).then(function (r) {
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
    return window.portalStatus.statusOf(window.portalStatus.today(), p.effective, p.expires, p.repealed);
  }

  function badge(catalog, code) {
    return '<span class="portal-status portal-status--' + code + '">' + escapeHtml(catalog.statuses[code]) + "</span>";
  }

  function link(p, extra) {
    return '<a href="' + escapeHtml(new URL(p.url, base).pathname) + '">' + escapeHtml(p.title) + "</a>" + (extra || "");
  }

  /* -- catalog filters ---------------------------------------------------------------------- */

  var FIELDS = {
    department: function (p) { return [p.department]; },
    category: function (p) { return p.categories; },
    beneficiary: function (p) { return p.beneficiaries; },
    delivery: function (p) { return [p.delivery]; },
    status: function (p) { return [statusOf(p)]; },
    year: function (p) { return [p.year ? String(p.year) : "unknown"]; }
  };

  function selected(form) {
    var chosen = {};
    Object.keys(FIELDS).forEach(function (name) {
      chosen[name] = Array.from(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
    });
    return chosen;
  }

  /* Within one filter any chosen value matches; across filters all must. */
  function passes(p, chosen, except) {
    return Object.keys(chosen).every(function (name) {
      if (name === except || !chosen[name].length) return true;
      var values = FIELDS[name](p);
      return chosen[name].some(function (v) { return values.indexOf(v) >= 0; });
    });
  }

  function setupFilters(root, catalog) {
    var form = root.querySelector("form");
    var status = root.querySelector("[data-finder-status]");
    var results = root.querySelector("[data-finder-results]");
    var departments = names(catalog, "department");
    var beneficiaries = names(catalog, "beneficiaries");
    var delivery = names(catalog, "delivery");

    function fromUrl() {
      var params = new URL(location.href).searchParams;
      form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        input.checked = params.getAll(input.name).indexOf(input.value) >= 0;
      });
    }

    function toUrl(chosen) {
      var url = new URL(location.href);
      Object.keys(FIELDS).forEach(function (name) { url.searchParams.delete(name); });
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
          return passes(p, chosen, parts[0]) && FIELDS[parts[0]](p).indexOf(parts[1]) >= 0;
        }).length;
        span.textContent = "(" + n + ")";
      });
      status.textContent = "符合条件的政策共 " + rows.length + " 条。";
      if (!rows.length) { results.innerHTML = '<p class="portal-empty">没有同时符合这些条件的政策，请减少筛选条件。</p>'; return; }
      results.innerHTML = '<div class="portal-table-wrap"><table class="portal-table"><thead><tr><th scope="col">政策</th><th scope="col">部门</th><th scope="col">适用对象</th><th scope="col">兑现方式</th><th scope="col">状态</th><th scope="col">年份</th></tr></thead><tbody>' +
        rows.map(function (p) {
          return '<tr data-policy="' + escapeHtml(p.id) + '"><td>' + link(p, '<div class="portal-summary">' + escapeHtml(p.summary) + "</div>") +
            "</td><td>" + escapeHtml(departments[p.department]) + "</td><td>" +
            escapeHtml(p.beneficiaries.map(function (b) { return beneficiaries[b]; }).join("、")) + "</td><td>" +
            escapeHtml(delivery[p.delivery]) + "</td><td>" + badge(catalog, statusOf(p)) + "</td><td>" + escapeHtml(p.year || "—") + "</td></tr>";
        }).join("") + "</tbody></table></div>";
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
      if (APPLICABLE.indexOf(status) < 0) return;
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
      if (status === "unverified") reasons.push("来源未给出施行日期，请向主管部门确认是否仍在执行");
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

  function setupMatcher(root, catalog) {
    var form = root.querySelector("form");
    var status = root.querySelector("[data-finder-status]");
    var results = root.querySelector("[data-finder-results]");
    var support = names(catalog, "support_type");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var found = match(catalog, profileOf(form));
      status.textContent = found.length ? "找到 " + found.length + " 条可能适用的政策（已排除失效、废止和尚未施行的政策）。"
                                        : "没有找到适用的政策。可以减少勾选的需求，或到政策目录中查看全部政策。";
      results.innerHTML = '<ol class="portal-matches">' + found.map(function (m) {
        var p = m.policy;
        var gets = p.amount ? p.amount : p.support_type.map(function (s) { return support[s]; }).join("、");
        var how = p.steps.length ? p.steps.join("；") : "来源未写明办理方式，请咨询" + p.contact;
        return '<li class="portal-match" data-policy="' + escapeHtml(p.id) + '"><p class="portal-match__title">' + link(p) + " " + badge(catalog, m.status) + "</p>" +
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
