"""The portal's JavaScript without a browser (fast tier): its unit tests (``node --test tests/js/``)
and, for each rule the build states once and both Python and the browser evaluate, the two run on
the same input and compared:

- the status table (model/status.py STATUS_RULES) by status_of and by lib/status.js;
- the record form's checks (lib/checks.js with ajv's code compiled from the contract) against
  ``python -m macros check`` on the golden broken records, on variants of a real record and on every
  real record: the same fields flagged, with the same catalog key and the same text, except the
  command line's own difflib hint (您是不是要填写“…”？ for a mistyped code, field or law);
- the small rules both languages state: filling a message, an empty value, an empty body, China's day;
- the matcher (lib/matching.js, the one implementation) on api/catalog.json, against provisions
  written by hand (tests/test_browser_finder.py PROFILES), and the search's normaliser on the built
  manifest;
and the asset pipeline: modules served content-named, imports pointed at the served names, preloaded.
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, cli_in_process
from golden import add_broken
from jsnode import JS, VALIDATOR, call, form_checks, node, run_json, with_records
from macros.clerk.vendor import COMPILER, MANIFEST, VENDOR_DIR, compile_schema, sha256
from macros.core.clock import CHINA, UTC_OFFSET_HOURS
from macros.core.frontmatter import read_file
from macros.core.messages import PLACEHOLDER, fill, load_messages
from macros.load.checks import without_empty
from macros.load.portal import load_portal, policy_files
from macros.model.rules import browser_rules
from macros.model.status import status_of
from macros.site.assets import ScriptAssets
from macros.site.recordform import form_config
from test_browser_finder import PROFILES

SCHEMA = ROOT / "data" / "policy.schema.json"
RECORD = ROOT / "docs" / "policies" / "kejing" / "kejing-guishang-jiangli.md"
# The catalog keys the form's checks word (lib/checks.js); the command line's other problems (the
# file's reading: YAML, encoding, where the file is) are about files the form writes itself.
FORM_KEYS = ("required_empty", "required_missing", "not_in_vocabulary", "not_a_choice", "date_not_a_date", "date_impossible",
             "date_out_of_range", "date_loose", "date_order", "pattern", "length", "min_items", "unique_items",
             "type_wrong", "unknown_field", "template_field_refused", "id_filename", "department_folder",
             "law_unknown", "article_unknown", "legal_reason_missing", "legal_reason_stray", "legal_reason_no_basis",
             "legal_reason_not_found", "title_characters", "body_empty", "record.duplicate_id",
             "record.superseded_by_unknown", "record.issuer_mismatch", "record.outcome_year",
             "record.outcome_unit_missing", "record.outcome_source_unknown", "record.outcome_passage_not_found",
             "record.delivered_without_outcome")
# where the command line may add difflib's hint
DIFFLIB_HINTED = ("not_in_vocabulary", "not_a_choice", "unknown_field", "law_unknown", "record.superseded_by_unknown",
                  "record.outcome_source_unknown")


def test_the_javascript_unit_tests_pass():
    result = node("--test", str(JS))
    assert result.returncode == 0, result.stdout + result.stderr


# -- the status table ------------------------------------------------------------------------------

def boundary_cases() -> list[tuple]:
    """(as of, effective, expires, repealed, one-off payout's year) around every row of the table."""
    effective, expires, repealed = date(2026, 3, 1), date(2026, 9, 30), date(2026, 8, 1)
    one = timedelta(days=1)
    cases = []
    for as_of in (effective - one, effective, effective + one, expires - timedelta(days=31),
                  expires - timedelta(days=30), expires - one, expires, expires + one):
        cases += [(as_of, effective, expires, None, None), (as_of, None, expires, None, None),
                  (as_of, effective, None, None, None), (as_of, effective, expires, None, 2022),
                  (as_of, None, None, None, 2022)]
    for as_of in (repealed - one, repealed, repealed + one):
        cases += [(as_of, effective, expires, repealed, None), (as_of, None, None, repealed, None),
                  (as_of, None, None, repealed, 2022)]
    return cases


def test_python_and_javascript_status_agree_at_the_boundaries():
    table = json.loads(json.dumps(browser_rules()))["status"]["table"]  # as the build ships it
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    cases = boundary_cases()
    calls = [("statusOf", [table, iso(as_of), {"effective": iso(e), "expires": iso(x), "repealed": iso(r), "delivered": d}])
             for as_of, e, x, r, d in cases]
    # a badge passes its data-* attributes (text; absent when not filled in), a catalog row its values
    calls += [("statusOf", [table, iso(as_of), {k: v for k, v in (("effective", iso(e)), ("expires", iso(x)),
                                                                   ("repealed", iso(r)), ("delivered", d and str(d)))
                                                 if v}]) for as_of, e, x, r, d in cases]
    found = call("status.js", calls)
    expected = [status_of(*case) for case in cases] * 2
    assert [(case, js, py) for case, js, py in zip(cases * 2, found, expected, strict=True) if js != py] == []
    assert set(expected) == {row["status"] for row in table}  # every row is reached


def test_the_day_in_china_is_the_same_on_both_sides():
    moments = [datetime(2026, 12, 31, 15, 59, tzinfo=UTC), datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
               datetime(2027, 1, 1, 0, 30, tzinfo=CHINA), datetime(2024, 2, 28, 16, 0, tzinfo=UTC)]
    found = call("status.js", [("dayAt", [m.timestamp() * 1000, UTC_OFFSET_HOURS]) for m in moments])
    assert found == [m.astimezone(CHINA).date().isoformat() for m in moments]


# -- small rules in both languages ---------------------------------------------------------------------

def test_messages_are_filled_in_the_same_way():
    messages = load_messages(ROOT)
    cases = [(template, {"value": "甲", "description": "说明", "hint": "", "example": "；例如：x: 1", "year": 2021,
                         "limit": 4, "size": 2, "bound": "至少"})
             for template in messages.texts.values()]
    cases += [("{missing} {Upper} {a-b} {} {value}{value}", {"value": 5}), ("{toString}{__proto__}", {})]
    found = call("messages.js", [("fill", [template, values]) for template, values in cases])
    assert found == [fill(template, values) for template, values in cases]
    assert PLACEHOLDER.pattern == r"\{([a-z_]+)\}"  # lib/messages.js writes the same pattern


def test_an_empty_value_counts_as_not_filled_in_on_both_sides():
    values = [{"a": None, "b": "", "c": [None, "", "x", {"d": "", "e": [""]}], "f": 0, "g": False, "h": {}, "i": []},
              [None, "", [None], {"a": None}], "", None, 0, "文字"]
    assert call("checks.js", [("withoutEmpty", [v]) for v in values]) == [without_empty(v) for v in values]


def test_an_empty_body_is_the_same_on_both_sides():
    bodies = [chr(c) for c in range(0x3100) if chr(c).isspace()] + ["\ufeff", "\u200b", "\x00", "a", "", " \u3000\n"]
    blank = [not body.strip() for body in bodies]
    assert call("checks.js", [("isBlank", [body]) for body in bodies]) == blank


# -- the record form's checks and `python -m macros check` ---------------------------------------------

@pytest.fixture(scope="module")
def config():
    return form_config(load_portal(ROOT), {})


def template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{[a-z_]+\})", template)
    return re.compile("".join(".*?" if PLACEHOLDER.fullmatch(p) else re.escape(p) for p in parts), re.DOTALL)


