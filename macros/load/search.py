"""The search vocabulary: stop words and synonyms (data/search/*.yml), read once and checked.

Both are stated only in their data files. The build leaves stop words out of the index
(macros/search/), indexes every synonym wherever it occurs, and ships both to the browser in
search-index/manifest.json, where search.js applies them to the query. Problems are located
(``Problem`` with file:line, worded by the message catalog's ``search.…`` texts) and collected on
each file's ``SourceFile``, never raised one by one: the loader is self-contained so it can be
plugged into any data-file loader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.datafile import read_raw
from ..core.files import SourceFile
from ..core.messages import Messages
from ..core.problems import Problem
from ..core.yamlsafe import STANDARD_TAGS, Refused, compose  # the guarded composer: no anchors, aliases, deep nesting
from ..model.vocabularies import SearchVocabulary

STOPWORDS_FILE = "data/search/stopwords.yml"
SYNONYMS_FILE = "data/search/synonyms.yml"
NARROWER_FILE = "data/search/narrower.yml"
STOP_FIELD = "停用词"
SYNONYM_FIELD = "同义词"
NARROWER_FIELD = "较窄的词"
# A query is split into these runs (search.js reads this pattern from the manifest): a word of the
# search vocabulary must be one run, or the query could never contain it whole.
WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class _Word:
    text: str
    line: int


def load_search_vocabulary(root: Path, messages: Messages,
                           texts: Iterable[str] | None = None) -> tuple[SearchVocabulary, list[Problem]]:
    """Read and check both files under ``root``. With ``texts`` (the content of the laws, reports and
    records), a synonym group none of whose words occurs in them is refused as unknown."""
    stop_file, stop_node = _compose_file(root, STOPWORDS_FILE, STOP_FIELD, messages)
    stop_words = _read_stop_words(stop_file, stop_node)
    synonyms_file, synonyms_node = _compose_file(root, SYNONYMS_FILE, SYNONYM_FIELD, messages)
    synonyms = _read_synonyms(synonyms_file, synonyms_node, {w.text: w.line for w in stop_words})
    narrower_file, narrower_node = _compose_file(root, NARROWER_FILE, NARROWER_FIELD, messages, optional=True)
    narrower = _read_narrower(narrower_file, narrower_node, {w.text: w.line for w in stop_words})
    if texts is not None:
        texts = list(texts)
        _unknown_groups(synonyms_file, synonyms, texts)
        narrower = _known_narrower(narrower_file, narrower, texts)
    vocabulary = SearchVocabulary(frozenset(w.text for w in stop_words),
                                  tuple(tuple(w.text for w in group) for group in synonyms),
                                  tuple((head.text, *(w.text for w in others)) for head, others in narrower))
    return vocabulary, stop_file.problems + synonyms_file.problems + narrower_file.problems


# -- reading -------------------------------------------------------------------------------

def _compose_file(root: Path, relative: str, field: str, messages: Messages,
                  optional: bool = False) -> tuple[SourceFile, yaml.Node | None]:
    """The file decoded as every data file is (core/datafile.read_raw: UTF-8, a BOM or GB18030
    accepted), then composed with the guarded composer, keeping the nodes and their lines; its
    problems (all named ``field``) are on the returned file. An ``optional`` file may be absent."""
    source, text = read_raw(root / "data", relative.removeprefix("data/"), messages)
    if optional and not (root / relative).exists():
        source.problems.clear()
        return source, None
    source.problems[:] = [Problem(p.path, p.line, field, p.message) for p in source.problems]
    if text is None:
        return source, None
    try:
        node = compose(text, messages)
        tagged = _first_tagged(node)
        if tagged is None:
            return source, node
        source.say("search.tag", field, _line(tagged), tag=tagged.tag.replace("tag:yaml.org,2002:", "!!"))
    except Refused as refused:  # its line is the file's line (frontmatter.compose counts from 1)
        source.problem(field, refused.message, refused.line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        source.say("search.syntax", field, mark.line + 1 if mark else 1)
    except yaml.YAMLError:
        source.say("search.unreadable", field, 1)
    return source, None


def _first_tagged(node: yaml.Node | None) -> yaml.Node | None:
    """The first node with a tag other than YAML's standard ones (``!!python/object`` …), or None."""
    if node is None:
        return None
    if node.tag not in STANDARD_TAGS:
        return node
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
    return next((found for child in children if (found := _first_tagged(child)) is not None), None)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _word(node: yaml.Node, source: SourceFile, field: str) -> _Word | None:
    """A scalar that is one query run, or a problem."""
    if not isinstance(node, yaml.ScalarNode):
        source.say("search.not_one_word", field, _line(node), hint=source.messages.text("search.word_hint"))
        return None
    text = "" if node.tag == NULL_TAG else node.value.strip()
    if not text:
        source.say("search.empty_word", field, _line(node))
        return None
    if WORD.fullmatch(text) is None:
        source.say("search.not_a_word", field, _line(node), text=text, hint=source.messages.text("search.word_hint"))
        return None
    return _Word(text, _line(node))


