"""Controlled vocabularies, the matcher's options and site facts: typed, frozen records read from
data/*.yml (portal-owned, trusted but checked field by field, every problem with its line).

datafiles.load_data reads them all, once per build, with the documents and the schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .datareader import DataFile, key, suggest

# field in a policy record -> (vocabulary file stem, Chinese name of the vocabulary)
VOCABULARY_FIELDS = {
    "department": ("departments", "部门"),
    "beneficiaries": ("beneficiaries", "适用对象"),
    "industries": ("industries", "行业"),
    "categories": ("categories", "政策类别"),
    "support_type": ("support_types", "支持方式"),
    "delivery": ("delivery", "兑现方式"),
}

SITE_REQUIRED = {
    "site_name": "网站名称",
    "operator": "主办单位",
    "values_from": "页脚信息的来源",
    "copyright": "版权所有",
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police_record": "公安备案号",
    "address": "地址",
    "phone": "电话",
}

# data/site.yml ``values_from``: whose footer facts these are. ``source-site``: copied from the source
# report's website (not this portal's own; shown labelled as such, and `make publish` refuses them).
SITE_VALUES_FROM = {"source-site": "取自来源网站的页脚", "operator": "本门户主办单位自己的信息"}
# the footer facts that belong to one website (its copyright holder, registrations and contact)
SITE_OWN_FACTS = ("copyright", "icp", "police_record", "address", "phone")

# data/matcher.yml: list -> Chinese name
MATCHER_LISTS = {"types": "经营主体类型", "sizes": "企业规模", "flags": "企业资质", "needs": "支持需求"}
# a beneficiary's ``match``: condition -> the vocabulary its codes come from (matcher.yml or industries.yml)
MATCH_CONDITIONS = ("types", "sizes", "flags", "industries")


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str = ""

    def get(self, name: str) -> Any:
        """An optional field by name (None when this kind of term has no such field)."""
        return getattr(self, name, None)


@dataclass(frozen=True)
class Department(Term):
    short_name: str | None = None
    phone: str | None = None
    address: str | None = None
    website: str | None = None
    source: str | None = None  # where the name is written


@dataclass(frozen=True)
class MatchRule:
    """When a business counts as a beneficiary: every condition given holds (None: not a condition)."""

    types: tuple[str, ...] | None = None
    sizes: tuple[str, ...] | None = None
    flags: tuple[str, ...] | None = None  # any one of them
    industries: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, list[str]]:
        """The conditions given, as shipped to the browser (api/catalog.json)."""
        return {name: list(codes) for name, codes in asdict(self).items() if codes is not None}


@dataclass(frozen=True)
class Beneficiary(Term):
    match: MatchRule = field(default_factory=MatchRule)


@dataclass(frozen=True)
class Need(Term):
    """A need in the matcher: met by a policy sharing one of these categories or support types."""

    categories: tuple[str, ...] = ()
    support_type: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    stem: str
    label: str
    terms: tuple[Term, ...]
    defined_in: str = ""  # where the codes are defined, when not data/<stem>.yml

    def __contains__(self, code: object) -> bool:
        return any(t.code == code for t in self.terms)

    def __getitem__(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    @property
    def where(self) -> str:
        return self.defined_in or f"data/{self.stem}.yml"


def not_in_vocabulary(value: Any, vocabulary: Vocabulary) -> str:
    """The one message for a code that a vocabulary does not define."""
    from .messages import catalog
    messages = catalog()
    allowed = "、".join(messages.text("vocabulary_term", code=t.code, name=t.name) for t in vocabulary.terms)
    by_name = [t.code for t in vocabulary.terms if t.name == str(value)]
    hint = messages.text("did_you_mean", value=by_name[0]) if by_name else suggest(str(value), vocabulary.codes)
    return messages.text("not_in_vocabulary", value=value, label=vocabulary.label, where=vocabulary.where,
                         allowed=allowed, hint=hint)


@dataclass(frozen=True)
class MatcherConfig:
    """The policy matcher's questionnaire (data/matcher.yml)."""

    types: Vocabulary
    sizes: Vocabulary
    flags: Vocabulary
    needs: Vocabulary  # of Need

    def as_dict(self) -> dict[str, list[dict]]:
        """As shipped to the browser (api/catalog.json ``matcher``)."""
        return {name: [_plain(asdict(t)) for t in getattr(self, name).terms] for name in MATCHER_LISTS}


