"""Word's automatic numbering written as the notice's own text, before mammoth reads the file.

mammoth keeps only whether a paragraph is in a numbered or a bulleted list, so a notice whose clauses
Word numbers 第一条, 第二条 … (``w:lvlText`` 第%1条, ``w:numFmt`` chineseCounting) came out as a
Markdown list 1. 2. 3., and a list that a table interrupts started again at 1. Here every numbered
paragraph of word/document.xml gets the number Word shows, counted as Word counts (per list
definition, across tables; ``w:startOverride`` starts again; a lower level starts again after each
higher one), written at the start of its text, and its numbering removed, except where Markdown
writes the same number itself (data/wordimport.yml ``numbering``: ``1.`` ``2.`` … from 1 in a row,
and bullets), which stay lists. The formats are data (``numbering.formats``); the browser does the
same (overrides/assets/js/lib/wordimport.js). The XML is read without entities, DTDs or the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ...model.wordimport import WordRules

W_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML = "http://www.w3.org/XML/1998/namespace"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
LEVEL_MARK = re.compile(r"%([1-9])")
ROMAN = ((1000, 6, None), (100, 4, 6), (10, 2, 4), (1, 0, 2))  # value, index of its letter, of the next five's


@dataclass
class Level:
    format: str
    text: str | None  # w:lvlText (None: not given)
    start: int
    suffix: str
    restart: int | None  # w:lvlRestart
    legal: bool  # w:isLgl: every level's number in decimal
    style: str | None  # w:pStyle: the paragraph style this level belongs to


@dataclass
class Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # w:lvlOverride/w:startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl


@dataclass
class Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class Numbering:
    """numbering.xml and styles.xml as Word and mammoth resolve a paragraph's numbering."""

    def __init__(self, w: str, numbering, styles, rules: WordRules):
        self.w, self.rules = w, rules
        self.abstracts: dict[str, tuple[dict[int, Level], str | None]] = {}
        self.nums: dict[str, Num] = {}
        self.styles: dict[str, Style] = {}
        if styles is not None:
            for style in styles.findall(self.q("style")):
                num_pr = style.find(f"{self.q('pPr')}/{self.q('numPr')}")
                self.styles[self.attr(style, "styleId") or ""] = Style(
                    self.val(style.find(self.q("name"))) or "", self.val(style.find(self.q("basedOn"))),
                    self.val(self.child(num_pr, "numId")), integer(self.val(self.child(num_pr, "ilvl"))))
        if numbering is None:
            return
        for abstract in numbering.findall(self.q("abstractNum")):
            levels, unnumbered = {}, None  # a level without w:ilvl counts as level 0 if there is none (mammoth)
            for lvl in abstract.findall(self.q("lvl")):
                index = integer(self.attr(lvl, "ilvl"))
                if index is None:
                    unnumbered = self.level(lvl)
                else:
                    levels[index] = self.level(lvl)
            if unnumbered is not None:
                levels.setdefault(0, unnumbered)
            self.abstracts[self.attr(abstract, "abstractNumId") or ""] = (
                levels, self.val(abstract.find(self.q("numStyleLink"))))
        for num in numbering.findall(self.q("num")):
            entry = Num(self.val(num.find(self.q("abstractNumId"))) or "")
            for override in num.findall(self.q("lvlOverride")):
                ilvl = integer(self.attr(override, "ilvl")) or 0
                start = integer(self.val(override.find(self.q("startOverride"))))
                if start is not None:
                    entry.starts[ilvl] = start
                if override.find(self.q("lvl")) is not None:
                    entry.levels[ilvl] = self.level(override.find(self.q("lvl")))
            self.nums[self.attr(num, "numId") or ""] = entry

    def q(self, name: str) -> str:
        return f"{{{self.w}}}{name}"

    def attr(self, element, name: str) -> str | None:
        return None if element is None else element.get(self.q(name))

    def val(self, element) -> str | None:
        return self.attr(element, "val")

    def child(self, element, name: str):
        return None if element is None else element.find(self.q(name))

    def level(self, lvl) -> Level:
        fmt = lvl.find(self.q("numFmt"))
        if fmt is None:  # Word 2010's custom formats: the standard one a reader without them uses
            fmt = lvl.find(f"{{{MC}}}AlternateContent/{{{MC}}}Fallback/{self.q('numFmt')}")
        start = integer(self.val(lvl.find(self.q("start"))))
        legal = lvl.find(self.q("isLgl"))
        return Level(self.val(fmt) or "decimal", self.val(lvl.find(self.q("lvlText"))),
                     self.rules("numbering.start") if start is None else start,
                     self.val(lvl.find(self.q("suff"))) or "tab", integer(self.val(lvl.find(self.q("lvlRestart")))),
                     legal is not None and self.val(legal) not in ("0", "false", "off"),
                     self.val(lvl.find(self.q("pStyle"))))

    def abstract_of(self, num_id: str, seen: frozenset = frozenset()) -> str | None:
        """The list definition of a num (through w:numStyleLink, as mammoth follows it)."""
        num = self.nums.get(num_id)
        if num is None or num_id in seen or num.abstract not in self.abstracts:
            return None
        link = self.abstracts[num.abstract][1]
        if link is None:
            return num.abstract
        style = self.styles.get(link)
        return self.abstract_of(style.num_id, seen | {num_id}) if style and style.num_id else None

    def mammoth_sees(self, num_id: str | None, ilvl: str | None, style_id: str | None) -> tuple[str, int] | None:
        """(list definition, level) of a paragraph mammoth writes as a list item (its
        readNumberingProperties), else None."""
        if num_id is not None and ilvl is not None:
            return self._mammoth_level(num_id, integer(ilvl))
        if style_id is not None:
            found = None
            for abstract, (levels, _) in self.abstracts.items():
                for index, level in levels.items():
                    if level.style == style_id:
                        found = (abstract, index)
            if found:
                return found
        return self._mammoth_level(num_id, 0) if num_id is not None else None

    def _mammoth_level(self, num_id: str, ilvl: int | None) -> tuple[str, int] | None:
        abstract = self.abstract_of(num_id)
        return (abstract, ilvl) if abstract is not None and ilvl in self.abstracts[abstract][0] else None

    def word_sees(self, num_id: str | None, ilvl: str | None, style_id: str | None) -> tuple[str, int] | None:
        """(num, level) Word numbers a paragraph with: its own w:numPr, else its style's (through w:basedOn)."""
        if num_id is None:
            seen, style = set(), style_id
            while style is not None and style in self.styles and style not in seen:
                seen.add(style)
                if self.styles[style].num_id is not None:
                    num_id, found = self.styles[style].num_id, self.styles[style].ilvl
                    ilvl = None if found is None else str(found)
                    if ilvl is None:
                        ilvl = str(self._styled_level(num_id, style))
                    break
                style = self.styles[style].based_on
        if num_id is None or num_id == "0" or self.abstract_of(num_id) is None:
            return None
        level = integer(ilvl) or 0
        return (num_id, level) if self.level_of(num_id, level) is not None else None

    def _styled_level(self, num_id: str, style: str) -> int:
        levels = self.abstracts[self.abstract_of(num_id)][0] if self.abstract_of(num_id) else {}
        return next((index for index, level in levels.items() if level.style == style), 0)

    def level_of(self, num_id: str, ilvl: int) -> Level | None:
        num = self.nums[num_id]
        return num.levels.get(ilvl) or self.abstracts[self.abstract_of(num_id)][0].get(ilvl)

    def start_of(self, num_id: str, ilvl: int) -> int:
        num = self.nums[num_id]
        if ilvl in num.starts:
            return num.starts[ilvl]
        level = self.level_of(num_id, ilvl)
        return level.start if level else self.rules("numbering.start")


