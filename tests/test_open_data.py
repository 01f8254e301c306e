"""Open data people can subscribe to and build on (issue: open data): feeds per interest, calendars,
one JSON file per record, the data package, checksums and reproducible bytes. Every output is read
with a real client (feedparser, icalendar, jsonschema, frictionless, csv) and compared with the
records."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import feedparser
import jsonschema
import pytest
from frictionless import validate
from icalendar import Calendar

from built import SITE_URL, soup_of
from conftest import AS_OF, ROOT, build, build_command, commit_all, copy_project, git
from macros.load.portal import load_portal
from macros.model.facets import FACETS, groups_of
from macros.opendata.exports import catalog_json, catalog_row, csv_row, policies_csv, policies_json, policy_record
from macros.opendata.feeds import FEED_SIZE, atom_feed, feeds_of, rss_feed


def record_pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site / "policies").as_posix() for p in (site / "policies").rglob("index.html")}


def open_data_paths(site: Path) -> set[str]:
    paths = {p.relative_to(site).as_posix() for folder in ("api", "feeds", "calendar")
             for p in (site / folder).rglob("*") if p.is_file()}
    return (paths - {"feeds/sitemap.xml"}) | {"feed.xml", "datapackage.json"}  # that sitemap is for the theme


# -- feeds ------------------------------------------------------------------------------------------

def expected_feeds(portal) -> dict[str, set[str]]:
    feeds = {"feeds/all.atom": {p.id for p in portal.policies}}
    for facet in FACETS:
        if facet.kind == "vocabulary":
            for code, _, _, policies in groups_of(portal, facet):
                feeds[f"feeds/{facet.slug}-{code}.atom"] = {p.id for p in policies}
    return feeds


def entry_ids(parsed, portal) -> set[str]:
    by_url = {p.url: p.id for p in portal.policies}
    return {by_url[e.link.split("/", 3)[3]] for e in parsed.entries}


def test_every_interest_has_an_atom_feed_with_exactly_its_records(built_site, portal):
    expected = expected_feeds(portal)
    built = {p.relative_to(built_site).as_posix() for p in (built_site / "feeds").rglob("*.atom")}
    assert built == set(expected)
    assert "feeds/delivery-mianshen.atom" in built  # 免申即享
    assert len(portal.policies) <= FEED_SIZE  # so every feed of the real site holds all its records
    for path, ids in expected.items():
        parsed = feedparser.parse((built_site / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        assert len(parsed.entries) == len(ids) and entry_ids(parsed, portal) == ids, path


def test_feed_dates_come_from_the_records_not_the_clock(built_site, portal):
    """The test build has no repository history: ``updated`` is the record's last review."""
    parsed = feedparser.parse((built_site / "feeds/all.atom").read_bytes())
    by_url = {p.url: p for p in portal.policies}
    for entry in parsed.entries:
        record = by_url[entry.link.split("/", 3)[3]]
        assert entry.updated == f"{record.last_reviewed.isoformat()}T00:00:00+08:00"
        assert entry.id.startswith("urn:uuid:")
    assert parsed.feed.updated == max(e.updated for e in parsed.entries)


def test_the_rss_address_still_works(built_site, portal):
    parsed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "rss20"
    assert len(parsed.entries) == len(portal.policies) and entry_ids(parsed, portal) == {p.id for p in portal.policies}


