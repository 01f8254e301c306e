"""The record form's 提交 step in Debian's Chromium (zh-CN), served with deploy/nginx.conf's
Content-Security-Policy: it tells a clerk without a forge account to download the file and send it to
the maintainers through the department's usual channel (data/site.yml handin_channel, shown as
待主办单位提供 while it is null), and the downloaded file is what `make accept` takes in; in a build with
forge_url (and a channel) set, the step names the channel and offers the prefilled forge link."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import CONTENT_PARTS, build, cli_in_process, commit_all, copy_project
from harness.browser import wait_until
from test_record_form import FORGE, FORM, fill_new_record, form, form_url, open_form, served, wait_for_output  # noqa: F401  (module fixtures)

pytestmark = pytest.mark.browser

NOT_GIVEN = "待主办单位提供"  # an explicit null of data/site.yml, as the footer shows it too
CHANNEL = "测试用虚构渠道：经测试内网发给测试维护组"  # synthetic, in a test build only
RECORD_ID = "kejing-ceshi-tijiao"


def step(page):
    return page.locator("#portal-record-handin")


def test_the_submit_step_says_to_download_and_send_the_file_and_make_accept_takes_it(form, tmp_path, monkeypatch):  # noqa: F811
    handin = step(form)
    handin.scroll_into_view_if_needed()
    assert handin.is_visible()
    assert handin.get_by_role("heading", level=2).inner_text() == "提交"
    # the form ends with it
    assert form.evaluate("document.querySelector('#portal-record-form > section:last-of-type').id") == "portal-record-handin"
    items = handin.locator("ol > li").all_inner_texts()
    assert len(items) == 2
    assert items[0].startswith("下载文件。") and "“下载文件”" in items[0]
    assert items[1].startswith("发给维护人员。") and "本部门报送材料的惯常渠道" in items[1]
    assert handin.locator("#portal-record-handin-channel").inner_text() == NOT_GIVEN
    assert items[1].endswith(f"本门户接收政策文件的渠道：{NOT_GIVEN}。")
    assert form.locator("#portal-record-forge-step").is_hidden() and form.locator("#portal-record-forge").is_hidden()

    fill_new_record(form, RECORD_ID)
    wait_until(form, "document.getElementById('portal-record-problems').dataset.count === '0'")
    with form.expect_download() as download:
        form.locator("#portal-record-download").click()
    assert download.value.suggested_filename == f"{RECORD_ID}.md"
    assert form.locator("#portal-record-action-status").inner_text() == (
        f"已下载 {RECORD_ID}.md；请按下面“提交”一步发给本门户维护人员。")
    sent = tmp_path / "下载" / download.value.suggested_filename
    download.value.save_as(sent)

    # the maintainer takes it in: checked, placed, committed on a new branch
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(name, "测试维护人员")
    for name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(name, "maintainer@example.invalid")
    repo = copy_project(tmp_path / "portal", CONTENT_PARTS)
    commit_all(repo, "测试用初始提交")
    accepted = cli_in_process(repo, "accept", str(sent))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    [branch] = subprocess.run(["git", "-C", str(repo), "branch", "--list", "accept/*", "--format=%(refname:short)"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert re.fullmatch(rf"accept/{RECORD_ID}-\d{{8}}", branch)
    committed = subprocess.run(["git", "-C", str(repo), "show", f"{branch}:docs/policies/kejing/{RECORD_ID}.md"],
                               capture_output=True, check=True).stdout
    assert committed == sent.read_bytes()


@pytest.fixture(scope="module")
def forge_form_url(tmp_path_factory):
    """The form of a build whose data/site.yml sets the forge's address and a hand-in channel."""
    project = copy_project(tmp_path_factory.mktemp("handin") / "project")
    site_yml = project / "data" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    text = re.sub(r"^forge_url: .*$", f"forge_url: {FORGE}", text, count=1, flags=re.M)
    text = re.sub(r"^handin_channel: .*$", f"handin_channel: {CHANNEL}", text, count=1, flags=re.M)
    site_yml.write_text(text, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.stderr
    with served(project / "site") as url:
        yield url + FORM


def test_with_a_forge_and_a_channel_the_step_names_the_channel_and_offers_the_prefilled_link(browser, forge_form_url):
    with open_form(browser, forge_form_url) as page:
        handin = step(page)
        assert handin.locator("#portal-record-handin-channel").inner_text() == CHANNEL
        fill_new_record(page, RECORD_ID)
        text = wait_for_output(page, RECORD_ID)
        link = handin.locator("#portal-record-forge")  # inside the 提交 step
        link.scroll_into_view_if_needed()
        assert page.locator("#portal-record-forge-step").is_visible() and link.is_visible()
        assert link.inner_text() == "在托管平台上新建这个文件（已填好内容）"
        href = urlsplit(link.get_attribute("href"))
        assert f"{href.scheme}://{href.netloc}{href.path}" == FORGE + "/new/main/docs/policies/kejing"
        assert parse_qs(href.query) == {"filename": [f"{RECORD_ID}.md"], "value": [text]}
