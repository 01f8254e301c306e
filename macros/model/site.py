"""Site facts (data/site.yml: the footer, the forge) and the open-data package's description
(data/open-data.yml), typed and frozen; load/site.py reads and checks both."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

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
# the government website the portal is published in, as the page metadata names it (model/govmeta.py)
HOST_SITE_FACTS = {"host_site_name": "名称（SiteName）", "site_code": "网站标识码（SiteIDCode）"}

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
    # the portal maintainers' commit e-mail: their changes read 本门户维护人员 in a 修订记录, not a department
    maintainer_email: str | None = None
    # how departments hand a record file to the maintainers (the record form's 提交 step); null: 待主办单位提供
    handin_channel: str | None = None
    # the government website this portal is a column (专栏) of: its name (page metadata SiteName; its
    # 网站标识码 is site_code); null: 待分配, and `make publish` refuses
    host_site_name: str | None = None

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