def cli_report(project, files) -> dict[str, list[tuple[str, str]]]:
    result = cli_in_process(project, "check", "--format", "json", *map(str, files))
    report: dict[str, list[tuple[str, str]]] = {}
    for problem in json.loads(result.stdout)["problems"]:
        report.setdefault(problem["path"], []).append((problem["field"], problem["message"]))
    return report


def same_or_difflib(form: dict, cli_message: str, texts) -> bool:
    """The texts are equal, or the command line adds difflib's 您是不是要填写“…”？ where the form has no hint."""
    if form["message"] == cli_message:
        return True
    hint = template_pattern(texts["did_you_mean"])
    if form["key"] not in DIFFLIB_HINTED or hint.search(form["message"]):
        return False
    return any(cli_message[:m.start()] + cli_message[m.end():] == form["message"] for m in hint.finditer(cli_message))


def differences(project, files, config) -> dict[str, list[str]]:
    """Per file: what the form and the command line do not both say (empty when they agree)."""
    texts = config["messages"]["texts"]
    keys = {key: template_pattern(texts[key]) for key in FORM_KEYS}
    sources = {f"docs/policies/{f.parent.name}/{f.name}": read_file(project, f, load_messages(project)) for f in files}
    readable = {path: source for path, source in sources.items() if not source.problems}
    checked = form_checks(SCHEMA, with_records(config, project), [(path, source.text) for path, source in readable.items()])
    report = cli_report(project, files)
    found: dict[str, list[str]] = {}
    for result in checked:
        path = result["path"]
        left = list(report.get(path, []))
        problems = []
        if not result["opened"]:
            problems.append("the form does not open a file the command line reads")
        for form in result["problems"]:
            match = next(((f, m) for f, m in left if f == form["field"] and same_or_difflib(form, m, texts)), None)
            if match is None or not keys[form["key"]].fullmatch(match[1]):
                problems.append(f"form only: {form['field']}: {form['key']}: {form['message']}")
            else:
                left.remove(match)
        problems += [f"command line only: {f}: {m}" for f, m in left if any(p.fullmatch(m) for p in keys.values())]
        if problems:
            found[path] = problems
    return found


