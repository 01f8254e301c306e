/* 石首市惠企政策门户: full-text search over the sharded index in search-index/ (macros/search/).
 *
 * Query understanding, in one place (interpret), driven by what the build ships in manifest.json:
 * the query is normalised (NFKC: full-width letters, digits and the ideographic space become
 * ASCII; lower case) and split into runs at spaces and punctuation (the manifest's word pattern).
 * A Chinese run is split into the fewest known words: terms actually in the index, synonyms
 * (data/search/synonyms.yml) and stop words (data/search/stopwords.yml), so 第三十二条 and
 * 留抵退税 stay whole and a stop word inside an indexed term (规模以上) is not cut out. Stop
 * words are dropped; each other word is a concept. A concept matches a document if any word of
 * its synonym group occurs there; a one-character word (税) matches by the character's own
 * postings. Every concept is required (AND). A word that finds nothing is not allowed to empty
 * the result: it is dropped and named ("已忽略：…").
 *
 * Ranking (the ranks come from the build, manifest.order): provisions in force first, then the
 * number of query words in the title, then provisions before law articles before other pages;
 * every result says why it matched ("标题含‘留抵退税’"). When nothing is found, each word's
 * leave-one-out count and the closest departments and categories are offered as links.
 * Only the shards of the characters in the query are downloaded, and only the document chunks of
 * the results shown.
 */