def _read_stop_words(source: SourceFile, node: yaml.Node | None) -> list[_Word]:
    """``分组名: [词, …]``; each word once in the whole file."""
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        source.say("search.stop_words_not_a_mapping", STOP_FIELD, _line(node))
        return []
    words: list[_Word] = []
    first: dict[str, int] = {}
    for key, value in node.value:
        if not isinstance(value, yaml.SequenceNode):
            source.say("search.stop_words_not_a_list", STOP_FIELD, _line(value), group=getattr(key, "value", ""))
            continue
        for item in value.value:
            word = _word(item, source, STOP_FIELD)
            if word is None:
                continue
            if word.text in first:
                source.say("search.stop_word_repeated", STOP_FIELD, word.line, text=word.text, first=first[word.text])
                continue
            first[word.text] = word.line
            words.append(word)
    return words


def _read_synonyms(source: SourceFile, node: yaml.Node | None, stop_lines: dict[str, int]) -> list[list[_Word]]:
    """``词: [同义词, …]``: groups without direction, each word in one group only, no loops."""
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        source.say("search.synonyms_not_a_mapping", SYNONYM_FIELD, _line(node))
        return []
    entries = _entries(source, node, stop_lines)
    looped = _loops(source, entries)
    groups, owner = [], {}
    for head, others in entries:
        if head.text in looped:
            continue
        group = []
        for word in [head] + others:
            if word.text in owner:
                first, entry = owner[word.text]
                source.say("search.word_in_two_groups", SYNONYM_FIELD, word.line, text=word.text, first=first.line,
                           group=entry)
                continue
            owner[word.text] = (word, head.text)
            group.append(word)
        if len(group) > 1:
            groups.append(group)
    return groups


def _entries(source: SourceFile, node: yaml.MappingNode, stop_lines: dict[str, int],
             field: str = SYNONYM_FIELD) -> list[tuple[_Word, list[_Word]]]:
    entries, seen = [], {}
    for key, value in node.value:
        head = _word(key, source, field)
        if head is None:
            continue
        if head.text in seen:
            source.say("search.group_repeated", field, head.line, text=head.text, first=seen[head.text])
            continue
        seen[head.text] = head.line
        if isinstance(value, yaml.MappingNode):
            source.say("search.synonyms_not_a_list", field, _line(value), text=head.text)
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if not items or (len(items) == 1 and items[0].tag == NULL_TAG):
            source.say("search.group_empty", field, head.line, text=head.text)
            continue
        others = _group_words(source, head, items, stop_lines, field)
        if others is not None:
            entries.append((head, others))
    return entries


def _group_words(source: SourceFile, head: _Word, items: list[yaml.Node],
                 stop_lines: dict[str, int], field: str = SYNONYM_FIELD) -> list[_Word] | None:
    others, ok = [], True
    for item in items:
        word = _word(item, source, field)
        if word is None:
            ok = False
        elif word.text in [w.text for w in others]:
            source.say("search.word_twice_in_group", field, word.line, text=word.text)
        else:  # a word listed as its own synonym stays: _loops reports it
            others.append(word)
    for word in [head] + others:
        if word.text in stop_lines:
            source.say("search.stop_word_as_synonym", field, word.line, text=word.text, file=STOPWORDS_FILE,
                       first=stop_lines[word.text])
            ok = False
    return others if ok else None


