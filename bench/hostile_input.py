"""How fast hostile department files are refused (timings moved out of the tests, which only
check that they are refused): an alias bomb, extreme nesting, and an 8 GiB (sparse) file that
must be refused from its size alone, before it is read.

    make bench-input
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REJECTED = ROOT / "tests" / "fixtures" / "injection" / "rejected" / "renshe"


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> int:
    from macros.core.frontmatter import read_file, read_source
    from macros.core.messages import load_messages

    messages = load_messages(ROOT)
    cases = {name: (REJECTED / name).read_bytes() for name in ("renshe-billion-laughs.md", "renshe-deep-nesting.md")}
    cases["100,000 nested brackets"] = b"---\ntopic: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\nbody\n"
    rows = []
    for name, raw in cases.items():
        seconds, source = timed(lambda raw=raw: read_source("docs/policies/renshe/x.md", raw, messages))
        rows.append((name, seconds, len(source.problems)))
    with tempfile.TemporaryDirectory() as folder:
        huge = Path(folder) / "docs" / "policies" / "renshe" / "renshe-sparse.md"
        huge.parent.mkdir(parents=True)
        with open(huge, "wb") as handle:
            handle.truncate(8 * 1024 ** 3)
        seconds, source = timed(lambda: read_file(Path(folder), huge, messages))
        rows.append(("8 GiB sparse file", seconds, len(source.problems)))
    print("| input | refused in (ms) | problems |\n|---|---|---|")
    for name, seconds, problems in rows:
        print(f"| {name} | {seconds * 1000:.1f} | {problems} |")
    return 0 if all(problems for _, _, problems in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
