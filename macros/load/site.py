"""Reading and checking data/site.yml (the footer's facts, the forge) and data/open-data.yml (the
data package's name, title, description and licences)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields

from ..core.datafile import DataFile
from ..core.messages import Messages
from ..model.site import FORGE_KINDS, SITE_KEYS, SITE_REQUIRED, SITE_VALUES_FROM, License, OpenData, Site

LICENSE_EXAMPLE = "{name: notspecified, title: 使用条件待主办单位确定}"
PACKAGE_NAME_RE = re.compile(r"^[a-z0-9._-]+$")  # Frictionless Data Package names


def read_open_data(file: DataFile) -> OpenData | None:
    """data/open-data.yml: the data package's name, title, description and licences."""
    if not file.readable:
        return None
    data = file.data
    if not isinstance(data, dict):
        file.say("open_data.not_a_mapping", "文件内容", file.line_of(""))
        return None
    file.known_keys(data, "", [f.name for f in fields(OpenData)])
    name = file.text(data, "", "name", "shishou-sme-policies", required=True)
    if name is not None and not PACKAGE_NAME_RE.match(name):
        file.say("open_data.name_format", "name", value=name)
    title = file.text(data, "", "title", "石首市惠企政策开放数据", required=True)
    description = file.text(data, "", "description", "一两句话说明这个数据集", required=True)
    if "licenses" not in data:
        file.say("open_data.licenses_missing", "licenses", file.line_of(""), example=LICENSE_EXAMPLE)
    what = file.messages.text("open_data.license")
    entries = file.items("licenses", data["licenses"], what, LICENSE_EXAMPLE) if "licenses" in data else []
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
        file.say("site.not_a_mapping", "文件内容", file.line_of(""))
        return None
    file.known_keys(data, "", SITE_KEYS)
    for name, label in SITE_REQUIRED.items():
        if name not in data:
            file.say("site.required_missing", name, file.line_of(""), label=label, name=name)
    values = {name: file.text(data, "", name) for name in SITE_KEYS}
    if values["forge_kind"] not in (None, *FORGE_KINDS):
        file.say("data.not_a_choice", "forge_kind", value=values["forge_kind"], allowed="、".join(FORGE_KINDS),
                 hint="")
    if values["forge_url"] and not re.match(r"^https://[^\s/]+/\S*[^/]$", values["forge_url"]):
        file.say("site.forge_url", "forge_url", value=values["forge_url"])
    if "site_name" in data and data["site_name"] in (None, ""):
        file.say("site.site_name_empty", "site_name")
    if values["values_from"] is not None and values["values_from"] not in SITE_VALUES_FROM:
        file.say("data.not_a_choice", "values_from", value=values["values_from"],
                 allowed=choices(file.messages, SITE_VALUES_FROM), hint="")
    return Site(**values)


def choices(messages: Messages, labels: Mapping[str, str]) -> str:
    """“code（label）、…”: the values a field may take."""
    return "、".join(messages.text("vocabulary_term", code=code, name=label) for code, label in labels.items())
