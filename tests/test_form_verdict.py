"""One verdict: the record form and `python -m macros check` find the same problems in every file.

The form's checks (lib/checks.js with ajv's code compiled from the contract, run in node on each file
as the form reads an opened one, tests/js/check-files.mjs) and the command line are run on the same
files, and each must report the same set of problems: the same field with the same catalog key, and
the same text (the command line's own difflib hint aside, tests/test_js.py). The files are

- the golden broken records (tests/fixtures/broken/);
- mutations of every real record: each required field dropped or left empty, each field of the wrong
  type, every date written the ways clerks write dates (2023年5月1日, 2023/5/1, 2022-02-30, 0351-05-01,
  a number), and the mistakes the cross-field rules are for (an article without its reason, a reason
  that is not the record's words, 12345 for a phone, `amount.value: 最高50`, a one-off payout without
  its outcome, an issuer that is not the document's, an id another record has, a template's braces);
- records generated at random from the contract (a fixed seed: the same records on every run).

A file the form does not open (it cannot be read as the command line reads it) must be one the
command line refuses to read too. Fast tier: node, no browser.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, cli_in_process
from golden import add_broken
from jsnode import form_checks, with_records
from macros.core.messages import PLACEHOLDER, load_messages
from macros.load.portal import load_portal, policy_files
from macros.site.recordform import form_config

SCHEMA_PATH = ROOT / "data" / "policy.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DIFFLIB = re.compile(r"；您是不是要填写“[^”]*”？")  # data/messages.yml did_you_mean: the command line's own
# what the command line says of a file it cannot read (the form does not open such a file)
READING = re.compile(r"^(yaml|file)\.|^record\.(no_front_matter|front_matter_|too_large|reserved_name)")
DATES = ("2023年5月1日", "2023/5/1", "2022-02-30", "0351-05-01", "2230-12-31", 20230501, "不详")
SEED = 23


@pytest.fixture(scope="module")
def config():
    return form_config(load_portal(ROOT), {})


@pytest.fixture(scope="module")
def texts(config):
    return config["messages"]["texts"]


def template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{[a-z_]+\})", template)
    return re.compile("".join(".*?" if PLACEHOLDER.fullmatch(p) else re.escape(p) for p in parts), re.DOTALL)


def keys_of(message: str, patterns: dict[str, re.Pattern]) -> list[str]:
    """The catalog keys whose template the command line's message is a filling of."""
    return sorted(key for key, pattern in patterns.items() if pattern.fullmatch(message))


def disagreements(project: Path, files: list[Path], config: dict, seen: Counter | None = None) -> dict[str, list[str]]:
    """Per file: what only one side says (empty when the form and the command line agree); ``seen``
    counts the catalog keys of the problems both found."""
    patterns = {key: template_pattern(text) for key, text in load_messages(project).texts.items()}
    paths = {f"docs/policies/{f.parent.name}/{f.name}": f for f in files}
    result = cli_in_process(project, "check", "--format", "json", *map(str, files))
    assert "Traceback" not in result.stderr, result.stderr
    cli: dict[str, list[tuple[str, str]]] = {path: [] for path in paths}
    for problem in json.loads(result.stdout)["problems"]:
        if problem["path"] in cli:
            cli[problem["path"]].append((problem["field"], problem["message"]))
    checked = form_checks(SCHEMA_PATH, with_records(config, project),
                          [(path, f.read_bytes().decode("utf-8", "replace")) for path, f in paths.items()])
    found: dict[str, list[str]] = {}
    for form in checked:
        path, left, lines = form["path"], list(cli[form["path"]]), []
        if not form["opened"]:
            reading = {key: pattern for key, pattern in patterns.items() if READING.match(key)}
            if not any(keys_of(message, reading) for _, message in left):
                lines.append("the form does not open a file the command line reads: "
                             + "; ".join(f"{f}: {m}" for f, m in left))
            if lines:
                found[path] = lines
            continue
        for problem in form["problems"]:
            match = next(((f, m) for f, m in left if f == problem["field"]
                          and (m == problem["message"] or DIFFLIB.sub("", m) == problem["message"])
                          and patterns[problem["key"]].fullmatch(m)), None)
            if match is None:
                lines.append(f"form only: {problem['field']}: {problem['key']}: {problem['message']}")
            else:
                left.remove(match)
                if seen is not None:
                    seen[problem["key"]] += 1
        lines += [f"command line only: {f}: {m}" for f, m in left]
        if lines:
            found[path] = lines
    return found


# -- writing record files -----------------------------------------------------------------------------

def split(path: Path) -> tuple[dict, str]:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    return yaml.safe_load(head.removeprefix("---\n")), body


