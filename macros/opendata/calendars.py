"""Calendars (RFC 5545) of dated application windows, application deadlines and expiry dates:
the whole site and one per department. Only dates a record states become events; a deadline
written as text (“每年3月31日前”) is not turned into a date.

UIDs are name-based UUIDs of the record id and the kind of date, and DTSTAMP is when the record
last changed (``Portal.last_changed``): two builds of one commit give the same bytes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, timedelta

from icalendar import Calendar, Event

from ..model.portal import Portal
from ..model.records import Policy
from ..model.vocabularies import Term
from .feeds import NAMESPACE


def _event(portal: Portal, p: Policy, kind: str, summary: str, start: date, end: date, site_url: str) -> Event:
    url = (site_url.rstrip("/") + "/" if site_url else "/") + p.url
    event = Event()
    event.add("uid", f"{uuid.uuid5(NAMESPACE, f'{p.id}/{kind}')}@shishou-sme-policy-portal")
    event.add("dtstamp", portal.last_changed(p).astimezone(UTC))
    event.add("summary", f"{summary}：{p.title}")
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))  # all-day events end the day after
    event.add("description", f"{p.summary}\n详情：{url}")
    event.add("url", url)
    event.add("categories", [portal.term("department", p.department).name])
    return event


def events_of(portal: Portal, p: Policy, site_url: str) -> list[Event]:
    events = []
    application = p.application
    opens, closes = (application.opens, application.closes) if application else (None, None)
    if opens and closes:
        events.append(_event(portal, p, "application", "申请期", opens, closes, site_url))
    elif closes:
        events.append(_event(portal, p, "application-closes", "申请截止", closes, closes, site_url))
    elif opens:
        events.append(_event(portal, p, "application-opens", "开始申请", opens, opens, site_url))
    if p.expires:
        events.append(_event(portal, p, "expires", "有效期截止", p.expires, p.expires, site_url))
    return events


def calendar(portal: Portal, name: str, policies: tuple[Policy, ...], site_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Shishou SME policy portal//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{portal.site['site_name']}：{name}")
    for p in policies:
        for event in events_of(portal, p, site_url):
            cal.add_component(event)
    return cal.to_ical()


def department_calendars(portal: Portal) -> list[tuple[str, Term, tuple[Policy, ...]]]:
    """(path, department, its policies) of every department's calendar."""
    return [(f"calendar/departments/{term.code}.ics", term, portal.with_value("department", term.code))
            for term in portal.vocabularies["department"].terms]
