"""Command line for department clerks, maintainers and CI: ``python -m macros check|new|import|accept|schema|inspect``.

``check`` runs exactly the checks that run inside ``mkdocs build`` (load/portal.py ``collect_findings``).
Review flags (待复核, legal/review.py) are printed as warnings, ``path:line: 警告：…``; they never
change the exit code. Every line printed is worded by the project's message catalog (data/messages.yml
of ``--root``); the help texts are argparse's, written here (they are shown before ``--root`` is
read). No input ever produces a traceback: unexpected errors are reported as one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..core.messages import CatalogError, Messages, load_messages
from ..core.problems import ContentError, report, warning_line
from ..load.portal import collect_findings
from ..load.vocabularies import load_vocabularies
from ..model.records import POLICY_DIR
from .accept import AcceptRefused, accept
from .inspect import REPORT_DIR, inspect_site, summary, write_report
from .publish import PublishError, publish, rollback
from .scaffold import scaffold
from .schema import write_schema
from .vendor import MANIFEST, vendor
from .wordimport import ImportRefused, import_docx


def cmd_check(args: argparse.Namespace, messages: Messages) -> int:
    root = Path(args.root)
    files = [Path(f) for f in args.files] or None
    missing = [f for f in files or [] if not f.is_file()]
    if missing:
        print("\n".join(messages.text("check.file_missing", path=f) for f in missing), file=sys.stderr)
        return 1
    try:
        problems, warnings, notes = collect_findings(root, files)
    except ContentError as error:  # a broken vocabulary or site file
        problems, warnings, notes = error.problems, [], []
    passed = messages.text("check.passed")
    if args.format == "github":  # workflow commands: annotations on the pull request's lines
        for p in problems:
            print(f"::error file={p.path},line={p.line},title={p.field}::{p.message}")
        for w in warnings:
            print(f"::warning file={w.path},line={w.line},title=待复核::{w.message}")
        print(report(problems, messages) if problems else passed)
    elif args.format == "json":
        print(json.dumps({"count": len(problems), "problems": [p.as_dict() for p in problems],
                          "warnings": [w.as_dict() for w in warnings], "notes": notes}, ensure_ascii=False, indent=1))
    else:
        for note in notes:
            print(messages.text("report.note", note=note), file=sys.stderr)
        print(report(problems, messages) if problems else passed)
        for w in warnings:
            print(warning_line(w, messages))
        if warnings:
            print(messages.text("check.warnings", count=len(warnings)))
    return 1 if problems else 0


def cmd_new(args: argparse.Namespace, messages: Messages) -> int:
    root = Path(args.root)
    vocabularies = load_vocabularies(root)
    departments = "、".join(messages.text("new.department_choice", code=t.code, name=t.name)
                           for t in vocabularies["department"].terms)
    answers = {
        "department": args.department or ask(messages.text("new.ask_department", choices=departments), messages),
        "id": args.id or ask(messages.text("new.ask_id"), messages),
        "title": args.title or ask(messages.text("new.ask_title"), messages),
        "document_number": (args.document_number if args.document_number is not None
                            else ask(messages.text("new.ask_document_number"), messages, required=False)),
    }
    try:
        path = scaffold(root, answers, date.today(), messages)
    except ValueError as error:
        print(messages.text("new.refused", reason=error), file=sys.stderr)
        return 1
    print(messages.text("new.created", path=path.relative_to(root)))
    return 0


def ask(prompt: str, messages: Messages, required: bool = True) -> str:
    if not sys.stdin.isatty():
        raise SystemExit(messages.text("new.missing_argument", prompt=prompt))
    while True:
        value = input(messages.text("new.prompt", prompt=prompt)).strip()
        if value or not required:
            return value


def cmd_schema(args: argparse.Namespace, messages: Messages) -> int:
    changed = write_schema(Path(args.root))
    print(messages.text("schema.updated" if changed else "schema.unchanged"))
    return 0


def cmd_import(args: argparse.Namespace, messages: Messages) -> int:
    root = Path(args.root)
    try:
        path, draft = import_docx(root, Path(args.file), args.department, messages, args.id)
    except ImportRefused as refused:
        print(messages.text("import.refused", reason=refused), file=sys.stderr)
        return 1
    for warning in draft.warnings:
        print(messages.text("report.note", note=warning), file=sys.stderr)
    found = (messages.text("import.found", fields="、".join(draft.guesses)) if draft.guesses
             else messages.text("import.found_nothing"))
    print(messages.text("import.written", path=path.relative_to(root), found=found))
    return 0


def cmd_accept(args: argparse.Namespace, messages: Messages) -> int:
    """A record file a department sent: checked, placed and committed on a new branch (clerk/accept.py)."""
    try:
        outcome = accept(Path(args.root), Path(args.file), messages, update=args.update, note=args.note,
                         department=args.department, base=args.base)
    except AcceptRefused as refused:
        print(messages.text("accept.not_accepted", reason=refused), file=sys.stderr)
        return 1
    for note in outcome.notes:
        print(messages.text("report.note", note=note), file=sys.stderr)
    if outcome.problems:
        print(messages.text("accept.broken", path=outcome.given))
        print(report(outcome.problems, messages))
        return 1
    for w in outcome.warnings:
        print(warning_line(w, messages))
    if outcome.diff:
        print("\n".join(outcome.diff))
    if outcome.unchanged:
        print(messages.text("accept.unchanged", path=outcome.target))
        return 0
    if not outcome.commit:  # an existing record, and no confirmation to replace it
        print(messages.text("accept.exists", path=outcome.target, file=outcome.given), file=sys.stderr)
        return 1
    if outcome.notes:
        print(messages.text("accept.normalised"))
    print(messages.text("accept.replaced" if outcome.existing else "accept.added", path=outcome.target,
                        commit=outcome.commit[:12], branch=outcome.branch, note=outcome.note,
                        department=outcome.department))
    print(messages.text("accept.next", branch=outcome.branch))
    return 0


def cmd_vendor(args: argparse.Namespace, messages: Messages) -> int:
    written = vendor(Path(args.root))
    print(messages.text("vendor.copied", count=len(written), manifest=MANIFEST))
    return 0


def cmd_publish(args: argparse.Namespace, messages: Messages) -> int:
    dest = Path(args.dest).absolute()
    try:
        release = rollback(dest, messages) if args.command == "rollback" else publish(Path(args.root), dest, messages,
                                                                                      args.url)
    except PublishError as error:
        print(error, file=sys.stderr)
        return 1
    print(messages.text("publish.rolled_back" if args.command == "rollback" else "publish.published",
                        release=release, dest=dest))
    return 0


def cmd_inspect(args: argparse.Namespace, messages: Messages) -> int:
    """The self-inspection of a built site (clerk/inspect.py): the report written into it, a summary
    printed; exit 1 when a veto indicator or the portal's own requirement fails."""
    site = Path(args.site).absolute()
    if not (site / "index.html").is_file():
        print(messages.text("inspect.site_missing", site=site), file=sys.stderr)
        return 1
    report = inspect_site(Path(args.root), site)
    page = write_report(report, site)
    print("\n".join(summary(report, messages)))
    print(messages.text("inspect.written", page=page, json=page.parent / "report.json"))
    return 1 if report.blocking else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m macros", description="石首市惠企政策门户：检查和新建政策文件")
    main.add_argument("--root", default=".", help="项目根目录（mkdocs.yml 所在的文件夹；默认：当前文件夹）")
    sub = main.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查政策文件（不写文件名则检查全部）")
    check.add_argument("files", nargs="*",
                       help=f"要检查的文件，例如 docs/{POLICY_DIR}/kejing/kejing-guishang-jiangli.md")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="输出格式：text（给人看）、json（给程序用）或 github（合并请求上的逐行标注）")
    check.set_defaults(run=cmd_check)
    new = sub.add_parser("new", help="新建一条政策文件（按模板）")
    new.add_argument("--department", help="部门代码，见 data/departments.yml")
    new.add_argument("--id", help="政策编号（同时是文件名）")
    new.add_argument("--title", help="政策标题")
    new.add_argument("--document-number", help="文号，例如 石政发〔2021〕2号")
    new.set_defaults(run=cmd_new)
    for name, text in (("publish", "构建、检查，然后原子地替换已发布的网站（保留旧版本）"),
                       ("rollback", "把已发布的网站切回上一个版本")):
        command = sub.add_parser(name, help=text)
        command.add_argument("--dest", required=True, help="网站发布路径（nginx 的 root，是一个符号链接）")
        if name == "publish":
            command.add_argument("--url", help="网站的公开网址，以“/”结尾，例如 https://<政府门户域名>/hqzc/"
                                               "（作为政府门户的专栏）；不写则用环境变量 SITE_URL")
        command.set_defaults(run=cmd_publish)
    schema = sub.add_parser("schema", help="按 data/*.yml 词表更新 data/policy.schema.json 中的可选值")
    schema.set_defaults(run=cmd_schema)
    word = sub.add_parser("import", help="把 Word 文件（.docx）转成政策文件草稿，放进本部门文件夹")
    word.add_argument("file", help="Word 文件（.docx）")
    word.add_argument("--department", required=True, help="部门代码，见 data/departments.yml")
    word.add_argument("--id", help="政策编号（同时是文件名）；不写则按部门和文号生成")
    word.set_defaults(run=cmd_import)
    taken = sub.add_parser("accept", help="（维护人员）接收部门发来的政策文件：检查，放到规定位置，在新分支上提交")
    taken.add_argument("file", help="部门发来的政策文件（.md），例如 下载/kejing-guishang-jiangli.md")
    taken.add_argument("--update", action="store_true",
                       help="确认替换已有的同一条政策（先不加：命令会列出改动，核对后再加）")
    taken.add_argument("--note", help="修订说明：这次改了什么（写进政策页面的修订记录）；不写则为“收录本条”或改动的项目")
    taken.add_argument("--department", help="修订部门：发来文件的部门代码；不写则为政策所属的部门")
    taken.add_argument("--base", default="HEAD", help="新分支从哪个提交开始（默认：当前的 HEAD）")
    taken.set_defaults(run=cmd_accept)
    inspection = sub.add_parser("inspect", help="（维护人员）按国家政府网站检查指标自查构建好的网站，"
                                "报告写进网站的 " + REPORT_DIR + "/ 文件夹；有单项否决项时退出码为 1")
    inspection.add_argument("--site", default="site", help="构建好的网站文件夹（默认：site）")
    inspection.set_defaults(run=cmd_inspect)
    vendor = sub.add_parser("vendor",
                            help="（维护人员）把 npm 安装的浏览器库复制到 overrides/assets/vendor/ 并记录校验值")
    vendor.set_defaults(run=cmd_vendor)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except CatalogError as error:  # data/messages.yml itself (or a text it lacks): worded by core/messages.py
        print(error, file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    """The command, with every message from the project's catalog (data/messages.yml of --root)."""
    messages = load_messages(Path(args.root))
    try:
        return args.run(args, messages)
    except (KeyboardInterrupt, EOFError):
        print("\n" + messages.text("cli.cancelled"), file=sys.stderr)
        return 130
    except (SystemExit, CatalogError):
        raise
    except ContentError as error:  # a broken data file (data/*.yml, policy.schema.json, texts)
        print(report(error.problems, messages), file=sys.stderr)
        return 1
    except Exception as error:  # never a traceback for a clerk
        print(messages.text("cli.crashed", kind=type(error).__name__, error=error), file=sys.stderr)
        return 2
