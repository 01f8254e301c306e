"""Open data and feeds written next to the site: api/policies.json, api/policies.csv, feed.xml."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .records import Policy, Portal
from .sanitize import csv_cell
from .status import STATUSES

CHINA = timezone(timedelta(hours=8))
FEED_SIZE = 50


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def policy_record(portal: Portal, p: Policy) -> dict:
    term = portal.term
    status = portal.status(p)
    return {
        "id": p.id,
        "url": p.url,
        "title": p.title,
        "summary": p.summary,
        "issuer": p.issuer,
        "document_title": p.document_title,
        "document_number": p.document_number,
        "written_date": _iso(p.written_date),
        "published_date": _iso(p.published_date),
        "topic": p.topic,
        "year": p.year,
        "department": {"code": p.department, "name": term("department", p.department).name},
        "effective": _iso(p.effective),
        "expires": _iso(p.expires),
        "repealed": _iso(p.repealed),
        "superseded_by": p.superseded_by,
        "status": {"code": status, "name": STATUSES[status], "as_of": portal.as_of.isoformat()},
        "beneficiaries": [{"code": c, "name": term("beneficiaries", c).name} for c in p.beneficiaries],
        "industries": [{"code": c, "name": term("industries", c).name} for c in p.industries],
        "categories": [{"code": c, "name": term("categories", c).name} for c in p.categories],
        "support_type": [{"code": c, "name": term("support_type", c).name} for c in p.support_type],
        "delivery": {"code": p.delivery, "name": term("delivery", p.delivery).name},
        "amount": {"value": p.amount.value, "unit": p.amount.unit, "text": p.amount.text} if p.amount else None,
        "application": {"steps": list(p.application.steps), "materials": list(p.application.materials),
                        "where": p.application.where, "deadline": p.application.deadline} if p.application else None,
        "contact": {"department": p.contact.department, "phone": p.contact.phone, "address": p.contact.address} if p.contact else None,
        "legal_basis": [{"law": r.law, "article": r.article, "url": f"{portal.document(r.law).url}#{r.article}"} for r in p.legal_basis],
        "sources": [{"document": s.document, "passage": s.passage, "url": s.url} for s in p.sources],
        "last_reviewed": _iso(p.last_reviewed),
        "review_due": _iso(p.review_due),
    }


def policies_json(portal: Portal) -> str:
    data = {
        "name": portal.site["site_name"],
        "as_of": portal.as_of.isoformat(),
        "count": len(portal.policies),
        "policies": [policy_record(portal, p) for p in portal.policies],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


CSV_COLUMNS = ("id", "title", "summary", "department", "issuer", "document_title", "document_number", "effective",
               "expires", "status", "beneficiaries", "categories", "support_type", "delivery", "amount", "legal_basis", "url")


def policies_csv(portal: Portal) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in portal.policies:
        record = policy_record(portal, p)
        writer.writerow(csv_cell(cell) for cell in [
            p.id, p.title, p.summary, record["department"]["name"], p.issuer, p.document_title, p.document_number or "",
            record["effective"] or "", record["expires"] or "", record["status"]["name"],
            "、".join(x["name"] for x in record["beneficiaries"]), "、".join(x["name"] for x in record["categories"]),
            "、".join(x["name"] for x in record["support_type"]), record["delivery"]["name"],
            p.amount.text if p.amount else "", " ".join(r.key for r in p.legal_basis), p.url,
        ])
    return "\ufeff" + out.getvalue()  # BOM so that Excel on Windows opens the Chinese text correctly


def feed_xml(portal: Portal, site_url: str) -> str:
    """RSS 2.0 of the most recently reviewed policies (absolute links need site_url)."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    newest = sorted(portal.policies, key=lambda p: (p.last_reviewed, p.id), reverse=True)[:FEED_SIZE]
    items = []
    for p in newest:
        stamp = format_datetime(datetime.combine(p.last_reviewed, time(0), CHINA))
        items.append(
            f"<item><title>{escape(p.title)}</title><link>{escape(base + p.url)}</link>"
            f'<guid isPermaLink="false">{escape(p.id)}</guid><pubDate>{stamp}</pubDate>'
            f"<description>{escape(p.summary)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(portal.site['site_name'])}</title><link>{escape(base)}</link>"
        f"<description>{escape(portal.site['site_name'])}：惠企政策更新</description><language>zh-CN</language>"
        + "".join(items) + "</channel></rss>\n"
    )


def catalog_json(portal: Portal) -> str:
    """Compact data for the catalog filters and the matcher (loaded by assets/js/finder.js)."""
    vocab = {field: [[t.code, t.name] for t in v.terms] for field, v in portal.vocabularies.items()}
    rules = {t.code: t.match.as_dict() for t in portal.vocabularies["beneficiaries"].terms}
    rows = []
    for p in portal.policies:
        department = portal.term("department", p.department)
        rows.append({
            "id": p.id, "url": p.url, "title": p.title, "summary": p.summary, "department": p.department,
            "categories": list(p.categories), "beneficiaries": list(p.beneficiaries), "industries": list(p.industries),
            "support_type": list(p.support_type), "delivery": p.delivery, "year": p.year,
            "effective": _iso(p.effective), "expires": _iso(p.expires), "repealed": _iso(p.repealed),
            "amount": p.amount.text if p.amount else None,
            "steps": list(p.application.steps) if p.application else [],
            "contact": (p.contact.department if p.contact and p.contact.department else department.name),
        })
    data = {"as_of": portal.as_of.isoformat(), "statuses": STATUSES, "vocabularies": vocab,
            "beneficiary_rules": rules, "matcher": portal.matcher.as_dict(), "policies": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def exports(portal: Portal, site_url: str) -> dict[str, str]:
    """Site path -> content of every open-data file (added to the build as generated files)."""
    return {
        "api/catalog.json": catalog_json(portal),
        "api/policies.json": policies_json(portal),
        "api/policies.csv": policies_csv(portal),
        "feed.xml": feed_xml(portal, site_url),
    }
