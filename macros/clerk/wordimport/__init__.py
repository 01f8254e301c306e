"""Word (.docx) to a draft record: ``make import FILE=… DEPT=…`` / ``python -m macros import``.

mammoth (pinned; measured against reading the file with python-docx directly, see MAINTAINING.md
"在线表单、Word 导入和缺口统计")
turns the document into simple HTML (``container``: only a sane .docx is read; ``numbering``: Word's
automatic numbers written first as the notice's own text, 第一条 … across tables); ``markdown`` turns
that HTML into the clean Markdown a record's body is written in; ``metadata`` finds metadata in the
text; this module writes the draft. The rules (limits, patterns, numbering formats) are data,
data/wordimport.yml, which the record form's Word import reads too (overrides/assets/js/lib/wordimport.js).
Every value found is a guess and is marked for review in a comment above it (the form marks it next to
its field instead); what is not found stays empty, so ``make check`` lists exactly what the clerk must
still add. Nothing is written unless the whole import succeeds: a .doc/.wps
file, a file that is not a Word document, an oversized file or a zip bomb is refused with a message.

Body rules: Word's automatic numbering keeps the notice's numbers (第一条, （一）, 4.) as text, except
``1.`` ``2.`` … from 1 in a row and bullets, which become Markdown lists (nested ones indented
four spaces, as Python-Markdown needs); numbering typed by hand (1. 1、（一）第一条) stays text,
its "1." escaped so Markdown does not renumber it; typed bullets (• ●) become list items; tables
become pipe tables (first row as header); bold and italic are kept; full-width and non-breaking
spaces at the start or end of a paragraph are removed and runs inside it become one space; empty
paragraphs are dropped; images are not imported (one message each).
"""

from __future__ import annotations

from pathlib import Path

from ...core.messages import Messages, fill
from ...load.contract import load_contract
from ...load.vocabularies import load_vocabularies
from ...load.wordimport import load_word_rules
from ...model.records import ID_RE, record_file
from ...model.wordimport import WordRules
from ..scaffold import yaml_scalar
from .container import check_container, to_html
from .markdown import blocks_of, markdown_of
from .metadata import draft_of
from .model import Draft, Guess, ImportRefused

__all__ = ["Draft", "Guess", "ImportRefused", "blocks_of", "import_docx", "markdown_of", "to_html"]


def id_of(draft: Draft, department: str, rules: WordRules) -> str:
    """department-year-number from the 文号 (kejing-2021-2), else department-draft."""
    number = draft.guesses.get("document_number")
    match = rules.re("draft.slug").search(number.value) if number else None
    if not match:
        return fill(rules("draft.id_without_number"), {"department": department})
    slug = fill(rules("draft.slug_written"), {"year": match.group(1), "number": match.group(2)})
    return fill(rules("draft.id"), {"department": department, "slug": slug})


def source_of(draft: Draft, rules: WordRules) -> str:
    """The source document: the title (with its 文号)."""
    document = draft.guesses.get("document_title")
    number = draft.guesses.get("document_number")
    if document and number:
        return fill(rules("draft.source"), {"title": document.value, "number": number.value})
    return document.value if document else ""


def draft_text(contract, draft: Draft, department: str, record_id: str, id_note: str | None, source_name: str,
               messages: Messages, rules: WordRules) -> str:
    path = contract_path(department, record_id)
    lines = ["---", "# " + messages.text("import.draft_head", name=source_name),
             "# " + messages.text("import.draft_then", path=path)]
    values: dict[str, tuple[str, str | None]] = {
        "id": (record_id, id_note), "department": (department, None)}
    for name, guess in draft.guesses.items():
        values[name] = (guess.value, guess.note)
    for spec in contract.fields:
        if spec.name == "sources":
            source = source_of(draft, rules)
            if source:
                lines.append("# " + messages.text("import.to_review", note=messages.text("import.note_sources")))
            lines += ["sources:", f"  - document: {yaml_scalar(source) if source else ''}".rstrip(), "    passage:"]
            continue
        if spec.name in values:
            value, note = values[spec.name]
            if note:
                lines.append("# " + messages.text("import.to_review", note=note))
            lines.append(f"{spec.name}: {yaml_scalar(value)}")
        elif spec.required:
            lines.append(f"{spec.name}:")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + draft.body


def contract_path(department: str, record_id: str) -> str:
    return record_file(department, record_id)


def import_docx(root: Path, file: Path, department: str, messages: Messages,
                record_id: str | None = None) -> tuple[Path, Draft]:
    """Write the draft record; ImportRefused (and nothing written) when the file or the answers are not usable."""
    vocabularies = load_vocabularies(root)
    if department not in vocabularies["department"]:
        raise ImportRefused(messages.text("new.department_unknown", department=department,
                                          codes="、".join(vocabularies["department"].codes)))
    rules = load_word_rules(root)
    raw = check_container(file, messages, rules)
    blocks, images = blocks_of(to_html(file.name, raw, messages, rules), rules)
    if not blocks:
        raise ImportRefused(messages.text("import.no_text", name=file.name))
    draft = draft_of(blocks, messages, rules)
    draft.warnings += [messages.text("import.image_skipped", name=file.name, number=n) for n in range(1, images + 1)]
    id_note = None
    if record_id is None:
        record_id = id_of(draft, department, rules)
        id_note = messages.text("import.note_id")
    if not ID_RE.match(record_id):
        raise ImportRefused(messages.text("new.id_format", id=record_id))
    target = root / contract_path(department, record_id)
    if target.exists():
        raise ImportRefused(messages.text("import.exists", path=target.relative_to(root)))
    text = draft_text(load_contract(root), draft, department, record_id, id_note, file.name, messages, rules)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target, draft
