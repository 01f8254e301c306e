"""Write a new policy file from the schema: every field, each with a Chinese comment.

The template is generated from data/policy.schema.json and the vocabularies, so it cannot
drift from what the checker expects. Required fields come first and are left for the clerk to
fill; optional ones are written as comments to uncomment.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Mapping

from .datafiles import load_vocabularies
from .records import POLICY_DIR
from .vocab import VOCABULARY_FIELDS

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REVIEW_INTERVAL = timedelta(days=182)

BODY = """
## 这是什么

（用一两句通俗的话说明这项政策。）

## 谁可以享受

（写明条件；来源没写的，不要猜。）

## 能得到什么

（写明支持内容和额度，与来源一致。）

## 怎么办理

（写明步骤；来源没写办理方式的，写“来源未写明办理方式，请向××咨询”。）
"""


def _yaml_scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _comment(prop: Mapping[str, Any], required: bool, allowed: str = "") -> str:
    need = "必填" if required else "选填，需要时去掉行首的“# ”"
    return f"# {prop.get('description', '')}（{need}）{allowed}"


def _example_lines(name: str, prop: Mapping[str, Any]) -> list[str]:
    example = (prop.get("examples") or [""])[0]
    if prop.get("type") == "object" and name == "application":
        return ["application:", "  steps:", "    - 第一步", "  materials:", "    - 营业执照复印件", "  where: 办理地点", "  deadline: 申请期限"]
    if prop.get("type") == "object":
        return [f"{name}:"] + [f"  {k}: {_yaml_scalar(v)}" for k, v in (example or {}).items()]
    if isinstance(example, list):
        return [f"{name}:"] + [f"  - {_yaml_scalar(v)}" for v in example]
    return [f"{name}: {_yaml_scalar(example)}"]


def template(schema: Mapping[str, Any], vocabularies, answers: Mapping[str, str], today: date) -> str:
    required = schema["required"]
    filled = {**{k: v for k, v in answers.items() if v},
              "last_reviewed": today.isoformat(), "review_due": (today + REVIEW_INTERVAL).isoformat()}
    lines = ["---"]
    order = required + [k for k in schema["properties"] if k not in required]
    for name in order:
        prop = schema["properties"][name]
        is_required = name in required
        allowed = ""
        if name in VOCABULARY_FIELDS:
            allowed = "。可填：" + "、".join(f"{t.code}（{t.name}）" for t in vocabularies[name].terms)
        lines.append(_comment(prop, is_required, allowed))
        if name in filled:
            lines.append(f"{name}: {_yaml_scalar(filled[name])}")
        elif not is_required:
            lines += ["# " + line for line in _example_lines(name, prop)]
        elif name == "sources":
            lines += ["sources:", "  - document: ", "    passage: "]
        elif prop.get("type") == "array":
            lines += [f"{name}:", "  - "]
        else:
            lines.append(f"{name}: ")
    lines.append("---")
    return "\n".join(lines) + "\n" + BODY


def scaffold(root: Path, answers: Mapping[str, str], today: date) -> Path:
    """Create docs/policies/<department>/<id>.md; refuse bad codes or an existing file."""
    vocabularies = load_vocabularies(root / "data")
    department, record_id = answers.get("department") or "", answers.get("id") or ""
    if department not in vocabularies["department"]:
        raise ValueError(f"部门代码“{department}”不存在；可填写：" + "、".join(vocabularies["department"].codes))
    if not ID_RE.match(record_id):
        raise ValueError(f"政策编号“{record_id}”格式不对；只能用小写英文字母、数字和连字符，例如 kejing-guishang-jiangli")
    path = root / "docs" / POLICY_DIR / department / f"{record_id}.md"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} 已经存在；请换一个编号")
    schema = json.loads((root / "data" / "policy.schema.json").read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(schema, vocabularies, answers, today), encoding="utf-8")
    return path
