"""Reading and checking the vocabularies (data/<vocabulary>.yml) and the matcher's options
(data/matcher.yml), field by field, in the order their cross-references need: the needs name real
categories and support types; beneficiaries' ``match`` rules name real types, sizes, flags and
industries."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.datafile import DataFile, key, read_yaml
from ..core.messages import Messages, load_messages
from ..core.problems import ContentError
from ..model.routes import CONTACT_FIELDS, SOURCE_SUFFIX
from ..model.vocabularies import (
    MATCH_CONDITIONS,
    MATCHER_LISTS,
    VOCABULARY_FIELDS,
    Beneficiary,
    Department,
    MatcherConfig,
    MatchRule,
    Need,
    SearchVocabulary,
    Term,
    Vocabulary,
)
from .search import NARROWER_FILE, STOPWORDS_FILE, SYNONYMS_FILE, WORD, load_search_vocabulary


def allowed_terms(vocabulary: Vocabulary, messages: Messages) -> str:
    """The codes a vocabulary allows, with their names, as the messages list them."""
    return "、".join(messages.text("vocabulary_term", code=t.code, name=t.name) for t in vocabulary.terms)


def codes_by_name(vocabulary: Vocabulary) -> dict[str, str]:
    """Name -> code (the first term of that name): a name written for its code is pointed at it."""
    found: dict[str, str] = {}
    for term in vocabulary.terms:
        found.setdefault(term.name, term.code)
    return found


def not_in_vocabulary(value: Any, vocabulary: Vocabulary, messages: Messages) -> str:
    """The one message for a code that a vocabulary does not define."""
    by_name = codes_by_name(vocabulary).get(str(value))
    hint = messages.text("did_you_mean", value=by_name) if by_name else messages.suggest(str(value), vocabulary.codes)
    return messages.text("not_in_vocabulary", value=value, label=vocabulary.label, where=vocabulary.where,
                         allowed=allowed_terms(vocabulary, messages), hint=hint)


# stem -> an example item, for messages
EXAMPLES = {
    "departments": ("kejing", "石首市科学技术和经济信息化局"),
    "beneficiaries": ("xiaowei", "小微企业"),
    "industries": ("zhizao", "制造业"),
    "categories": ("jiangbu", "财政奖补"),
    "support_types": ("jiangli", "奖励"),
    "delivery": ("mianshen", "免申即享"),
    "types": ("qiye", "企业"),
    "sizes": ("xiao", "小型"),
    "flags": ("keji", "科技型中小企业（已评价入库）"),
    "needs": ("rongzi", "融资"),
}
MATCH_EXAMPLE = "{types: [qiye], sizes: [wei, xiao]}"

Extras = Callable[[DataFile, dict, str, Mapping[str, Vocabulary]], dict]


# a department's own phone: a fixed line (area code, number, optional extension) or a mobile number
PHONE_RE = re.compile(r"^(0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9})$")
WEBSITE_RE = re.compile(r"^https?://[^\s/]+(/\S*)?$")
CONTACT_FORMATS = {"phone": PHONE_RE, "website": WEBSITE_RE}
SOURCE_EXAMPLE = "部门 2027-01-05 提供的《联系方式确认函》"


def _department_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    contact = [name for field in CONTACT_FIELDS for name in (field, field + SOURCE_SUFFIX)]
    found = {f.name: file.text(entry, at, f.name) for f in fields(Department)
             if f.name not in TERM_KEYS and f.name not in contact}
    return {**found, **department_contact(file, entry, at)}


def department_contact(file: DataFile, entry: dict, at: str) -> dict[str, str | None]:
    """A department's contact fields and their sources; a value without its source, or a source
    without its value, or a malformed phone or website, is a located problem."""
    found: dict[str, str | None] = {}
    for name, label in CONTACT_FIELDS.items():
        value = file.text(entry, at, name)
        source = file.text(entry, at, name + SOURCE_SUFFIX)
        if value and not source:
            file.say("routes.contact_source_missing", key(at, name), file.line_of(key(at, name)), label=label,
                     name=name, example=SOURCE_EXAMPLE)
        if source and not value:
            file.say("routes.contact_source_alone", key(at, name + SOURCE_SUFFIX), label=label, name=name)
        pattern = CONTACT_FORMATS.get(name)
        if value and pattern is not None and not pattern.match(value):
            file.say("routes.phone_format" if name == "phone" else "routes.website_format", key(at, name), value=value)
        found[name], found[name + SOURCE_SUFFIX] = value, source
    return found


def _beneficiary_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    if "match" not in entry:
        file.say("vocabularies.match_missing", key(at, "match"), file.line_of(at), example=MATCH_EXAMPLE)
        return {}
    rule = file.mapping(entry, at, "match", MATCH_EXAMPLE)
    if rule is None:
        return {}
    rule_at = key(at, "match")
    file.known_keys(rule, rule_at, MATCH_CONDITIONS)
    conditions = {name: _known_codes(file, rule, rule_at, name, known) for name in MATCH_CONDITIONS}
    if not rule:
        file.say("vocabularies.match_empty", rule_at, example=MATCH_EXAMPLE)
    return {"match": MatchRule(**conditions)}


def _need_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    found = {}
    for name in ("categories", "support_type"):
        if name not in entry:
            example = _codes_example(known.get(name))
            file.say("vocabularies.need_field_missing", key(at, name), file.line_of(at), name=name, example=example)
        found[name] = _known_codes(file, entry, at, name, known) or ()
    return found


def _codes_example(vocabulary: Vocabulary | None) -> str:
    return f"[{', '.join(vocabulary.codes[:2])}]" if vocabulary and vocabulary.terms else "[daima1, daima2]"


def _known_codes(file: DataFile, entry: dict, at: str, name: str,
                 known: Mapping[str, Vocabulary]) -> tuple[str, ...] | None:
    """A list of codes, each checked against the vocabulary that defines them (when it was read)."""
    vocabulary = known.get(name)
    codes = file.codes(entry, at, name, _codes_example(vocabulary))
    dotted = key(at, name)
    for index, code in enumerate(codes or ()):
        if vocabulary is not None and code not in vocabulary:
            file.problem(dotted, not_in_vocabulary(code, vocabulary, file.messages), file.line_of(f"{dotted}[{index}]"))
    return codes


TERM_KEYS = ("code", "name", "description", "aliases")
ALIAS_EXAMPLE = "[贷款, 借钱]"
TERM_TYPES: dict[str, tuple[type[Term], Extras | None]] = {
    "departments": (Department, _department_extras),
    "beneficiaries": (Beneficiary, _beneficiary_extras),
    "needs": (Need, _need_extras),
}


def read_terms(file: DataFile, at: str, value: Any, stem: str, known: Mapping[str, Vocabulary]) -> tuple[Term, ...]:
    """The terms of a vocabulary list (a whole file, or one list of matcher.yml), field by field."""
    term_type, extras = TERM_TYPES.get(stem, (Term, None))
    code_example, name_example = EXAMPLES[stem]
    terms, codes = [], []
    what = file.messages.text("vocabularies.term")
    for item_at, entry in file.items(at, value, what, f"{{code: {code_example}, name: {name_example}}}"):
        file.known_keys(entry, item_at, [f.name for f in fields(term_type)])
        code = file.code(entry, item_at, code_example)
        name = file.text(entry, item_at, "name", name_example, required=True)
        description = file.text(entry, item_at, "description") or ""
        aliases = _aliases(file, entry, item_at)
        extra = extras(file, entry, item_at, known) if extras else {}
        if code is not None:
            codes.append((key(item_at, "code"), code))
        if code is not None and name is not None:
            terms.append(term_type(code, name, description, aliases, **extra))
    file.unique_codes(codes)
    return tuple(terms)


def _aliases(file: DataFile, entry: dict, at: str) -> tuple[str, ...]:
    """An entry's everyday words, each one query run (the browser splits a query at punctuation and
    spaces, so a word with them could never be typed whole)."""
    words = []
    for index, word in enumerate(file.codes(entry, at, "aliases", ALIAS_EXAMPLE) or ()):
        dotted = key(at, "aliases")
        if WORD.fullmatch(word.strip()) is None:
            file.say("search.not_a_word", dotted, file.line_of(f"{dotted}[{index}]"), text=word,
                     hint=file.messages.text("search.word_hint"))
        else:
            words.append(word.strip())
    return tuple(words)


@dataclass(frozen=True)
class _AliasSite:
    file: DataFile
    dotted: str
    line: int
    word: str
    entry: str  # 政策类别“融资支持”
    names: Mapping[str, str]  # the names of the entries of the same list -> where each is


def _alias_sites(file: DataFile, label: str, at: str, value: Any) -> list[_AliasSite]:
    if not isinstance(value, list):
        return []
    sites = []
    names = {entry["name"]: file.messages.text("search.entry", label=label, name=entry["name"])
             for entry in value if isinstance(entry, dict) and isinstance(entry.get("name"), str)}
    for index, entry in enumerate(value):
        words = entry.get("aliases") if isinstance(entry, dict) else None
        if not isinstance(words, list):
            continue
        item_at, where = f"{at}[{index}]", file.messages.text("search.entry", label=label, name=entry.get("name"))
        for number, word in enumerate(words):
            if isinstance(word, str) and WORD.fullmatch(word.strip()):
                dotted = key(item_at, "aliases")
                sites.append(_AliasSite(file, dotted, file.line_of(f"{dotted}[{number}]"), word.strip(), where, names))
    return sites


def check_aliases(sites: list[_AliasSite], search: SearchVocabulary) -> None:
    """No everyday word in two places: not twice, not the name of an entry of its own list, not a
    synonym, not a stop word (it would be dropped from every query). A name of another list may be an
    everyday word (补贴, a support type, for the category 财政奖补)."""
    first: dict[str, _AliasSite] = {}
    synonyms = set(search.synonym_words) | set(search.narrower_words)
    for site in sites:
        file = site.file
        if site.word in first:
            other = first[site.word]
            file.say("search.alias_repeated", site.dotted, site.line, text=site.word, entry=other.entry,
                place=f"{other.file.path}:{other.line}")
        elif site.word in site.names:
            file.say("search.alias_is_name", site.dotted, site.line, text=site.word, entry=site.names[site.word])
        elif site.word in search.stop_words:
            file.say("search.alias_stop_word", site.dotted, site.line, text=site.word, file=STOPWORDS_FILE)
        elif site.word in synonyms:
            where = SYNONYMS_FILE if site.word in search.synonym_words else NARROWER_FILE
            file.say("search.alias_synonym", site.dotted, site.line, text=site.word, file=where)
        first.setdefault(site.word, site)


def read_vocabulary(file: DataFile, stem: str, label: str, known: Mapping[str, Vocabulary]) -> Vocabulary | None:
    if not file.readable:
        return None
    return Vocabulary(stem, label, read_terms(file, "", file.data, stem, known))


def read_matcher(file: DataFile, known: Mapping[str, Vocabulary]) -> MatcherConfig | None:
    """data/matcher.yml; ``known`` has the vocabularies that the needs' codes come from."""
    if not file.readable:
        return None
    data = file.data
    if not isinstance(data, dict):
        file.say("vocabularies.matcher_not_a_mapping", "文件内容", file.line_of(""))
        return None
    file.known_keys(data, "", MATCHER_LISTS)
    lists = {}
    for name, label in MATCHER_LISTS.items():
        if name not in data:
            code, example = EXAMPLES[name]
            file.say("vocabularies.matcher_list_missing", name, file.line_of(""), label=label, name=name, code=code,
                     example=example)
        terms = read_terms(file, name, data.get(name), name, known) if name in data else ()
        lists[name] = Vocabulary("matcher", label, terms, file.messages.text("vocabularies.matcher_list", name=name))
    return MatcherConfig(**lists)