def integer(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def format_number(value: int, name: str, rules: WordRules) -> str:
    """A level's number as its format writes it (data/wordimport.yml ``numbering.formats``)."""
    formats = rules("numbering.formats")
    spec = formats.get(name) or formats[rules("numbering.fallback")]
    kind, how = next(iter(spec.items()))
    written = None
    if kind == "none":
        written = ""
    elif kind == "digits":
        written = "".join(how[int(d)] for d in str(value)) if value >= 0 else None
        if written is not None:
            written = how[0] * (spec.get("width", 0) - len(written)) + written
    elif kind == "counting":
        written = counted(value, how)
    elif kind == "symbols":
        written = how[value - 1] if 1 <= value <= len(how) else None
    elif kind == "letters":
        written = how[(value - 1) % len(how)] * ((value - 1) // len(how) + 1) if value >= 1 else None
    elif kind == "roman":
        written = roman(value, how)
    if written is None:
        return format_number(value, rules("numbering.fallback"), rules) if name != rules("numbering.fallback") \
            else str(value)
    return written


def counted(value: int, how: dict) -> str | None:
    """Chinese counting: 一 … 十、十一 … 二十、一百零一, up to 9999."""
    digits, units = how["digits"], how["units"]
    if not 0 <= value <= 9999:
        return None
    if value == 0:
        return digits[0]
    if 10 <= value <= 19:
        return how["ten"] + (digits[value - 10] if value > 10 else "")
    written, zero = "", False
    for power in (3, 2, 1, 0):
        digit = value // 10 ** power % 10
        if digit == 0:
            zero = bool(written)
            continue
        if zero:
            written += digits[0]
            zero = False
        written += digits[digit] + units[power]
    return written


def roman(value: int, letters: list[str]) -> str | None:
    if not 1 <= value <= 3999:
        return None
    written = ""
    for unit, one, five in ROMAN:
        digit = value // unit % 10
        if five is None:
            written += letters[one] * digit
        elif digit == 9:
            written += letters[one] + letters[one + 2]
        elif digit >= 5:
            written += letters[one + 1] + letters[one] * (digit - 5)
        elif digit == 4:
            written += letters[one] + letters[one + 1]
        else:
            written += letters[one] * digit
    return written


class Numberer:
    """Walks the document in order, counting as Word counts; writes the numbers Markdown cannot."""

    def __init__(self, numbering: Numbering, rules: WordRules):
        self.n, self.rules = numbering, rules
        self.counters: dict[str, dict[int, int | None]] = {}  # list definition -> level -> last number
        self.started: set[str] = set()  # nums whose w:startOverride has been applied
        self.markdown: dict[int, int] = {}  # level -> last number of the Markdown list being written
        self.changed = False
        self.not_a_list = rules.re("numbering.not_a_list_style")

    def walk(self, element, in_table: bool = False) -> None:
        w = self.n.w
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag == f"{{{w}}}p":
                self.paragraph(child, in_table)
            elif child.tag == f"{{{w}}}tbl":
                if not in_table:
                    self.markdown.clear()
                self.walk(child, True)
            elif child.tag != f"{{{MC}}}Choice":  # mammoth reads mc:Fallback
                self.walk(child, in_table)

    def count(self, num_id: str, ilvl: int) -> int:
        abstract = self.n.abstract_of(num_id)
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level in self.n.nums[num_id].starts:
                counters[level] = None
        last = counters.get(ilvl)
        value = self.n.start_of(num_id, ilvl) if last is None else last + 1
        counters[ilvl] = value
        for deeper in [d for d in counters if d > ilvl]:
            restart = self.n.level_of(num_id, deeper).restart if self.n.level_of(num_id, deeper) else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        return value

    def label(self, num_id: str, ilvl: int, level: Level) -> str:
        counters = self.counters[self.n.abstract_of(num_id)]

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            other = self.n.level_of(num_id, at)
            value = counters.get(at)
            value = (value if value is not None else self.n.start_of(num_id, at))
            name = "decimal" if level.legal or other is None else other.format
            return format_number(value, name, self.rules)
        return LEVEL_MARK.sub(number, level.text or "")

    def paragraph(self, p, in_table: bool) -> None:
        n = self.n
        properties = p.find(n.q("pPr"))
        num_pr = n.child(properties, "numPr")
        style_id = n.val(n.child(properties, "pStyle"))
        num_id, ilvl = n.val(n.child(num_pr, "numId")), n.val(n.child(num_pr, "ilvl"))
        word = n.word_sees(num_id, ilvl, style_id)
        if word is None:
            if has_content(p, n.w):
                self.markdown.clear()  # a paragraph ends the Markdown list (an empty one mammoth drops)
            return
        num, level_index = word
        level = n.level_of(num, level_index)
        value = self.count(num, level_index)
        mammoth = n.mammoth_sees(num_id, ilvl, style_id)
        style = n.styles.get(style_id or "")
        capable = (not in_table and level_index <= self.rules("numbering.max_list_level")
                   and not any(self.not_a_list.search(name or "") for name in (style_id, style.name if style else None)))
        if level.format == "bullet":
            if capable and mammoth == (n.abstract_of(num), level_index):
                for deeper in [d for d in self.markdown if d >= level_index]:
                    del self.markdown[deeper]
            elif not in_table:
                self.markdown.clear()
            return
        wanted = self.rules("numbering.markdown_list")
        keep = (capable and mammoth == (n.abstract_of(num), level_index) and level.format == wanted["format"]
                and level.text == wanted["text"].replace("{n}", str(level_index + 1))
                and value == self.markdown.get(level_index, 0) + 1
                and (level_index == 0 or level_index - 1 in self.markdown))
        if keep:
            self.markdown[level_index] = value
            for deeper in [d for d in self.markdown if d > level_index]:
                del self.markdown[deeper]
            return
        if not in_table:
            self.markdown.clear()
        suffix = self.rules("numbering.suffix").get(level.suffix, "")
        write_number(p, properties, self.label(num, level_index, level), suffix, n.w)
        self.changed = True


def has_content(p, w: str) -> bool:
    """Whether mammoth writes the paragraph (it drops paragraphs without text or pictures)."""
    for element in p.iter():
        if element.tag == f"{{{w}}}t" and element.text:
            return True
        if element.tag in (f"{{{w}}}tab", f"{{{w}}}br", f"{{{w}}}drawing", f"{{{w}}}pict", f"{{{w}}}sym"):
            return True
    return False


def write_number(p, properties, label: str, suffix: str, w: str) -> None:
    """The number as the paragraph's first text, and its numbering off (numId 0)."""
    if properties is None:
        properties = etree.SubElement(p, f"{{{w}}}pPr")
        p.remove(properties)
        p.insert(0, properties)
    for old in properties.findall(f"{{{w}}}numPr"):
        properties.remove(old)
    num_pr = etree.Element(f"{{{w}}}numPr")
    etree.SubElement(num_pr, f"{{{w}}}ilvl").set(f"{{{w}}}val", "0")
    etree.SubElement(num_pr, f"{{{w}}}numId").set(f"{{{w}}}val", "0")
    properties.insert(0, num_pr)
    if label + suffix:
        run = etree.Element(f"{{{w}}}r")
        text = etree.SubElement(run, f"{{{w}}}t")
        text.set(f"{{{XML}}}space", "preserve")
        text.text = label + suffix
        p.insert(list(p).index(properties) + 1, run)


def numbered_as_text(raw: bytes, rules: WordRules) -> bytes:
    """The .docx with its automatic numbers written as text where Markdown cannot write them (the same
    bytes when there is nothing to write). Errors reading the file are the caller's (a broken file)."""
    archive = zipfile.ZipFile(io.BytesIO(raw))
    names = set(archive.namelist())
    document = etree.fromstring(archive.read(rules("container.document")), PARSER)
    w = etree.QName(document).namespace
    if w not in W_NAMESPACES:
        return raw

    def part(name: str):
        path = rules(f"numbering.parts.{name}")
        return etree.fromstring(archive.read(path), PARSER) if path in names else None
    numbering = Numbering(w, part("numbering"), part("styles"), rules)
    numberer = Numberer(numbering, rules)
    body = document.find(f"{{{w}}}body")
    if body is None or not numbering.nums:
        return raw
    numberer.walk(body)
    if not numberer.changed:
        return raw
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == rules("container.document"):
                data = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info.filename, data)
    return written.getvalue()
