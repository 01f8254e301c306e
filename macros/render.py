"""Records -> HTML fragments. Every value from a record is escaped here; nothing is trusted.

Fragments are emitted on as few lines as possible and without blank lines, so Python-Markdown
passes them through as one raw HTML block. Links are relative to the page being built
(``page_url`` is a site-relative directory URL such as ``catalog/departments/kejing/``).
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Iterable

from .law import Article
from .records import Document, Policy, Portal
from .status import STATUSES

NOT_PROVIDED = '<span class="portal-none">暂无（来源未提供）</span>'


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def rel(page_url: str, target: str) -> str:
    """Relative link from one directory URL to a site path (``a/b/`` or ``a/b/#x`` or ``x.json``)."""
    path, hash_mark, fragment = target.partition("#")
    base = posixpath.join("/", page_url)
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    link = posixpath.relpath(posixpath.join("/", path), base)
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (hash_mark + fragment if hash_mark else "")


def link(page_url: str, target: str, text: object, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<a{klass} href="{esc(rel(page_url, target))}">{esc(text)}</a>'


def law_anchor_url(portal: Portal, law_id: str, article: str) -> str:
    return f"{portal.document(law_id).url}#{article}"


# -- status -------------------------------------------------------------------------------

def status_badge(portal: Portal, policy: Policy) -> str:
    """A badge the browser recomputes from its data-* dates (see portal.js)."""
    code = portal.status(policy)
    dates = "".join(
        f' data-{name}="{value.isoformat()}"'
        for name, value in (("effective", policy.effective), ("expires", policy.expires), ("repealed", policy.repealed))
        if value
    )
    return f'<span class="portal-status portal-status--{code}" data-status="{code}"{dates}>{STATUSES[code]}</span>'


# -- tables of policies ---------------------------------------------------------------------

def names(portal: Portal, field: str, codes: Iterable[str]) -> str:
    return "、".join(esc(portal.term(field, code).name) for code in codes)


def policy_table(portal: Portal, policies: Iterable[Policy], page_url: str) -> str:
    rows = []
    for p in policies:
        rows.append(
            f'<tr data-policy="{esc(p.id)}"><td>{link(page_url, p.url, p.title)}<div class="portal-summary">{esc(p.summary)}</div></td>'
            f"<td>{link(page_url, f'catalog/departments/{p.department}/', portal.term('department', p.department).name)}</td>"
            f"<td>{names(portal, 'beneficiaries', p.beneficiaries)}</td>"
            f"<td>{esc(portal.term('delivery', p.delivery).name)}</td>"
            f"<td>{status_badge(portal, p)}</td>"
            f"<td>{esc(p.year or '—')}</td></tr>"
        )
    if not rows:
        return '<p class="portal-empty">目前没有符合条件的政策。</p>'
    head = "<thead><tr><th scope=\"col\">政策</th><th scope=\"col\">部门</th><th scope=\"col\">适用对象</th><th scope=\"col\">兑现方式</th><th scope=\"col\">状态</th><th scope=\"col\">年份</th></tr></thead>"
    return f'<div class="portal-table-wrap"><table class="portal-table">{head}<tbody>{"".join(rows)}</tbody></table></div>'


# -- the policy page ------------------------------------------------------------------------

def definition_list(items: Iterable[tuple[str, str]], cls: str = "portal-facts") -> str:
    return f'<dl class="{cls}">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def section(title: str, inner: str, anchor: str) -> str:
    return f'<section class="portal-section" aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(title)}</h2>{inner}</section>'


def or_none(value: object) -> str:
    return esc(value) if value else NOT_PROVIDED


def date_text(value) -> str:
    return value.isoformat() if value else NOT_PROVIDED


def document_block(portal: Portal, p: Policy) -> str:
    return definition_list([
        ("发文机关", esc(p.issuer)),
        ("文件名称", esc(p.document_title)),
        ("文号", or_none(p.document_number)),
        ("成文日期", date_text(p.written_date)),
        ("发布日期", date_text(p.published_date)),
        ("主题分类", or_none(p.topic)),
        ("施行日期", date_text(p.effective)),
        ("有效期至", esc(p.expires.isoformat()) if p.expires else ("长期（来源未写明截止日期）" if p.effective else NOT_PROVIDED)),
        ("负责部门", link(p.url, f"catalog/departments/{p.department}/", portal.term("department", p.department).name)),
    ], "portal-facts portal-docblock")


def who_block(portal: Portal, p: Policy) -> str:
    items = [("适用对象", "、".join(link(p.url, f"catalog/beneficiaries/{c}/", portal.term("beneficiaries", c).name) for c in p.beneficiaries)),
             ("适用行业", names(portal, "industries", p.industries) if p.industries else "不限（来源未限定行业）"),
             ("政策类别", "、".join(link(p.url, f"catalog/categories/{c}/", portal.term("categories", c).name) for c in p.categories))]
    return definition_list(items)


def benefit_block(portal: Portal, p: Policy) -> str:
    amount = NOT_PROVIDED
    if p.amount:
        figure = f'<strong class="portal-amount">{esc(_number(p.amount.value))}{esc(p.amount.unit or "")}</strong>' if p.amount.value is not None else ""
        amount = f'{figure}<div class="portal-quote">来源原文：“{esc(p.amount.text)}”</div>'
    delivery = portal.term("delivery", p.delivery)
    return definition_list([
        ("支持方式", names(portal, "support_type", p.support_type)),
        ("支持额度", amount),
        ("兑现方式", f'{link(p.url, f"catalog/delivery/{p.delivery}/", delivery.name)}<div class="portal-note">{esc(delivery.description)}</div>'),
    ])


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _list(items: Iterable[str]) -> str:
    items = list(items)
    return "<ol>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ol>" if items else NOT_PROVIDED


def application_block(p: Policy) -> str:
    a = p.application
    return definition_list([
        ("办理步骤", _list(a.steps) if a else NOT_PROVIDED),
        ("申请材料", _list(a.materials) if a else NOT_PROVIDED),
        ("办理地点", or_none(a.where if a else None)),
        ("申请期限", or_none(a.deadline if a else None)),
    ])


def contact_block(portal: Portal, p: Policy) -> str:
    c = p.contact
    department = portal.term("department", p.department)
    phone = (c.phone if c else None) or department.get("phone")
    address = (c.address if c else None) or department.get("address")
    phone_html = f'<a href="tel:{esc(phone)}">{esc(phone)}</a>' if phone else NOT_PROVIDED
    return definition_list([
        ("咨询部门", esc((c.department if c else None) or department.name)),
        ("咨询电话", phone_html),
        ("办公地址", or_none(address)),
    ])


def legal_basis_block(portal: Portal, p: Policy) -> str:
    if not p.legal_basis:
        return NOT_PROVIDED
    items = []
    for ref in p.legal_basis:
        law = portal.document(ref.law)
        items.append(f"<li>{link(p.url, law_anchor_url(portal, ref.law, ref.article), f'《{law.title}》{ref.article}')}</li>")
    return f'<ul class="portal-legal">{"".join(items)}</ul>'


def sources_block(page_url: str, p: Policy) -> str:
    items = []
    for s in p.sources:
        if s.url and s.url.startswith("/"):
            document = link(page_url, s.url.lstrip("/"), s.document)
        elif s.url:
            document = f'<a href="{esc(s.url)}" rel="noopener noreferrer">{esc(s.document)}</a>'
        else:
            document = esc(s.document)
        items.append(f'<li>{document}<div class="portal-quote">{esc(s.passage)}</div></li>')
    return f'<ol class="portal-sources">{"".join(items)}</ol>'


def policy_header(portal: Portal, p: Policy) -> str:
    """Everything on a provision's page except its body, in the order a reader needs it.

    Our ids start with ``portal-``, which the sanitizer never lets department content use, so
    the body's own headings (often 谁可以享受 too) cannot duplicate or hijack them.
    """
    parts = [
        f'<div class="portal-policy" data-policy="{esc(p.id)}">',
        f'<p class="portal-lead">{status_badge(portal, p)} {esc(p.summary)}</p>',
        _superseded(portal, p),
        section("文件信息", document_block(portal, p), "portal-document"),
        section("谁可以享受", who_block(portal, p), "portal-who"),
        section("能得到什么", benefit_block(portal, p), "portal-benefit"),
        section("怎么申请", application_block(p), "portal-apply"),
        section("咨询联系", contact_block(portal, p), "portal-contact"),
        section("法律依据", legal_basis_block(portal, p), "portal-legal-basis"),
        section("信息来源", sources_block(p.url, p), "portal-sources"),
        definition_list([("最近核对", esc(p.last_reviewed.isoformat())), ("下次核对", esc(p.review_due.isoformat()))], "portal-facts portal-review"),
        '<h2 id="portal-explained">政策解读</h2>',
        "</div>",
    ]
    return "".join(parts)


def _superseded(portal: Portal, p: Policy) -> str:
    if not p.superseded_by:
        return ""
    newer = portal.policy(p.superseded_by)
    return f'<p class="portal-notice">本政策已被 {link(p.url, newer.url, newer.title)} 取代。</p>'


# -- documents (law, measures, report) -------------------------------------------------------

def document_meta(doc: Document) -> str:
    m = doc.meta
    rows = [
        ("标题", esc(doc.title)),
        ("发文机关", or_none(m.get("issuer"))),
        ("文号", (esc(m["document_number"]) + (f'<div class="portal-note">{esc(m["document_number_note"])}</div>' if m.get("document_number_note") else "")) if m.get("document_number") else NOT_PROVIDED),
    ]
    if m.get("adopted"):
        rows.append(("通过日期", f'{esc(m["adopted"])}（{esc(m.get("adopted_by") or "")}）'))
    if m.get("revised"):
        rows.append(("修订日期", f'{esc(m["revised"])}（{esc(m.get("revised_by") or "")}）'))
    if doc.kind != "report":
        rows.append(("施行日期", or_none(m.get("effective"))))
        rows.append(("有效性", or_none(m.get("validity"))))
    for key, label in (("meeting", "会议"), ("speaker", "报告人"), ("delivered", "报告日期"), ("published", "发布日期"), ("publisher", "发布机构"), ("section", "栏目")):
        if m.get(key):
            rows.append((label, esc(m[key])))
    rows.append(("全文状态", "全文已录入" if doc.text_status == "full" else '<strong class="portal-pending-label">全文待录入</strong>'))
    rows.append(("来源说明", esc(m.get("provenance") or "")))
    rows.append(("官方来源", official_sources(doc)))
    return definition_list(rows, "portal-facts portal-docblock")


def official_sources(doc: Document) -> str:
    items = []
    for s in doc.meta.get("official_sources") or []:
        if s.get("url"):
            items.append(f'<li><a href="{esc(s["url"])}" rel="noopener noreferrer">{esc(s["name"])}</a></li>')
        else:
            items.append(f"<li>{esc(s['name'])}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else NOT_PROVIDED


def pending_notice(doc: Document) -> str:
    note = doc.meta.get("pending_note") or "全文将由负责部门依据官方文本录入。"
    return (f'<div class="portal-pending" role="status"><p class="portal-pending__title">全文待录入</p>'
            f'<p>本页只公布这份文件的基本信息，正文尚未录入。{esc(note)}</p>'
            f'<p>在正文录入之前，请以官方来源发布的文本为准：</p>{official_sources(doc)}</div>')


def citation(doc: Document, article: str) -> str:
    return f"《{doc.title}》{article}"


def article_html(portal: Portal, doc: Document, article: Article, page_url: str) -> str:
    anchor = article.number
    paras = [f'<p class="law-para"><a class="law-num" href="#{anchor}">{anchor}</a> {esc(article.paragraphs[0])}</p>']
    paras += [f'<p class="law-para">{esc(text)}</p>' for text in article.paragraphs[1:]]
    tools = (f'<div class="law-tools" role="group" aria-label="{anchor}工具">'
             f'<button type="button" class="law-copy" data-copy="link" data-anchor="{anchor}" aria-label="复制链接（{anchor}）">复制链接</button>'
             f'<button type="button" class="law-copy" data-copy="citation" data-citation="{esc(citation(doc, anchor))}" aria-label="复制引用（{anchor}）">复制引用</button></div>')
    implementing = portal.implementing(doc.id, anchor)
    backlinks = ""
    if implementing:
        links = "".join(f"<li>{link(page_url, p.url, p.title)}</li>" for p in implementing)
        backlinks = f'<div class="law-policies"><p class="law-policies__title">本条落实政策（{len(implementing)}）</p><ul>{links}</ul></div>'
    return f'<section class="law-article" id="{anchor}" data-article="{article.ordinal}">{"".join(paras)}{tools}{backlinks}</section>'


def law_body(portal: Portal, doc: Document, page_url: str) -> str:
    """Markdown for a law's page: preamble, chapter contents, then chapters and articles."""
    law = doc.law
    out = ['<div class="law-preamble">' + "".join(f"<p>{esc(line)}</p>" for line in law.preamble) + "</div>", ""]
    toc = "".join(f'<li><a href="#{c.number}">{esc(c.number)} {esc(c.title)}</a><span class="law-range">{c.articles[0].number}—{c.articles[-1].number}</span></li>' for c in law.chapters)
    out += [f'<nav class="law-toc" aria-label="章节目录"><p class="law-toc__title">目录</p><ol>{toc}</ol></nav>', ""]
    for chapter in law.chapters:
        out += [f"## {chapter.number} {chapter.title} {{#{chapter.number}}}", ""]
        out += ["".join(article_html(portal, doc, a, page_url) for a in chapter.articles), ""]
    return "\n".join(out)


# -- the data dictionary (generated from the schema, so it cannot drift) --------------------------

TYPE_NAMES = {"string": "文字", "array": "列表", "object": "一组子字段", "number": "数字"}


def _field_rows(portal: Portal, properties: dict, required: list, prefix: str = "") -> list[str]:
    from .vocab import VOCABULARY_FIELDS
    rows = []
    for name, prop in properties.items():
        full = prefix + name
        kind = TYPE_NAMES.get(prop.get("type"), prop.get("type", ""))
        if prop.get("format") == "date":
            kind = "日期（YYYY-MM-DD）"
        allowed = ""
        if not prefix and name in VOCABULARY_FIELDS:
            allowed = "、".join(f"<code>{esc(t.code)}</code> {esc(t.name)}" for t in portal.vocabularies[name].terms)
        examples = prop.get("examples")
        sample = f"<code>{esc(examples[0])}</code>" if examples and not isinstance(examples[0], (list, dict)) else ""
        rows.append(f"<tr><td><code>{esc(full)}</code></td><td>{'必填' if name in required else '选填'}</td>"
                    f"<td>{esc(kind)}</td><td>{esc(prop.get('description', ''))}</td><td>{allowed or sample}</td></tr>")
        nested = prop.get("properties") or (prop.get("items") or {}).get("properties")
        if nested:
            inner_required = prop.get("required") or (prop.get("items") or {}).get("required") or []
            rows += _field_rows(portal, nested, inner_required, full + ("[]." if prop.get("type") == "array" else "."))
    return rows


def data_dictionary(portal: Portal) -> str:
    schema = portal.schema
    head = "<thead><tr><th>字段</th><th>必填</th><th>类型</th><th>说明</th><th>可填值或例子</th></tr></thead>"
    rows = "".join(_field_rows(portal, schema["properties"], schema["required"]))
    # Nothing in it takes focus: the region does, so that it can be scrolled with the keyboard.
    return (f'<div class="portal-table-wrap" tabindex="0" role="region" aria-label="数据字典">'
            f'<table class="portal-table portal-dictionary">{head}<tbody>{rows}</tbody></table></div>')
