"""The gap dashboard (guide/gaps/, one page per department below it) and api/gaps.json: every figure
equals what this test computes from the records themselves; the count is stated honestly; each
record to fix is on its department's page and opens in the form."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from built import assert_real_count_claimed, resolve, soup_of
from conftest import AS_OF, ROOT
from macros.load.portal import load_portal
from macros.model.gaps import FACTS, gap_report


def missing_facts(p) -> set[str]:
    """What the issue names as making a provision actionable, read from the record directly."""
    lacks = set()
    if p.effective is None and p.expires is None:
        lacks.add("validity")
    if p.delivery == "weishuoming":  # data/delivery.yml: 来源未说明
        lacks.add("delivery")
    if p.application is None or not (p.application.steps or p.application.where):
        lacks.add("application")
    if p.contact is None or not p.contact.phone:
        lacks.add("phone")
    if not p.legal_basis:
        lacks.add("legal_basis")
    return lacks


@pytest.fixture(scope="module")
def page(built_site):
    return soup_of(built_site, "guide/gaps/")


def expected_rows(portal) -> dict[str, dict[str, int]]:
    rows = {}
    for term in portal.vocabularies["department"].terms:
        records = [p for p in portal.policies if p.department == term.code]
        row = {"policies": len(records)}
        for fact in ("validity", "delivery", "application", "phone", "legal_basis"):
            row[fact] = sum(1 for p in records if fact in missing_facts(p))
        rows[term.code] = row
    return rows


def test_the_table_shows_what_the_records_lack(page, portal):
    shown = {}
    for row in page.select(".portal-gap-table tbody tr"):
        cells = {td["data-count"]: td.get_text() for td in row.select("td")}
        shown[row["data-department"]] = {k: (0 if v == "—" else int(v)) for k, v in cells.items()}
    assert shown == expected_rows(portal)
    totals = {td["data-count"]: int(td.get_text()) for td in page.select(".portal-gap-table tfoot td")}
    expected = expected_rows(portal)
    assert totals == {k: sum(row[k] for row in expected.values()) for k in totals}
    assert totals["policies"] == len(portal.policies)


def test_the_count_is_stated_honestly(built_site, portal, page):
    assert_real_count_claimed(built_site, "guide/gaps/", len(portal.policies))
    sentence = page.select_one(".portal-gap-count").get_text()
    assert sentence == f"已收录 {len(portal.policies)} 条；2022 年报告称市优化办公开了 9 家单位的 72 条。"


def test_the_reports_figures_are_quoted_from_the_report(built_site):
    data = json.loads((built_site / "api/gaps.json").read_text(encoding="utf-8"))
    report = (ROOT / "data/texts/shishou-2022-sme-report.md").read_text(encoding="utf-8")
    claim = data["report_claim"]
    assert claim["passage"] in report
    assert f"{claim['departments']} 家单位 {claim['provisions']} 条" in claim["passage"].replace("\u00a0", " ")


def department_pages(built_site, page) -> dict:
    """The department pages the dashboard links to, by department code."""
    pages = {}
    for item in page.select("ul.portal-gap-departments li[data-department]"):
        target = resolve("guide/gaps/", item.select_one("a")["href"])[0]
        pages[item["data-department"]] = soup_of(built_site, target)
    return pages


def test_each_department_with_records_has_its_page(built_site, page, portal):
    pages = department_pages(built_site, page)
    assert list(pages) == [t.code for t in portal.vocabularies["department"].terms
                           if any(p.department == t.code for p in portal.policies)]
    for code, soup in pages.items():
        assert soup.select_one(".portal-gaps")["data-department"] == code
    assert not page.select(".portal-gap-list li[data-policy]")  # the dashboard itself stays small


def test_every_record_to_fix_opens_in_the_form(built_site, page, portal):
    listed = {}
    for code, soup in department_pages(built_site, page).items():
        for item in soup.select(".portal-gap-list li[data-policy]"):
            fact = item.find_parent("li", attrs={"data-fact": True})["data-fact"]
            listed.setdefault(item["data-policy"], set()).add(fact)
            assert portal.policy(item["data-policy"]).department == code
            link = urlsplit(item.select_one("a.portal-gap-open")["href"])
            assert resolve(f"guide/gaps/{code}/", link.path)[0] == "guide/new/"
            # the form opens at the missing field: the fact's first field (tests/test_browser_form_messages.py)
            field = next(f.fields[0] for f in FACTS if f.code == fact)
            assert parse_qs(link.query) == {"open": [item["data-policy"]], "field": [field]}
    assert listed == {p.id: missing_facts(p) for p in portal.policies if missing_facts(p)}


def test_departments_without_records_are_named(page, portal):
    with_records = {p.department for p in portal.policies}
    expected = [t.code for t in portal.vocabularies["department"].terms if t.code not in with_records]
    assert [li["data-department"] for li in page.select("ul.portal-gap-none li")] == expected
    assert expected  # five departments have no record yet (issue 15)


def test_the_open_data_holds_the_same_figures(built_site, portal):
    data = json.loads((built_site / "api/gaps.json").read_text(encoding="utf-8"))
    assert data["recorded"] == len(portal.policies)
    rows = expected_rows(portal)
    got = {d["code"]: {"policies": len(d["policies"]), **{k: len(v) for k, v in d["missing"].items()}}
           for d in data["departments"]}
    assert got == rows
    assert data["past_review_due"] == [{"id": p.id, "department": p.department, "review_due": p.review_due.isoformat()}
                                       for p in portal.policies if p.review_due < AS_OF]
    package = json.loads((built_site / "datapackage.json").read_text(encoding="utf-8"))
    assert "api/gaps.json" in {r["path"] for r in package["resources"]}
    assert "api/gaps.json" in (built_site / "SHA256SUMS").read_text(encoding="utf-8")


def test_records_past_their_review_date_are_listed(content_copy):
    record = sorted((content_copy / "docs/policies").rglob("*.md"))[-1]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('last_reviewed: "2026-11-24"', 'last_reviewed: "2025-01-01"')
                      .replace('review_due: "2027-05-24"', 'review_due: "2025-07-01"'), encoding="utf-8")
    portal = load_portal(content_copy, as_of=AS_OF)
    overdue = [p for p in portal.policies if p.review_due < AS_OF]
    assert [p.id for p in overdue] == [record.stem]
    report = gap_report(portal)
    assert report["past_review_due"] == [{"id": record.stem, "department": overdue[0].department,
                                          "review_due": "2025-07-01"}]
    assert record.stem in {r["id"] for r in report["review_flags"]}