def _plain(term: dict) -> dict:
    """JSON-ready fields of a term; an empty description is left out, as in the file."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in term.items() if not (k == "description" and not v)}


@dataclass(frozen=True)
class Site(Mapping):
    """Footer facts (data/site.yml). A null is shown as 待主办单位提供; read as a mapping by templates."""

    site_name: str
    operator: str | None  # 主办单位
    values_from: str | None  # a SITE_VALUES_FROM code
    copyright: str | None
    site_code: str | None
    icp: str | None
    police_record: str | None
    address: str | None
    phone: str | None
    icp_url: str | None = None
    police_record_code: str | None = None
    police_record_url: str | None = None
    source: str | None = None  # where the facts were taken from
    source_site: str | None = None  # the website they belong to while values_from is source-site
    forge_kind: str | None = None  # github or gitlab: how the record form links to "new file" on the forge
    forge_url: str | None = None  # the repository's web address (the record form's link)
    forge_branch: str | None = None

    @property
    def from_source_site(self) -> bool:
        """The footer still shows the source website's facts, not the operator's own."""
        return self.values_from != "operator"

    def __getitem__(self, name: str) -> Any:
        if name not in SITE_KEYS:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(SITE_KEYS)

    def __len__(self) -> int:
        return len(SITE_KEYS)


SITE_KEYS = tuple(f.name for f in fields(Site))
FORGE_KINDS = ("github", "gitlab")  # forges whose "new file" page the record form can prefill


@dataclass(frozen=True)
class License:
    name: str  # an SPDX-style identifier, or notspecified
    title: str | None = None
    path: str | None = None  # the licence text's address


@dataclass(frozen=True)
class OpenData:
    """What datapackage.json says about the data set (data/open-data.yml)."""

    name: str
    title: str
    description: str
    licenses: tuple[License, ...]

    def licenses_json(self) -> list[dict[str, str]]:
        return [{k: v for k, v in asdict(lic).items() if v is not None} for lic in self.licenses]

# -- reading and checking ---------------------------------------------------------------------------

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
LICENSE_EXAMPLE = "{name: notspecified, title: 使用条件待主办单位确定}"
PACKAGE_NAME_RE = re.compile(r"^[a-z0-9._-]+$")  # Frictionless Data Package names

Extras = Callable[[DataFile, dict, str, Mapping[str, Vocabulary]], dict]


def _department_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    return {f.name: file.text(entry, at, f.name) for f in fields(Department) if f.name not in TERM_KEYS}


def _beneficiary_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    if "match" not in entry:
        file.problem(key(at, "match"),
                     f"缺少必填字段；政策匹配时企业满足哪些条件算属于这一类；例如：match: {MATCH_EXAMPLE}",
                     file.line_of(at))
        return {}
    rule = file.mapping(entry, at, "match", MATCH_EXAMPLE)
    if rule is None:
        return {}
    rule_at = key(at, "match")
    file.known_keys(rule, rule_at, MATCH_CONDITIONS)
    conditions = {name: _known_codes(file, rule, rule_at, name, known) for name in MATCH_CONDITIONS}
    if not rule:
        file.problem(rule_at, f"至少要写一个条件（types、sizes、flags 或 industries）；例如：match: {MATCH_EXAMPLE}")
    return {"match": MatchRule(**conditions)}


def _need_extras(file: DataFile, entry: dict, at: str, known: Mapping[str, Vocabulary]) -> dict:
    found = {}
    for name in ("categories", "support_type"):
        if name not in entry:
            example = _codes_example(known.get(name))
            file.problem(key(at, name), f"缺少必填字段；没有就写 {name}: []；例如：{name}: {example}",
                         file.line_of(at))
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
            file.problem(dotted, not_in_vocabulary(code, vocabulary), file.line_of(f"{dotted}[{index}]"))
    return codes


TERM_KEYS = ("code", "name", "description")
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
    for item_at, entry in file.items(at, value, "词条", f"{{code: {code_example}, name: {name_example}}}"):
        file.known_keys(entry, item_at, [f.name for f in fields(term_type)])
        code = file.code(entry, item_at, code_example)
        name = file.text(entry, item_at, "name", name_example, required=True)
        description = file.text(entry, item_at, "description") or ""
        extra = extras(file, entry, item_at, known) if extras else {}
        if code is not None:
            codes.append((key(item_at, "code"), code))
        if code is not None and name is not None:
            terms.append(term_type(code, name, description, **extra))
    file.unique_codes(codes)
    return tuple(terms)


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
        file.problem("文件内容", "格式不对；应有 types、sizes、flags、needs 四组选项，每组是一个列表", file.line_of(""))
        return None
    file.known_keys(data, "", MATCHER_LISTS)
    lists = {}
    for name, label in MATCHER_LISTS.items():
        if name not in data:
            code, example = EXAMPLES[name]
            file.problem(name, f"缺少必填字段（{label}选项的列表）；例如：{name}: [{{code: {code}, name: {example}}}]",
                         file.line_of(""))
        terms = read_terms(file, name, data.get(name), name, known) if name in data else ()
        lists[name] = Vocabulary("matcher", label, terms, f"data/matcher.yml 的 {name}")
    return MatcherConfig(**lists)


def read_open_data(file: DataFile) -> OpenData | None:
    """data/open-data.yml: the data package's name, title, description and licences."""
    if not file.readable:
        return None
    data = file.data
    if not isinstance(data, dict):
        file.problem("文件内容", "格式不对；应为逐行的“字段: 值”；例如：title: 石首市惠企政策开放数据",
                     file.line_of(""))
        return None
    file.known_keys(data, "", [f.name for f in fields(OpenData)])
    name = file.text(data, "", "name", "shishou-sme-policies", required=True)
    if name is not None and not PACKAGE_NAME_RE.match(name):
        file.problem("name", f"“{name}”的格式不对；只能用小写英文字母、数字和“-._”；例如：name: shishou-sme-policies")
    title = file.text(data, "", "title", "石首市惠企政策开放数据", required=True)
    description = file.text(data, "", "description", "一两句话说明这个数据集", required=True)
    if "licenses" not in data:
        file.problem("licenses", f"缺少必填字段；使用条件未确定时如实写“未指定”；例如：licenses: [{LICENSE_EXAMPLE}]",
                     file.line_of(""))
    entries = file.items("licenses", data["licenses"], "许可", LICENSE_EXAMPLE) if "licenses" in data else []
    licenses = []
    for at, entry in entries:
        file.known_keys(entry, at, [f.name for f in fields(License)])
        licenses.append(License(file.text(entry, at, "name", "notspecified", required=True),
                                file.text(entry, at, "title"), file.text(entry, at, "path")))
    return OpenData(name or "", title or "", description or "", tuple(licenses))


