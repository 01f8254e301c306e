"""How to act on what a page describes: the department's own contact when the department has given
it (data/departments.yml, each value with its source), the national hotlines that fit (data/hotlines.yml:
which hotline fits which record is the ``applies_to`` rule there, evaluated here once, for the pages
and for api/catalog.json), and, for a kind of business no local record serves, the articles of a law
that state what it can get (data/entitlements.yml)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..legal.documents import Document

# a department's contact fields, in the order a page shows them, with their Chinese labels
CONTACT_FIELDS = {"phone": "电话", "address": "办公地址", "hours": "办公时间", "website": "官方网站"}
SOURCE_SUFFIX = "_source"
# the code, in data/departments.yml and data/beneficiaries.yml, of what a record's source does not
# state: who is responsible, or whom the provision is for (the matcher lists those records apart)
NOT_STATED = "weishuoming"
RECORD_SOURCE = "本条政策的信息来源"  # a contact written in the record rests on the record's sources
EXTENSION = re.compile(r"-[0-9]{1,6}$")


def tel_href(phone: str) -> str:
    """A tap-to-call link: ``tel:`` and the number's digits only (an extension is not dialled)."""
    number = EXTENSION.sub("", phone) if phone.count("-") > 1 else phone
    return "tel:" + re.sub(r"[^0-9]", "", number)


@dataclass(frozen=True)
class Hotline:
    code: str
    name: str
    number: str
    what: str  # what it is, shown as written
    not_department: str  # the words saying whose line it is not
    categories: tuple[str, ...] | None  # the records it fits by category; None: every record and page
    source: str

    @property
    def tel(self) -> str:
        return tel_href(self.number)

    def fits(self, categories: Iterable[str]) -> bool:
        return self.categories is None or bool(set(self.categories) & set(categories))

    def as_dict(self) -> dict[str, str]:
        """As shipped to the browser (api/catalog.json ``hotlines``)."""
        return {"name": self.name, "number": self.number, "tel": self.tel, "what": self.what,
                "not_department": self.not_department, "source": self.source}


def hotlines_for(hotlines: Iterable[Hotline], categories: Iterable[str]) -> tuple[Hotline, ...]:
    """The hotlines that fit a record's (or an answer's) categories: the specific ones first, then
    those for every page."""
    categories = tuple(categories)
    fitting = [h for h in hotlines if h.fits(categories)]
    return tuple(sorted(fitting, key=lambda h: h.categories is None))


def every_page(hotlines: Iterable[Hotline]) -> tuple[Hotline, ...]:
    """The hotlines for every page (the footer's route to ask)."""
    return tuple(h for h in hotlines if h.categories is None)


@dataclass(frozen=True)
class Contact:
    """One of a department's own contact facts, with where it was written."""

    field: str
    label: str
    value: str
    source: str | None = None

    @property
    def href(self) -> str | None:
        if self.field == "phone":
            return tel_href(self.value)
        if self.field == "website":
            return self.value
        return None


@dataclass(frozen=True)
class EntitledArticle:
    article: str  # 第二十条
    topic: str
    category: str | None = None


@dataclass(frozen=True)
class Entitlement:
    """For a kind of business no local record serves: the articles of a law stating what it can get."""

    beneficiary: str
    law: str  # a document id (data/documents.yml)
    note: str
    articles: tuple[EntitledArticle, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.category for a in self.articles if a.category))


@dataclass(frozen=True)
class NextStep:
    """How to act on a record: who is responsible (None when the source does not say), their own
    contact facts (the record's, else the department's), and the national hotlines that fit."""

    department: str | None
    contacts: tuple[Contact, ...]
    hotlines: tuple[Hotline, ...]

    @classmethod
    def of(cls, named: str | None, department: Any, contact: Any, hotlines: tuple[Hotline, ...]) -> NextStep:
        numbers = {h.number for h in hotlines}
        own = [Contact(name, label, value, RECORD_SOURCE) for name, label in CONTACT_FIELDS.items()
               if (value := getattr(contact, name, None))]
        given = {c.field for c in own}
        own += [c for c in getattr(department, "contacts", ()) if c.field not in given]
        # a hotline's number is never shown as the department's own line
        own = [c for c in own if not (c.field == "phone" and re.sub(r"[^0-9]", "", c.value) in numbers)]
        return cls(named, tuple(sorted(own, key=lambda c: list(CONTACT_FIELDS).index(c.field))), hotlines)

    @property
    def phone(self) -> Contact | None:
        return next((c for c in self.contacts if c.field == "phone"), None)

    def search_text(self) -> str:
        """What a record's page offers to call or visit, as search words (电话 12345 finds it): the
        contact facts with their labels, and the hotlines' numbers."""
        facts = [f"{c.label} {c.value}" for c in self.contacts]
        lines = ["电话 热线", *(h.number for h in self.hotlines)] if self.hotlines else []
        return " ".join(facts + lines)

    def as_dict(self) -> dict[str, Any]:
        """As shipped to the browser with each record (api/catalog.json ``next_step``)."""
        return {"department": self.department,
                "contacts": [{"label": c.label, "value": c.value, "href": c.href} for c in self.contacts],
                "hotlines": [h.code for h in self.hotlines]}


def entitlement_view(entitlement: Entitlement, law: Document, hotlines: Iterable[Hotline]) -> dict[str, Any]:
    """What a page and the matcher show for an entitlement: the note, each article with its link and
    its text as the law states it, and the hotlines that fit the articles' categories (site paths
    relative to the site's root)."""
    articles = []
    for item in entitlement.articles:
        article = law.law.article(item.article) if law.law else None
        articles.append({"article": item.article, "topic": item.topic, "url": f"{law.url}#{item.article}",
                         "paragraphs": list(article.paragraphs) if article else []})
    return {"beneficiary": entitlement.beneficiary, "note": entitlement.note, "law": law.label, "law_url": law.url,
            "articles": articles, "hotlines": [h.code for h in hotlines_for(hotlines, entitlement.categories)]}
