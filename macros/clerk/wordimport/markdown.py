"""Simple HTML to the clean Markdown a record's body is written in (the body rules are in the
package's docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

SPACES = re.compile(r"[\s\u3000\u00a0]+")
TYPED_BULLET = re.compile(r"^[•●▪■◆·・]\s*")
MARKDOWN_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s)")
NUMBER_DOT = re.compile(r"^(\d+)\.")


def clean_text(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def escape(text: str) -> str:
    """Markdown-significant characters in running text, as Python-Markdown reads them."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;")


def inline(element) -> str:
    parts = [escape(element.text or "")]
    for child in element:
        inner = inline(child)
        if child.tag == "strong" and inner.strip():
            parts.append(f"**{inner.strip()}**")
        elif child.tag == "em" and inner.strip():
            parts.append(f"*{inner.strip()}*")
        elif child.tag == "a" and re.match(r"^https?://", child.get("href") or ""):
            parts.append(f"[{inner}]({child.get('href')})")
        elif child.tag == "br":
            parts.append(" ")
        elif child.tag != "img":
            parts.append(inner)
        parts.append(escape(child.tail or ""))
    return clean_text("".join(parts))


def paragraph(text: str) -> str:
    if MARKDOWN_START.match(text):
        return "\\" + text
    return NUMBER_DOT.sub(r"\1\\.", text)


def list_lines(element, depth: int) -> list[str]:
    lines = []
    for number, item in enumerate(element.findall("li"), start=1):
        marker = f"{number}. " if element.tag == "ol" else "- "
        nested = [child for child in item if child.tag in ("ol", "ul")]
        for child in nested:
            item.remove(child)
        lines.append("    " * depth + marker + inline(item))
        for child in nested:
            lines += list_lines(child, depth + 1)
    return lines


def table_lines(element) -> list[str]:
    rows = [[inline(cell).replace("|", "\\|") for cell in row.findall("./td") + row.findall("./th")]
            for row in element.iter("tr")]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return (["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            + ["| " + " | ".join(row) + " |" for row in rows[1:]])


@dataclass(frozen=True)
class Block:
    kind: str  # p, h, list, table
    text: str  # the paragraph's plain text (for finding metadata)
    markdown: str
    level: int = 0


def blocks_of(html: str) -> tuple[list[Block], int]:
    """The document's blocks, and how many images it held (not imported)."""
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    images = len(root.findall(".//img"))
    blocks = []
    for element in root:
        if element.tag in ("ol", "ul"):
            blocks.append(Block("list", clean_text(element.text_content()), "\n".join(list_lines(element, 0))))
        elif element.tag == "table":
            lines = table_lines(element)
            if lines:
                blocks.append(Block("table", clean_text(element.text_content()), "\n".join(lines)))
        else:
            text = inline(element)
            if not text:
                continue
            plain = clean_text(element.text_content())
            if re.fullmatch(r"h[1-6]", element.tag):
                blocks.append(Block("h", plain, text, int(element.tag[1])))
            elif TYPED_BULLET.match(plain):
                blocks.append(Block("list", plain, "- " + TYPED_BULLET.sub("", text)))
            else:
                blocks.append(Block("p", plain, paragraph(text)))
    return blocks, images


def markdown_of(blocks: list[Block]) -> str:
    """Blocks joined by one blank line; headings shifted so the highest is ## (the page's # is the title);
    consecutive typed bullets form one list."""
    top = min((b.level for b in blocks if b.kind == "h"), default=2)
    out: list[str] = []
    for index, block in enumerate(blocks):
        text = "#" * (block.level - top + 2) + " " + block.markdown if block.kind == "h" else block.markdown
        joined = (index and block.kind == "list" and blocks[index - 1].kind == "list"
                  and block.markdown.startswith("- ") and blocks[index - 1].markdown.startswith("- "))
        if joined:
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"
