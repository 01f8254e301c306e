"""Corrections from the content review (issue 10): 发文机关 is the issuing document's, who grants a
benefit is 实施主体; the matcher says what it does with provisions whose dates are unverified;
records resting on the 2022 report alone say so; departments the report does not name are shown as
not stated; the report's “第四条” is annotated with the text it belongs to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from built import content, definitions, flat, norm, resolve, soup_of
from conftest import AS_OF_MOMENT, ROOT, cli_in_process
from harness.browser import wait_until
from legal_documents import REPORT, document, page_url
from macros.model.status import APPLICABLE, STATUSES


def page_facts(site: Path, url: str) -> dict[str, str]:
    return definitions(content(soup_of(site, url)).select_one(".portal-policy"))


def not_provided(site: Path, url: str) -> list[str]:
    """The fields the page lists in its one line “以下信息来源未提供：…”."""
    line = content(soup_of(site, url)).select_one(".portal-policy .portal-missing")
    said = norm(line.get_text("")) if line is not None else ""
    return said.removeprefix("以下信息来源未提供：").split("。")[0].split("、") if said else []


def test_implementer_is_a_field_of_its_own_in_the_contract(portal):
    field = portal.contract.field("implementer")
    assert field.title == "实施主体" and field.section == "benefit" and not field.required


def test_issuer_and_document_title_describe_the_same_document(built_site, portal):
    """For a document the portal holds, the record's 发文机关 is that document's issuer; who grants
    the benefit is shown as 实施主体."""
    issuers = {d.title: d.meta.get("issuer") for d in portal.documents}
    checked = 0
    for policy in portal.policies:
        if policy.document_title in issuers:
            checked += 1
            assert policy.issuer == issuers[policy.document_title], policy.id
        facts = page_facts(built_site, policy.url)
        assert facts["发文机关"] == policy.issuer
        if policy.implementer:
            assert facts["实施主体"] == policy.implementer
        else:
            assert "实施主体" not in facts and "实施主体" in not_provided(built_site, policy.url), policy.id
    assert checked
    report_text = flat((ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8"))
    for record_id in ("kejing-xiaojuren-jiangli", "xingye-danbao-danbaofei-xiatiao"):
        policy = portal.policy(record_id)
        assert policy.issuer == REPORT["issuer"] and policy.implementer
        assert flat(policy.implementer).removeprefix("石首") in report_text  # as the report words it


def test_an_issuer_that_is_not_the_documents_is_refused(content_copy):
    path = content_copy / "docs/policies/kejing/kejing-xiaojuren-jiangli.md"
    text = path.read_text(encoding="utf-8").replace(f"issuer: {REPORT['issuer']}\n", "issuer: 石首市本级财政\n")
    path.write_text(text, encoding="utf-8")
    result = cli_in_process(content_copy, "check")
    line = text.split("\n").index("issuer: 石首市本级财政") + 1
    assert result.returncode == 1
    assert (f"docs/policies/kejing/kejing-xiaojuren-jiangli.md:{line}: issuer: 文件名称是《{REPORT['title']}》，"
            f"它的发文机关是“{REPORT['issuer']}”，不是“石首市本级财政”") in result.stdout


def test_the_matcher_says_exactly_what_it_does_with_unverified_provisions(built_site, portal):
    scope = norm(content(soup_of(built_site, "matcher/")).select_one(".portal-matcher-scope").get_text())
    assert "结果只包括仍然有效的政策" not in scope
    assert "、".join(STATUSES[c] for c in APPLICABLE) in scope
    assert "、".join(label for c, label in STATUSES.items() if c not in APPLICABLE) + "的政策不会列出" in scope
    unverified = sum(1 for p in portal.policies if portal.status(p) == "unverified")
    assert f"收录的 {len(portal.policies)} 条政策中有 {unverified} 条有效期待核实" in scope
    assert "每条结果都标明“有效期待核实”" in scope


@pytest.mark.browser
def test_each_matcher_result_shows_its_unverified_state(page, site_url, portal):
    page.clock.set_fixed_time(AS_OF_MOMENT)
    page.goto(f"{site_url}matcher/")
    page.check("input[name=type][value=qiye]")
    page.check("input[name=size][value=xiao]")
    page.click("[data-portal-matcher] button[type=submit]")
    wait_until(page, "document.querySelectorAll('.portal-match').length > 0")
    results = page.eval_on_selector_all(".portal-match", """items => items.map(i => ({
        id: i.dataset.policy, state: (i.querySelector('.portal-match__state') || {}).textContent || ''}))""")
    assert results
    for result in results:
        if portal.status(portal.policy(result["id"])) == "unverified":
            assert result["state"].startswith("有效期待核实：来源没有给出施行日期"), result


def report_only(policy) -> bool:
    """Every source is the 2022 report, or a document the report names whose text is not entered."""
    report_url = "/" + REPORT["page"][: -len(".md")] + "/"
    return any(s.url == report_url for s in policy.sources) and all(
        s.url == report_url or "全文待录入" in s.passage for s in policy.sources)


def test_records_resting_on_the_2022_report_alone_say_so(built_site, portal):
    year = REPORT["delivered"][:4]
    resting = [p for p in portal.policies if report_only(p)]
    assert resting
    for policy in resting:
        assert policy.summary.startswith(f"据 {year} 年报告"), policy.id
        dated = content(soup_of(built_site, policy.url)).select_one(".portal-dated")
        assert dated is not None and f"据 {year} 年报告" in dated.get_text(), policy.id
    assert portal.policy("shuiwu-zhizao-huanjiao-shuifei") in resting  # the example


def test_departments_the_report_does_not_state_are_shown_as_not_stated(built_site, portal):
    not_stated = portal.term("department", "weishuoming")
    for record_id in ("kejing-fangwu-zujin-jianmian", "renshe-shebaofei-jianzheng", "shuiwu-qiye-suodeshui-jianmian"):
        policy = portal.policy(record_id)
        assert policy.department == "weishuoming" and policy.implementer is None
        facts = page_facts(built_site, policy.url)
        assert facts["负责部门"] == not_stated.name == "负责部门未写明"
        assert "实施主体" not in facts and "实施主体" in not_provided(built_site, policy.url)
        assert "人力资源和社会保障部门咨询" not in policy.body and "请向石首市税务部门咨询" not in policy.body


def test_the_beneficiaries_of_the_baoqi_record_are_the_reports_words(portal):
    report_text = flat((ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8"))
    names = [portal.term("beneficiaries", code).name for code in portal.policy("kejing-baoqi-bangfu").beneficiaries]
    assert names == ["规模企业和重点培育企业"] and flat(names[0]) in report_text


def test_the_reports_article_four_is_annotated_with_the_text_it_belongs_to(built_site):
    law = (ROOT / "data" / document("sme-law")["text"]).read_text(encoding="utf-8")
    article_four = re.search(r"^第四条\s.*?(?=^第五条\s)", law, re.M | re.S).group(0)
    assert "省级经济和信息化部门" not in flat(article_four)  # the premise: not the national law's
    page = content(soup_of(built_site, page_url(REPORT)))
    quoted = next(p for p in page.select(".portal-report > p") if "第四条明确规定" in flat(p.get_text()))
    note = quoted.find_next_sibling()
    assert note.name == "aside" and "portal-annotation" in note["class"]
    assert "不是《中华人民共和国中小企业促进法》第四条" in note.get_text() and "湖北省实施" in note.get_text()
    targets = {resolve(page_url(REPORT), a["href"]) for a in note.select("a")}
    assert ("laws/sme-promotion-law/", "第四条") in targets and (page_url(document("hubei-measures")), "") in targets
