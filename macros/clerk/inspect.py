"""Self-inspection (`make inspect`) against the national check indicators for government websites
(国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》): what a static site can compute from its own
build and the repository before it is published.

Read from the built site (every HTML page, clerk/pages.py): internal links and anchors, external links
(listed, never fetched: a link checker runs them where the network allows), the columns (栏目: the
pages of the primary navigation) empty or not updated, the home page's last change, government
<meta> tags and the footer's marks. Dates are the pages' own ``本页内容最近更新`` (the newest commit of
the files a page is made from: site/changed.py), "today" is the build's as-of date (api/policies.json,
core/clock.py). Read from the repository: which pages are articles and the records past
``review_due`` (model/gaps.py ``past_review``).

Each indicator is a veto (单项否决, the national rule's threshold), a requirement of this portal (0
broken internal links) or a list of work to do. A failed veto or requirement stops `make inspect`
(exit 1) and `make publish` (clerk/publish.py). The report is written into the site as
``inspect/index.html`` (noindex, linked from no page, written after the build: in neither the sitemap
nor the search index) and ``inspect/report.json``.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..core.messages import Messages
from ..load.portal import load_portal
from ..model.gaps import past_review
from ..model.govmeta import ARTICLE_TAGS, EVERY_PAGE_TAGS
from ..model.portal import Portal
from .pages import PageFacts, read_page

REPORT_DIR = "inspect"  # in the built site: index.html and report.json (never inspected themselves)
TEMPLATE = "inspect.html"
RULE = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"
BROKEN_SHARE_VETO = 0.05  # 链接不可用率 ≥ 5 %
HOME_STALE_DAYS = 14  # 首页 2 周未更新
COLUMN_STALE_MONTHS = 6  # 栏目 6 个月未更新 …
STALE_COLUMNS_VETO = 5  # … 5 个以上
EMPTY_COLUMNS_VETO = 5  # 空白栏目 5 个以上
PLACEHOLDERS = ("待分配", "待主办单位提供")
# The footer's marks (overrides/partials/copyright.html): a label, and any of the texts that show it.
FOOTER_MARKS = (("主办单位", ("主办单位：",)), ("网站标识码", ("网站标识码：",)), ("ICP 备案", ("ICP备",)),
                ("公安备案", ("公网安备", "公安备案号：")))
VETO, REQUIRED, LISTED = "veto", "required", "listed"
KINDS = {VETO: "单项否决", REQUIRED: "本门户要求", LISTED: "待办清单"}
PASS, FAIL, UNKNOWN, NOT_APPLICABLE = "pass", "fail", "unknown", "not_applicable"
STATUSES = {PASS: "通过", FAIL: "不通过", UNKNOWN: "无法判定", NOT_APPLICABLE: "不适用", LISTED: "列出"}
FALLBACK_BASE = "http://portal.invalid/"  # a site whose home page names no canonical address


@dataclass(frozen=True)
class Finding:
    page: str  # the page's address in the site ("" is the home page), or a record's / a link's
    detail: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str  # VETO, REQUIRED or LISTED
    threshold: str
    value: str
    status: str  # PASS, FAIL, UNKNOWN, NOT_APPLICABLE or LISTED
    findings: tuple[Finding, ...] = ()
    note: str = ""

    @property
    def blocks(self) -> bool:
        return self.kind in (VETO, REQUIRED) and self.status == FAIL

    def as_dict(self) -> dict:
        return {**asdict(self), "kind_name": KINDS[self.kind], "status_name": STATUSES[self.status],
                "blocks": self.blocks}


@dataclass(frozen=True)
class Report:
    as_of: date
    pages: int
    links: int
    indicators: tuple[Indicator, ...]
    external: dict[str, tuple[str, ...]] = field(default_factory=dict)  # URL -> the pages linking to it
    site_name: str = ""  # the portal's own name (data/site.yml), in the report page's title

    @property
    def blocking(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.blocks)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def as_dict(self) -> dict:
        return {"rule": RULE, "as_of": self.as_of.isoformat(), "pages": self.pages, "links": self.links,
                "passed": not self.blocking, "blocking": [i.code for i in self.blocking],
                "indicators": [i.as_dict() for i in self.indicators],
                "external_links": [{"url": url, "pages": list(pages)} for url, pages in self.external.items()]}


# ---------------------------------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    folder: Path
    base: str  # the public address of the home page (its canonical link), ending in /
    pages: dict[str, PageFacts]  # page address ("" home, "laws/", "404.html") -> what it says


def page_address(relative: str) -> str:
    """A file of the site as the address it is served at: a/b/index.html -> a/b/, index.html -> ""."""
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def read_site(folder: Path) -> Site:
    pages = {}
    for file in sorted(folder.rglob("*.html")):
        relative = file.relative_to(folder).as_posix()
        if relative.split("/")[0] == REPORT_DIR:
            continue
        pages[page_address(relative)] = read_page(file.read_text(encoding="utf-8", errors="replace"))
    home = pages.get("")
    base = home.canonical if home and home.canonical else FALLBACK_BASE
    return Site(folder, base if base.endswith("/") else base + "/", pages)


def site_as_of(folder: Path, portal: Portal) -> date:
    """The build's as-of date, as the build wrote it into its open data; the portal's when it did not."""
    data = folder / "api" / "policies.json"
    try:
        return date.fromisoformat(json.loads(data.read_text(encoding="utf-8"))["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return portal.as_of


@dataclass(frozen=True)
class Target:
    external: str | None = None  # an address on another host
    address: str | None = None  # a page or file of this site
    fragment: str = ""
    outside: bool = False  # this host, but outside the site's path


def target_of(site: Site, page: str, link: str) -> Target | None:
    """Where a link of ``page`` leads; None for what is not a web address (tel:, mailto:, data:…)."""
    absolute = urljoin(site.base + page, link.strip())
    parts, base = urlsplit(absolute), urlsplit(site.base)
    if parts.scheme not in ("http", "https"):
        return None
    if parts.netloc != base.netloc:
        return Target(external=absolute.split("#")[0])
    if not parts.path.startswith(base.path):
        return Target(outside=True)
    return Target(address=unquote(parts.path[len(base.path):]), fragment=unquote(parts.fragment))


def file_of(site: Site, address: str) -> tuple[Path | None, str | None]:
    """The file an address is served from, and the page address it has when it is a page."""
    candidates = [address + "index.html"] if address.endswith("/") or not address else [address, address + "/index.html"]
    for candidate in candidates:
        file = site.folder / candidate
        if file.is_file():
            return file, page_address(candidate) if candidate.endswith(".html") else None
    return None, None


def link_problem(site: Site, target: Target) -> str | None:
    if target.outside:
        return "指向本门户路径以外"
    file, page = file_of(site, target.address or "")
    if file is None:
        return "目标不存在"
    if target.fragment and page is not None and target.fragment not in site.pages.get(page, PageFacts()).ids:
        return f"目标页面没有锚点 #{target.fragment}"
    return None


@dataclass
class LinkCheck:
    checked: int = 0
    broken: list[Finding] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)


def check_links(site: Site) -> LinkCheck:
    result = LinkCheck()
    for page, facts in site.pages.items():
        for link in facts.links:
            target = target_of(site, page, link)
            if target is None:
                continue
            if target.external:
                result.external.setdefault(target.external, set()).add(page)
                continue
            result.checked += 1
            problem = link_problem(site, target)
            if problem:
                result.broken.append(Finding(page, f"{link}：{problem}"))
    return result


# ---------------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------------

def share_text(part: int, whole: int) -> str:
    return f"{part}/{whole}（{part / whole:.1%}）" if whole else "0/0"


def link_indicators(links: LinkCheck) -> tuple[Indicator, ...]:
    share = len(links.broken) / links.checked if links.checked else 0.0
    broken = tuple(links.broken)
    return (
        Indicator("broken_link_share", "链接不可用率", VETO, f"不可用链接占 {BROKEN_SHARE_VETO:.0%} 及以上即否决",
                  share_text(len(broken), links.checked), FAIL if share >= BROKEN_SHARE_VETO else PASS, broken,
                  "本站页面中指向本站的全部链接（href、src）和锚点；外部链接不在本机检查，见“外部链接”。"),
        Indicator("internal_links", "内部链接和锚点", REQUIRED, "不可用的内部链接和锚点必须为 0",
                  f"{len(broken)} 个", FAIL if broken else PASS, broken),
    )


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def changed_on(facts: PageFacts) -> date | None:
    try:
        return date.fromisoformat(facts.changed) if facts.changed else None
    except ValueError:
        return None


def columns_of(site: Site) -> list[str]:
    """The columns (栏目): the pages the home page's primary navigation links to, but the home page and
    the articles (those are content, not columns)."""
    home = site.pages.get("")
    found: list[str] = []
    for link in home.nav if home else ():
        target = target_of(site, "", link)
        if target is None or target.address is None:
            continue
        _, page = file_of(site, target.address)
        if page is not None and page != "" and page not in found:
            found.append(page)
    return found


def home_indicator(site: Site, as_of: date) -> Indicator:
    home = site.pages.get("")
    changed = changed_on(home) if home else None
    threshold = f"首页超过 {HOME_STALE_DAYS} 天（2 周）未更新即否决"
    if changed is None:
        return Indicator("home_updated", "首页更新", VETO, threshold, "首页没有更新日期", UNKNOWN, (Finding(""),),
                         "构建时没有 git 历史记录（或首页的文件有未提交的改动），页面不写日期，无法判定。")
    days = (as_of - changed).days
    stale = days > HOME_STALE_DAYS
    return Indicator("home_updated", "首页更新", VETO, threshold, f"最近更新 {changed.isoformat()}，距生成日期 {days} 天",
                     FAIL if stale else PASS, (Finding("", f"最近更新 {changed.isoformat()}"),) if stale else ())


def stale_columns_indicator(site: Site, columns: list[str], as_of: date) -> tuple[Indicator, ...]:
    limit = months_before(as_of, COLUMN_STALE_MONTHS)
    stale, undated = [], []
    for column in columns:
        changed = changed_on(site.pages[column])
        if changed is None:
            undated.append(Finding(column, "页面没有更新日期"))
        elif changed < limit:
            stale.append(Finding(column, f"最近更新 {changed.isoformat()}"))
    failed = len(stale) >= STALE_COLUMNS_VETO
    return (
        Indicator("stale_columns", "栏目更新", VETO,
                  f"{COLUMN_STALE_MONTHS} 个月（{limit.isoformat()} 以来）未更新的栏目 {STALE_COLUMNS_VETO} 个及以上即否决",
                  f"{len(stale)} 个（共 {len(columns)} 个栏目，{len(undated)} 个没有日期）", FAIL if failed else PASS,
                  tuple(stale), "栏目是首页导航中的页面（文章页除外）。"),
        Indicator("undated_pages", "没有更新日期的栏目", LISTED, "—", f"{len(undated)} 个", LISTED, tuple(undated),
                  "页面不写日期：构建时没有 git 历史记录，页面由未提交的文件生成，或页面不由任何文件生成（例如没有条目的列表）。"),
    )


def is_empty(facts: PageFacts) -> bool:
    """No content: a listing that lists no record, or an article with nothing beyond its title."""
    return (bool(facts.counts) and sum(facts.counts) == 0) or not facts.content


def empty_columns_indicators(site: Site, columns: list[str], articles: set[str]) -> tuple[Indicator, ...]:
    empty = tuple(Finding(c, site.pages[c].heading) for c in columns if is_empty(site.pages[c]))
    listings = tuple(Finding(p, f.heading) for p, f in site.pages.items()
                     if p not in columns and p not in articles and p.endswith("/") and f.counts and not sum(f.counts))
    return (
        Indicator("empty_columns", "空白栏目", VETO, f"空白栏目 {EMPTY_COLUMNS_VETO} 个及以上即否决",
                  f"{len(empty)} 个（共 {len(columns)} 个栏目）", FAIL if len(empty) >= EMPTY_COLUMNS_VETO else PASS,
                  empty, "空白：列表页一条也没有列出，或页面除标题外没有内容。"),
        Indicator("empty_listings", "没有条目的分类页", LISTED, "—", f"{len(listings)} 个", LISTED, listings,
                  "不在导航中的分类页（按部门、按类别等的某一项）目前没有政策；不算栏目，但检查人员从栏目点进去时可能视为空白栏目。"),
    )


def interaction_indicator() -> Indicator:
    return Indicator("interaction", "互动回应", VETO, "留言 3 个月未回应即否决", "本门户没有留言板等互动栏目",
                     NOT_APPLICABLE, (), "不适用：政策咨询请拨打页脚所列的 12345 政务服务便民热线。")


def metadata_indicator(site: Site, articles: set[str]) -> Indicator:
    findings = []
    for page, facts in site.pages.items():
        required = EVERY_PAGE_TAGS + (ARTICLE_TAGS if page in articles else ())
        missing = [tag for tag in required if tag not in facts.metas]
        if missing:
            findings.append(Finding(page, "缺少 " + "、".join(missing)))
    return Indicator("metadata", "缺少政府网站元数据的页面", LISTED,
                     "每页：" + "、".join(EVERY_PAGE_TAGS) + "；文章页另有：" + "、".join(ARTICLE_TAGS),
                     f"{len(findings)} 页（共 {len(site.pages)} 页）", LISTED, tuple(findings))


def footer_indicator(site: Site) -> Indicator:
    findings = []
    for page, facts in site.pages.items():
        text = " ".join(facts.footer)
        missing = [label for label, shown in FOOTER_MARKS if not any(s in text for s in shown)]
        if missing:
            findings.append(Finding(page, "缺少 " + "、".join(missing)))
    return Indicator("footer", "缺少页脚标识的页面", LISTED, "每页页脚：" + "、".join(label for label, _ in FOOTER_MARKS),
                     f"{len(findings)} 页", LISTED, tuple(findings))


def placeholder_indicator(site: Site) -> Indicator:
    """Values not given yet, by what shows them (a footer line, a <meta> tag), each with its pages."""
    shown: dict[str, list[str]] = {}
    for page, facts in site.pages.items():
        values = [f"页脚：{line}" for line in facts.footer]
        values += [f'<meta name="{name}">：{content}' for name, content in facts.metas.items()
                   if name in EVERY_PAGE_TAGS + ARTICLE_TAGS]
        for value in values:
            if any(p in value for p in PLACEHOLDERS):
                shown.setdefault(value, []).append(page)
    findings = tuple(Finding(page, value) for value, pages in shown.items() for page in pages)
    return Indicator("placeholders", "尚未提供的值（占位）", LISTED, "、".join(PLACEHOLDERS),
                     f"{len(shown)} 项，{len({f.page for f in findings})} 页", LISTED, findings)


def review_indicator(portal: Portal) -> Indicator:
    overdue = tuple(Finding(p.url, f"{p.id}：下次核对日期 {p.review_due.isoformat()}") for p in past_review(portal))
    return Indicator("review_due", "已过下次核对日期的政策", LISTED, "review_due 早于生成日期",
                     f"{len(overdue)} 条", LISTED, overdue)


def external_indicator(links: LinkCheck) -> Indicator:
    findings = tuple(Finding(url, "、".join(sorted(p or "首页" for p in pages))) for url, pages in sorted(links.external.items()))
    return Indicator("external_links", "外部链接", LISTED, "—", f"{len(findings)} 个地址", LISTED, findings,
                     "本机不联网，没有访问这些地址；请在联网环境中用链接检查工具检查。")


def inspect_site(root: Path, folder: Path, portal: Portal | None = None) -> Report:
    portal = portal or load_portal(root)
    site = read_site(folder)
    as_of = site_as_of(folder, portal)
    portal = portal if portal.as_of == as_of else load_portal(root, as_of=as_of)
    articles = portal.article_urls
    links = check_links(site)
    columns = [c for c in columns_of(site) if c not in articles]
    indicators = (*link_indicators(links), home_indicator(site, as_of), *stale_columns_indicator(site, columns, as_of),
                  *empty_columns_indicators(site, columns, articles), interaction_indicator(),
                  external_indicator(links), metadata_indicator(site, articles), footer_indicator(site),
                  placeholder_indicator(site), review_indicator(portal))
    external = {url: tuple(sorted(pages)) for url, pages in sorted(links.external.items())}
    return Report(as_of, len(site.pages), links.checked, indicators, external, portal.site["site_name"] or "")


# ---------------------------------------------------------------------------------------------------
# The report: a page for maintainers, JSON, and the lines `make inspect` prints
# ---------------------------------------------------------------------------------------------------

def write_report(report: Report, folder: Path) -> Path:
    """inspect/index.html (the site's stylesheet, noindex) and inspect/report.json in the built site."""
    target = folder / REPORT_DIR
    target.mkdir(parents=True, exist_ok=True)
    home = read_site_home(folder)
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True)
    html = environment.get_template(TEMPLATE).render(
        report=report, data=report.as_dict(), rule=RULE, kinds=KINDS, statuses=STATUSES,
        stylesheets=["../" + s for s in home.stylesheets if "://" not in s], site_name=report.site_name)
    (target / "index.html").write_text(html, encoding="utf-8")
    (target / "report.json").write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    return target / "index.html"


def read_site_home(folder: Path) -> PageFacts:
    home = folder / "index.html"
    return read_page(home.read_text(encoding="utf-8", errors="replace")) if home.is_file() else PageFacts()


def summary(report: Report, messages: Messages) -> list[str]:
    """The Chinese lines `make inspect` prints (and `make publish` refuses with)."""
    lines = [messages.text("inspect.header", rule=RULE, as_of=report.as_of.isoformat(), pages=report.pages,
                           links=report.links)]
    for i in report.indicators:
        if i.kind == LISTED:
            lines.append(messages.text("inspect.listed", name=i.name, value=i.value))
            continue
        line = messages.text("inspect.indicator", kind=KINDS[i.kind], name=i.name, status=STATUSES[i.status],
                             value=i.value, threshold=i.threshold)
        lines.append(line)
        lines += [messages.text("inspect.finding", page=f.page or "首页", detail=f.detail) for f in i.findings[:10]
                  if i.status == FAIL]
        if i.status == FAIL and len(i.findings) > 10:
            lines.append(messages.text("inspect.more", count=len(i.findings) - 10))
    blocking = "、".join(i.name for i in report.blocking)
    lines.append(messages.text("inspect.failed", names=blocking) if blocking else messages.text("inspect.passed"))
    return lines
