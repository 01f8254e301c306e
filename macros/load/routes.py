"""Reading and checking the routes to act (the departments' own contacts are read with the
departments, load/vocabularies.py): data/hotlines.yml (the national hotlines and which records each fits) and
data/entitlements.yml (the law articles that answer a kind of business no local record serves)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import fields

from ..core.datafile import DataFile, key
from ..legal.documents import Document
from ..model.routes import EntitledArticle, Entitlement, Hotline
from ..model.vocabularies import Vocabulary
from .vocabularies import not_in_vocabulary

NUMBER_RE = re.compile(r"^[0-9]{3,12}$")
ALL = "all"
HOTLINE_EXAMPLE = "{code: zhengwu, name: 12345政务服务便民热线, number: \"12345\", ...}"
ENTITLEMENT_EXAMPLE = "{beneficiary: getihu, law: getihu-fazhan-tiaoli, note: ..., articles: [...]}"
ARTICLE_EXAMPLE = "{article: 第二十条, topic: 税费, category: shuifei}"


def read_hotlines(file: DataFile, categories: Vocabulary | None) -> tuple[Hotline, ...]:
    """data/hotlines.yml: each hotline with what it is, whose line it is not, where it fits, its source."""
    if not file.readable:
        return ()
    hotlines, codes = [], []
    what = file.messages.text("routes.hotline")
    for at, entry in file.items("", file.data, what, HOTLINE_EXAMPLE):
        file.known_keys(entry, at, [f.name for f in fields(Hotline) if f.name != "categories"] + ["applies_to"])
        values = {name: file.text(entry, at, name, required=True)
                  for name in ("code", "name", "number", "what", "not_department", "source")}
        if values["number"] and not NUMBER_RE.match(values["number"]):
            file.say("routes.number_format", key(at, "number"), value=values["number"])
        if values["code"]:
            codes.append((key(at, "code"), values["code"]))
        applies, ok = _applies_to(file, entry, at, categories)
        if ok and all(values.values()):
            hotlines.append(Hotline(values["code"], values["name"], values["number"], values["what"],
                                    values["not_department"], applies, values["source"]))
    file.unique_codes(codes)
    return tuple(hotlines)


def _applies_to(file: DataFile, entry: dict, at: str, categories: Vocabulary | None) -> tuple[tuple[str, ...] | None, bool]:
    """``all`` (None) or the category codes a hotline fits; (value, readable)."""
    dotted = key(at, "applies_to")
    value = entry.get("applies_to")
    if value == ALL:
        return None, True
    if not isinstance(value, dict) or set(value) != {"categories"} or not value["categories"]:
        line = file.line_of(dotted) if "applies_to" in entry else file.line_of(at)
        file.say("routes.applies_to", dotted, line)
        return None, False
    codes = file.codes(value, dotted, "categories", "[shuifei]")
    if codes is None:
        return None, False
    return codes, _known(file, codes, key(dotted, "categories"), categories)


def _known(file: DataFile, codes: Iterable[str], dotted: str, vocabulary: Vocabulary | None) -> bool:
    ok = True
    for index, code in enumerate(codes):
        if vocabulary is not None and code not in vocabulary:
            file.problem(dotted, not_in_vocabulary(code, vocabulary, file.messages), file.line_of(f"{dotted}[{index}]"))
            ok = False
    return ok


def read_entitlements(file: DataFile, vocabularies: Mapping[str, Vocabulary],
                      documents: Iterable[Document]) -> tuple[Entitlement, ...]:
    """data/entitlements.yml: per beneficiary, a law with its full text and articles that exist in it."""
    if not file.readable:
        return ()
    laws = {d.id: d for d in documents}
    found = []
    what = file.messages.text("routes.entitlement")
    for at, entry in file.items("", file.data, what, ENTITLEMENT_EXAMPLE):
        file.known_keys(entry, at, [f.name for f in fields(Entitlement)])
        beneficiary = file.text(entry, at, "beneficiary", "getihu", required=True)
        law_id = file.text(entry, at, "law", "getihu-fazhan-tiaoli", required=True)
        note = file.text(entry, at, "note", required=True)
        beneficiaries = vocabularies.get("beneficiaries")
        if beneficiary and beneficiaries is not None and beneficiary not in beneficiaries:
            file.problem(key(at, "beneficiary"), not_in_vocabulary(beneficiary, beneficiaries, file.messages),
                         file.line_of(key(at, "beneficiary")))
        law = laws.get(law_id) if law_id else None
        if law_id and law is None:
            file.say("routes.law_unknown", key(at, "law"), value=law_id, allowed="、".join(laws) or "—")
        elif law is not None and law.law is None:
            file.say("routes.law_without_text", key(at, "law"), law=law.title)
        articles = _articles(file, entry, at, law, vocabularies.get("categories"))
        if beneficiary and law_id and note and articles:
            found.append(Entitlement(beneficiary, law_id, note, articles))
    return tuple(found)


def _articles(file: DataFile, entry: dict, at: str, law: Document | None,
              categories: Vocabulary | None) -> tuple[EntitledArticle, ...]:
    dotted = key(at, "articles")
    what = file.messages.text("routes.article")
    articles = []
    for item_at, item in file.items(dotted, entry.get("articles"), what, ARTICLE_EXAMPLE):
        file.known_keys(item, item_at, [f.name for f in fields(EntitledArticle)])
        number = file.text(item, item_at, "article", "第二十条", required=True)
        topic = file.text(item, item_at, "topic", "税费", required=True)
        category = file.text(item, item_at, "category")
        if number and law is not None and law.law is not None and law.law.article(number) is None:
            file.say("routes.article_unknown", key(item_at, "article"), value=number, law=law.title,
                     first=law.law.articles[0].number, last=law.law.articles[-1].number)
        if category and not _known(file, [category], key(item_at, "category"), categories):
            category = None
        if number and topic:
            articles.append(EntitledArticle(number, topic, category))
    return tuple(articles)
