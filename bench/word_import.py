"""Word import: mammoth (what `make import` uses) against reading the .docx with python-docx directly.

Writes the realistic test notice (harness/wordnotice.py, fictitious) and a 50-times longer one,
converts each both ways, and reports the time and what survives: Word's automatic numbering, the
table, bold and italic. Run: `.venv/bin/python bench/word_import.py` (needs requirements-test.txt).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.wordnotice import realistic_notice  # noqa: E402
from macros.clerk.wordimport import blocks_of, markdown_of, to_html  # noqa: E402
from macros.core.messages import load_messages  # noqa: E402
from macros.load.wordimport import load_word_rules  # noqa: E402


def with_mammoth(raw: bytes) -> str:
    rules = load_word_rules(ROOT)
    blocks, _ = blocks_of(to_html("bench.docx", raw, load_messages(ROOT), rules), rules)
    return markdown_of(blocks)


def with_python_docx(raw: bytes) -> str:
    """The direct way: paragraphs' text (runs for emphasis) and tables' cells, in body order."""
    document = docx.Document(io.BytesIO(raw))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += ["| " + " | ".join(c.text for c in row.cells) + " |" for row in block.rows]
        else:
            text = "".join(f"**{r.text}**" if r.bold else f"*{r.text}*" if r.italic else r.text for r in block.runs)
            if text.strip():
                lines.append(text.strip())
    return "\n\n".join(lines)


def timed(function, raw: bytes, runs: int = 5) -> tuple[float, str]:
    times, result = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        result = function(raw)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    folder = ROOT / "bench" / "out"
    folder.mkdir(parents=True, exist_ok=True)
    notice = realistic_notice(folder / "notice.docx").read_bytes()
    long = docx.Document(io.BytesIO(notice))
    body = list(long.element.body)[:-1]
    for _ in range(49):
        for element in body:
            long.element.body.insert(len(long.element.body) - 1, __import__("copy").deepcopy(element))
    long.save(folder / "notice-x50.docx")
    checks = {"Word numbering (1. 2.)": "1. 首次纳入", "table": "| 首次纳入 | 1万元 |", "bold": "**材料须真实**",
              "italic": "*不予受理*"}
    for name, raw in (("notice", notice), ("notice x50", (folder / "notice-x50.docx").read_bytes())):
        for label, function in (("mammoth 1.13.0", with_mammoth), ("python-docx 1.2.0", with_python_docx)):
            ms, text = timed(function, raw)
            kept = ", ".join(f"{k}: {'yes' if v in text else 'no'}" for k, v in checks.items())
            print(f"{name:11} {label:18} {ms:8.1f} ms  {kept}")


if __name__ == "__main__":
    main()