def test_a_feed_holds_only_the_newest_records(content_copy):
    """More records than FEED_SIZE (fake copies, each reviewed a day after the one before, all after the
    real records): the feeds hold the FEED_SIZE newest, newest first."""
    template = content_copy / "docs/policies/kejing/kejing-guishang-jiangli.md"
    text = template.read_text(encoding="utf-8")
    reviewed = [date(2026, 12, 1) + timedelta(days=n) for n in range(FEED_SIZE + 10)]
    for number, day in enumerate(reviewed):
        fake = re.sub(r"^id: .*$", f"id: kejing-ceshi-xinwen-{number}", text, count=1, flags=re.M)
        fake = re.sub(r"^last_reviewed: .*$", f'last_reviewed: "{day.isoformat()}"', fake, count=1, flags=re.M)
        fake = re.sub(r"^review_due: .*$", 'review_due: "2031-01-01"', fake, count=1, flags=re.M)
        (template.parent / f"kejing-ceshi-xinwen-{number}.md").write_text(fake, encoding="utf-8")
    portal = load_portal(content_copy, as_of=AS_OF)
    newest = [f"kejing-ceshi-xinwen-{n}" for n in reversed(range(len(reviewed)))][:FEED_SIZE]
    whole_site = next(feed for feed in feeds_of(portal) if feed.path == "feeds/all.atom")
    for raw in (atom_feed(portal, whole_site, SITE_URL), rss_feed(portal, SITE_URL)):
        parsed = feedparser.parse(raw)
        assert entry_order(parsed, portal) == newest


def entry_order(parsed, portal) -> list[str]:
    by_url = {p.url: p.id for p in portal.policies}
    return [by_url[e.link.split("/", 3)[3]] for e in parsed.entries]


def test_pages_link_the_feed_that_describes_them(built_site):
    def alternates(url: str) -> set[str]:
        soup = soup_of(built_site, url)
        return {a["href"].lstrip("./") for a in soup.select('link[rel="alternate"][type="application/atom+xml"]')}

    assert alternates("catalog/departments/kejing/") == {"feeds/all.atom", "feeds/departments-kejing.atom"}
    assert alternates("catalog/delivery/mianshen/") == {"feeds/all.atom", "feeds/delivery-mianshen.atom"}
    assert alternates("") == {"feeds/all.atom"}


# -- per-record JSON, schemas, CSV ----------------------------------------------------------------------

