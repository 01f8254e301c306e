"""From a page to an action (issue 21): every record page ends with its next step (the department's
own contact when the department has given it, with its source; the national hotlines that fit,
each said to be what it is, never the department's line; tap-to-call ``tel:`` links of digits only);
the empty fields are one line under what is known; the data files that say all this are checked
with located Chinese messages; the matcher's data carries each record's next step and the answer in
law for a kind of business no record serves (促进个体工商户发展条例), which the catalog page shows too.

The hotlines' wording and which records each fits are read from data/hotlines.yml with plain
PyYAML; the departments' contacts from data/departments.yml (all empty: no source gives them)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from built import content, definitions, norm, resolve, soup_of
from conftest import ROOT
from jsnode import call
from macros.core.problems import Problem
from macros.load.portal import load_portal
from macros.site.records import next_step
from test_data_files import edit, line_of, problems_of

HOTLINES = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))
DEPARTMENTS = yaml.safe_load((ROOT / "data" / "departments.yml").read_text(encoding="utf-8"))
TEL = re.compile(r"^tel:[0-9]+$")


def fitting(categories) -> list[dict]:
    """The hotlines data/hotlines.yml says fit these categories: the specific ones first."""
    specific = [h for h in HOTLINES if h["applies_to"] != "all" and set(h["applies_to"]["categories"]) & set(categories)]
    return specific + [h for h in HOTLINES if h["applies_to"] == "all"]


def next_step_of(site: Path, url: str):
    section = content(soup_of(site, url)).select_one("section.portal-next-step")
    assert section is not None, url
    return section


# -- the record pages ---------------------------------------------------------------------------------

def test_every_record_page_ends_with_its_next_step_and_a_tel_link(built_site, portal):
    for policy in portal.policies:
        article = content(soup_of(built_site, policy.url))
        section = next_step_of(built_site, policy.url)
        headings = article.select("h2")
        assert headings[-2].get("id") == "portal-next-step" and headings[-1].get_text(strip=True).startswith("修订记录")
        links = [a["href"] for a in section.select('a[href^="tel:"]')]
        assert links and all(TEL.match(href) for href in links), (policy.id, links)
        assert links == [f"tel:{h['number']}" for h in fitting(policy.categories)], policy.id


def test_no_hotline_is_labelled_as_a_departments_line(built_site, portal):
    numbers = {h["number"]: h for h in HOTLINES}
    for policy in portal.policies:
        section = next_step_of(built_site, policy.url)
        assert not section.select(".portal-next-step__own")  # no department has given its contact yet
        for link in section.select('a[href^="tel:"]'):
            hotline = numbers[link["href"].removeprefix("tel:")]
            item = link.find_parent("li", class_="portal-hotline")
            assert item is not None and item["data-hotline"] == hotline["code"], policy.id
            said = norm(item.get_text(""))
            assert hotline["name"] in said and f"（{hotline['not_department']}）" in said, (policy.id, said)
        department = portal.term("department", policy.department)
        asked = norm(section.select_one(".portal-next-step__ask").get_text(""))
        if department.code == "weishuoming":
            assert "来源没有写明由哪个部门负责" in norm(section.get_text("")) and department.name not in asked
        else:
            assert asked.startswith(f"{department.name}的电话来源未提供"), (policy.id, asked)


def test_a_department_the_portal_inferred_is_called_the_portals_classification(built_site, portal):
    inferred = [p for p in portal.policies if "department" in p.portal_inferred]
    assert inferred and len(inferred) < len(portal.policies)
    for policy in portal.policies:
        department = portal.term("department", policy.department)
        who = norm(next_step_of(built_site, policy.url).select_one(".portal-next-step__who").get_text(""))
        if policy in inferred:
            assert who == f"来源没有写明由哪个部门负责；本门户归类为{department.name}。", (policy.id, who)
        elif department.code != "weishuoming":
            assert who == f"本条政策由{department.name}负责。", (policy.id, who)


def test_the_tax_records_name_12366_as_the_national_tax_line(built_site, portal):
    tax = [p for p in portal.policies if "shuifei" in p.categories]
    assert tax and len(tax) < len(portal.policies)
    for policy in portal.policies:
        text = norm(next_step_of(built_site, policy.url).get_text(""))
        assert ("全国纳税服务热线，不是石首市税务部门的电话" in text) == (policy in tax), policy.id
        assert "12345政务服务便民热线" in text


def test_the_top_of_a_record_has_one_short_link_down_to_its_next_step(built_site, portal):
    for policy in portal.policies:
        soup = soup_of(built_site, policy.url)
        jumps = content(soup).select(".portal-next-step-jump a")
        assert [a["href"] for a in jumps] == ["#portal-next-step"], policy.id
        assert len(soup.select("#portal-next-step")) == 1
        assert content(soup).select_one(".portal-lead").find_next_sibling() is jumps[0].parent


def test_empty_fields_are_one_line_under_what_is_known(built_site, portal):
    titles = {spec.title: spec for spec in portal.contract.fields}
    titles.update({child.title: child for spec in portal.contract.fields for child in spec.children})
    for policy in portal.policies:
        facts = content(soup_of(built_site, policy.url)).select_one(".portal-policy")
        shown = definitions(facts)
        assert "暂无（来源未提供）" not in shown.values(), policy.id
        line = norm(facts.select_one(".portal-missing").get_text(""))
        assert line.startswith("以下信息来源未提供：") and line.count("以下信息来源未提供") == 1
        missing = line.removeprefix("以下信息来源未提供：").split("。")[0].split("、")
        assert missing and not set(missing) & set(shown), policy.id
        assert facts.select_one(".portal-missing a")["href"] == "#portal-next-step"
        for title in missing:
            spec = titles[title]
            parent = next((f for f in portal.contract.fields if spec in f.children), None)
            value = policy.value(parent.name) if parent else policy.value(spec.name)
            if parent is not None and value is not None:
                value = value.value(spec.name)
            assert not value, (policy.id, title)
        assert "实施主体" in missing or policy.implementer  # e.g. a field every page had as 暂无


def test_a_section_with_nothing_known_is_not_shown(built_site, portal):
    applied = [p for p in portal.policies if p.application]
    for policy in portal.policies:
        article = content(soup_of(built_site, policy.url))
        assert (article.select_one("#portal-apply") is not None) == (policy in applied), policy.id


# -- the departments' contacts, the hotlines, the law answers: checked, located -----------------------

FIRST = DEPARTMENTS[0]["code"]
DEPARTMENT_CASES = [
    ("a phone without its source", "  phone: null\n", '  phone: "0716-1234567"\n', r'^  phone: "0716', "[0].phone",
     "填写了电话，但没有写出处；部门的每项联系方式都要写明出处，页面才能把它当作本部门的电话显示；请在下面加一行 "
     "phone_source，写明是哪份文件或哪个网页、哪一天给出的，例如：phone_source: 部门 2027-01-05 提供的《联系方式确认函》；"
     "没有出处就改回 phone: null"),
    ("hours without their source", "  hours: null\n", "  hours: 工作日 8:30-12:00\n", r"^  hours: 工作日", "[0].hours",
     "填写了办公时间，但没有写出处；部门的每项联系方式都要写明出处，页面才能把它当作本部门的办公时间显示；请在下面加一行 "
     "hours_source，写明是哪份文件或哪个网页、哪一天给出的，例如：hours_source: 部门 2027-01-05 提供的《联系方式确认函》；"
     "没有出处就改回 hours: null"),
    ("a source without its value", "  address_source: null\n", "  address_source: 测试来源\n", r"^  address_source: 测试",
     "[0].address_source", "写了出处，但办公地址（address）是空的；出处说明的是它上面那一项；请填上办公地址，"
     "或把 address_source 改回 null"),
    ("a hotline as the department's phone", "  phone: null\n  phone_source: null\n",
     '  phone: "12345"\n  phone_source: 测试来源\n', r'^  phone: "12345"', "[0].phone",
     "“12345”的格式不对；只写部门自己的一个电话号码：固定电话写“区号-号码”，手机写 11 位数字，不要写 12345、12366 "
     "等全国热线（它们在 data/hotlines.yml）；数字请加引号，例如 phone: \"0716-XXXXXXX\"（X 为数字）"),
    ("a website that is not an address", "  website: null\n  website_source: null\n",
     "  website: www.example.invalid\n  website_source: 测试来源\n", r"^  website: www", "[0].website",
     "“www.example.invalid”的格式不对；官方网址应以 https:// 开头，例如：website: https://部门网站域名/"),
]


@pytest.mark.parametrize("case", DEPARTMENT_CASES, ids=lambda c: c[0])
def test_a_departments_contact_is_refused_without_its_source_or_form(content_copy, case):
    _, old, new, pattern, field, message = case
    text = edit(content_copy, "departments.yml", old, new)
    assert problems_of(content_copy) == [Problem("data/departments.yml", line_of(text, pattern), field, message)]


HOTLINE_CASES = [
    ("an unknown category", "applies_to: {categories: [shuifei]}", "applies_to: {categories: [shuifeii]}",
     r"applies_to: \{categories: \[shuifeii", "[1].applies_to.categories", "“shuifeii”不在政策类别词表中"),
    ("a rule that is neither all nor categories", "applies_to: all", "applies_to: everything", r"applies_to: everything",
     "[0].applies_to", "缺少或写错了适用范围；应为 all（每一条政策和每一页）或 {categories: [政策类别代码]}"
     "（data/categories.yml）；例如：applies_to: {categories: [shuifei]}"),
    ("a number with a dash", 'number: "12366"', 'number: "123-66"', r'number: "123-66"', "[1].number",
     "“123-66”的格式不对；号码只写数字，并加英文引号；例如：number: \"12345\""),
]


@pytest.mark.parametrize("case", HOTLINE_CASES, ids=lambda c: c[0])
def test_a_wrong_hotline_is_a_located_problem(content_copy, case):
    _, old, new, pattern, field, start = case
    text = edit(content_copy, "hotlines.yml", old, new)
    [problem] = problems_of(content_copy)
    assert (problem.path, problem.line, problem.field) == ("data/hotlines.yml", line_of(text, pattern), field)
    assert problem.message.startswith(start), problem.message


def test_an_article_the_law_does_not_have_is_a_located_problem(content_copy):
    text = edit(content_copy, "entitlements.yml", "{article: 第二十条,", "{article: 第四十条,")
    assert problems_of(content_copy) == [Problem(
        "data/entitlements.yml", line_of(text, r"article: 第四十条"), "[0].articles[0].article",
        "《促进个体工商户发展条例》中没有“第四十条”；条号按原文写（第一条至第三十九条）；例如：article: 第二十条")]


def test_a_department_that_gives_its_phone_is_called_with_its_source_and_hotlines_stay_hotlines(content_copy):
    """A made-up number (never published): the page shows it as the department's, tap to call,
    with its source, and the hotlines after it still as what they are."""
    edit(content_copy, "departments.yml", "  phone: null\n  phone_source: null\n",
         '  phone: "0716-0000000"\n  phone_source: 测试用虚构出处\n')
    portal = replace(load_portal(content_copy), root=ROOT)  # the copy's data, the project's templates
    policy = next(p for p in portal.policies if p.department == FIRST)
    html = next_step(portal, policy)
    section = BeautifulSoup(html, "lxml")
    own = section.select_one(".portal-next-step__own")
    assert own is not None and own.select_one("a")["href"] == "tel:07160000000"
    assert "出处：测试用虚构出处" in own.get_text()
    assert norm(section.select_one(".portal-next-step__ask").get_text()) == "也可以拨打全国热线询问："
    assert [a["href"] for a in section.select(".portal-hotline a")] == [f"tel:{h['number']}" for h in fitting(policy.categories)]


# -- the matcher's data and the answer in law -----------------------------------------------------------

def catalog_of(site: Path) -> dict:
    return json.loads((site / "api" / "catalog.json").read_text(encoding="utf-8"))


def test_the_catalog_data_carries_each_records_next_step(built_site, portal):
    catalog = catalog_of(built_site)
    assert {code: h["tel"] for code, h in catalog["hotlines"].items()} == {h["code"]: f"tel:{h['number']}" for h in HOTLINES}
    for row in catalog["policies"]:
        policy = portal.policy(row["id"])
        assert row["next_step"]["hotlines"] == [h["code"] for h in fitting(policy.categories)]
        named = None if policy.department == "weishuoming" else portal.term("department", policy.department).name
        assert row["next_step"]["department"] == named and row["next_step"]["contacts"] == []


GETIHU = {"type": "getihu", "size": "wei", "industry": None, "flags": [], "needs": []}


def test_the_matcher_answers_an_individual_business_from_the_law(built_site):
    catalog = catalog_of(built_site)
    [answers] = call("matching.js", [("entitlementsFor", [catalog, GETIHU])])
    assert [a["beneficiary"] for a in answers] == ["getihu"]
    [enterprise] = call("matching.js", [("entitlementsFor", [catalog, {**GETIHU, "type": "qiye"}])])
    assert enterprise == []
    untick = "可以减少勾选的需求"
    [none_ticked, ticked] = call("matching.js", [("emptySummary", [GETIHU, True]),
                                                 ("emptySummary", [{**GETIHU, "needs": ["rongzi"]}, True])])
    assert untick not in none_ticked and "法规中写明的支持" in none_ticked
    assert untick in ticked


def entitlement_articles(node) -> list[str]:
    return [li["data-article"] for li in node.select(".portal-entitlement__articles > li")]


def test_the_answer_lists_the_chosen_articles_as_the_law_words_them(built_site, portal):
    chosen = yaml.safe_load((ROOT / "data" / "entitlements.yml").read_text(encoding="utf-8"))[0]
    law = portal.document(chosen["law"]).law
    node = content(soup_of(built_site, "catalog/beneficiaries/getihu/")).select_one(".portal-entitlement")
    assert node is not None and not portal.with_value("beneficiaries", "getihu")
    assert entitlement_articles(node) == [a["article"] for a in chosen["articles"]]
    for item in node.select(".portal-entitlement__articles > li"):
        link = item.select_one("a")
        assert link["href"] == f"../../../laws/getihu-fazhan-tiaoli/#{item['data-article']}"
        quoted = [norm(q.get_text()).strip("“”") for q in item.select(".portal-quote")]
        assert quoted == list(law.article(item["data-article"]).paragraphs)
    law_page = soup_of(built_site, "laws/getihu-fazhan-tiaoli/")
    assert all(law_page.find(id=article) for article in entitlement_articles(node))
    asked = [a["href"] for a in node.select(".portal-hotline a")]
    assert asked == ["tel:12366", "tel:12345"]  # 第二十条 is on 税费 (shuifei): the tax line fits
    assert "减少勾选" not in node.get_text()
    matcher = soup_of(built_site, "matcher/").select_one("template#portal-entitlement-getihu")
    assert matcher is not None and "portal-entitlement" in str(matcher)


def test_a_department_page_lists_only_the_contact_it_gave_and_says_what_is_missing(built_site, portal):
    for department in portal.vocabularies["department"].terms:
        section = content(soup_of(built_site, f"catalog/departments/{department.code}/")).select_one(".portal-department")
        said = norm(section.get_text(""))
        assert "暂无" not in said and not section.select(".portal-next-step__own"), department.code
        assert [dt.get_text() for dt in section.select("dt")][:1] == ["部门全称"]
        missing = norm(section.select_one(".portal-missing").get_text(""))
        assert missing.startswith("本部门的电话、办公地址、办公时间和官方网站来源未提供。"), (department.code, missing)
        assert [a["href"] for a in section.select('a[href^="tel:"]')] == ["tel:12345"], department.code


def test_the_beneficiaries_index_points_an_individual_business_to_its_answer(built_site):
    item = next(li for li in content(soup_of(built_site, "catalog/beneficiaries/")).select(".portal-facet-list > li")
                if li.a.get_text() == "个体工商户")
    assert item.select_one(".portal-count-badge").get_text() == "0"
    assert [a.get_text() for a in item.select(".portal-note a")] == ["法规写明的支持和询问电话"]
    assert resolve("catalog/beneficiaries/", item.select(".portal-note a")[0]["href"]) == ("catalog/beneficiaries/getihu/", "")
