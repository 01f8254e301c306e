"""Search benchmarks; results in bench/results.json, Markdown tables printed.

- ``synthetic``: a synthetic site of N records, our search against stock Material search. For
  each variant: build time, index size on disk, and in headless Debian Chromium the bytes
  downloaded from opening a page until the first result shows, and the time from typing the
  query to the answer. Ours also answers a pasted 40-character sentence (compare.LONG_SENTENCE).
- ``real``: the real site, our search against Pagefind on the same query set, natural phrases
  included: precision, recall and bytes before the first result; and the everyday set, questions
  whose expected records are judged by hand: precision and recall at 5 and the maintainer pages
  among the first 5 (bench/compare.py).

    make bench              # both; 10,000 synthetic records (several minutes)
    make bench N=1000
    cd bench && ../.venv/bin/python run.py --only real
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare import LONG_SENTENCE, compare, everyday_table
from compare import table as quality_table
from synthetic import copy_project, make_site, with_material_search

from harness.asof import build_environment
from harness.browser import RequestsInFlight, chinese_chromium
from harness.servers import static_site

HERE = Path(__file__).resolve().parent
QUERIES = ("留抵退税 小微企业", "申请条件")
OURS_ONLY = (LONG_SENTENCE,)  # stock Material is timed on the short queries only

def build(project: Path) -> float:
    env = build_environment(os.environ)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(project / "site")], cwd=project, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def folder_bytes(folder: Path, pattern: str = "*") -> tuple[int, int]:
    files = [p for p in folder.rglob(pattern) if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return raw, packed


def measure(site: Path, variant: str, query: str) -> dict:
    sizes: list[tuple[str, int, int]] = []
    with static_site(site) as url, chinese_chromium() as browser:
        page = browser.new_page()
        requests = RequestsInFlight(page)

        def finished(request):
            body = request.sizes()["responseBodySize"]
            path = site / request.url.split("/", 3)[-1].split("?")[0]
            path = path / "index.html" if path.is_dir() else path
            packed = len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else body
            sizes.append((request.url, body, packed))

        page.on("requestfinished", finished)
        if variant == "ours":
            page.goto(url + "search/")
            page.wait_for_load_state("networkidle")
            start = time.perf_counter()
            page.fill("#portal-search-q", query)
            page.wait_for_function("/找到|没有/.test(document.querySelector('[data-search-status]').textContent)",
                                   timeout=120_000)
        else:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.click(".md-search__input")
            start = time.perf_counter()
            page.keyboard.type(query)
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
        elapsed = time.perf_counter() - start
        requests.wait_until_none(deadline_ms=30_000)  # what was on its way when the answer showed
    return {"query": query, "bytes_raw": sum(s[1] for s in sizes), "bytes_gzip": sum(s[2] for s in sizes),
            "requests": len(sizes), "ms_typing_to_answer": round(elapsed * 1000)}


def synthetic(records: int) -> dict:
    results = {"records": records, "variants": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for variant in ("ours", "material"):
            project = make_site(Path(tmp) / variant, records)
            if variant == "material":
                with_material_search(project)
            seconds = build(project)
            site = project / "site"
            index = (folder_bytes(site / "search-index") if variant == "ours"
                     else folder_bytes(site / "search", "*.json"))
            policy_page = next((site / "policies").rglob("index.html")).stat().st_size
            queries = QUERIES + (OURS_ONLY if variant == "ours" else ())
            results["variants"][variant] = {
                "build_seconds": round(seconds, 1), "index_bytes_raw": index[0], "index_bytes_gzip": index[1],
                "policy_page_bytes": policy_page, "queries": [measure(site, variant, q) for q in queries],
            }
    return results


def real_site() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return compare(copy_project(Path(tmp) / "real"), build)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000, help="synthetic records")
    parser.add_argument("--only", choices=("synthetic", "real"), help="run one benchmark, keep the other's results")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    if args.only != "real":
        results["synthetic"] = synthetic(args.n)
        print(table(results["synthetic"]))
    if args.only != "synthetic":
        results["real_site"] = real_site()
        print(quality_table(results["real_site"]))
        print()
        print(everyday_table(results["real_site"]))
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def table(results: dict) -> str:
    rows = ["| 变体 | 构建 (s) | 索引 raw / gzip | 查询 | 首个结果前下载 raw / gzip | 请求数 | 输入到答复 (ms) |",
            "|---|---|---|---|---|---|---|"]
    for name, v in results["variants"].items():
        for q in v["queries"]:
            rows.append(f"| {name} | {v['build_seconds']} | "
                        f"{v['index_bytes_raw'] / 1e6:.1f} MB / {v['index_bytes_gzip'] / 1e6:.2f} MB | "
                        f"{q['query']} | {q['bytes_raw'] / 1e3:.0f} KB / {q['bytes_gzip'] / 1e3:.0f} KB | "
                        f"{q['requests']} | {q['ms_typing_to_answer']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