def test_the_form_words_the_golden_broken_records_as_the_command_line(project_copy, config):
    files = add_broken(project_copy)
    assert differences(project_copy, files, config) == {}
    # What the command line cannot read (tabs, duplicate keys, no front matter...) the form does not
    # open either: a YAML tag, an anchor or a merge key included (lib/recordfile.js refusedYaml).
    unread = [f for f in files if read_file(project_copy, f, load_messages(project_copy)).problems]
    checked = form_checks(SCHEMA, config, [(f.name, f.read_text(encoding="utf-8")) for f in unread])
    assert len(files) - len(unread) >= 10
    assert [r["path"] for r in checked if r["opened"]] == []


VARIANTS = {  # name -> (front-matter lines: field -> its new line(s), added if absent, None to drop it; body)
    "dates": ({"effective": 'effective: "２０２２-０７-０１"', "expires": "expires: 2022/2/29"}, None),
    "leap-years": ({"effective": 'effective: "2024-02-29"', "expires": 'expires: "2100-02-29"'}, None),
    "year-zero": ({"effective": 'effective: "0000-01-01"', "expires": 'expires: " 2023 年 7 月 1 日 "'}, None),
    "not-dates": ({"effective": "effective: 20220701", "expires": 'expires: "2022-07-01x"'}, None),
    "month-thirteen": ({"effective": 'effective: "2022年13月1日"'}, None),
    "reversed-review": ({"review_due": 'review_due: "2020-01-01"'}, None),
    "number-for-text": ({"title": "title: 20221231"}, None),
    "title-characters": ({"title": "title: 测试<用>标题{x}"}, None),
    "unknown-fields": ({"delivery": "delivery: weishuoming\n联系电话: 0716-1234567\nsumary: 测试"}, None),
    "template-field": ({"delivery": "delivery: weishuoming\ntemplate: main.html"}, None),
    "wrong-codes": ({"delivery": "delivery: 来源未说明", "categories": "categories: [jiangbu, jiangbu, fuwuu]"}, None),
    "missing-and-empty": ({"summary": None, "issuer": "issuer:"}, None),
    "empty-body": ({}, "　\n\n"),
}


def variant(original: str, lines: dict[str, str | None], body: str | None) -> str:
    head, rest = original.split("\n---\n", 1)
    fields = {line.split(":", 1)[0] for line in head.split("\n") if not line.startswith(" ")}
    kept, replacing = [], False
    for line in head.split("\n"):
        if line.startswith(" ") and replacing:
            continue  # the replaced field's own lines (list items, sub-fields)
        name = line.split(":", 1)[0]
        replacing = name in lines
        if name == "last_reviewed":  # fields the record lacks go before it
            kept += [text for field, text in lines.items() if text is not None and field not in fields]
        if replacing:
            kept += [] if lines[name] is None else [lines[name]]
        else:
            kept.append(line)
    return "\n".join(kept) + "\n---\n" + (rest if body is None else body)


def test_the_form_words_variants_of_a_record_as_the_command_line(project_copy, config):
    original = RECORD.read_text(encoding="utf-8")
    files = []
    for name, (lines, body) in VARIANTS.items():
        record_id = f"kejing-variant-{name}"
        text = variant(original, lines, body).replace("id: kejing-guishang-jiangli", f"id: {record_id}", 1)
        target = project_copy / "docs" / "policies" / "kejing" / f"{record_id}.md"
        target.write_text(text, encoding="utf-8")
        files.append(target)
    report = cli_report(project_copy, files)
    assert all(report.get(f"docs/policies/kejing/{f.name}") for f in files)  # each variant is a mistake
    assert differences(project_copy, files, config) == {}


