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

The everyday set (EVERYDAY) is scored differently, because that ground truth is ours by
construction: questions an owner types on a phone, each with the record pages a person expects,
written by hand from the records' own text (not from either engine's query semantics, so both can
score below 1). Each question runs once per engine on a cold page; its answer is read in the
engine's order (ours: describe() order; Pagefind: result order) as distinct pages. At 5:

- precision@5: of the first 5 distinct record pages returned, the share that are expected (an
  answer with no record page scores 0: every everyday question has records to find);
- recall@5: the expected pages among those 5, divided by min(5, number expected), so a question
  with more than 5 expected pages scores 1 when its first 5 record pages are all expected;
- maintainer pages: of the first 5 distinct pages returned (any page), those under guide/
  (投稿指南, the data dictionary, the form, the gap dashboard), which no public question should get.
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
from macros.search.segment import LAYOUT_GAP  # noqa: E402

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
# The record pages the everyday set names, by a short name (site-relative, as page_of() gives them).
RECORD = {
    "包保帮扶": "policies/kejing/kejing-baoqi-bangfu/",
    "产学研": "policies/kejing/kejing-chanxueyan-xiangmu-shenbao/",
    "产业链对接": "policies/kejing/kejing-chanyelian-duijie/",
    "工业经济大会奖励": "policies/kejing/kejing-gongye-jingji-dahui-jiangli/",
    "进规奖励": "policies/kejing/kejing-guishang-jiangli/",
    "进规服务": "policies/kejing/kejing-jingui-peiyu-fuwu/",
    "科技副总": "policies/kejing/kejing-keji-fuzong/",
    "孵化器": "policies/kejing/kejing-keji-qiye-fuhuaqi/",
    "专项资金": "policies/kejing/kejing-shengji-zhuanxiang-zijin-zhengqu/",
    "小巨人奖励": "policies/kejing/kejing-xiaojuren-jiangli/",
    "银企对接": "policies/kejing/kejing-yinqi-duijie/",
    "专精特新培育": "policies/kejing/kejing-zhuanjingtexin-peiyu/",
    "公交免征增值税": "policies/shuiwu/shuiwu-gongjiao-zengzhishui-mianzheng/",
    "研发加计扣除": "policies/shuiwu/shuiwu-keji-yanfa-jiakou/",
    "留抵退税": "policies/shuiwu/shuiwu-liudi-tuishui/",
    "六税两费": "policies/shuiwu/shuiwu-liushui-liangfei-jianmian/",
    "缓缴税费": "policies/shuiwu/shuiwu-zhizao-huanjiao-shuifei/",
    "房租减免": "policies/weishuoming/kejing-fangwu-zujin-jianmian/",
    "社保费减征": "policies/weishuoming/renshe-shebaofei-jianzheng/",
    "所得税减免": "policies/weishuoming/shuiwu-qiye-suodeshui-jianmian/",
    "担保费下调": "policies/xingye-danbao/xingye-danbao-danbaofei-xiatiao/",
    "个体工商户条例": "laws/getihu-fazhan-tiaoli/",
    "款项支付条例": "laws/kuanxiang-zhifu-tiaoli-2025/",
    "促进法": "laws/sme-promotion-law/",
}
POLICY_PAGES = tuple(name for name, page in RECORD.items() if page.startswith("policies/"))
TAX = ("公交免征增值税", "研发加计扣除", "留抵退税", "六税两费", "缓缴税费", "所得税减免")
# question -> the records a person expects, judged by reading them (why, one line each)
EVERYDAY = {
    # help getting a loan: 银企对接 collects funding needs, recommends firms to guarantors, arranges loans;
    # the guarantee fee cut makes a guaranteed loan cheaper (the law's 融资 chapter promises, offers nothing)
    "贷款难怎么办": ("银企对接", "担保费下调"),
    "融资难": ("银企对接", "担保费下调"),  # the same two: the only records that help raise money
    "贷款": ("银企对接", "担保费下调"),  # the same two
    "税收优惠": TAX,  # every tax record: exemption, deduction, refund, reduction, deferral
    # money paid to firms: the 5万 进规 award, provincial special funds, the awards already paid (2022)
    "补贴": ("进规奖励", "专项资金", "工业经济大会奖励", "小巨人奖励"),
    # no local record is for 个体工商户; the 条例 states their support (第十九条 funds, 第二十条 taxes, …)
    "个体户有什么补贴": ("个体工商户条例",),
    # no department phone is given anywhere; every policy page's 下一步：怎么办 gives a number to call
    # (12345, and 12366 on the tax ones); the law and report pages give none
    "电话": POLICY_PAGES,
    "留抵": ("留抵退税",),  # the start of 留抵退税
    "进规奖励多少钱": ("进规奖励", "进规服务"),  # 奖励5万元; the 进规 service page names the 5万 award too
    # 厂 = a factory: the records for industrial or manufacturing firms (进规奖励, 制造业缓缴) and those open
    # to any SME or small firm; not public transport, tech-only, awards already paid, or the 139 firms
    # already assigned a helper (包保帮扶); laws and the report are not policies one can get
    "我们厂能享受哪些政策": ("进规奖励", "缓缴税费", "产学研", "产业链对接", "进规服务", "科技副总", "专项资金",
                   "银企对接", "专精特新培育", "担保费下调", "留抵退税", "六税两费", "房租减免", "社保费减征",
                   "所得税减免"),
    "社保补贴": ("社保费减征",),  # the one social-insurance record (a cut in contributions, not a grant)
    # paying less: exemptions, reductions and the R&D deduction, the rent and guarantee fee cuts; a
    # refund (留抵退税) or a deferral (缓缴) is not a 减免
    "减免": ("公交免征增值税", "研发加计扣除", "六税两费", "房租减免", "社保费减征", "所得税减免", "担保费下调"),
    "担保": ("担保费下调", "银企对接"),  # the guarantee company's fee cut; 银企对接 recommends firms to guarantors
    "缓交税款": ("缓缴税费",),  # 缓缴部分税费, in everyday words
    "研发费用加计扣除": ("研发加计扣除",),
    "个体工商户": ("个体工商户条例",),  # the one record about them
    # the 2025 payment regulation (complaints, 第二十四条) and the promotion law's 第五十三条 (the right to
    # be paid); the superseded 2020 text is not what one wants
    "货款被拖欠怎么办": ("款项支付条例", "促进法"),
}
TOP = 5  # precision and recall at 5
MAINTAINER = "guide/"  # pages for clerks and maintainers: never an answer to a public question
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
        text = LAYOUT_GAP.sub("", (doc.title + "\n" + doc.text).lower())  # as read: a line break joins
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
    return {"ms_to_first_result": round(ms), "results": len(urls), "pages": list(dict.fromkeys(map(page_of, urls))),
            "bytes_raw": sum(s[0] for s in sizes), "bytes_gzip": sum(s[1] for s in sizes), "requests": len(sizes)}


