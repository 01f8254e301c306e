"""Simple HTML to the clean Markdown a record's body is written in (the body rules are in the
package's docstring, the patterns in data/wordimport.yml ``body``; the form does the same in the
browser, overrides/assets/js/lib/wordimport.js)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from ...model.wordimport import WordRules


@dataclass(frozen=True)
class Block:
    kind: str  # p, h, list, table
    text: str  # the paragraph's plain text (for finding metadata)
    markdown: str
    level: int = 0


class Body:
    """mammoth's HTML written as Markdown, by the rules."""

    def __init__(self, rules: WordRules):
        self.rules = rules

    def clean(self, text: str) -> str:
        return self.rules.re("body.spaces").sub(" ", text).strip(" ")

    def escape(self, text: str) -> str:
        """Markdown-significant characters in running text, as Python-Markdown reads them."""
        return self.rules.re("body.markdown_special").sub(r"\\\1", text).replace("<", "&lt;")

    def inline(self, element, skip: tuple[str, ...] = ()) -> str:
        parts = [self.escape(element.text or "")]
        for child in element:
            if child.tag in skip:  # a list item's nested lists are written after it
                continue
            inner = self.inline(child)
            if child.tag == "strong" and inner:
                parts.append(f"**{inner}**")
            elif child.tag == "em" and inner:
                parts.append(f"*{inner}*")
            elif child.tag == "a" and re.match(r"^https?://", child.get("href") or ""):
                parts.append(f"[{inner}]({child.get('href')})")
            elif child.tag == "br":
                parts.append(" ")
            elif child.tag != "img":
                parts.append(inner)
            parts.append(self.escape(child.tail or ""))
        return self.clean("".join(parts))

    def paragraph(self, text: str) -> str:
        if self.rules.re("body.markdown_start").match(text):
            return "\\" + text
        return self.rules.re("body.number_dot").sub(r"\1\\.", text, count=1)

    def list_lines(self, element, depth: int) -> list[str]:
        lines = []
        for number, item in enumerate([c for c in element if c.tag == "li"], start=1):
            marker = f"{number}. " if element.tag == "ol" else "- "
            lines.append("    " * depth + marker + self.inline(item, skip=("ol", "ul")))
            for child in item:
                if child.tag in ("ol", "ul"):
                    lines += self.list_lines(child, depth + 1)
        return lines

    def table_lines(self, element) -> list[str]:
        rows = [[self.inline(cell).replace("|", "\\|") for cell in
                 [c for c in row if c.tag == "td"] + [c for c in row if c.tag == "th"]]
                for row in element.iter("tr")]
        rows = [row for row in rows if any(row)]
        if not rows:
            return []
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        return (["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
                + ["| " + " | ".join(row) + " |" for row in rows[1:]])

    def blocks(self, html: str) -> tuple[list[Block], int]:
        """The document's blocks, and how many images it held (not imported)."""
        root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
        images = len(root.findall(".//img"))
        typed_bullet = self.rules.re("body.typed_bullet")
        blocks = []
        for element in root:
            if not isinstance(element.tag, str):
                continue
            if element.tag in ("ol", "ul"):
                blocks.append(Block("list", self.clean(element.text_content()), "\n".join(self.list_lines(element, 0))))
            elif element.tag == "table":
                lines = self.table_lines(element)
                if lines:
                    blocks.append(Block("table", self.clean(element.text_content()), "\n".join(lines)))
            else:
                text = self.inline(element)
                if not text:
                    continue
                plain = self.clean(element.text_content())
                if re.fullmatch(r"h[1-6]", element.tag):
                    blocks.append(Block("h", plain, text, int(element.tag[1])))
                elif typed_bullet.match(plain):
                    blocks.append(Block("list", plain, "- " + typed_bullet.sub("", text, count=1)))
                else:
                    blocks.append(Block("p", plain, self.paragraph(text)))
        return blocks, images


def blocks_of(html: str, rules: WordRules) -> tuple[list[Block], int]:
    return Body(rules).blocks(html)


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
