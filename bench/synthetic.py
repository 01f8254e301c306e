"""Generate a synthetic portal with N fake records in a temporary folder (never in docs/).

Every record is marked 合成数据（基准测试用，虚构）; the texts are shuffled policy vocabulary,
so segmentation and index sizes resemble the real content without being real content.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")
WORDS = ("企业 小微企业 中小企业 个体工商户 专精特新 小巨人 免申即享 留抵退税 六税两费 加计扣除 研发费用 规上企业 "
         "融资担保 担保费 贷款 贴息 奖励 补贴 申请 条件 材料 办理 窗口 部门 审核 兑现 资金 专项 项目 技术改造 创新 "
         "人才 科技副总 孵化器 场地 服务 咨询 培育 进规 统计 税费 减免 缓缴 社保 养老保险 失业保险 工伤保险 房租 减半 "
         "营商环境 市场 开拓 展会 信用 应收账款 知识产权 质量 标准 数字化 智能化 绿色 节能 用电 物流 "
         "出口 外贸 园区").split()
DEPARTMENTS = ("kejing", "caizheng", "shuiwu", "renshe", "jinrong", "fagai", "shichang", "youhua")
BENEFICIARIES = ("zhongxiao", "xiaowei", "gongye", "keji-zhongxiao", "zhuanjingtexin", "getihu")
CATEGORIES = ("jiangbu", "shuifei", "rongzi", "shebao", "jiangben", "keji", "chuangye", "peiyu", "fuwu")


def sentence(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(words)) + "。"


def record(rng: random.Random, number: int) -> tuple[str, str]:
    department = rng.choice(DEPARTMENTS)
    record_id = f"{department}-synthetic-{number:05d}"
    body = "\n\n".join(sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(6, 12)))
    text = f"""---
id: {record_id}
title: 合成数据{number}：{sentence(rng, 3)[:-1]}
summary: 合成数据（基准测试用，虚构）。{sentence(rng, 8)}
issuer: 虚构机关
document_title: 虚构文件{number}
department: {department}
beneficiaries: [{rng.choice(BENEFICIARIES)}]
categories: [{rng.choice(CATEGORIES)}]
support_type: [jiangli]
delivery: weishuoming
sources:
  - document: 合成数据
    passage: 基准测试用，虚构
last_reviewed: 2026-11-24
review_due: 2027-05-24
---

{body}
"""
    return f"{department}/{record_id}.md", text


def copy_project(target: Path) -> Path:
    """A fresh copy of what a build reads (PARTS) in ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def make_site(target: Path, count: int, seed: int = 1) -> Path:
    """A copy of the project whose docs/policies holds ``count`` synthetic records."""
    copy_project(target)
    policies = target / "docs" / "policies"
    shutil.rmtree(policies)
    rng = random.Random(seed)
    for number in range(count):
        path, text = record(rng, number)
        (policies / path).parent.mkdir(parents=True, exist_ok=True)
        (policies / path).write_text(text, encoding="utf-8")
    return target


def with_material_search(project: Path) -> None:
    """Turn the copy into the same site with stock Material search (for comparison)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nplugins:\n") == 1, "mkdocs.yml: one top-level plugins list expected"
    text = text.replace("\nplugins:\n", "\nplugins:\n  - search:\n      lang: zh\n", 1)
    config.write_text(text, encoding="utf-8")
