"""The real site, our search against Pagefind (extended build, which segments Chinese).

The same project is built once with ``mkdocs build``; Pagefind then indexes the built HTML (the
article content, ``.md-content__inner``) into ``site/pagefind/``. In headless Debian Chromium, each
query runs on a cold page (REPEATS times, median time) for each engine through its own JavaScript API
(ours: search + describe of the search page's own module, lib/search-index.js, imported on the search page;
Pagefind: pagefind.search + data() on a blank page of the same site).

Ground truth per query comes from the records (``record_documents``): a document matches if, for
every word the query keeps, some word of its synonym group occurs in its title or text. Both
engines are scored at page level over the record pages (policies, the law, the measures, the
report): law articles count as their law's page, because Pagefind returns pages (it splits results
only at headings, and articles are not headings). Bytes before the first result are the search
files each engine fetched until the first result's title and excerpt were available (ours: the
index files and the search page's modules; Pagefind: everything under pagefind/), raw and gzip-compressed.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.browser import chinese_chromium  # noqa: E402
from harness.servers import static_site  # noqa: E402
from macros.load.portal import load_portal  # noqa: E402
from macros.search.documents import record_documents  # noqa: E402

LONG_SENTENCE = "请问我们是小微企业，想了解一下增值税留抵退税怎么办理，有什么条件，向哪个部门咨询？"
# query -> the words it keeps (each widened by its synonym group); the same reading as search.js
QUERIES = {
    "留抵退税": ["留抵退税"],
    "小微企业 留抵退税": ["小微企业", "留抵退税"],
    "加计扣除": ["加计扣除"],
    "担保费": ["担保费"],
    "第三十二条": ["第三十二条"],
    "企业的奖励": ["企业", "奖励"],
    "怎么申请留抵退税": ["留抵退税"],
    "小微企业的退税": ["小微企业", "退税"],
    "有哪些社保减免": ["社保", "减免"],
    "研究开发费用": ["研究开发", "费用"],
    "进规奖励": ["进规", "奖励"],
    "税": ["税"],
    "贷": ["贷"],
    LONG_SENTENCE: ["小微企业", "增值税", "留抵退税", "条件", "部门", "咨询"],
    "留抵退税 担保费": ["留抵退税", "担保费"],
}
PAGEFIND_ARGS = ["--root-selector", ".md-content__inner", "--exclude-selectors", ".portal-print-link", "--quiet"]
REPEATS = 3  # each query runs this many times on a cold page per engine; the median time is kept

OURS = """async ([query, module, root]) => {
  const { searchIndex } = await import(module);  // already loaded by the page: no request
  const index = searchIndex((path) => fetch(new URL(path, root)).then((response) => response.json()));
  const start = performance.now();
  const found = await index.search(query);
  if (found.hits.length) await index.describe(found.hits, found.manifest, 0, 1);
  const ms = performance.now() - start;
  window.benchFound = { index, found };
  return ms;
}"""
OURS_ALL = """async () => {
  const { index, found } = window.benchFound;
  return (await index.describe(found.hits, found.manifest, 0, found.hits.length)).map(item => item.url);
}"""
SCRIPTS = "assets/javascripts"
IMPORTED = re.compile(r"""from\s*["'](\.{1,2}/[^"']+\.js)["']""")
PAGEFIND = """async (query) => {
  const start = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  if (search.results.length) await search.results[0].data();
  const ms = performance.now() - start;
  window.benchFound = search.results;
  return ms;
}"""
PAGEFIND_ALL = """async () =>
    (await Promise.all(window.benchFound.map(result => result.data()))).map(data => data.url)"""


def truth(portal) -> tuple[dict[str, set[str]], set[str]]:
    """Per query, the record pages that must be found; and every record page."""
    docs = record_documents(portal)

    def group(word):
        return next((list(g) for g in portal.search.synonyms if word in g), [word])

    def matches(doc, words):
        text = (doc.title + "\n" + doc.text).lower()
        return all(any(w in text for w in group(word)) for word in words)

    pages = {d.url.split("#")[0] for d in docs}
    return {q: {d.url.split("#")[0] for d in docs if matches(d, words)} for q, words in QUERIES.items()}, pages


def page_of(url: str) -> str:
    """A result's page, site-relative: laws/sme-promotion-law/#第三十二条 -> laws/sme-promotion-law/."""
    path = unquote(urlsplit(url).path).lstrip("/")
    return path[: -len("index.html")] if path.endswith("index.html") else path


def file_bytes(site: Path, url: str) -> tuple[int, int]:
    path = site / unquote(urlsplit(url).path).lstrip("/")
    data = path.read_bytes() if path.is_file() else b""
    return len(data), len(gzip.compress(data, 6))


