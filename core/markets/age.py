"""How old a tier table is, given the time now (core has no clock: the caller passes `now`).

A refreshed table is as old as its fetch; a shipped snapshot as old as its `as_of` date (a
year-only or month-only date counts from its first day, the oldest it can be). Older than 30
days is stale: venues change brackets often (Binance moved BTCUSDT's first bracket from 0–50,000
at 125x to 0–300,000 at 150x between the 2024-10-24 and 2026-05-01 snapshots), and a reply
then carries a warning line saying how old its table is.

Times are aware `datetime`s or Unix seconds; this module only subtracts them.

`TableAge.text` is spoken in the asker's language each time it is read; the one cache here,
`as_of_seconds`, returns a number, so it needs no language in its key.

Example: as_of 2026-05-01, now 2026-06-15 12:00 UTC -> 45 days, stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.i18n import _n

STALE_AFTER_DAYS = 30
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
DAY = 86_400


@dataclass(frozen=True)
class TableAge:
    """`since` is `fetched` (age of the refresh) or `as_of` (age of the snapshot's date)."""

    seconds: float
    since: str
    stale: bool

    @property
    def days(self) -> int:
        return int(self.seconds // DAY)

    @property
    def text(self) -> str:
        """`40 min`, `3 h`, `45 days`: for a footer ("refreshed 3 h ago") or a warning."""
        if self.seconds < 3600:
            minutes = max(0, int(self.seconds // 60))
            return _n("{count} min", "{count} min", minutes)
        if self.seconds < 2 * DAY:
            hours = int(self.seconds // 3600)
            return _n("{count} h", "{count} h", hours)
        return _n("{count} day", "{count} days", self.days)


def _seconds(instant: Any) -> float:
    return float(instant.timestamp()) if hasattr(instant, "timestamp") else float(instant)


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@lru_cache(maxsize=256)  # every answer dates its table; a process knows a few dozen dates
def as_of_seconds(as_of: str) -> float | None:
    """Unix seconds at the start (UTC) of an `as_of` date, or None when it is not a date."""
    match = _DATE.match(as_of or "")
    if match is None:
        return None
    y, m, d = (int(g) if g else 1 for g in match.groups())
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return float(_days_from_civil(y, m, d) * DAY)


def table_age(table: Any, now: Any, stale_after_days: int = STALE_AFTER_DAYS) -> TableAge | None:
    """The age of a `TableInfo`, `TierTable` or `Contract`'s table at `now`; None when its date
    is unknown (a user's `mmr=` override has none)."""
    table = getattr(table, "info", table)  # a Contract: its table's provenance
    fetched = getattr(table, "fetched_at", None)
    if fetched is not None:
        start, since = _seconds(fetched), "fetched"
    else:
        start, since = as_of_seconds(getattr(table, "as_of", "")), "as_of"  # type: ignore[assignment]
        if start is None:
            return None
    age = max(0.0, _seconds(now) - start)
    return TableAge(age, since, age > stale_after_days * DAY)
