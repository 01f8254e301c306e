"""Lighthouse 12 against the real site served by deploy/nginx.conf (issue: speed on a phone).

Builds the site (strict, fixed as-of date), serves it with Debian's nginx exactly as deployed
(gzip, caching, CSP), and runs Lighthouse (bench/package.json; `npm ci` in bench/) with Debian's
Chromium, mobile (simulated slow 4G, the default) and desktop presets, several runs per page; the
medians go to bench/results.json ("lighthouse") and a Markdown table is printed for the README.

    make bench-lighthouse            # 3 runs per page and preset
    cd bench && ../.venv/bin/python lighthouse.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from harness.asof import build_environment  # noqa: E402
from harness.browser import LANGUAGE, chinese_chromium, fonts_of  # noqa: E402
from harness.servers import nginx  # noqa: E402

PAGES = {
    "home": "",
    "record": "policies/shuiwu/shuiwu-liudi-tuishui/",
    "sme-law": "laws/sme-promotion-law/",
    "search-with-results": "search/?q=" + quote("留抵退税"),
    "matcher": "matcher/",
}
PRESETS = ("mobile", "desktop")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync --lang=zh-CN")
ATTEMPTS = 3  # a run whose trace has no navigation start is run again (the error names it: NO_NAVSTART)
AUDITS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
          "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift", "bytes": "total-byte-weight"}


def build(site: Path) -> None:
    env = build_environment(os.environ)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


def lighthouse(url: str, preset: str, report_path: Path) -> dict:
    command = [str(HERE / "node_modules/.bin/lighthouse"), url, "--output=json", f"--output-path={report_path}",
               "--quiet", "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    for _attempt in range(ATTEMPTS):
        run = subprocess.run(command, capture_output=True, text=True, timeout=300,
                             env={**os.environ, "CHROME_PATH": "/usr/bin/chromium", "LANGUAGE": LANGUAGE})
        if run.returncode == 0:
            break
        if "NO_NAVSTART" not in run.stderr:  # Lighthouse 12 now and then misses this Chromium's trace start
            break
    if run.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({preset}):\n{run.stderr[-3000:]}")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    figures = {"performance": round(report["categories"]["performance"]["score"] * 100),
               "accessibility": round(report["categories"]["accessibility"]["score"] * 100)}
    for name, audit in AUDITS.items():
        figures[name] = report["audits"][audit]["numericValue"]
    return figures


def fonts_used(origin: str) -> list[str]:
    """The fonts Chromium draws the home page's heading with: the figures hold for these fonts."""
    with chinese_chromium() as browser:
        page = browser.new_page(phone=True)
        page.goto(origin + "/")
        return fonts_of(page, "h1")


def median_of(runs: list[dict]) -> dict:
    return {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        build(site)
        results = {"runs": args.runs, "server": "deploy/nginx.conf (Debian nginx)", "lighthouse": "12.2.3",
                   "chromium": subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip(),
                   "pages": {}}
        with nginx(site, Path(temp) / "nginx") as server:
            origin = server.origin
            results["fonts"] = fonts_used(origin)
            for name, path in PAGES.items():
                report = Path(temp) / "report.json"
                results["pages"][name] = {preset: median_of([lighthouse(f"{origin}/{path}", preset, report)
                                                             for _ in range(args.runs)]) for preset in PRESETS}
                print(name, results["pages"][name], flush=True)
    stored = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    stored["lighthouse"] = results
    args.out.write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    rows = ["| 页面 | 预设 | 性能 | 无障碍 | FCP (s) | LCP (s) | TBT (ms) | CLS | 传输量 (KB) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for page, presets in results["pages"].items():
        for preset, f in presets.items():
            rows.append(f"| {page} | {preset} | {f['performance']:.0f} | {f['accessibility']:.0f} | "
                        f"{f['fcp_ms'] / 1000:.1f} | {f['lcp_ms'] / 1000:.1f} | {f['tbt_ms']:.0f} | {f['cls']:.3f} | "
                        f"{f['bytes'] / 1024:.0f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
