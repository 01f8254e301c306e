"""Provisions and outcomes kept apart (issue 21): what the 2022 report says was delivered is each
record's ``outcomes``, quoted from the report; a past one-off payout says so (``delivered``, status
已兑现) and is never offered; the 兑现情况 page draws the outcomes as accessible SVG charts with their
numbers in tables; api/outcomes.json and .csv publish the same.

Every expectation is computed here from the record files and the report's text in data/texts/ (the
copy the portal holds of the corpus, byte for byte), not through macros/model/outcomes.py."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal

import pytest

from built import content, flat, soup_of
from conftest import ROOT, cli_in_process
from legal_documents import REPORT
from macros.model.status import APPLICABLE, STATUSES

OUTCOMES_PAGE = "reports/outcomes/"
REPORT_TEXT = (ROOT / "data" / REPORT["text"]).read_text(encoding="utf-8")
REPORT_PARAGRAPHS = [line.strip() for line in REPORT_TEXT.split("---\n", 2)[2].split("\n") if line.strip()]
# the records that are only a past one-off payout, as decided from the report's words (its 2022
# awards for 2021 results); every other record with outcomes is a provision with results
ONE_OFF = {"kejing-xiaojuren-jiangli": 2022, "kejing-gongye-jingji-dahui-jiangli": 2022}


def number(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def outcomes_of_records(portal) -> list[tuple[str, int, dict]]:
    """(record id, place from 1, the outcome's fields as the record file states them)."""
    return [(p.id, n, {c: getattr(o, c) for c in ("year", "period", "what", "enterprises", "enterprises_unit",
                                                    "amount", "amount_unit", "source", "passage")})
            for p in portal.policies for n, o in enumerate(p.outcomes, 1)]


# -- the records ------------------------------------------------------------------------------------

def test_the_report_figures_are_outcomes_of_their_records(portal):
    """The corpus README's list of the report's result figures, each in the record it belongs to."""
    figures = {(rid, o["enterprises"], o["amount"]) for rid, _, o in outcomes_of_records(portal)}
    assert figures == {
        ("renshe-shebaofei-jianzheng", 1545, 900.96), ("shuiwu-liudi-tuishui", 72, 6597.5),
        ("shuiwu-zhizao-huanjiao-shuifei", 1013, 4705), ("shuiwu-liushui-liangfei-jianmian", 2777, 473),
        ("shuiwu-keji-yanfa-jiakou", 31, 6176.15), ("shuiwu-gongjiao-zengzhishui-mianzheng", None, 8.4),
        ("kejing-fangwu-zujin-jianmian", 316, 482.87), ("kejing-gongye-jingji-dahui-jiangli", None, 1303.54),
        ("kejing-xiaojuren-jiangli", 8, 100), ("xingye-danbao-danbaofei-xiatiao", None, 85),
        ("kejing-shengji-zhuanxiang-zijin-zhengqu", None, 2318), ("kejing-shengji-zhuanxiang-zijin-zhengqu", None, 415),
        ("shuiwu-qiye-suodeshui-jianmian", None, 247.84),
    }


def test_every_outcome_quotes_the_report_and_its_figures_are_in_the_quote(portal):
    for rid, n, o in outcomes_of_records(portal):
        assert o["source"] == REPORT["id"], (rid, n)
        holding = [p for p in REPORT_PARAGRAPHS if flat(o["passage"]) in flat(p)]
        assert holding, (rid, n, o["passage"])
        for figure, unit in (("enterprises", "enterprises_unit"), ("amount", "amount_unit")):
            if o[figure] is not None:
                assert f"{number(o[figure])}{o[unit]}" in flat(o["passage"]), (rid, figure)


def test_a_past_one_off_payout_says_so_and_is_never_applicable(portal):
    one_off = {p.id: p.delivered for p in portal.policies if p.delivered is not None}
    assert one_off == ONE_OFF
    for rid, year in one_off.items():
        policy = portal.policy(rid)
        assert policy.title.startswith(f"{year}年已兑现"), policy.title
        assert portal.status(policy) == "delivered" and "delivered" not in APPLICABLE
        assert any(o.year == year for o in policy.outcomes)


# -- the checks ------------------------------------------------------------------------------------

FAULTS = {  # what is wrong -> (the lines replacing the record's outcomes block, field, message)
    "a passage not in the report": (
        '  - year: 2022\n    what: 退税\n    amount: 6597.5\n    amount_unit: 万元\n    source: report-2022-sme\n'
        '    passage: "为72户小微企业退税6597.5万元"\n',
        "outcomes[0].passage",
        "在“report-2022-sme”的全文中找不到这段话；passage 应照抄原文中写明这一结果的原话（空格可以省略），不能改写或概括；"
        "请对照原文核对每个字和标点"),
    "a source that is not a text the portal holds": (
        '  - year: 2022\n    what: 退税\n    source: hubei-measures\n    passage: "县级以上地方各级人民政府"\n',
        "outcomes[0].source",
        "没有 id 为“hubei-measures”的全文来源；source 应为 data/documents.yml 中全文已录入的文件的 id（"),
    "a count without its unit": (
        '  - year: 2022\n    what: 退税\n    enterprises: 72\n    source: report-2022-sme\n'
        '    passage: "为我市72户符合退税条件的小微企业办理留抵退税"\n',
        "outcomes[0].enterprises_unit",
        "enterprises 和 enterprises_unit 要一起填写：数字和它的单位缺一不可"),
    "a year that is not one": (
        '  - year: 22\n    what: 退税\n    source: report-2022-sme\n    passage: "为我市72户符合退税条件的小微企业办理留抵退税"\n',
        "outcomes[0].year", "“22”不是年份；应为四位数字的年份（1949 至 2100 之间）；例如：year: 2022"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_wrong_outcome_is_refused_with_its_line_and_field(content_copy, fault):
    block, field, message = FAULTS[fault]
    path = content_copy / "docs/policies/shuiwu/shuiwu-liudi-tuishui.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("outcomes:\n", 1)
    path.write_text(head + "outcomes:\n" + block + "---\n" + rest.split("---\n", 1)[1], encoding="utf-8")
    sub = field.rsplit(".", 1)[1]
    # the sub-field's own line, or the outcome's first line when the sub-field is not written
    offset = next((n for n, row in enumerate(block.split("\n")) if row.lstrip(" -").startswith(f"{sub}:")), 0)
    line = (head + "outcomes:\n").count("\n") + 1 + offset
    result = cli_in_process(content_copy, "check", str(path))
    assert result.returncode == 1
    reported = [row for row in result.stdout.splitlines() if f": {field}: " in row]
    assert len(reported) == 1 and message in reported[0], result.stdout
    assert reported[0].startswith(f"docs/policies/shuiwu/shuiwu-liudi-tuishui.md:{line}: ")


def test_a_one_off_payout_needs_an_outcome_of_its_year(content_copy):
    path = content_copy / "docs/policies/kejing/kejing-xiaojuren-jiangli.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("delivered: 2022\n", "delivered: 2021\n"), encoding="utf-8")
    line = text.split("delivered: 2022\n")[0].count("\n") + 1
    result = cli_in_process(content_copy, "check", str(path))
    assert (f"docs/policies/kejing/kejing-xiaojuren-jiangli.md:{line}: delivered: 填了一次性兑现年份 2021，但 outcomes 中"
            "没有 2021 年的兑现情况") in result.stdout


# -- the pages ----------------------------------------------------------------------------------------

def test_each_record_page_shows_its_outcomes_apart_with_the_quote_and_a_link_to_it(built_site, portal):
    for policy in portal.policies:
        page = content(soup_of(built_site, policy.url))
        block = page.select_one(".portal-record-outcomes")
        if not policy.outcomes:
            assert block is None, policy.id
            continue
        items = block.select("li[id^=portal-outcome-]")
        assert [li["id"] for li in items] == [f"portal-outcome-{n}" for n in range(1, len(policy.outcomes) + 1)]
        for li, o in zip(items, policy.outcomes, strict=True):
            text = li.get_text("", strip=True)
            assert text.startswith("据报告，") and o.passage in text
            assert f"{number(o.amount)}{o.amount_unit}" in text
            link = li.select_one(".portal-quote a")["href"]
            paragraph = int(link.rsplit("#portal-report-", 1)[1])
            assert flat(o.passage) in flat(REPORT_PARAGRAPHS[paragraph - 1])
        # after 能得到什么, before 怎么申请
        headings = [h.get_text(strip=True) for h in page.select(".portal-policy h2")]
        assert headings.index("兑现情况（据报告）") == headings.index("能得到什么") + 1
        one_off = block.select_one("[data-one-off]")
        assert (one_off is not None) == (policy.delivered is not None)
        badge = page.select_one(".portal-lead .portal-status")
        assert badge.get_text() == STATUSES[portal.status(policy)]


def test_the_report_page_anchors_each_paragraph(built_site):
    paragraphs = content(soup_of(built_site, "reports/2022-sme-report/")).select(".portal-report > p[id]")
    assert [p["id"] for p in paragraphs] == [f"portal-report-{n}" for n in range(1, len(REPORT_PARAGRAPHS) + 1)]
    assert [flat(p.get_text()) for p in paragraphs] == [flat(p) for p in REPORT_PARAGRAPHS]


def test_the_outcomes_page_lists_every_outcome_of_the_records(built_site, portal):
    page = content(soup_of(built_site, OUTCOMES_PAGE))
    cards = page.select("li.portal-outcome-card")
    shown = {}
    for card in cards:
        rid, n = card["data-outcome"].split("#")
        figures = {dd["data-figure"]: dd.get_text(strip=True) for dd in card.select("[data-figure]")}
        shown[(rid, int(n))] = figures
        link = card.select_one(".portal-outcome-card__title a")["href"]
        assert link.endswith(f"policies/{portal.policy(rid).department}/{rid}/#portal-outcome-{n}")
    expected = {}
    for rid, n, o in outcomes_of_records(portal):
        figures = {"passage": f"“{o['passage']}”"}
        if o["amount"] is not None:
            figures["amount"] = f"{number(o['amount'])}{o['amount_unit']}"
        if o["enterprises"] is not None:
            figures["enterprises"] = f"{number(o['enterprises'])}{o['enterprises_unit']}"
        expected[(rid, n)] = figures
    assert shown == expected
    # each figure's link to its passage lands on a report paragraph that says it
    for card in cards:
        rid, n = card["data-outcome"].split("#")
        paragraph = int(card.select_one("[data-figure=passage] + a, dd a[href*=portal-report-]")["href"].rsplit("-", 1)[1])
        assert flat(portal.policy(rid).outcomes[int(n) - 1].passage) in flat(REPORT_PARAGRAPHS[paragraph - 1])


def expected_totals(portal, year: int, by: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for p in portal.policies:
        code = p.department if by == "department" else p.support_type[0]
        vocabulary = "department" if by == "department" else "support_type"
        for o in p.outcomes:
            if o.year == year and o.amount is not None:
                sums[portal.term(vocabulary, code).name] += Decimal(str(o.amount))
    return dict(sums)


def chart_table(page, chart_id: str) -> dict[str, str]:
    table = page.select_one(f"table[data-chart-table={chart_id}]")
    return {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in table.select("tbody tr")}


@pytest.mark.parametrize("year", [2022, 2021])
@pytest.mark.parametrize("by", ["department", "kind"])
def test_the_amount_charts_add_up_the_records_outcomes(built_site, portal, year, by):
    page = content(soup_of(built_site, OUTCOMES_PAGE))
    chart_id = f"portal-chart-{year}-{by}"
    totals = expected_totals(portal, year, by)
    table = chart_table(page, chart_id)
    assert {name: Decimal(cells[0]) for name, cells in table.items()} == totals
    svg = page.select_one(f"svg[data-chart={chart_id}]")
    bars = svg.select("g.portal-chart__row")
    assert [g.select_one(".portal-chart__value").get_text() for g in bars] == [f"{number(v)}万元" for v in
                                                                                 sorted(totals.values(), reverse=True)]
    widths = [float(g.select_one("rect")["width"]) for g in bars]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0  # longest first, drawn to scale
    assert all(f"{name}{number(value)}万元" in svg.desc.get_text() for name, value in totals.items())


def test_every_chart_is_an_accessible_image_with_its_numbers_in_a_table(built_site):
    page = content(soup_of(built_site, OUTCOMES_PAGE))
    charts = page.select("svg.portal-chart__svg")
    assert len(charts) >= 4
    for svg in charts:
        assert svg["role"] == "img"
        title, desc = svg.find("title", recursive=False), svg.find("desc", recursive=False)
        assert title.get_text() and desc.get_text()
        assert svg["aria-labelledby"].split() == [title["id"], desc["id"]]
        table = svg.find_parent(class_="portal-chart__body").select_one("table")
        assert table["data-chart-table"] == svg["data-chart"]
        values = [t.get_text() for t in svg.select(".portal-chart__value")]
        cells = [row.select("td")[-1 if "enterprises" in svg["data-chart"] else 0].get_text(strip=True)
                 for row in table.select("tbody tr")]
        unit = "" if "enterprises" in svg["data-chart"] else "万元"
        assert values == [cell + unit for cell in cells]
    assert not page.select("[style]")  # the CSP forbids inline style attributes


def test_the_enterprise_chart_keeps_each_unit_and_adds_nothing(built_site, portal):
    page = content(soup_of(built_site, OUTCOMES_PAGE))
    table = chart_table(page, "portal-chart-2022-enterprises")
    expected = {p.title: f"{o.enterprises}{o.enterprises_unit}" for p in portal.policies for o in p.outcomes
                if o.year == 2022 and o.enterprises is not None}
    assert {name: cells[-1] for name, cells in table.items()} == expected


def test_the_outcomes_page_is_in_the_navigation_and_speaks_of_results(built_site):
    soup = soup_of(built_site, OUTCOMES_PAGE)
    nav = [a.get_text(strip=True) for a in soup.select(".md-nav a")]
    assert "兑现情况" in nav
    text = content(soup).get_text("", strip=True)
    assert "这里是结果，不是可以申请的政策" in text and "据报告" in text
    # the charts and the list restate the records, which search finds themselves: kept out of the index
    page = content(soup)
    assert all(node.has_attr("data-portal-noindex") for node in page.select("figure.portal-chart, ol.portal-outcome-list"))


def test_the_matcher_page_never_presents_results_as_offers(built_site, portal):
    text = flat(content(soup_of(built_site, "matcher/")).get_text())
    assert "据报告，2022年已经兑现的金额和受益企业" in text
    left_out = "、".join(label for code, label in STATUSES.items() if code not in APPLICABLE)
    assert f"{left_out}的政策不会列出" in text
    count = sum(1 for p in portal.policies if portal.status(p) == "delivered")
    assert f"{STATUSES['delivered']}的{count}条" in text


# -- open data ------------------------------------------------------------------------------------------

def test_api_outcomes_json_and_csv_equal_the_records_outcomes(built_site, portal):
    data = json.loads((built_site / "api" / "outcomes.json").read_text(encoding="utf-8"))
    rows = [(r["policy"], {k: r[k] for k in ("year", "period", "what", "enterprises", "enterprises_unit", "amount",
                                             "amount_unit", "source", "passage")}) for r in data["outcomes"]]
    assert rows == [(rid, o) for rid, _, o in outcomes_of_records(portal)]
    assert data["count"] == len(rows)
    assert {r["policy"]: r["one_off"] for r in data["outcomes"] if r["one_off"]} == ONE_OFF
    text = (built_site / "api" / "outcomes.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["policy"], r["amount"], r["enterprises"], r["passage"]) for r in table] == [
        (rid, number(o["amount"]), number(o["enterprises"]) if o["enterprises"] is not None else "", o["passage"])
        for rid, _, o in outcomes_of_records(portal)]


def test_every_export_carries_the_new_fields(built_site, portal):
    policies = {r["id"]: r for r in json.loads((built_site / "api/policies.json").read_text("utf-8"))["policies"]}
    catalog = {r["id"]: r for r in json.loads((built_site / "api/catalog.json").read_text("utf-8"))["policies"]}
    for p in portal.policies:
        assert [o["passage"] for o in policies[p.id]["outcomes"]] == [o.passage for o in p.outcomes]
        assert policies[p.id]["delivered"] == p.delivered == catalog[p.id]["delivered"]
        single = json.loads((built_site / f"api/policies/{p.id}.json").read_text("utf-8"))
        assert single["outcomes"] == policies[p.id]["outcomes"]
    table = list(csv.DictReader(io.StringIO((built_site / "api/policies.csv").read_bytes().decode("utf-8-sig"))))
    for row in table:  # one cell: the outcomes, each with its passage
        assert all(o.passage in row["outcomes"] for o in portal.policy(row["id"]).outcomes)
        assert row["delivered"] == (str(portal.policy(row["id"]).delivered or ""))
    package = json.loads((built_site / "datapackage.json").read_text("utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert resources["api/outcomes.json"]["type"] == "json"
    assert resources["api/outcomes.csv"]["type"] == "table"
    assert [f["name"] for f in resources["api/outcomes.csv"]["schema"]["fields"]] == \
        next(csv.reader(io.StringIO((built_site / "api/outcomes.csv").read_bytes().decode("utf-8-sig"))))
    listed = content(soup_of(built_site, "open-data/")).get_text()
    assert "api/outcomes.json" in listed and "api/outcomes.csv" in listed


def test_the_status_facet_and_search_rank_take_the_new_status(built_site, portal):
    facet = soup_of(built_site, "catalog/status/delivered/")
    assert {tr["data-policy"] for tr in facet.select("tr[data-policy]")} == set(ONE_OFF)
    overview = content(soup_of(built_site, "catalog/status/")).get_text()
    assert STATUSES["delivered"] in overview
    # search: a one-off payout ranks with expired provisions (status tier 2), and says why
    index = built_site / "search-index"
    manifest = json.loads((index / "manifest.json").read_text("utf-8"))
    chunk = manifest["doc_chunk"]
    for number_, rank in enumerate(manifest["order"]):
        url, _title, _kind, _excerpt, note = json.loads(
            (index / f"docs-{number_ // chunk}.json").read_text("utf-8"))[number_ % chunk]
        rid = url.rstrip("/").rsplit("/", 1)[-1]
        if rid in ONE_OFF:
            assert int(rank) // 3 == 2 and note == STATUSES["delivered"], (rid, rank, note)
        elif url.startswith("policies/"):
            assert int(rank) // 3 == 0, (rid, rank)
