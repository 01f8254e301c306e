"""China's time zone, and the as-of date of a build: the one statement of both.

The as-of date decides every computed status and review flag. It is the date in China: from
SOURCE_DATE_EPOCH when set, else the time of the commit being built, so that two builds of one
commit give the same bytes on any day; only a build outside a repository falls back to today.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

UTC_OFFSET_HOURS = 8
CHINA = timezone(timedelta(hours=UTC_OFFSET_HOURS))


def build_date(environ: dict[str, str] | None = None, commit_time: datetime | None = None) -> date:
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), CHINA)
    elif commit_time is not None:
        moment = commit_time.astimezone(CHINA)
    else:
        moment = datetime.now(CHINA)
    return moment.date()
