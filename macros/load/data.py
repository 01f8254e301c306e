"""Every file in data/ through one loader, once per build: typed, frozen records, or one
``ContentError`` listing every problem with its file and line (never a traceback).

The clerks' messages (messages.yml) first: every other reader words its problems with them. Then the
vocabularies and the matcher's options (load/vocabularies.py), the national hotlines and the law
articles that answer a kind of business no local record serves (hotlines.yml, entitlements.yml,
load/routes.py), the footer (site.yml), the columns (columns.yml, load/columns.py) and the data
package's description (open-data.yml, load/site.py), the laws and reports (documents.yml, texts/,
load/documents.py), the record contract (policy.schema.json, load/contract.py) and the search
dictionary (search/userdict.txt).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.datafile import DataFile, read_raw, read_yaml
from ..core.messages import CatalogError, Messages, read_messages
from ..legal.documents import Document
from ..model.contract import Contract
from ..model.govmeta import Column
from ..model.routes import Entitlement, Hotline
from ..model.site import OpenData, Site
from ..model.vocabularies import MatcherConfig, Vocabulary
from ..model.wordimport import WordRules
from .columns import read_columns
from .contract import read_contract
from .documents import read_documents
from .routes import read_entitlements, read_hotlines
from .site import read_open_data, read_site
from .vocabularies import raise_problems, read_vocabularies
from .wordimport import read_word_rules

USERDICT_FILE = "search/userdict.txt"
USERDICT_LINE = re.compile(r"^\S+( [0-9]+)?( [a-z]+)?$")  # jieba: word [frequency] [part of speech]


@dataclass(frozen=True)
class DataFiles:
    messages: Messages  # data/messages.yml: every message a clerk reads
    vocabularies: Mapping[str, Vocabulary]
    matcher: MatcherConfig
    site: Site
    open_data: OpenData
    documents: tuple[Document, ...]
    contract: Contract  # data/policy.schema.json
    notes: tuple[str, ...]  # accepted, normalised input (BOM, GB18030, CRLF)
    hotlines: tuple[Hotline, ...] = ()  # data/hotlines.yml
    entitlements: tuple[Entitlement, ...] = ()  # data/entitlements.yml
    word_rules: WordRules | None = None  # data/wordimport.yml: the rules of Word import
    columns: tuple[Column, ...] = ()  # data/columns.yml: the portal's columns (page metadata)


def check_userdict(data_dir: Path, messages: Messages) -> DataFile | None:
    """The search dictionary (optional): one word a line, then an optional frequency and part of speech."""
    if not (data_dir / USERDICT_FILE).exists():
        return None
    source, text = read_raw(data_dir, USERDICT_FILE, messages)
    file = DataFile(source, None, text or "")
    for number, line in enumerate(file.content.split("\n"), start=1):
        if line.strip() and not USERDICT_LINE.match(line):
            file.say("search.userdict_line", "词典", number)
    return file


def load_data(root: Path) -> DataFiles:
    """Read and check every data file; raise ContentError with every problem found in any of them."""
    data_dir = Path(root) / "data"
    messages, messages_file = read_messages(data_dir)  # checked first: the others are worded with it
    if messages is None:
        raise CatalogError(messages_file.problems)
    vocabularies, matcher, files = read_vocabularies(data_dir, messages)
    site_file = read_yaml(data_dir, "site.yml", messages)
    site = read_site(site_file)
    open_data_file = read_yaml(data_dir, "open-data.yml", messages)
    open_data = read_open_data(open_data_file)
    columns_file = read_yaml(data_dir, "columns.yml", messages)
    columns = read_columns(columns_file)
    documents_file = read_yaml(data_dir, "documents.yml", messages)
    documents, texts = read_documents(documents_file, Path(root))
    hotlines_file = read_yaml(data_dir, "hotlines.yml", messages)
    hotlines = read_hotlines(hotlines_file, vocabularies.get("categories"))
    entitlements_file = read_yaml(data_dir, "entitlements.yml", messages)
    entitlements = read_entitlements(entitlements_file, vocabularies, documents)
    contract, schema_file = read_contract(data_dir, messages)
    userdict = check_userdict(data_dir, messages)
    word_rules, word_rules_file = read_word_rules(data_dir, messages)
    files += [site_file, open_data_file, columns_file, documents_file, *texts, hotlines_file, entitlements_file, schema_file,
              word_rules_file, *([userdict] if userdict else [])]
    raise_problems(files)
    notes = tuple(f"{f.path}: {note}" for f in files for note in f.source.normalised)
    return DataFiles(messages, vocabularies, matcher, site, open_data, documents, contract, notes, hotlines,
                     entitlements, word_rules, columns)
