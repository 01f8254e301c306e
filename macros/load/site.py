"""Reading and checking data/site.yml (the footer's facts, the forge) and data/open-data.yml (the
data package's name, title, description and licences)."""

from __future__ import annotations

import re
from dataclasses import fields

from ..core.datafile import DataFile
from ..model.site import FORGE_KINDS, SITE_KEYS, SITE_REQUIRED, SITE_VALUES_FROM, License, OpenData, Site

LICENSE_EXAMPLE = "{name: notspecified, title: 使用条件待主办单位确定}"
PACKAGE_NAME_RE = re.compile(r"^[a-z0-9._-]+$")  # Frictionless Data Package names


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