def read_vocabularies(data_dir: Path, messages: Messages) -> tuple[Mapping[str, Vocabulary], MatcherConfig | None, list[DataFile]]:
    """The vocabularies and matcher.yml, read in the order their cross-references need."""
    files = {stem: read_yaml(data_dir, f"{stem}.yml", messages) for stem, _ in VOCABULARY_FIELDS.values()}
    matcher_file = read_yaml(data_dir, "matcher.yml", messages)
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
    _check_all_aliases(data_dir, messages, files, matcher_file)
    return vocabularies, matcher, [*files.values(), matcher_file]


def _check_all_aliases(data_dir: Path, messages: Messages, files: Mapping[str, DataFile], matcher_file: DataFile) -> None:
    """The everyday words of every vocabulary and of the matcher's needs, against each other and the
    search vocabulary (whose own problems are reported by load/portal.check_content)."""
    lists = [(files[stem], label, "", files[stem].data) for stem, label in VOCABULARY_FIELDS.values()
             if files[stem].readable]
    if matcher_file.readable and isinstance(matcher_file.data, dict):
        lists += [(matcher_file, MATCHER_LISTS[name], name, matcher_file.data.get(name)) for name in MATCHER_LISTS]
    sites = [site for file, label, at, value in lists for site in _alias_sites(file, label, at, value)]
    search, _ = load_search_vocabulary(data_dir.parent, messages)
    check_aliases(sites, search)


def _keep(known: dict[str, Vocabulary], field: str, vocabulary: Vocabulary | None) -> None:
    """Only a vocabulary that was read is used to check others (an unreadable or empty one is reported)."""
    if vocabulary is not None and vocabulary.terms:
        known[field] = vocabulary


def load_vocabularies(root: Path) -> Mapping[str, Vocabulary]:
    """The checked vocabularies alone (``python -m macros new``, ``schema``); ContentError if any is wrong."""
    vocabularies, _, files = read_vocabularies(Path(root) / "data", load_messages(root))
    raise_problems(files)
    return vocabularies


def raise_problems(files: list[DataFile]) -> None:
    problems = [p for f in files for p in f.problems]
    if problems:
        raise ContentError(problems)