(function () {
  "use strict";

  var PAGE = 20;
  var MAX_QUERY = 200; /* characters of a query that are read: a pasted paragraph is cut here */
  var SUGGESTIONS = 3; /* closest departments and categories offered when nothing is found */
  var FEW = 5; /* fewer results than this: also offer the query with one word less, if that finds more */
  var root = document.querySelector("[data-portal-search]");
  var base = window.portalCore.base;
  var manifest = null;
  var shards = {};
  var charShards = {};
  var docChunks = {};
  var facets = null;

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

  function loadCharShard(number, m) {
    if (!charShards[number]) charShards[number] = fetchJson("search-index/chars-" + number + ".json?v=" + m.version);
    return charShards[number];
  }

  function loadDocs(chunk, m) {
    if (!docChunks[chunk]) docChunks[chunk] = fetchJson("search-index/docs-" + chunk + ".json?v=" + m.version);
    return docChunks[chunk];
  }

  function loadFacets(m) {
    if (!facets) facets = fetchJson("search-index/facets.json?v=" + m.version);
    return facets;
  }

  /* numbers -> { number: shard } */
  function loadAll(numbers, loader, m) {
    var list = Array.from(numbers);
    return Promise.all(list.map(function (n) { return loader(n, m); })).then(function (loaded) {
      var byNumber = {};
      list.forEach(function (n, i) { byNumber[n] = loaded[i]; });
      return byNumber;
    });
  }

  function has(table, key) { return !!table && Object.prototype.hasOwnProperty.call(table, key); }

  function unique(list) { return Array.from(new Set(list)); }

  /* -- query understanding: the one implementation ------------------------------------------ */

  /* The manifest's stop words and synonyms in the shapes the query side needs. */
  function vocabularyOf(m) {
    if (!m.vocabulary) {
      var groups = new Map();
      m.synonyms.forEach(function (group) { group.forEach(function (word) { groups.set(word, group); }); });
      var longest = m.stop_terms.concat(Array.from(groups.keys())).reduce(function (most, word) {
        return Math.max(most, word.length);
      }, m.max_term);
      m.vocabulary = {
        stop: new Set(m.stop_terms), groups: groups, synonyms: Array.from(groups.keys()),
        pattern: new RegExp(m.word_pattern, "g"), longest: longest
      };
    }
    return m.vocabulary;
  }

  function isLatin(word) { return /^[0-9a-z]/.test(word); }

  /* A Chinese character alone is matched by the character's own postings (chars-<n>.json). */
  function isCharacter(word) { return word.length === 1 && !isLatin(word); }

  /* NFKC turns full-width letters, digits and the ideographic space into ASCII; the manifest's
     word pattern then splits at every space and punctuation mark (，。？！、；：“”《》 and ASCII). */
  function runsOf(query, vocabulary) {
    return query.normalize("NFKC").toLowerCase().slice(0, MAX_QUERY).match(vocabulary.pattern) || [];
  }

  /* The fewest known words (of two or more characters) and single characters that make up a run;
     on a tie, the fewest single characters. */
  function segment(run, known, longest) {
    var n = run.length;
    var best = [];
    best[n] = { pieces: 0, singles: 0, next: n };
    for (var i = n - 1; i >= 0; i--) {
      var choice = { pieces: best[i + 1].pieces + 1, singles: best[i + 1].singles + 1, next: i + 1 };
      for (var j = Math.min(n, i + longest); j >= i + 2; j--) {
        if (!known(run.slice(i, j))) continue;
        var rest = best[j];
        if (rest.pieces + 1 < choice.pieces || (rest.pieces + 1 === choice.pieces && rest.singles < choice.singles)) {
          choice = { pieces: rest.pieces + 1, singles: rest.singles, next: j };
        }
      }
      best[i] = choice;
    }
    var words = [];
    for (var k = 0; k < n; k = best[k].next) words.push(run.slice(k, best[k].next));
    return words;
  }

  /* query -> { concepts: [{ label, words }], dropped: [word] }. isTerm(word) says whether a word
     of two or more characters, or a Latin run, is in the index. An indexed term with a synonym
     inside is split around it (研发费用 -> 研发 + 费用), so the synonym's group applies. Characters
     that no known word covers are one word: alone (税) it is a concept, together (火箭) a word the
     index lacks. */
  function interpret(query, m, isTerm) {
    var v = vocabularyOf(m);
    var concepts = [], dropped = [], seen = new Set();
    function holdsSynonym(word) {
      return v.synonyms.some(function (synonym) { return synonym !== word && word.indexOf(synonym) >= 0; });
    }
    function known(word) { return v.stop.has(word) || v.groups.has(word) || (isTerm(word) && !holdsSynonym(word)); }
    function add(word) {
      var words = v.groups.get(word) || [word];
      var key = words.join(" ");
      if (seen.has(key)) return;
      seen.add(key);
      concepts.push({ label: word, words: words });
    }
    function leftover(text) {
      if (text.length === 1) add(text);
      else if (text) dropped.push(text);
    }
    runsOf(query, v).forEach(function (run) {
      if (isLatin(run)) { add(run); return; }
      var rest = "";
      segment(run, known, v.longest).forEach(function (word) {
        if (word.length === 1 && !v.stop.has(word)) { rest += word; return; }
        leftover(rest);
        rest = "";
        if (v.stop.has(word)) dropped.push(word); else add(word);
      });
      leftover(rest);
    });
    return { concepts: concepts, dropped: dropped };
  }

  /* -- matching and ranking ----------------------------------------------------------------- */

  /* Calls visit(doc, weight) for each document of a word. Term postings are [gap, weight, ...];
     character postings one signed gap per document (from -1), negative when in the title. */
  function eachPosting(word, tables, m, visit) {
    var i, doc;
    if (!isCharacter(word)) {
      var pairs = (tables.terms[shardOf(word, m.shards)] || {})[word];
      if (!Array.isArray(pairs)) return;
      for (i = 0, doc = 0; i < pairs.length; i += 2) { doc += pairs[i]; visit(doc, pairs[i + 1]); }
      return;
    }
    var gaps = (tables.chars[shardOf(word, m.char_shards)] || {})[word];
    if (!Array.isArray(gaps)) return;
    for (i = 0, doc = -1; i < gaps.length; i++) {
      doc += Math.abs(gaps[i]);
      visit(doc, gaps[i] < 0 ? m.title_weight + 1 : 1);
    }
  }

  /* doc -> { word, weight }: the best-matching word of the concept's synonym group in each document. */
  function conceptDocs(concept, tables, m) {
    var docs = new Map();
    concept.words.forEach(function (word) {
      eachPosting(word, tables, m, function (doc, weight) {
        var seen = docs.get(doc);
        if (!seen || weight > seen.weight) docs.set(doc, { word: word, weight: weight });
      });
    });
    return docs;
  }

  /* Documents present in every map. */
  function inAll(maps) {
    if (!maps.length) return [];
    var smallest = maps.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    var out = [];
    smallest.forEach(function (_, doc) {
      if (maps.every(function (map) { return map.has(doc); })) out.push(doc);
    });
    return out;
  }

  /* manifest.order holds one digit per document from the build: 3 × status tier + kind. */
  function rank(docs, concepts, m) {
    var hits = docs.map(function (doc) {
      var matches = concepts.map(function (c) { return c.docs.get(doc); });
      var order = Number(m.order.charAt(doc));
      return {
        doc: doc, matches: matches, status: Math.floor(order / 3), kind: order % 3,
        inTitle: matches.filter(function (x) { return x.weight >= m.title_weight; }).length,
        weight: matches.reduce(function (sum, x) { return sum + x.weight; }, 0)
      };
    });
    return hits.sort(function (a, b) {
      return a.status - b.status || b.inTitle - a.inTitle || a.kind - b.kind || b.weight - a.weight || a.doc - b.doc;
    });
  }

  function match(parsed, tables, m) {
    var concepts = [], dropped = parsed.dropped.slice();
    parsed.concepts.forEach(function (concept) {
      var docs = conceptDocs(concept, tables, m);
      if (docs.size) concepts.push({ label: concept.label, words: concept.words, docs: docs });
      else dropped.push(concept.label); /* in no document at all: named, never an empty result */
    });
    var hits = rank(inAll(concepts.map(function (c) { return c.docs; })), concepts, m);
    return { concepts: concepts, dropped: unique(dropped), hits: hits, manifest: m };
  }

  function search(query) {
    return loadManifest().then(function (m) {
      var runs = runsOf(query, vocabularyOf(m));
      var starts = new Set(); /* a word may start at any character of a Chinese run */
      runs.forEach(function (run) {
        if (isLatin(run)) { starts.add(shardOf(run, m.shards)); return; }
        for (var ch of run) starts.add(shardOf(ch, m.shards));
      });
      return loadAll(starts, loadShard, m).then(function (terms) {
        var parsed = interpret(query, m, function (word) { return has(terms[shardOf(word, m.shards)], word); });
        var termShards = new Set(), characterShards = new Set(); /* synonyms may start elsewhere */
        parsed.concepts.forEach(function (concept) {
          concept.words.forEach(function (word) {
            if (isCharacter(word)) characterShards.add(shardOf(word, m.char_shards));
            else termShards.add(shardOf(word, m.shards));
          });
        });
        return Promise.all([loadAll(termShards, loadShard, m), loadAll(characterShards, loadCharShard, m)]).then(function (loaded) {
          return match(parsed, { terms: loaded[0], chars: loaded[1] }, m);
        });
      });
    });
  }

  /* The query without the concepts at ``skip``: its words, and how many documents it finds. */
  function without(found, skip) {
    var rest = found.concepts.filter(function (_, i) { return skip.indexOf(i) < 0; });
    return {
      labels: skip.map(function (i) { return found.concepts[i].label; }),
      count: inAll(rest.map(function (c) { return c.docs; })).length,
      query: rest.map(function (c) { return c.label; }).join(" ")
    };
  }

  /* The concepts the documents closest to the query lack (those matching the most concepts;
     among them, the most common set of missing concepts). */
  function missingFromClosest(found) {
    var matched = new Map();
    found.concepts.forEach(function (concept, i) {
      concept.docs.forEach(function (_, doc) { matched.set(doc, (matched.get(doc) || []).concat(i)); });
    });
    var most = 0, sets = new Map();
    matched.forEach(function (indexes) { most = Math.max(most, indexes.length); });
    matched.forEach(function (indexes) {
      if (indexes.length !== most) return;
      var missing = found.concepts.map(function (_, i) { return i; }).filter(function (i) { return indexes.indexOf(i) < 0; });
      var key = missing.join(",");
      sets.set(key, { missing: missing, docs: (sets.has(key) ? sets.get(key).docs : 0) + 1 });
    });
    return Array.from(sets.values()).sort(function (a, b) { return b.docs - a.docs; })[0].missing;
  }

  /* No dead end: what the query finds without each of its words (去掉‘X’后有 N 条), when that finds
     more; if no single word is to blame, without the words the closest documents lack. */
  function fewerWords(found) {
    if (found.concepts.length < 2) return [];
    var options = found.concepts.map(function (_, i) { return without(found, [i]); }).filter(function (option) {
      return option.count > found.hits.length;
    });
    return options.length || found.hits.length ? options : [without(found, missingFromClosest(found))];
  }

  /* Departments and categories (facets.json, from the build) whose provisions have the most
     words of the query, then the most provisions with any of them. */
  function closestFacets(found) {
    return loadFacets(found.manifest).then(function (list) {
      return list.map(function (facet) {
        var values = facet.values.map(function (value) {
          var words = found.concepts.filter(function (c) {
            return value.docs.some(function (doc) { return c.docs.has(doc); });
          }).length;
          var docs = value.docs.filter(function (doc) {
            return found.concepts.some(function (c) { return c.docs.has(doc); });
          }).length;
          return { name: value.name, url: value.url, words: words, docs: docs };
        }).filter(function (value) { return value.docs > 0; }).sort(function (a, b) {
          return b.words - a.words || b.docs - a.docs;
        });
        return { label: facet.label, url: facet.url, values: values.slice(0, SUGGESTIONS) };
      });
    });
  }

  function describe(hits, manifest, from, to) {
    var slice = hits.slice(from, to);
    var chunks = new Set(slice.map(function (h) { return Math.floor(h.doc / manifest.doc_chunk); }));
    return Promise.all(Array.from(chunks).map(function (c) {
      return loadDocs(c, manifest).then(function (docs) { return [c, docs]; });
    })).then(function (pairs) {
      var byChunk = {};
      pairs.forEach(function (p) { byChunk[p[0]] = p[1]; });
      return slice.map(function (h) {
        var d = byChunk[Math.floor(h.doc / manifest.doc_chunk)][h.doc % manifest.doc_chunk];
        return { url: d[0], title: d[1], kind: d[2], excerpt: d[3], note: d[4], hit: h };
      });
    });
  }

  /* -- rendering -------------------------------------------------------------------------- */

  var escapeHtml = window.portalCore.escapeHtml;

  var escapeRegExp = window.portalCore.escapeRegExp;

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

  function resultUrl(url, words) {
    var parts = url.split("#");
    var target = new URL(parts[0], base);
    target.searchParams.set("h", words.join(" "));
    return target.pathname + target.search + (parts[1] ? "#" + parts[1] : "");
  }

  function searchUrl(query) {
    var target = new URL(location.href);
    target.searchParams.set("q", query);
    return target.pathname + target.search;
  }

  function quoted(word) { return "‘" + word + "’"; }

  /* Why a result matched and where it ranks: 标题含‘留抵退税’；正文含‘研究开发’（‘研发’的同义词）. */
  function reasonOf(item, concepts, titleWeight) {
    var parts = item.hit.matches.map(function (match, i) {
      var text = (match.weight >= titleWeight ? "标题含" : "正文含") + quoted(match.word);
      return match.word === concepts[i].label ? text : text + "（" + quoted(concepts[i].label) + "的同义词）";
    });
    if (item.note) parts.push(item.note + "，排在有效的政策之后");
    return parts.join("；");
  }

  function renderResults(items, found, list) {
    items.forEach(function (item) {
      var words = item.hit.matches.map(function (match) { return match.word; });
      var mark = highlighter(words);
      var li = document.createElement("li");
      li.className = "portal-result";
      li.innerHTML =
        '<span class="portal-result__kind">' + escapeHtml(item.kind) + "</span> " +
        '<a class="portal-result__title" href="' + escapeHtml(resultUrl(item.url, words)) + '">' + mark(item.title) + "</a>" +
        '<p class="portal-result__why">' + escapeHtml(reasonOf(item, found.concepts, found.manifest.title_weight)) + "</p>" +
        '<p class="portal-result__excerpt">' + mark(excerptAround(item.excerpt, words)) + "</p>";
      list.appendChild(li);
    });
  }

  function conceptLabel(concept) {
    var others = concept.words.filter(function (word) { return word !== concept.label; });
    return others.length ? concept.label + "（或" + others.join("、") + "）" : concept.label;
  }

  function statusText(found) {
    var ignored = found.dropped.length ? "已忽略：" + found.dropped.join("、") + "。" : "";
    var words = found.concepts.map(conceptLabel);
    if (!words.length) return "没有找到：查询中没有网站内容里出现的词。" + ignored + "请换一种说法，或按分类查找。";
    if (!found.hits.length) return "没有找到同时包含“" + words.join("”“") + "”的内容。" + ignored;
    var which = words.length > 1 ? "（同时包含：" + words.join("、") + "）" : (words[0] !== found.concepts[0].label ? "（" + words[0] + "）" : "");
    return "找到 " + found.hits.length + " 条结果" + which + "。" + ignored;
  }

  function fewerWordsHtml(found, intro) {
    var options = fewerWords(found);
    if (!options.length) return "";
    return "<p>" + intro + "</p><ul>" + options.map(function (option) {
      return '<li><a href="' + escapeHtml(searchUrl(option.query)) + '">去掉' + escapeHtml(option.labels.map(quoted).join("")) +
        "后有 " + option.count + " 条</a></li>";
    }).join("") + "</ul>";
  }

  /* Nothing found: fewer words, and the closest departments and categories (from the build). */
  function deadEndHtml(found) {
    return closestFacets(found).then(function (groups) {
      var linked = groups.filter(function (group) { return group.values.length; });
      var items = linked.length ? linked.map(function (group) {
        return group.values.map(function (value) {
          return "<li>" + escapeHtml(group.label) + '：<a href="' + escapeHtml(new URL(value.url, base).pathname) + '">' +
            escapeHtml(value.name) + "</a>（其中 " + value.docs + " 条政策含部分查找词）</li>";
        }).join("");
      }) : groups.map(function (group) {
        return '<li><a href="' + escapeHtml(new URL(group.url, base).pathname) + '">' + escapeHtml(group.label) + "查找</a></li>";
      });
      return fewerWordsHtml(found, "少用几个词试试：") +
        "<p>" + (linked.length ? "或者到最接近的分类中查找：" : "或者按分类查找：") + "</p><ul>" + items.join("") + "</ul>";
    });
  }

  /* The search page. A query runs after a pause in typing (200 ms) and on Enter; a query that is
   * already shown, or on its way, is not run again, so Enter after typing changes nothing on the
   * page. Typing never moves the focus; Enter, or arriving with ?q= (the header's search box),
   * puts it on the result count once it is known. Results (and the suggestions that go with
   * them) replace the previous ones in one step, into space reserved for them (portal.css), so
   * the page does not shift as they arrive. */
  function setupSearchPage(rootEl) {
    var form = rootEl.querySelector("form");
    var input = rootEl.querySelector("input[name=q]");
    var status = rootEl.querySelector("[data-search-status]");
    var list = rootEl.querySelector("[data-search-results]");
    var more = rootEl.querySelector("[data-search-more]");
    var help = rootEl.querySelector("[data-search-help]");
    var current = 0;
    var state = null;
    var timer = null;
    var shownQuery = null;
    var pending = false;
    var focusWhenDone = false;

    status.setAttribute("tabindex", "-1");

    /* Only if the reader is still at the search form (or nowhere yet): never pull focus back. */
    function focusCount() {
      var active = document.activeElement;
      if (!active || active === document.body || form.contains(active)) status.focus();
    }

    function finish(token) {
      if (token !== current) return;
      pending = false;
      if (focusWhenDone) focusCount();
      focusWhenDone = false;
    }

    function showHelp(html) {
      help.innerHTML = html;
      help.hidden = !html;
    }

    function run(query, push, focus) {
      clearTimeout(timer);
      if (query === shownQuery) {
        if (focus && pending) focusWhenDone = true;
        else if (focus) focusCount();
        return;
      }
      var token = ++current;
      shownQuery = query;
      pending = true;
      focusWhenDone = Boolean(focus);
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history[push ? "pushState" : "replaceState"](null, "", url);
      more.hidden = true;
      if (!query.trim()) {
        list.replaceChildren();
        showHelp("");
        status.textContent = "请输入要查找的词，例如：留抵退税、小微企业、第三十二条。";
        finish(token);
        return;
      }
      status.textContent = "正在搜索…";
      search(query).then(function (found) {
        if (token !== current) return;
        state = { found: found, shown: 0 };
        if (!found.hits.length) {
          return deadEndHtml(found).then(function (html) {
            if (token !== current) return;
            list.replaceChildren();
            showHelp(html);
            status.textContent = statusText(found); /* announced once the suggestions are on the page */
            finish(token);
          });
        }
        var fewer = found.hits.length < FEW ? fewerWordsHtml(found, "结果较少，少用一个词试试：") : "";
        return showMore(token, fewer).then(function () {
          /* The count is announced once the first results are on the page. */
          if (token !== current) return;
          status.textContent = statusText(found);
          finish(token);
        });
      }).catch(function () {
        if (token !== current) return;
        status.textContent = "搜索暂时不可用，请稍后再试，或通过政策目录查找。";
        shownQuery = null;  /* a later Enter tries again */
        finish(token);
      });
    }

    /* The first page of results (with its suggestions: a string, even if empty) replaces what was
       shown; "more" appends the next page and moves the focus to its first result (the button it
       was on moves down). */
    function showMore(token, firstPageHelp) {
      var first = typeof firstPageHelp === "string";
      var found = state.found;
      return describe(found.hits, found.manifest, state.shown, state.shown + PAGE).then(function (items) {
        if (token !== current) return;
        var page = document.createDocumentFragment();
        renderResults(items, found, page);
        var firstLink = page.querySelector("a");
        if (first) {
          showHelp(firstPageHelp);
          list.replaceChildren(page);
        } else {
          list.appendChild(page);
        }
        state.shown += items.length;
        more.hidden = state.shown >= found.hits.length;
        if (!first && firstLink) firstLink.focus();
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(input.value, true, true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, false, false); }, 200);
    });
    more.addEventListener("click", function () { showMore(current); });
    window.addEventListener("popstate", function () {
      input.value = new URL(location.href).searchParams.get("q") || "";
      run(input.value, false, false);
    });
    input.value = new URL(location.href).searchParams.get("q") || "";
    run(input.value, false, Boolean(input.value.trim()));
  }

  window.portalSearch = { search: search, describe: describe, interpret: interpret };
  if (root) setupSearchPage(root);
})();