def modules(site: Path, entry: str) -> list[str]:
    """The served module ``entry`` (assets/javascripts/lib/x.*.min.js) and every module it imports."""
    found, queue = [], [next(site.glob(entry)).relative_to(site).as_posix()]
    while queue:
        path = queue.pop()
        if path not in found:
            found.append(path)
            text = (site / path).read_text(encoding="utf-8")
            queue += [posixpath.normpath(posixpath.join(posixpath.dirname(path), m)) for m in IMPORTED.findall(text)]
    return found


def run_query(browser, base: str, site: Path, engine: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    try:
        page.goto(base + ("search/" if engine == "ours" else "pagefind-bench/"))
        page.wait_for_load_state("networkidle")
        page.on("request", lambda request: fetched.append(request.url))
        index_module = base + modules(site, f"{SCRIPTS}/lib/search-index.*.min.js")[0]
        ms = page.evaluate(OURS, [query, index_module, base]) if engine == "ours" else page.evaluate(PAGEFIND, query)
        before_first = list(fetched)
        urls = page.evaluate(OURS_ALL if engine == "ours" else PAGEFIND_ALL)
    finally:
        context.close()
    searched = [u for u in before_first if "/search-index/" in u or "/pagefind/" in u]
    if engine == "ours":  # the search page's modules, loaded with the page, count as part of the search
        searched += [base + path for path in modules(site, f"{SCRIPTS}/search.*.min.js")]
    sizes = [file_bytes(site, u) for u in dict.fromkeys(searched)]
    return {"ms_to_first_result": round(ms), "results": len(urls), "pages": sorted({page_of(u) for u in urls}),
            "bytes_raw": sum(s[0] for s in sizes), "bytes_gzip": sum(s[1] for s in sizes), "requests": len(sizes)}


def score(found: list[str], wanted: set[str], record_pages: set[str]) -> dict:
    returned = set(found) & record_pages
    hit = returned & wanted
    return {"precision": round(len(hit) / len(returned), 3) if returned else (1.0 if not wanted else None),
            "recall": round(len(hit) / len(wanted), 3) if wanted else (1.0 if not returned else None),
            "record_pages_returned": len(returned), "record_pages_wanted": len(wanted)}


def compare(project: Path, build) -> dict:
    """Build ``project`` (a copy of the real site), index it with Pagefind, run every query on both."""
    seconds = build(project)
    site = project / "site"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), *PAGEFIND_ARGS], check=True)
    (site / "pagefind-bench").mkdir()
    blank = '<!doctype html><html lang="zh"><meta charset="utf-8"><title>bench</title></html>'
    (site / "pagefind-bench" / "index.html").write_text(blank)
    portal = load_portal(project)
    wanted, record_pages = truth(portal)
    out = {"records": len(portal.policies), "build_seconds": round(seconds, 1), "queries": []}
    with static_site(site) as base, chinese_chromium() as browser:
        for query in QUERIES:
            row = {"query": query, "wanted": sorted(wanted[query])}
            for engine in ("ours", "pagefind"):
                runs = [run_query(browser, base, site, engine, query) for _ in range(REPEATS)]
                result = {**runs[0], "ms_to_first_result": statistics.median(r["ms_to_first_result"] for r in runs)}
                row[engine] = {**result, **score(result.pop("pages"), wanted[query], record_pages)}
            out["queries"].append(row)
    for engine, folder in (("ours", "search-index"), ("pagefind", "pagefind")):
        files = [p for p in (site / folder).rglob("*") if p.is_file()]
        out[f"{engine}_index_bytes"] = sum(p.stat().st_size for p in files)
    return out


def table(real: dict) -> str:
    def cell(value):
        return "—" if value is None else f"{value:.2f}"
    rows = ["| 查询 | 应找到的记录页 | ours P / R | Pagefind P / R | 首个结果前 ours / Pagefind (gzip) "
            "| ms ours / Pagefind |",
            "|---|---|---|---|---|---|"]
    for q in real["queries"]:
        ours, pf = q["ours"], q["pagefind"]
        rows.append(f"| {q['query']} | {len(q['wanted'])} | {cell(ours['precision'])} / {cell(ours['recall'])} | "
                    f"{cell(pf['precision'])} / {cell(pf['recall'])} | {ours['bytes_gzip'] / 1e3:.0f} KB / "
                    f"{pf['bytes_gzip'] / 1e3:.0f} KB | {ours['ms_to_first_result']} / {pf['ms_to_first_result']} |")
    return "\n".join(rows)