def _loops(source: SourceFile, entries: list[tuple[_Word, list[_Word]]]) -> set[str]:
    """Entries that lead back to themselves (研发: [研究开发] and 研究开发: [研发]); returns their heads."""
    targets = {head.text: [w.text for w in others] for head, others in entries}
    lines = {head.text: head.line for head, _ in entries}
    looped: set[str] = set()
    for head, _ in entries:
        cycle = _cycle_from(head.text, targets)
        if cycle is None or head.text in looped:
            continue
        looped.update(cycle[:-1])
        if len(cycle) == 2:
            source.say("search.own_synonym", SYNONYM_FIELD, head.line, text=head.text)
            continue
        messages = source.messages
        path = "→".join(messages.text("search.quoted", text=w) for w in cycle)
        others = "、".join(messages.text("search.line", line=lines[w]) for w in cycle[1:-1])
        source.say("search.loop", SYNONYM_FIELD, head.line, path=path, others=others, head=cycle[0],
                   words=", ".join(dict.fromkeys(cycle[1:-1])))
    return looped


def _cycle_from(start: str, targets: dict[str, list[str]]) -> list[str] | None:
    """The shortest path start → … → start through entry words, or None."""
    paths = [[start]]
    seen = {start}
    while paths:
        grown = []
        for path in paths:
            for target in targets.get(path[-1], []):
                if target == start:
                    return path + [start]
                if target in targets and target not in seen:
                    seen.add(target)
                    grown.append(path + [target])
        paths = grown
    return None


def _unknown_groups(source: SourceFile, groups: list[list[_Word]], texts: list[str]) -> None:
    for group in groups:
        if not any(word.text in text for word in group for text in texts):
            words = "、".join(source.messages.text("search.quoted", text=w.text) for w in group)
            source.say("search.group_unknown", SYNONYM_FIELD, group[0].line, words=words)


# -- one-way relations (data/search/narrower.yml) ---------------------------------------------

def _read_narrower(source: SourceFile, node: yaml.Node | None,
                   stop_lines: dict[str, int]) -> list[tuple[_Word, list[_Word]]]:
    """``较宽的词: [较窄的词, …]``: the broader word finds the narrower ones, never the reverse; no loops."""
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        source.say("search.narrower_not_a_mapping", NARROWER_FIELD, _line(node))
        return []
    entries = _entries(source, node, stop_lines, NARROWER_FIELD)
    targets = {head.text: [w.text for w in others] for head, others in entries}
    lines = {head.text: head.line for head, _ in entries}
    kept, looped = [], set()
    for head, others in entries:
        cycle = _cycle_from(head.text, targets)
        if cycle is None:
            kept.append((head, others))
            continue
        if head.text in looped:
            continue
        looped.update(cycle)
        if len(cycle) == 2:
            source.say("search.narrower_self", NARROWER_FIELD, head.line, text=head.text)
        else:
            messages = source.messages
            path = "→".join(messages.text("search.quoted", text=w) for w in cycle)
            others_at = "、".join(messages.text("search.line", line=lines[w]) for w in cycle[1:-1])
            source.say("search.narrower_loop", NARROWER_FIELD, head.line, path=path, others=others_at)
    return kept


def _known_narrower(source: SourceFile, entries: list[tuple[_Word, list[_Word]]],
                    texts: list[str]) -> list[tuple[_Word, list[_Word]]]:
    """A narrower word in no content would find nothing: refused."""
    kept = []
    for head, others in entries:
        missing = [w for w in others if not any(w.text in text for text in texts)]
        for word in missing:
            source.say("search.narrower_unknown", NARROWER_FIELD, word.line, text=word.text, head=head.text)
        if not missing:
            kept.append((head, others))
    return kept
