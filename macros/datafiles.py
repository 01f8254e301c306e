"""Every file in data/ through one loader, once per build: typed, frozen records, or one
``ContentError`` listing every problem with its file and line (never a traceback).

Vocabularies (data/<vocabulary>.yml), the matcher's options (matcher.yml), the footer (site.yml),
the data package's description (open-data.yml), the laws and reports (documents.yml, texts/), the
record contract (policy.schema.json), the clerks' messages (messages.yml) and the search dictionary
(search/userdict.txt). Cross-file
rules are checked here too: the needs in matcher.yml name real categories and support types;
beneficiaries' ``match`` rules name real types, sizes, flags (matcher.yml) and industries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .contract import SCHEMA_PATH, Contract, contract_of
from .datareader import DataFile, json_line, read_json, read_raw, read_yaml
from .documents import Document, read_documents
from .messages import read_messages
from .problems import ContentError
from .vocab import (
    VOCABULARY_FIELDS,
    MatcherConfig,
    OpenData,
    Site,
    Vocabulary,
    read_matcher,
    read_open_data,
    read_site,
    read_vocabulary,
)

USERDICT_FILE = "search/userdict.txt"
USERDICT_LINE = re.compile(r"^\S+( [0-9]+)?( [a-z]+)?$")  # jieba: word [frequency] [part of speech]


@dataclass(frozen=True)
class DataFiles:
    vocabularies: Mapping[str, Vocabulary]
    matcher: MatcherConfig
    site: Site
    open_data: OpenData
    documents: tuple[Document, ...]
    contract: Contract  # data/policy.schema.json
    notes: tuple[str, ...]  # accepted, normalised input (BOM, GB18030, CRLF)


def read_vocabularies(data_dir: Path) -> tuple[Mapping[str, Vocabulary], MatcherConfig | None, list[DataFile]]:
    """The vocabularies and matcher.yml, read in the order their cross-references need."""
    files = {stem: read_yaml(data_dir, f"{stem}.yml") for stem, _ in VOCABULARY_FIELDS.values()}
    matcher_file = read_yaml(data_dir, "matcher.yml")
    known: dict[str, Vocabulary] = {}
    for field, (stem, label) in VOCABULARY_FIELDS.items():
        if field != "beneficiaries":
            _keep(known, field, read_vocabulary(files[stem], stem, label, known))
    matcher = read_matcher(matcher_file, known)
    options = {"types": matcher.types, "sizes": matcher.sizes, "flags": matcher.flags} if matcher else {}
    conditions = dict(known, **{name: vocabulary for name, vocabulary in options.items() if vocabulary.terms})
    stem, label = VOCABULARY_FIELDS["beneficiaries"]
    _keep(known, "beneficiaries", read_vocabulary(files[stem], stem, label, conditions))
    vocabularies = MappingProxyType({field: known[field] for field in VOCABULARY_FIELDS if field in known})
    return vocabularies, matcher, [*files.values(), matcher_file]


def _keep(known: dict[str, Vocabulary], field: str, vocabulary: Vocabulary | None) -> None:
    """Only a vocabulary that was read is used to check others (an unreadable or empty one is reported)."""
    if vocabulary is not None and vocabulary.terms:
        known[field] = vocabulary


def load_vocabularies(data_dir: Path) -> Mapping[str, Vocabulary]:
    """The checked vocabularies alone (``python -m macros new``, ``schema``); ContentError if any is wrong."""
    vocabularies, _, files = read_vocabularies(data_dir)
    raise_problems(files)
    return vocabularies


def read_contract(data_dir: Path) -> tuple[Contract | None, DataFile]:
    """The record contract: valid JSON, a valid JSON Schema, every vocabulary field defined."""
    file = read_json(data_dir, SCHEMA_PATH.name)
    schema = file.data
    if not file.readable:
        return None, file
    if not isinstance(schema, dict):
        file.problem("JSON", "格式不对；应为一个 JSON 对象（以“{”开头）", 1)
        return None, file
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        field = ".".join(str(part) for part in error.path) or "JSON Schema"
        file.problem(field, f"不是有效的 JSON Schema（{error.message}）；请对照 JSON Schema 2020-12 的写法修改",
                     json_line(file.content, error.path))
        return None, file
    properties = schema.get("properties")
    for field in VOCABULARY_FIELDS:
        if not isinstance(properties, dict) or not isinstance(properties.get(field), dict):
            file.problem(f"properties.{field}", f"缺少词表字段“{field}”的定义；properties 中必须定义每个词表字段",
                         json_line(file.content, ["properties"]))
    if not file.readable:
        return None, file
    try:
        return contract_of(schema), file
    except ContentError as error:
        file.problems.extend(error.problems)
        return None, file


def check_userdict(data_dir: Path) -> DataFile | None:
    """The search dictionary (optional): one word a line, then an optional frequency and part of speech."""
    if not (data_dir / USERDICT_FILE).exists():
        return None
    source, text = read_raw(data_dir, USERDICT_FILE)
    file = DataFile(source, None, text or "")
    for number, line in enumerate(file.content.split("\n"), start=1):
        if line.strip() and not USERDICT_LINE.match(line):
            file.problem("词典", "这一行格式不对；每行写一个词，后面可以跟词频（数字）和词性（小写英文字母），"
                               "用一个半角空格分开；例如：专精特新 2000 n", number)
    return file


def raise_problems(files: list[DataFile]) -> None:
    problems = [p for f in files for p in f.problems]
    if problems:
        raise ContentError(problems)


def load_data(root: Path) -> DataFiles:
    """Read and check every data file; raise ContentError with every problem found in any of them."""
    data_dir = Path(root) / "data"
    _, messages_file = read_messages(data_dir)  # the clerks' messages (macros/messages.py): checked first
    raise_problems([messages_file])
    vocabularies, matcher, files = read_vocabularies(data_dir)
    site_file = read_yaml(data_dir, "site.yml")
    site = read_site(site_file)
    open_data_file = read_yaml(data_dir, "open-data.yml")
    open_data = read_open_data(open_data_file)
    documents_file = read_yaml(data_dir, "documents.yml")
    documents, texts = read_documents(documents_file, Path(root))
    contract, schema_file = read_contract(data_dir)
    userdict = check_userdict(data_dir)
    files += [site_file, open_data_file, documents_file, *texts, schema_file, *([userdict] if userdict else [])]
    raise_problems(files)
    notes = tuple(f"{f.path}: {note}" for f in files for note in f.source.normalised)
    return DataFiles(vocabularies, matcher, site, open_data, documents, contract, notes)