def score(found: list[str], wanted: set[str], record_pages: set[str]) -> dict:
    returned = set(found) & record_pages
    hit = returned & wanted
    return {"precision": round(len(hit) / len(returned), 3) if returned else (1.0 if not wanted else None),
            "recall": round(len(hit) / len(wanted), 3) if wanted else (1.0 if not returned else None),
            "record_pages_returned": len(returned), "record_pages_wanted": len(wanted)}


def everyday_wanted(record_pages: set[str]) -> dict[str, set[str]]:
    """EVERYDAY's record pages per question; a name that is no record page of the site stops the bench."""
    wanted = {q: {RECORD[name] for name in names} for q, names in EVERYDAY.items()}
    missing = sorted(set().union(*wanted.values()) - record_pages)
    if missing:
        raise ValueError(f"bench/compare.py EVERYDAY names pages that are not record pages: {missing}")
    return wanted


def score_at_5(pages: list[str], wanted: set[str], record_pages: set[str]) -> dict:
    """Precision and recall at 5 and the maintainer pages among the first 5 (module docstring);
    ``pages``: the distinct pages returned, in the engine's order."""
    top = [p for p in pages if p in record_pages][:TOP]
    hit = [p for p in top if p in wanted]
    return {"precision": round(len(hit) / len(top), 3) if top else 0.0,
            "recall": round(len(hit) / min(TOP, len(wanted)), 3),
            "maintainer_pages": sum(p.startswith(MAINTAINER) for p in pages[:TOP]),
            "first_pages": pages[:TOP], "first_record_pages": top, "results": len(pages)}


def everyday(browser, base: str, site: Path, record_pages: set[str]) -> dict:
    wanted = everyday_wanted(record_pages)
    rows = []
    for query in EVERYDAY:
        row = {"query": query, "wanted": sorted(wanted[query])}
        for engine in ("ours", "pagefind"):
            row[engine] = score_at_5(run_query(browser, base, site, engine, query)["pages"], wanted[query],
                                     record_pages)
        rows.append(row)
    mean = {engine: {"precision": round(statistics.mean(r[engine]["precision"] for r in rows), 3),
                     "recall": round(statistics.mean(r[engine]["recall"] for r in rows), 3),
                     "maintainer_pages": sum(r[engine]["maintainer_pages"] for r in rows)}
            for engine in ("ours", "pagefind")}
    return {"at": TOP, "questions": rows, "mean": mean}


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
        out["everyday"] = everyday(browser, base, site, record_pages)
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


def everyday_table(real: dict) -> str:
    rows = ["| 日常问题 | 应找到 | ours P@5 / R@5 | Pagefind P@5 / R@5 | 维护者页面 ours / Pagefind |",
            "|---|---|---|---|---|"]
    for q in real["everyday"]["questions"]:
        ours, pf = q["ours"], q["pagefind"]
        rows.append(f"| {q['query']} | {len(q['wanted'])} | {ours['precision']:.2f} / {ours['recall']:.2f} | "
                    f"{pf['precision']:.2f} / {pf['recall']:.2f} | {ours['maintainer_pages']} / "
                    f"{pf['maintainer_pages']} |")
    ours, pf = real["everyday"]["mean"]["ours"], real["everyday"]["mean"]["pagefind"]
    rows.append(f"| **平均（维护者页面：合计）** | | {ours['precision']:.2f} / {ours['recall']:.2f} | "
                f"{pf['precision']:.2f} / {pf['recall']:.2f} | {ours['maintainer_pages']} / {pf['maintainer_pages']} |")
    return "\n".join(rows)
