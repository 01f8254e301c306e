"""What the record form's Word import needs from the build (the page's JSON block, ``word``): the rules
of data/wordimport.yml as read (overrides/assets/js/lib/wordimport.js composes and compiles them as
macros/model/wordimport.py does), the messages of ``make import`` it shows (data/messages.yml
``import:``, unfilled: the browser fills them as ``fill`` does), and the vendored converter, the
browser build of the mammoth the command line uses (loaded only when a Word file is chosen)."""

from __future__ import annotations

from ..core.messages import Messages
from ..model.wordimport import WordRules

CONVERTER = "assets/vendor/mammoth/mammoth.browser.min.js"
MESSAGES = (  # the refusals, the notes of the guesses, a draft's head lines, and the form's own
    "import.old_format", "import.not_docx", "import.too_large", "import.not_a_zip", "import.too_many_parts",
    "import.no_document", "import.zip_bomb", "import.broken", "import.no_text", "import.image_skipped",
    "import.found_nothing", "import.draft_head", "import.draft_then", "import.to_review", "import.note_sources",
    "import.note_id", "import.note_document_number", "import.note_document_number_fixed",
    "import.note_document_title", "import.note_title", "import.note_issuer_signature", "import.note_issuer_title",
    "import.note_written_date", "import.note_effective", "import.note_effective_issued", "import.note_expires",
    "import.note_expires_years", "import.form_reading", "import.form_refused", "import.form_filled",
    "import.form_confirm", "import.form_draft_opened", "import.form_old_browser",
)


def word_form(rules: WordRules, messages: Messages) -> dict:
    return {"rules": rules.data, "converter": CONVERTER,
            "messages": {key.removeprefix("import."): messages.text(key) for key in MESSAGES}}