def test_the_form_finds_nothing_wrong_in_the_real_records(config):
    files = policy_files(ROOT / "docs")
    checked = form_checks(SCHEMA, config, [(f"docs/policies/{f.parent.name}/{f.name}", read_file(ROOT, f, load_messages(ROOT)).text)
                                           for f in files])
    assert len(checked) == len(files) > 0
    assert [r for r in checked if not r["opened"] or r["problems"]] == []
    assert differences(ROOT, files, config) == {}


def test_the_vendored_validator_is_the_contract_compiled(tmp_path):
    """assets/vendor/ajv/policy-validator.js is what `make vendor` compiles from data/policy.schema.json now."""
    assert COMPILER.is_file()
    fresh = tmp_path / "policy-validator.js"
    compile_schema(ROOT, "data/policy.schema.json", fresh)
    assert fresh.read_bytes() == VALIDATOR.read_bytes(), "data/policy.schema.json changed: run `make vendor`"
    manifest = json.loads((ROOT / MANIFEST).read_text(encoding="utf-8"))
    ajv = next(p for p in manifest["packages"] if p["name"] == "ajv")
    assert ajv["compile"] == {"policy-validator.js": "data/policy.schema.json"}
    assert ajv["sha256"]["ajv/policy-validator.js"] == sha256(ROOT / VENDOR_DIR / "ajv" / "policy-validator.js")
    assert "new Function" not in fresh.read_text(encoding="utf-8") and "require(" not in fresh.read_text(encoding="utf-8")


# -- the matcher and the search, on the built site ------------------------------------------------------

@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_matcher_offers_the_provisions_written_for_each_profile(built_site, name):
    answers, expected = PROFILES[name]
    catalog = json.loads((built_site / "api" / "catalog.json").read_text(encoding="utf-8"))
    profile = {"type": answers["type"], "size": answers["size"], "industry": answers.get("industry") or None,
               "flags": answers.get("flags", []), "needs": answers.get("needs", [])}
    [found] = call("matching.js", [("match", [catalog, profile, catalog["as_of"]])])
    assert {f["row"]["id"] for f in found} == expected


NORMALISER_CASES = [
    ("question and punctuation", "怎么申请留抵退税？", {"申请", "留抵退税"}, ["申请", "留抵退税"], ["怎么"]),
    ("function word", "企业的奖励", {"企业", "奖励"}, ["企业", "奖励"], ["的"]),
    ("ideographic space and full-width comma", "留抵退税\u3000小微企业，奖励", {"留抵退税", "小微企业", "奖励"},
     ["留抵退税", "小微企业", "奖励"], []),
    ("Chinese punctuation", "《规定》“奖励”、（补贴）；：！", {"规定", "奖励", "补贴"}, ["规定", "奖励", "补贴"], []),
    ("full-width letters and digits", "ＡＢＣ２０２２奖励", {"abc2022", "奖励"}, ["abc2022", "奖励"], []),
    ("a stop word inside an indexed term stays", "规模以上企业", {"规模以上", "企业"}, ["规模以上", "企业"], []),
    ("an indexed term is taken whole", "第三十二条", {"第三十二条", "三十", "十二"}, ["第三十二条"], []),
    ("fewest words", "研究开发费用", {"研究", "开发", "费用"}, ["研发|研究开发", "费用"], []),
    # (the build indexes a synonym wherever it occurs: an index with 研发费用 has 研发)
    ("a synonym inside a longer term counts on its own", "研发费用", {"研发费用", "研发", "费用"},
     ["研发|研究开发", "费用"], []),
    ("synonym either way", "研发 研究开发", set(), ["研发|研究开发"], []),
    ("one character", "税", set(), ["税"], []),
    ("one character beside known words is not required", "小微企业的税", {"小微企业"}, ["小微企业"], ["的", "税"]),
    ("characters glued to a stop word are split again", "我们厂能享受", {"享受"}, ["享受"], ["我们", "厂", "能"]),
    ("a word the index lacks is matched by its characters", "个税", set(), ["个+税"], []),
    ("characters beside a known word are matched together", "个税优惠", {"优惠"}, ["个+税", "优惠"], []),
    ("only function words", "有哪些吗", set(), [], ["有", "哪些", "吗"]),
]


