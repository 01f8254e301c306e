/* 石首市惠企政策门户: full-text search over the sharded index in search-index/ (macros/search.py).
 *
 * A query is split into runs (Chinese characters, or Latin letters and digits). A Chinese run is
 * matched against the terms that are actually in the index: when the run is an indexed term it is
 * taken whole (留抵退税, 第三十二条); otherwise a document matches if it has every piece of some
 * split of the run into indexed terms (申请条件 -> 申请 and 条件). Every run of the query must match (AND). Only the shards of the
 * characters in the query are downloaded, and only the document chunks of the results shown.
 */
(function () {
  "use strict";

  var WORD = /[0-9a-z]+|[\u3400-\u9fff]+/g;
  var MAX_RUN = 24;
  var PAGE = 20;
  var root = document.querySelector("[data-portal-search]");
  var base = window.portalCore.base;
  var manifest = null;
  var shards = {};
  var docChunks = {};

  function fetchJson(path) {
    return fetch(new URL(path, base)).then(function (response) {
      if (!response.ok) throw new Error(path + " " + response.status);
      return response.json();
    });
  }

  function loadManifest() {
    if (!manifest) manifest = fetchJson("search-index/manifest.json");
    return manifest;
  }

  function shardOf(term, count) { return term.codePointAt(0) % count; }

  function loadShard(number, m) {
    if (!shards[number]) shards[number] = fetchJson("search-index/shard-" + number + ".json?v=" + m.version);
    return shards[number];
  }

  function loadDocs(chunk, m) {
    if (!docChunks[chunk]) docChunks[chunk] = fetchJson("search-index/docs-" + chunk + ".json?v=" + m.version);
    return docChunks[chunk];
  }

  function runsOf(query) {
    return (query.toLowerCase().match(WORD) || []).map(function (run) {
      return /^[0-9a-z]/.test(run) ? run : run.slice(0, MAX_RUN);
    });
  }

  /* postings: "term" -> [delta, weight, delta, weight ...] -> Map(doc -> weight) */
  function decode(flat) {
    var map = new Map(), doc = 0;
    for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; map.set(doc, flat[i + 1]); }
    return map;
  }

  function union(a, b) {
    if (!a) return b;
    if (!b) return a;
    var out = new Map(a);
    b.forEach(function (w, d) { out.set(d, Math.max(out.get(d) || 0, w)); });
    return out;
  }

  function intersect(a, b) {
    if (!a || !b) return null;
    var out = new Map();
    a.forEach(function (w, d) { if (b.has(d)) out.set(d, w + b.get(d)); });
    return out;
  }

  /* Documents matching a Chinese run; null when no split of it is in the index. */
  function matchRun(run, lookup, used) {
    var memo = {};
    function span(i, j, allowSingle) {
      var key = i + ":" + j + ":" + allowSingle;
      if (key in memo) return memo[key];
      var whole = lookup(run.slice(i, j));
      if (whole) {
        /* An indexed term is taken whole: 第三十二条 must not match 第二十二条 through its pieces. */
        used.add(run.slice(i, j));
        memo[key] = whole;
        return whole;
      }
      var result = null;
      for (var k = i + 1; k < j; k++) {
        if (!allowSingle && (k - i < 2 || j - k < 2)) continue;
        var left = span(i, k, allowSingle);
        if (!left) continue;
        var right = span(k, j, allowSingle);
        if (right) result = union(result, intersect(left, right));
      }
      memo[key] = result;
      return result;
    }
    if (run.length === 1) return lookup(run);
    return span(0, run.length, false) || span(0, run.length, true);
  }

  function search(query) {
    var runs = runsOf(query);
    if (!runs.length) return Promise.resolve({ runs: [], hits: [], terms: [] });
    return loadManifest().then(function (m) {
      var needed = new Set();
      runs.forEach(function (run) {
        for (var ch of run) needed.add(shardOf(ch, m.shards));
      });
      var numbers = Array.from(needed);
      return Promise.all(numbers.map(function (n) { return loadShard(n, m); })).then(function (loaded) {
        var byNumber = {};
        numbers.forEach(function (n, i) { byNumber[n] = loaded[i]; });
        var cache = {};
        function lookup(term) {
          if (term in cache) return cache[term];
          var flat = (byNumber[shardOf(term, m.shards)] || {})[term];
          cache[term] = flat ? decode(flat) : null;
          return cache[term];
        }
        var used = new Set();
        var result;
        for (var i = 0; i < runs.length; i++) {
          var docs = /^[0-9a-z]/.test(runs[i]) ? lookup(runs[i]) : matchRun(runs[i], lookup, used);
          if (docs && /^[0-9a-z]/.test(runs[i])) used.add(runs[i]);
          result = i === 0 ? docs : intersect(result, docs);
          if (!result) break;
        }
        var hits = result ? Array.from(result.entries()).sort(function (a, b) {
          return b[1] - a[1] || a[0] - b[0];
        }) : [];
        return { runs: runs, hits: hits, terms: Array.from(used).concat(runs), manifest: m };
      });
    });
  }

  function describe(hits, manifest, from, to) {
    var slice = hits.slice(from, to);
    var chunks = new Set(slice.map(function (h) { return Math.floor(h[0] / manifest.doc_chunk); }));
    return Promise.all(Array.from(chunks).map(function (c) {
      return loadDocs(c, manifest).then(function (docs) { return [c, docs]; });
    })).then(function (pairs) {
      var byChunk = {};
      pairs.forEach(function (p) { byChunk[p[0]] = p[1]; });
      return slice.map(function (h) {
        var d = byChunk[Math.floor(h[0] / manifest.doc_chunk)][h[0] % manifest.doc_chunk];
        return { url: d[0], title: d[1], kind: d[2], excerpt: d[3], score: h[1] };
      });
    });
  }

  /* -- rendering -------------------------------------------------------------------------- */

  var escapeHtml = window.portalCore.escapeHtml;

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function highlighter(terms) {
    var sorted = terms.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!sorted.length) return function (text) { return escapeHtml(text); };
    var pattern = new RegExp("(" + sorted.map(escapeRegExp).join("|") + ")", "gi");
    return function (text) {
      return text.split(pattern).map(function (part, i) {
        return i % 2 ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
      }).join("");
    };
  }

  function excerptAround(text, terms) {
    var first = -1;
    terms.forEach(function (t) {
      var at = text.toLowerCase().indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 30);
    return (start > 0 ? "…" : "") + text.slice(start, start + 120) + (text.length > start + 120 ? "…" : "");
  }

  function resultUrl(url, runs) {
    var parts = url.split("#");
    var target = new URL(parts[0], base);
    target.searchParams.set("h", runs.join(" "));
    return target.pathname + target.search + (parts[1] ? "#" + parts[1] : "");
  }

  function renderResults(items, runs, terms, list) {
    var mark = highlighter(terms);
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "portal-result";
      li.innerHTML =
        '<span class="portal-result__kind">' + escapeHtml(item.kind) + "</span> " +
        '<a class="portal-result__title" href="' + escapeHtml(resultUrl(item.url, runs)) + '">' + mark(item.title) + "</a>" +
        '<p class="portal-result__excerpt">' + mark(excerptAround(item.excerpt, terms)) + "</p>";
      list.appendChild(li);
    });
  }

  function setupSearchPage(rootEl) {
    var form = rootEl.querySelector("form");
    var input = rootEl.querySelector("input[name=q]");
    var status = rootEl.querySelector("[data-search-status]");
    var list = rootEl.querySelector("[data-search-results]");
    var more = rootEl.querySelector("[data-search-more]");
    var current = 0;
    var state = null;
    var timer = null;

    function run(query, push) {
      var token = ++current;
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history[push ? "pushState" : "replaceState"](null, "", url);
      list.innerHTML = "";
      more.hidden = true;
      if (!query.trim()) { status.textContent = "请输入要查找的词，例如：留抵退税、小微企业、第三十二条。"; return; }
      status.textContent = "正在搜索…";
      search(query).then(function (found) {
        if (token !== current) return;
        state = { found: found, shown: 0 };
        if (!found.hits.length) {
          status.textContent = "没有找到同时包含“" + found.runs.join("”“") + "”的内容。请减少关键词，或换一种说法。";
          return;
        }
        return showMore(token).then(function () {
          /* The count is announced once the first results are on the page. */
          if (token !== current) return;
          status.textContent = "找到 " + found.hits.length + " 条结果" + (found.runs.length > 1 ? "（同时包含：" + found.runs.join("、") + "）" : "") + "。";
        });
      }).catch(function () {
        if (token === current) status.textContent = "搜索暂时不可用，请稍后再试，或通过政策目录查找。";
      });
    }

    function showMore(token) {
      var found = state.found;
      return describe(found.hits, found.manifest, state.shown, state.shown + PAGE).then(function (items) {
        if (token !== current) return;
        renderResults(items, found.runs, found.terms, list);
        state.shown += items.length;
        more.hidden = state.shown >= found.hits.length;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value, true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, false); }, 200);
    });
    more.addEventListener("click", function () { showMore(current); });
    window.addEventListener("popstate", function () {
      input.value = new URL(location.href).searchParams.get("q") || "";
      run(input.value, false);
    });
    input.value = new URL(location.href).searchParams.get("q") || "";
    run(input.value, false);
  }

  /* On a page reached from a result (?h=...), mark the words searched for. */
  function highlightPage() {
    var words = (new URL(location.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean);
    var content = document.querySelector(".md-content");
    if (!words.length || !content) return;
    var pattern = new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "gi");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (pattern.test(walker.currentNode.nodeValue)) nodes.push(walker.currentNode);
      pattern.lastIndex = 0;
    }
    nodes.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.nodeValue.split(pattern).forEach(function (part, i) {
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.className = "portal-hit";
          mark.textContent = part;
          fragment.appendChild(mark);
        } else if (part) {
          fragment.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  window.portalSearch = { search: search, describe: describe };
  if (root) setupSearchPage(root);
  highlightPage();
})();