def test_one_json_file_per_record_valid_against_the_published_schema(built_site, portal):
    schema = json.loads((built_site / "api/policy-record.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (built_site / "api/policies").glob("*.json")}
    assert set(files) == {p.id for p in portal.policies} == {page.split("/")[1] for page in record_pages(built_site)}
    policies = json.loads((built_site / "api/policies.json").read_text(encoding="utf-8"))["policies"]
    listed = {r["id"]: r for r in policies}
    for policy_id, record in files.items():
        assert list(validator.iter_errors(record)) == [], policy_id
        assert record == listed[policy_id]
    assert (built_site / "api/policy.schema.json").read_text(encoding="utf-8") == \
        (ROOT / "data/policy.schema.json").read_text(encoding="utf-8")


def test_the_data_package_is_valid_and_describes_every_file(built_site):
    package = json.loads((built_site / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    assert described == open_data_paths(built_site) - {"datapackage.json"}
    assert package["licenses"] and package["sources"]
    cwd = os.getcwd()
    os.chdir(built_site)
    try:
        report = validate("datapackage.json")
    finally:
        os.chdir(cwd)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_checksums_cover_every_open_data_file(built_site):
    lines = (built_site / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(sums) == open_data_paths(built_site)
    for path, digest in sums.items():
        assert hashlib.sha256((built_site / path).read_bytes()).hexdigest() == digest, path


def test_the_open_data_page_lists_every_file(built_site):
    soup = soup_of(built_site, "open-data/")
    linked = {a["href"].removeprefix("../") for a in soup.select(".portal-open-data a[href]")}
    expected = {p for p in open_data_paths(built_site) if not p.startswith(("api/policies/", "api/sources/"))}
    assert expected <= linked | {"datapackage.json"}
    assert "SHA256SUMS" in linked and "datapackage.json" in linked
    assert "提交号不可用" in soup.get_text()  # the test build is a copy without history


# -- calendars ------------------------------------------------------------------------------------------

def test_calendars_hold_only_stated_dates(built_site, portal):
    dated = {p.id for p in portal.policies
             if p.expires or (p.application and (p.application.opens or p.application.closes))}
    calendar = Calendar.from_ical((built_site / "calendar/all.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert {e["url"].split("/")[-2] for e in events} == dated  # the real records state none yet: no invented dates
    for term in portal.vocabularies["department"].terms:
        assert Calendar.from_ical((built_site / f"calendar/departments/{term.code}.ics").read_bytes())


def dated_copy(target: Path) -> Path:
    """A project copy where two records carry fake test dates (never in docs/)."""
    project = copy_project(target)
    record = project / "docs/policies/kejing/kejing-guishang-jiangli.md"
    text = record.read_text(encoding="utf-8").replace(
        "\ndelivery: ", "\nexpires: \"2030-06-30\"\neffective: \"2021-01-01\"\n"
        "application:\n  deadline: 测试用期限\n  opens: \"2030-03-01\"\n  closes: \"2030-03-31\"\ndelivery: ", 1)
    record.write_text(text, encoding="utf-8")
    other = project / "docs/policies/shuiwu/shuiwu-liudi-tuishui.md"
    other.write_text(other.read_text(encoding="utf-8").replace(
        "\ndelivery: ", "\napplication:\n  closes: \"2030-05-15\"\ndelivery: ", 1), encoding="utf-8")
    return project


@pytest.mark.slow
def test_calendar_events_for_stated_windows_deadlines_and_expiry(tmp_path):
    project = dated_copy(tmp_path / "project")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    events = {(e["url"].split("/")[-2], str(e["summary"]).split("：")[0]): e
              for e in Calendar.from_ical((site / "calendar/all.ics").read_bytes()).walk("VEVENT")}
    assert set(events) == {("kejing-guishang-jiangli", "申请期"), ("kejing-guishang-jiangli", "有效期截止"),
                           ("shuiwu-liudi-tuishui", "申请截止")}
    window = events[("kejing-guishang-jiangli", "申请期")]
    assert (window.decoded("dtstart"), window.decoded("dtend")) == (date(2030, 3, 1), date(2030, 4, 1))
    assert events[("shuiwu-liudi-tuishui", "申请截止")].decoded("dtstart") == date(2030, 5, 15)
    kejing = Calendar.from_ical((site / "calendar/departments/kejing.ics").read_bytes()).walk("VEVENT")
    assert {str(e["uid"]) for e in kejing} == {str(events[k]["uid"]) for k in events if k[0].startswith("kejing")}


# -- reproducible bytes -------------------------------------------------------------------------------------

def build_at(faketime: str, project: Path, site: Path, clock: str) -> None:
    """A strict build with the machine's clock set to ``clock`` (libfaketime) and no SOURCE_DATE_EPOCH."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([faketime, "-f", clock, *build_command(project, site)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def open_data_bytes(site: Path) -> dict[str, bytes]:
    return {path: (site / path).read_bytes() for path in sorted(open_data_paths(site) | {"SHA256SUMS"})}


@pytest.mark.slow
def test_two_builds_of_one_commit_on_different_days_and_places_give_identical_bytes(faketime, tmp_path):
    first = dated_copy(tmp_path / "one" / "project")
    commit_all(first, "测试提交")
    second = tmp_path / "two" / "elsewhere"
    subprocess.run(["git", "clone", "-q", str(first), str(second)], check=True, capture_output=True)
    build_at(faketime, first, tmp_path / "site-1", "@2026-12-01 08:00:00")
    build_at(faketime, second, tmp_path / "site-2", "@2031-07-15 23:30:00")
    one, two = open_data_bytes(tmp_path / "site-1"), open_data_bytes(tmp_path / "site-2")
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
    records = json.loads(one["api/policies.json"])
    assert records["as_of"] == "2026-11-20"  # the commit's date, not either clock
    page = (tmp_path / "site-1/open-data/index.html").read_text(encoding="utf-8")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=first, capture_output=True, text=True).stdout.strip()
    assert head in page and head == json.loads(one["datapackage.json"])["x-commit"]


@pytest.mark.slow
def test_a_changed_record_reappears_as_updated(faketime, tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project, "测试提交")
    record = project / "docs/policies/weishuoming/renshe-shebaofei-jianzheng.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n测试用的补充说明。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "测试修改", when="2026-11-26T09:30:00+08:00")  # after every last_reviewed
    build_at(faketime, project, tmp_path / "site", "@2026-12-01 08:00:00")
    parsed = feedparser.parse((tmp_path / "site/feeds/all.atom").read_bytes())
    newest = parsed.entries[0]
    assert newest.link.endswith("/policies/weishuoming/renshe-shebaofei-jianzheng/")
    assert datetime.fromisoformat(newest.updated) == datetime.fromisoformat("2026-11-26T09:30:00+08:00")
    assert all(datetime.fromisoformat(e.updated) < datetime.fromisoformat(newest.updated) for e in parsed.entries[1:])


def test_every_output_holds_exactly_the_record_pages(built_site, portal):
    """The reference is the set of record pages in the built site, not the loader."""
    pages = {page.split("/")[1] for page in record_pages(built_site)}
    assert len(pages) <= FEED_SIZE  # so the whole-site feeds hold every record
    by_url = {f"policies/{page}/": page.split("/")[1] for page in record_pages(built_site)}
    outputs = {
        "api/policies.json": {r["id"] for r in json.loads((built_site / "api/policies.json").read_bytes())["policies"]},
        "api/catalog.json": {r["id"] for r in json.loads((built_site / "api/catalog.json").read_bytes())["policies"]},
        "api/policies.csv": {r["id"] for r in csv.DictReader(
            io.StringIO((built_site / "api/policies.csv").read_text(encoding="utf-8-sig")))},
        "api/policies/": {p.stem for p in (built_site / "api/policies").glob("*.json")},
        "feeds/all.atom": {by_url[e.link.split("/", 3)[3]]
                           for e in feedparser.parse((built_site / "feeds/all.atom").read_bytes()).entries},
        "feed.xml": {e.id for e in feedparser.parse((built_site / "feed.xml").read_bytes()).entries},
    }
    assert {name: ids ^ pages for name, ids in outputs.items() if ids != pages} == {}


def test_policies_json_is_the_whole_dumped_at_once(portal):
    """api/policies.json is put together from each record's own text (so an incremental build can
    reuse a record's file): it must be exactly what dumping the whole would give."""
    whole = {"name": portal.site["site_name"], "as_of": portal.as_of.isoformat(),
             "count": len(portal.policies), "policies": [policy_record(portal, p) for p in portal.policies]}
    assert policies_json(portal) == json.dumps(whole, ensure_ascii=False, indent=1)
    empty = dataclasses.replace(portal, policies=())
    assert policies_json(empty) == json.dumps({**whole, "count": 0, "policies": []}, ensure_ascii=False, indent=1)


def test_catalog_json_is_the_whole_dumped_at_once(portal):
    """api/catalog.json is put together from each record's entry (an incremental build reuses the
    entries of the records that did not change): exactly what dumping the whole would give."""
    whole = json.loads(catalog_json(portal))
    assert whole["policies"] == [catalog_row(portal, p) for p in portal.policies]
    assert catalog_json(portal) == json.dumps(whole, ensure_ascii=False, separators=(",", ":"))
    empty = dataclasses.replace(portal, policies=())
    assert catalog_json(empty) == json.dumps({**whole, "policies": []}, ensure_ascii=False, separators=(",", ":"))


def test_policies_csv_is_one_writer_over_every_row(portal):
    """api/policies.csv is the header and each record's line, as one csv.writer over them all gives."""
    rows = list(csv.reader(io.StringIO(policies_csv(portal).removeprefix("\ufeff"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert policies_csv(portal) == "\ufeff" + out.getvalue()
    assert len(rows) == len(portal.policies) + 1
    assert "".join(csv_row(portal, p) for p in portal.policies) == policies_csv(portal).split("\r\n", 1)[1]