def test_the_normaliser_reads_natural_queries(built_site):
    """lib/query.js interpret(), with the build's word pattern and a small vocabulary."""
    pattern = json.loads((built_site / "search-index" / "manifest.json").read_text(encoding="utf-8"))["word_pattern"]
    stop, synonyms = ["的", "和", "怎么", "有", "哪些", "以", "吗", "我们"], [["研发", "研究开发"]]
    manifest = {"stop_terms": stop, "synonyms": synonyms, "word_pattern": pattern, "max_term": 8}
    found = run_json(JS / "interpret.mjs", [[query, manifest, sorted(terms)] for _, query, terms, _, _ in NORMALISER_CASES])
    expected = [{"words": words, "dropped": dropped} for _, _, _, words, dropped in NORMALISER_CASES]
    assert dict(zip([c[0] for c in NORMALISER_CASES], found, strict=True)) == \
        dict(zip([c[0] for c in NORMALISER_CASES], expected, strict=True))



# -- the asset pipeline: modules served content-named, their imports pointed at the served names ---------

IMPORT = re.compile(r"""(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""")


def served_imports(site, path: str) -> list[str]:
    text = (site / path).read_text(encoding="utf-8")
    return [posixpath.normpath(posixpath.join(posixpath.dirname(path), m)) for m in IMPORT.findall(text)]


@pytest.mark.parametrize("page", ["index.html", "search/index.html", "catalog/index.html", "matcher/index.html",
                                  "guide/new/index.html", "policies/kejing/kejing-guishang-jiangli/index.html"])
def test_a_pages_modules_are_served_content_named_and_preloaded(built_site, page):
    soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "lxml")
    here = posixpath.dirname(page)
    local = lambda href: posixpath.normpath(posixpath.join(here, href))  # noqa: E731
    modules = [local(s["src"]) for s in soup.select("script[type=module][src]")]
    assert modules and all(re.fullmatch(r"assets/javascripts/[a-z-]+\.[0-9a-f]{8}\.min\.js", m) for m in modules)
    needed, queue = set(), list(modules)
    while queue:
        for imported in served_imports(built_site, queue.pop()):
            assert re.fullmatch(r"assets/javascripts/(lib/)?[a-z-]+\.[0-9a-f]{8}\.min\.js", imported), imported
            assert (built_site / imported).is_file(), imported
            if imported not in needed:
                needed.add(imported)
                queue.append(imported)
    preloaded = [local(link["href"]) for link in soup.select('link[rel="modulepreload"]')]
    assert sorted(preloaded) == sorted(needed) and len(preloaded) == len(set(preloaded))
    assert not soup.select("script[type=importmap]")


def write_modules(folder, modules: dict[str, str]):
    for name, text in modules.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def test_an_imported_modules_change_renames_its_importers(tmp_path):
    modules = {"page.js": 'import { a } from "./lib/a.js";\nexport const p = a;\n',
               "lib/a.js": 'import { b } from "./b.js";\nexport const a = b;\n', "lib/b.js": "export const b = 1;\n",
               "other.js": "export const o = 2;\n"}
    write_modules(tmp_path, modules)
    before = {a.source: a for a in ScriptAssets(tmp_path).all()}
    assert before["assets/js/page.js"].content.startswith(
        f'import{{a}}from"./{before["assets/js/lib/a.js"].path.removeprefix("assets/javascripts/")}"'.encode())
    assert before["assets/js/page.js"].imports == (before["assets/js/lib/a.js"].path, before["assets/js/lib/b.js"].path)
    write_modules(tmp_path, {"lib/b.js": "export const b = 3;\n"})
    after = {a.source: a for a in ScriptAssets(tmp_path).all()}
    changed = {source for source in before if before[source].path != after[source].path}
    assert changed == {"assets/js/page.js", "assets/js/lib/a.js", "assets/js/lib/b.js"}


@pytest.mark.parametrize("modules, message", [
    ({"a.js": 'import "./b.js";', "b.js": 'import "./a.js";'}, "modules import each other in a circle: a.js -> b.js -> a.js"),
    ({"a.js": 'import { x } from "./lib/missing.js";'}, "imports ./lib/missing.js, which is not a script"),
])
def test_a_broken_module_graph_is_refused_with_what_is_wrong(tmp_path, modules, message):
    write_modules(tmp_path, modules)
    with pytest.raises(ValueError, match=re.escape(message)):
        ScriptAssets(tmp_path).all()
