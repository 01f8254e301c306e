"""The search vocabulary: stop words and synonyms (data/search/*.yml), read once and checked.

Both are stated only in their data files. The build leaves stop words out of the index
(macros/search/), indexes every synonym wherever it occurs, and ships both to the browser in
search-index/manifest.json, where search.js applies them to the query. Problems are located
(``Problem`` with file:line, in Chinese) and collected, never raised one by one: the loader is
self-contained so it can be plugged into any data-file loader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.datafile import read_raw
from ..core.problems import Problem
from ..core.yamlsafe import STANDARD_TAGS, Refused, compose  # the guarded composer: no anchors, aliases, deep nesting
from ..model.vocabularies import SearchVocabulary

STOPWORDS_FILE = "data/search/stopwords.yml"
SYNONYMS_FILE = "data/search/synonyms.yml"
STOP_FIELD = "停用词"
SYNONYM_FIELD = "同义词"
# A query is split into these runs (search.js reads this pattern from the manifest): a word of the
# search vocabulary must be one run, or the query could never contain it whole.
WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")
NULL_TAG = "tag:yaml.org,2002:null"
WORD_HINT = "只写汉字（或小写字母、数字），不写标点和空格"


@dataclass(frozen=True)
class _Word:
    text: str
    line: int


def load_search_vocabulary(root: Path, texts: Iterable[str] | None = None) -> tuple[SearchVocabulary, list[Problem]]:
    """Read and check both files under ``root``. With ``texts`` (the content of the laws, reports and
    records), a synonym group none of whose words occurs in them is refused as unknown."""
    problems: list[Problem] = []
    stop_words = _read_stop_words(root, problems)
    synonyms = _read_synonyms(root, {w.text: w.line for w in stop_words}, problems)
    if texts is not None:
        problems += _unknown_groups(synonyms, list(texts))
    vocabulary = SearchVocabulary(frozenset(w.text for w in stop_words),
                                  tuple(tuple(w.text for w in group) for group in synonyms))
    return vocabulary, problems


# -- reading -------------------------------------------------------------------------------

def _compose_file(root: Path, relative: str, field: str, problems: list[Problem]) -> yaml.Node | None:
    """The file decoded as every data file is (core/datafile.read_raw: UTF-8, a BOM or GB18030
    accepted), then composed with the guarded composer, keeping the nodes and their lines."""
    source, text = read_raw(root / "data", relative.removeprefix("data/"))
    problems += [Problem(p.path, p.line, field, p.message) for p in source.problems]
    if text is None:
        return None
    try:
        node = compose(text)
        tagged = _first_tagged(node)
        if tagged is None:
            return node
        tag = tagged.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(relative, _line(tagged), field,
                                f"不允许使用 YAML 标签“{tag}”；请直接写词语，不要加“!”开头的标签"))
    except Refused as refused:  # its line is the file's line (frontmatter.compose counts from 1)
        problems.append(Problem(relative, refused.line, field, refused.message))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.append(Problem(relative, mark.line + 1 if mark else 1, field,
                                "这一行格式有误（常见原因：冒号后缺空格、方括号或引号没有成对、缩进不一致）；"
                                "请对照文件开头的说明修改"))
    except yaml.YAMLError:
        problems.append(Problem(relative, 1, field, "文件格式有误；请对照文件开头的说明修改"))
    return None


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


def _word(node: yaml.Node, relative: str, field: str, problems: list[Problem]) -> _Word | None:
    """A scalar that is one query run, or a problem."""
    if not isinstance(node, yaml.ScalarNode):
        problems.append(Problem(relative, _line(node), field,
                                f"这里应为一个词，不能是列表或分组；{WORD_HINT}；例如：研究开发"))
        return None
    text = "" if node.tag == NULL_TAG else node.value.strip()
    if not text:
        problems.append(Problem(relative, _line(node), field, "这里有一个空词；请删除它，或写上词语；例如：研究开发"))
        return None
    if WORD.fullmatch(text) is None:
        problems.append(Problem(relative, _line(node), field,
                                f"“{text}”不是一个词（搜索会在标点、空格处把它拆开，或含有大写字母）；{WORD_HINT}；例如：研究开发"))
        return None
    return _Word(text, _line(node))


def _read_stop_words(root: Path, problems: list[Problem]) -> list[_Word]:
    """``分组名: [词, …]``; each word once in the whole file."""
    node = _compose_file(root, STOPWORDS_FILE, STOP_FIELD, problems)
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(STOPWORDS_FILE, _line(node), STOP_FIELD,
                                "文件应为“分组名: [词, 词, …]”的形式；例如：疑问词: [怎么, 如何]"))
        return []
    words: list[_Word] = []
    first: dict[str, int] = {}
    for key, value in node.value:
        if not isinstance(value, yaml.SequenceNode):
            problems.append(Problem(STOPWORDS_FILE, _line(value), STOP_FIELD,
                                    f"“{getattr(key, 'value', '')}”后面应为方括号中的词语列表；"
                                    "例如：疑问词: [怎么, 如何]"))
            continue
        for item in value.value:
            word = _word(item, STOPWORDS_FILE, STOP_FIELD, problems)
            if word is None:
                continue
            if word.text in first:
                problems.append(Problem(STOPWORDS_FILE, word.line, STOP_FIELD,
                                        f"“{word.text}”重复出现（第一次在第 {first[word.text]} 行）；"
                                        "每个词只写一次；请删除其中一处"))
                continue
            first[word.text] = word.line
            words.append(word)
    return words


def _read_synonyms(root: Path, stop_lines: dict[str, int], problems: list[Problem]) -> list[list[_Word]]:
    """``词: [同义词, …]``: groups without direction, each word in one group only, no loops."""
    node = _compose_file(root, SYNONYMS_FILE, SYNONYM_FIELD, problems)
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(SYNONYMS_FILE, _line(node), SYNONYM_FIELD,
                                "文件应为“词: [同义词, …]”的形式；例如：研发: [研究开发]"))
        return []
    entries = _entries(node, stop_lines, problems)
    looped = _loops(entries, problems)
    groups, owner = [], {}
    for head, others in entries:
        if head.text in looped:
            continue
        group = []
        for word in [head] + others:
            if word.text in owner:
                first, entry = owner[word.text]
                problems.append(Problem(SYNONYMS_FILE, word.line, SYNONYM_FIELD,
                                        f"“{word.text}”已写在第 {first.line} 行（“{entry}”那一组）；"
                                        "一个词只能属于一组；请把两组合并成一组"))
                continue
            owner[word.text] = (word, head.text)
            group.append(word)
        if len(group) > 1:
            groups.append(group)
    return groups


def _entries(node: yaml.MappingNode, stop_lines: dict[str, int],
             problems: list[Problem]) -> list[tuple[_Word, list[_Word]]]:
    entries, seen = [], {}
    for key, value in node.value:
        head = _word(key, SYNONYMS_FILE, SYNONYM_FIELD, problems)
        if head is None:
            continue
        if head.text in seen:
            problems.append(Problem(SYNONYMS_FILE, head.line, SYNONYM_FIELD,
                                    f"“{head.text}”重复出现（第一次在第 {seen[head.text]} 行）；"
                                    "每个词只写一组；请把两组合并"))
            continue
        seen[head.text] = head.line
        if isinstance(value, yaml.MappingNode):
            problems.append(Problem(SYNONYMS_FILE, _line(value), SYNONYM_FIELD,
                                    f"“{head.text}”的同义词应写在方括号中；例如：研发: [研究开发]"))
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if not items or (len(items) == 1 and items[0].tag == NULL_TAG):
            problems.append(Problem(SYNONYMS_FILE, head.line, SYNONYM_FIELD,
                                    f"“{head.text}”这一组是空的；"
                                    "请写出至少一个同义词，例如：研发: [研究开发]；或删除这一行"))
            continue
        others = _group_words(head, items, stop_lines, problems)
        if others is not None:
            entries.append((head, others))
    return entries


def _group_words(head: _Word, items: list[yaml.Node], stop_lines: dict[str, int],
                 problems: list[Problem]) -> list[_Word] | None:
    others, ok = [], True
    for item in items:
        word = _word(item, SYNONYMS_FILE, SYNONYM_FIELD, problems)
        if word is None:
            ok = False
        elif word.text in [w.text for w in others]:
            problems.append(Problem(SYNONYMS_FILE, word.line, SYNONYM_FIELD,
                                    f"“{word.text}”在这一组中写了两次；请删除其中一处"))
        else:  # a word listed as its own synonym stays: _loops reports it
            others.append(word)
    for word in [head] + others:
        if word.text in stop_lines:
            problems.append(Problem(SYNONYMS_FILE, word.line, SYNONYM_FIELD,
                                    f"“{word.text}”是停用词（{STOPWORDS_FILE} 第 {stop_lines[word.text]} 行），"
                                    "搜索时会被忽略；不能作同义词；请换一个词，或把它从停用词中删除"))
            ok = False
    return others if ok else None


def _loops(entries: list[tuple[_Word, list[_Word]]], problems: list[Problem]) -> set[str]:
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
            message = f"“{head.text}”的同义词又写了它自己；请删除这个同义词"
        else:
            path = "→".join(f"“{w}”" for w in cycle)
            others = "、".join(f"第 {lines[w]} 行" for w in cycle[1:-1])
            message = (f"这几组互相指向，形成循环：{path}（另见{others}）；同义词组不分方向，写一组就够了；"
                       f"请把它们合并成一行，例如：{cycle[0]}: [{', '.join(dict.fromkeys(cycle[1:-1]))}]")
        problems.append(Problem(SYNONYMS_FILE, head.line, SYNONYM_FIELD, message))
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


def _unknown_groups(groups: list[list[_Word]], texts: list[str]) -> list[Problem]:
    problems = []
    for group in groups:
        if not any(word.text in text for word in group for text in texts):
            words = "、".join(f"“{w.text}”" for w in group)
            problems.append(Problem(SYNONYMS_FILE, group[0].line, SYNONYM_FIELD,
                                    f"{words}在法律、报告和政策中都没有出现，这一组找不到任何内容；"
                                    f"请只添加网站内容中真实用到的写法，或检查是否写错"))
    return problems