def record_text(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return "---\n" + front + "---\n" + body


def write(project: Path, folder: str, name: str, meta: dict, body: str) -> Path:
    target = project / "docs" / "policies" / folder / f"{name}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(record_text(meta, body), encoding="utf-8")
    return target


def wrong_type(prop: dict):
    """A value of another type than the contract's for the field."""
    return {"string": ["一项"], "array": "一段文字", "object": "一段文字", "number": "最高50"}[prop.get("type", "string")]


def dated(meta: dict, field: str, value) -> None:
    group, _, name = field.rpartition(".")
    holder = meta.setdefault(group, {}) if group else meta
    if isinstance(holder, dict):
        holder[name] = value


def date_fields(schema: dict, prefix: str = "") -> list[str]:
    found = []
    for name, prop in schema["properties"].items():
        if prop.get("format") == "date":
            found.append(prefix + name)
        elif prop.get("type") == "object":
            found += date_fields(prop, f"{prefix}{name}.")
    return found


def mutations(meta: dict, body: str, config: dict) -> list[tuple[str, dict, str]]:
    """(what, metadata, body) of the mistakes made with one record."""
    out: list[tuple[str, dict, str]] = []

    def changed(what: str, change, new_body: str | None = None) -> None:
        mutated = copy.deepcopy(meta)
        change(mutated)
        out.append((what, mutated, body if new_body is None else new_body))

    for name in SCHEMA["required"]:
        changed(f"drop {name}", lambda m, n=name: m.pop(n, None))
        changed(f"empty {name}", lambda m, n=name: m.__setitem__(n, None))
    for name, prop in SCHEMA["properties"].items():
        changed(f"wrong type {name}", lambda m, n=name, p=prop: m.__setitem__(n, wrong_type(p)))
    for field in date_fields(SCHEMA):
        for value in DATES:
            changed(f"date {field} {value}", lambda m, f=field, v=value: dated(m, f, v))
    titles = [title for title in config["checks"]["issuers"]]
    changed("amount.value 最高50", lambda m: m.__setitem__("amount", {**(m.get("amount") or {"text": "最高50万元"}),
                                                                       "value": "最高50"}))
    for phone in ("12345", 7299630, "0716 123", "13912345678", 13912345678):
        changed(f"phone {phone}", lambda m, p=phone: m.__setitem__("contact", {**(m.get("contact") or {}), "phone": p}))
    changed("an article without its reason", lambda m: m.__setitem__("legal_basis", [*(m.get("legal_basis") or []),
                                                                                     "sme-law#第八条"]))
    changed("a reason for no article", lambda m: m.__setitem__("legal_basis_reasons", [
        *(m.get("legal_basis_reasons") or []), {"article": "sme-law#第九十条", "because": "这句话记录里没有"}]))
    changed("no legal basis, a reason", lambda m: (m.pop("legal_basis", None), m.__setitem__(
        "legal_basis_reasons", [{"article": "sme-law#第八条", "because": m["title"] if isinstance(m.get("title"), str) else "无"}])))
    changed("a one-off payout without its outcome", lambda m: m.__setitem__("delivered", 2019))
    changed("a payout year that is no year", lambda m: m.__setitem__("delivered", 22))
    changed("outcomes", lambda m: m.__setitem__("outcomes", [
        {"year": 22, "what": "兑现", "source": "report-2022-sme", "passage": "没有这样一句话", "amount": 5},
        {"year": 2022, "what": "兑现", "source": "report-2022", "passage": "x", "enterprises_unit": "户"}]))
    changed("the issuer of another document", lambda m: m.update(document_title=titles[0], issuer="石首市测试局"))
    changed("superseded by no record", lambda m: m.__setitem__("superseded_by", "kejing-no-such-record"))
    changed("an unknown field and a template field", lambda m: m.update(sumary="摘要", render_macros=True))
    changed("a template's braces", lambda m: m.update(summary="写了 {{ 模板 }}", title="测试{%标题"))
    changed("a title's characters", lambda m: m.__setitem__("title", "测试<用>标题{x}"))
    changed("codes and names", lambda m: m.update(delivery="免申即享", categories=["jiangbu", "jiangbu", "jiangi"]))
    changed("a document number", lambda m: m.__setitem__("document_number", "石政发[2021]2号"))
    changed("an empty body", lambda m: None, "　\n\n")
    return out


def test_the_form_and_check_agree_on_the_golden_broken_records(project_copy, config):
    files = add_broken(project_copy)
    assert disagreements(project_copy, files, config) == {}


@pytest.mark.slow  # thousands of files through node and check: the full suite; the fast tier keeps the golden ones
def test_the_form_and_check_agree_on_mutations_of_every_record(project_copy, config):
    files, kinds = [], Counter()
    for path in policy_files(ROOT / "docs"):
        meta, body = split(path)
        for number, (what, mutated, new_body) in enumerate(mutations(meta, body, config)):
            record_id = f"{meta['id']}-m{number}"
            if "id" in mutated and mutated["id"] == meta["id"]:
                mutated["id"] = record_id
            files.append(write(project_copy, path.parent.name, record_id, mutated, new_body))
            kinds[what] += 1
        # the same record filed twice: two files, one id
        files.append(write(project_copy, path.parent.name, f"{meta['id']}-copy", meta, body))
    assert len(files) > 1000 and len(kinds) > 100
    seen: Counter = Counter()
    found = disagreements(project_copy, files, config, seen)
    assert found == {}, f"{len(found)} files: " + json.dumps(dict(list(found.items())[:15]), ensure_ascii=False, indent=1)
    assert len(seen) >= 25, sorted(seen)  # the mutations reach most of the checks


# -- generated records ----------------------------------------------------------------------------------

def generated_value(rng: random.Random, name: str, prop: dict, config: dict, depth: int = 0):
    """A value for a field: mostly a fitting one (its example, a code, a date), sometimes a mistake."""
    vocabulary = config["vocabularies"].get(name) if depth == 0 else None
    kind = prop.get("type", "string")
    roll = rng.random()
    if roll < 0.08:
        return wrong_type(prop)
    if roll < 0.12:
        return rng.choice([None, "", "{{ x }}", 0, True])
    if vocabulary:
        codes = [t["code"] for t in vocabulary["terms"]]
        picked = rng.sample(codes, k=min(len(codes), rng.randint(1, 2))) + ([rng.choice(["名", "nosuch"])] if roll > 0.95 else [])
        return picked if kind == "array" else picked[0]
    if prop.get("format") == "date":
        return rng.choice(["2021-03-01", "2022-07-01", "2024-02-29", "2027-05-24", *DATES])
    if kind == "object":
        return {sub: generated_value(rng, sub, p, config, depth + 1) for sub, p in prop["properties"].items()
                if sub in prop.get("required", []) or rng.random() < 0.6}
    if kind == "array":
        items = prop.get("items", {})
        if name == "legal_basis":
            return rng.sample([f"sme-law#第{n}条" for n in ("八", "十", "十一", "九十九")], k=rng.randint(1, 2))
        return [generated_value(rng, name, items, config, depth + 1) for _ in range(rng.randint(0, 2))]
    if kind == "number":
        return rng.choice([5, 2022, 6597.5, -1, 1948])
    examples = prop.get("examples") or ["测试用虚构文字"]
    if name == "because":
        return rng.choice(["测试用虚构记录", "来源里没有的一句话"])
    if name == "article":
        return rng.choice(["sme-law#第八条", "sme-law#第十条"])
    return rng.choice([str(examples[0]), "测试用虚构文字", "x" * rng.choice([1, 300])])


def generated_record(rng: random.Random, number: int, config: dict) -> tuple[str, str, dict, str]:
    meta = {}
    for name, prop in SCHEMA["properties"].items():
        if rng.random() < (0.85 if name in SCHEMA["required"] else 0.35):
            meta[name] = generated_value(rng, name, prop, config)
    record_id = f"gen-{number}"
    if rng.random() < 0.9:
        meta["id"] = record_id
    meta.setdefault("title", "测试用虚构记录")
    folder = meta.get("department") if isinstance(meta.get("department"), str) and \
        re.fullmatch(r"[a-z-]+", meta["department"]) else "kejing"
    body = rng.choice(["\n## 这是什么\n\n测试用虚构记录。\n", "\n", "\n测试用虚构记录，只用于检查。\n"])
    return folder, record_id, meta, body


@pytest.mark.slow  # thousands of files through node and check: the full suite; the fast tier keeps the golden ones
def test_the_form_and_check_agree_on_generated_records(project_copy, config):
    rng = random.Random(SEED)
    files = [write(project_copy, *generated_record(rng, number, config)) for number in range(800)]
    seen: Counter = Counter()
    found = disagreements(project_copy, files, config, seen)
    assert found == {}, f"{len(found)} files: " + json.dumps(dict(list(found.items())[:15]), ensure_ascii=False, indent=1)
    assert len(seen) >= 20 and sum(seen.values()) > len(files), sorted(seen)  # records with every kind of mistake


def test_the_comparison_sees_a_disagreement(project_copy, config):
    """The comparison itself can fail: a form that missed the phone rule would be caught."""
    meta, body = split(ROOT / "docs/policies/kejing/kejing-guishang-jiangli.md")
    meta.update(id="kejing-ceshi-dianhua", contact={"phone": "12345"})
    target = write(project_copy, "kejing", "kejing-ceshi-dianhua", meta, body)
    lenient = copy.deepcopy(config)
    lenient["messages"]["pattern_hints"] = {}  # the form's wording of the phone's pattern now differs
    assert disagreements(project_copy, [target], config) == {}
    found = disagreements(project_copy, [target], lenient)
    assert list(found) == ["docs/policies/kejing/kejing-ceshi-dianhua.md"]
    assert [line.split(":")[0] for line in found["docs/policies/kejing/kejing-ceshi-dianhua.md"]] == \
        ["form only", "command line only"]
