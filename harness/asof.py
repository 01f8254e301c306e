"""The as-of date of every test build, benchmark build and build comparison, stated once.

Builds read it from SOURCE_DATE_EPOCH (macros/core/clock.py, in China's time zone): 2026-11-24
00:00 UTC is 08:00 in China, so every computed status and review flag is as of 2026-11-24.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from macros.core.clock import CHINA

SOURCE_DATE_EPOCH = "1795478400"
AS_OF_MOMENT = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC)  # what a browser's clock is set to
AS_OF: date = AS_OF_MOMENT.astimezone(CHINA).date()


def build_environment(environ: dict[str, str]) -> dict[str, str]:
    """``environ`` with the as-of date set and MkDocs' 2.0 notice silenced, for a strict build."""
    return {**environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
