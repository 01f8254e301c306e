"""A record's page around the department's body: its header (document block, who qualifies, what
you get, how to apply, contact, legal basis, sources, review dates: overrides/portal/record.html) and
its footer (修订记录), and what MkDocs reads for a record page. Also the policy table of every index
page and the status legend."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..core.clock import CHINA
from ..legal import review
from ..model.addresses import record_path
from ..model.history import Revision
from ..model.outcomes import amount_text
from ..model.portal import Portal
from ..model.records import Policy
from ..model.status import MEANINGS, STATUSES
from .outcomes import OUTCOMES_PAGE
from .render import fragment


def policy_table(portal: Portal, policies: Iterable[Policy], page_url: str) -> str:
    return fragment(portal, "policy-table.html", policies=list(policies), here=page_url)


def policy_header(portal: Portal, p: Policy) -> str:
    """Everything on a provision's page before its body (overrides/portal/record.html)."""
    report = review.sole_report(portal.documents, p.sources)
    return fragment(portal, "record.html", p=p, here=p.url, flags=portal.review_flags(p), report=report,
                    report_year=review.report_year(report) if report else "", outcomes=portal.outcomes_of(p),
                    outcomes_page=OUTCOMES_PAGE, amount_text=amount_text)


def policy_footer(portal: Portal, p: Policy) -> str:
    """Everything after a provision's body: how to act on it (overrides/portal/record-next-step.html),
    then its 修订记录 (overrides/portal/record-history.html)."""
    history = fragment(portal, "record-history.html", p=p, here=p.url, available=portal.history.available,
                       entries=[history_entry(portal, r) for r in portal.revisions.get(f"docs/{p.path}", ())],
                       snapshot=record_path(p.id))
    return next_step(portal, p) + "\n" + history


BODY = "正文"  # what the 修订记录 calls a record's Markdown body
MAINTAINERS = "本门户维护人员"  # who made a change committed with data/site.yml maintainer_email


def history_entry(portal: Portal, revision: Revision) -> dict:
    """One line of a 修订记录: the day in China, the department's name, and what changed: the
    commit's 修订说明, else the changed fields by their Chinese titles (never the commit's subject)."""
    departments = portal.vocabularies["department"]
    code = revision.department if revision.department in departments else ""
    by_maintainers = not revision.change.department and revision.change.author == portal.site.maintainer_email
    who = MAINTAINERS if by_maintainers else (departments[code].name if code else "")
    return {"commit": revision.change.commit, "day": revision.change.when.astimezone(CHINA).date().isoformat(),
            "department": who, "note": revision.note, "added": revision.added,
            "readable": revision.readable,
            "fields": [BODY if name == "body" else portal.contract.field(name).title for name in revision.fields]}


def next_step(portal: Portal, p: Policy) -> str:
    """The page's last section: who to ask and how (the department's own contact, the hotlines that fit)."""
    linked: dict[str, object] = {}
    for source in p.sources:
        if source.url:
            linked.setdefault(source.url, source)  # one link per address: the first source citing it
    return fragment(portal, "record-next-step.html", here=p.url, step=portal.next_step(p),
                    sources=list(linked.values()), department_inferred="department" in p.portal_inferred)


def status_legend(portal: Portal) -> str:
    return fragment(portal, "status-legend.html", statuses=[(c, label, MEANINGS[c]) for c, label in STATUSES.items()])


def record_source(portal: Portal, src_uri: str) -> str | None:
    """What MkDocs reads for a record page: only the checked title as front matter, then the body.

    MkDocs never parses a department's YAML itself, so it cannot disagree with our reading.
    """
    policy = portal.by_path.get(src_uri)
    if policy is None:
        return None
    return f"---\ntitle: {json.dumps(policy.title, ensure_ascii=False)}\n---\n{policy.body}"
