"""The portal's build against the floor, on the same synthetic records (issue: build near the floor).

Ours is built in full (``PORTAL_CACHE=off``) for the comparison; then, with the cache, once to fill it
and once after each of two changes to one record (its body, its summary): the incremental builds, as
a fraction of the full build's median ("incremental").

The floor is the least a site of these records costs: plain MkDocs + Material with its own search
(jieba installed, so Chinese is segmented), navigation listing index pages only, the records as plain
Markdown pages. Ours is the real project with the same records. Both are built in one run, one after
the other, several times; medians, the ratio and the machine go to bench/results.json ("floor").

    make bench-floor                      # 1,000 and 10,000 records, 3 builds each
    cd bench && ../.venv/bin/python floor.py --records 1000 --builds 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, make_site, record

sys.path.insert(0, str(ROOT))
from harness.asof import build_environment  # noqa: E402

HERE = Path(__file__).resolve().parent
FLOOR_CONFIG = """site_name: 地板（基准测试用）
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
nav:
  - index.md
not_in_nav: |
  /policies/**
"""


def floor_site(target: Path, count: int, seed: int = 1) -> Path:
    """Plain MkDocs + Material with the same records (same generator and seed as make_site)."""
    if target.exists():
        shutil.rmtree(target)
    (target / "docs").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text("# 合成数据\n\n基准测试用，虚构。\n", encoding="utf-8")
    rng = random.Random(seed)
    for number in range(count):
        path, text = record(rng, number)
        file = target / "docs" / "policies" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return target


def timed_build(project: Path) -> float:
    return measured_build(project)[0]


def measured_build(project: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the build and its worker processes, user + system)."""
    env = {**build_environment(os.environ), **(env or {})}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-d", str(project / "site")],
                   cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


FULL = {"PORTAL_CACHE": "off"}  # ours, built in full: no cache from an earlier build


def first_record(project: Path) -> Path:
    return sorted((project / "docs" / "policies").rglob("*.md"))[0]


def change_body(project: Path) -> None:
    """A clerk's one-sentence change to one record's body."""
    file = first_record(project)
    file.write_text(file.read_text(encoding="utf-8") + "\n合成数据：补充一句（基准测试用，虚构）。\n", encoding="utf-8")


def change_summary(project: Path) -> None:
    """A change to one record's summary (front matter: every listing that shows it is made again)."""
    file = first_record(project)
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("summary: 合成数据（基准测试用，虚构）。", "summary: 合成数据（基准测试用，虚构，已改）。", 1),
                    encoding="utf-8")


CHANGES = (("body", change_body), ("summary", change_summary))


def incremental(project: Path) -> dict:
    """Ours with the cache: a first build that fills it, then one build after each change."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    wall, used = measured_build(project)
    runs = {"first": {"seconds": round(wall, 1), "cpu_seconds": round(used, 1)}}
    for name, change in CHANGES:
        change(project)
        wall, used = measured_build(project)
        runs[name] = {"seconds": round(wall, 1), "cpu_seconds": round(used, 1)}
    return runs


def machine() -> dict:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in load]}


def measure(count: int, builds: int) -> dict:
    with tempfile.TemporaryDirectory() as temp:
        ours = make_site(Path(temp) / "ours", count)
        floor = floor_site(Path(temp) / "floor", count)
        times = {"ours": [], "floor": []}
        cpu = {"ours": [], "floor": []}
        for _ in range(builds):  # alternate, so a change in the machine's load hits both
            for name, project in (("ours", ours), ("floor", floor)):
                wall, used = measured_build(project, FULL)
                times[name].append(wall)
                cpu[name].append(used)
        cached = incremental(ours)
    medians = {name: round(statistics.median(values), 1) for name, values in times.items()}
    cpu_medians = {name: round(statistics.median(values), 1) for name, values in cpu.items()}
    for run in cached.values():
        run["fraction_of_full"] = round(run["seconds"] / medians["ours"], 3)
    return {"records": count, "builds": builds, "seconds": {k: [round(v, 1) for v in vs] for k, vs in times.items()},
            "median_seconds": medians, "ratio": round(medians["ours"] / medians["floor"], 2),
            "pairwise_ratios": [round(o / f, 2) for o, f in zip(times["ours"], times["floor"], strict=True)],
            "cpu_seconds": {k: [round(v, 1) for v in vs] for k, vs in cpu.items()},
            "median_cpu_seconds": cpu_medians, "cpu_ratio": round(cpu_medians["ours"] / cpu_medians["floor"], 2),
            "incremental": cached}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    results = {"machine": machine(), "runs": [measure(n, args.builds) for n in args.records]}
    stored = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    stored["floor"] = results
    args.out.write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")
    for run in results["runs"]:
        seconds = run["median_seconds"]
        print(f"{run['records']} records: ours {seconds['ours']} s, floor {seconds['floor']} s, ratio {run['ratio']}, "
              f"CPU ratio {run['cpu_ratio']}; with the cache: " + ", ".join(
                  f"{name} {r['seconds']} s ({r['fraction_of_full']:.0%})" for name, r in run["incremental"].items()))


if __name__ == "__main__":
    main()
