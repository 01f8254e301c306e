"""The record contract stated once (issue: one contract): data/policy.schema.json drives the loaded
record, the record page, the data dictionary, the exports, the search documents and the scaffold;
the rules the browser applies are emitted by the build, not restated in JavaScript."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build
from macros.clerk.scaffold import template
from macros.core.messages import load_messages
from macros.core.problems import ContentError
from macros.legal.references import LegalRef
from macros.load.contract import load_contract
from macros.load.portal import load_portal
from macros.load.vocabularies import load_vocabularies
from macros.model.contract import contract_of
from macros.model.rules import browser_rules
from macros.model.status import STATUSES
from macros.search.documents import policy_document

# A field that does not exist in the real contract; its value is clearly a test value.
NEW_FIELD = {
    "title": "咨询时间",
    "type": "string",
    "description": "可以打电话咨询的时间",
    "maxLength": 60,
    "examples": ["工作日上午"],
    "x-portal": {"section": "contact"},
}
RECORD = "docs/policies/kejing/kejing-guishang-jiangli.md"
OTHER = "policies/shuiwu/shuiwu-liudi-tuishui/"
TEST_VALUE = "测试值：仅用于测试的虚构时间"


def add_field(project: Path) -> None:
    path = project / "data" / "policy.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["consult_hours"] = NEW_FIELD
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ndelivery: ", f"\nconsult_hours: {TEST_VALUE}\ndelivery: ", 1), encoding="utf-8")


@pytest.mark.slow
def test_an_optional_field_added_to_the_contract_appears_everywhere(project_copy):
    add_field(project_copy)
    result = build(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project_copy / "site"

    def section_rows(url: str) -> dict[str, str]:
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        section = soup.select_one('section[aria-labelledby="portal-contact"]')
        return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in section.select("dt")}

    assert section_rows("policies/kejing/kejing-guishang-jiangli/")["咨询时间"] == TEST_VALUE
    assert "咨询时间" not in section_rows(OTHER)  # empty: named in the page's one line of what is not given
    missing = BeautifulSoup((site / OTHER / "index.html").read_text(encoding="utf-8"), "lxml").select_one(".portal-missing")
    assert "咨询时间" in missing.get_text().removeprefix("以下信息来源未提供：").split("。")[0].split("、")

    dictionary = BeautifulSoup((site / "guide/data-dictionary/index.html").read_text(encoding="utf-8"), "lxml")
    row = next(tr for tr in dictionary.select("tbody tr") if tr.td.get_text(strip=True) == "consult_hours")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[1:5] == ["咨询时间", "选填", "文字", NEW_FIELD["description"]]

    records = {r["id"]: r for r in json.loads((site / "api/policies.json").read_text(encoding="utf-8"))["policies"]}
    assert records["kejing-guishang-jiangli"]["consult_hours"] == TEST_VALUE
    assert records["shuiwu-liudi-tuishui"]["consult_hours"] is None

    rows = list(csv.DictReader(io.StringIO((site / "api/policies.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"]: r["consult_hours"] for r in rows}["kejing-guishang-jiangli"] == TEST_VALUE

    published = json.loads((site / "api/policy.schema.json").read_text(encoding="utf-8"))
    assert published["properties"]["consult_hours"]["title"] == "咨询时间"

    scaffold = template(load_contract(project_copy), load_vocabularies(project_copy),
                        {"department": "kejing", "id": "kejing-x", "title": "测试"}, date(2026, 11, 25),
                        load_messages(project_copy))
    assert ("# 咨询时间：可以打电话咨询的时间（选填，需要时去掉行首的“# ”）\n"
            "# consult_hours: \"工作日上午\"\n") in scaffold


def test_an_added_field_reaches_the_loaded_record_and_search(content_copy):
    """The in-process half of the above, for the fast tier."""
    add_field(content_copy)
    portal = load_portal(content_copy)
    record = portal.policy("kejing-guishang-jiangli")
    assert record.consult_hours == TEST_VALUE
    assert portal.policy("shuiwu-liudi-tuishui").consult_hours is None
    assert TEST_VALUE in policy_document(portal, record).text


def test_records_are_typed_by_the_contract(portal):
    for p in portal.policies:
        assert isinstance(p.last_reviewed, date) and isinstance(p.review_due, date)
        assert all(isinstance(ref, LegalRef) for ref in p.legal_basis)
        assert isinstance(p.beneficiaries, tuple) and isinstance(p.sources, tuple)
        assert p.amount is None or isinstance(p.amount.text, str)
        with pytest.raises(AttributeError):
            p.title = "changed"  # frozen


def test_a_field_in_an_unknown_section_is_a_located_problem():
    schema = json.loads((ROOT / "data/policy.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["topic"]["x-portal"]["section"] = "sidebar"
    with pytest.raises(ContentError) as caught:
        contract_of(schema, load_messages(ROOT))
    assert [str(p) for p in caught.value.problems] == [
        "data/policy.schema.json:1: topic: x-portal.section“sidebar”不在 x-portal.sections 中；"
        "可填写：apply、benefit、contact、document、lead、legal、review、sources、who"]


def test_a_schema_that_is_not_json_names_its_line(content_copy):
    path = content_copy / "data/policy.schema.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3] + ",,"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_contract(content_copy)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == ("data/policy.schema.json", 4, "JSON")
    assert problem.message.startswith("格式有误")


# -- rules once, shipped to the browser ------------------------------------------------------------

def test_every_page_carries_the_rules_the_build_emits(built_site):
    expected = browser_rules()
    for page in ("index.html", "catalog/index.html", "policies/kejing/kejing-guishang-jiangli/index.html"):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "lxml")
        block = soup.select_one('script#portal-rules[type="application/json"]')
        assert block is not None and json.loads(block.string) == expected, page


def test_scripts_do_not_restate_the_rules():
    """Status labels, the 即将到期 window and the facet parameters live in Python only; results are
    drawn from the page's <template>s filled with text: the one HTML set from a string is the record
    form's preview, cleaned by DOMPurify."""
    folder = ROOT / "overrides/assets/js"
    scripts = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.js")}
    assert "lib/status.js" in scripts
    for name, text in scripts.items():
        for label in STATUSES.values():
            assert label not in text, (name, label)
        assert not re.search(r"EXPIRING|APPLICABLE\s*=|\"(current|expiring|unverified)\"\s*[,\]]", text), name
        for facet in browser_rules()["facets"]:
            assert f'"{facet["param"]}:' not in text and f"{facet['param']}: function" not in text, (name, facet)
    html_from_strings = [name for name, text in scripts.items()
                         if re.search(r"innerHTML|outerHTML|insertAdjacentHTML|escapeHtml|document\.write", text)]
    assert html_from_strings == ["record-form.js"]


def test_the_browser_table_is_the_servers_row_template(built_site):
    """The catalog page ships the policy table's markup as a <template>; its header and cells are
    the ones of the server-rendered index pages."""
    catalog = BeautifulSoup((built_site / "catalog/index.html").read_text(encoding="utf-8"), "html.parser")
    shipped = BeautifulSoup(catalog.select_one("template#portal-policy-table").decode_contents(), "html.parser")
    index = BeautifulSoup((built_site / "catalog/all/index.html").read_text(encoding="utf-8"), "lxml")
    assert [th.get_text() for th in shipped.select("th")] == [th.get_text() for th in index.select(".portal-table th")]
    slots = [td.get("data-slot") or td.select_one("[data-slot]")["data-slot"] for td in shipped.select("tbody td")]
    served = [td.get("data-slot") or td.select_one("[data-slot]")["data-slot"]
              for td in index.select("tbody tr")[0].select("td")]
    assert slots == served == ["title", "department", "beneficiaries", "delivery", "status", "year"]