def read_site(file: DataFile) -> Site | None:
    """data/site.yml. A missing key is a problem; an explicit null is shown as 待主办单位提供."""
    if not file.readable:
        return None
    data = file.data
    if not isinstance(data, dict):
        file.problem("文件内容", "格式不对；应为逐行的“字段: 值”；例如：site_name: 石首市惠企政策门户",
                     file.line_of(""))
        return None
    file.known_keys(data, "", SITE_KEYS)
    for name, label in SITE_REQUIRED.items():
        if name not in data:
            file.problem(name, f"缺少页脚必填项“{label}”；请在 data/site.yml 中添加；"
                               f"若暂时没有，写 {name}: null，页面会显示“待主办单位提供”", file.line_of(""))
    values = {name: file.text(data, "", name) for name in SITE_KEYS}
    if values["forge_kind"] not in (None, *FORGE_KINDS):
        file.problem("forge_kind", f"“{values['forge_kind']}”不是可以填写的值；可填写：{'、'.join(FORGE_KINDS)}")
    if values["forge_url"] and not re.match(r"^https://[^\s/]+/\S*[^/]$", values["forge_url"]):
        file.problem("forge_url", f"“{values['forge_url']}”的格式不对；应为仓库的 https 网址，不以 / 结尾；"
                                  "例如：forge_url: https://托管平台域名/组织/仓库")
    if "site_name" in data and data["site_name"] in (None, ""):
        file.problem("site_name", "还没有填写；网站名称不能为空；例如：site_name: 石首市惠企政策门户")
    if values["values_from"] is not None and values["values_from"] not in SITE_VALUES_FROM:
        allowed = "、".join(f"{code}（{label}）" for code, label in SITE_VALUES_FROM.items())
        file.problem("values_from", f"“{values['values_from']}”不是可以填写的值；可填写：{allowed}")
    return Site(**values)
