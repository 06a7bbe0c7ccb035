"""Reading the funding options: `funding=0.01%` (per interval, may be negative), `every=8h` (1h, 4h
or 8h, the intervals venues use) and `hold=3d` (hours or days, in the one duration format the
moderator commands use).

A funding rate is small: venues cap it at a few percent per interval. A value of 10% or more per
interval is refused as a likely typo (`funding=1` meant as 1%? write `1%`). `funding=live` belongs
to the price feed and is left to the command.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from commands.errors import UsageError
from commands.groups.args import duration
from commands.numbers import read_rate
from core.i18n import N_, _

EXAMPLE = "/pnl long BTC 60000 10x qty=1 funding=0.01% every=8h hold=3d"
INTERVALS = {1, 4, 8}
MAX_RATE = Decimal("0.1")
HOLD_RANGE = (timedelta(hours=1), timedelta(days=365))
SECONDS_PER_HOUR = Decimal(3600)


def read_funding_rate(raw: str) -> Decimal:
    """`0.01%` → 0.0001; `-0.005%` → −0.00005 (shorts pay)."""
    sign = -1 if raw.startswith("-") else 1
    try:
        value = read_rate(raw.removeprefix("-").removeprefix("+"), N_("funding rate"))
    except UsageError as error:
        raise UsageError(error.message, EXAMPLE) from None
    if value >= MAX_RATE:
        raise UsageError(_("A funding rate is a small percentage per interval, like 0.01%."), EXAMPLE)
    return sign * value


def _hours(value: timedelta) -> Decimal:
    return Decimal(int(value.total_seconds())) / SECONDS_PER_HOUR


def read_every(raw: str) -> Decimal:
    """The funding interval in hours: 1, 4 or 8."""
    hours = _hours(duration(raw, N_("funding interval"), (timedelta(hours=1), timedelta(hours=8)), EXAMPLE))
    if hours not in INTERVALS:
        raise UsageError(_("Funding is paid every {one}, {four} or {eight}.", one="1h", four="4h", eight="8h"), EXAMPLE)
    return hours


def read_hold(raw: str) -> Decimal:
    """The hold in hours: `12h` → 12, `3d` → 72 (1 hour to 365 days)."""
    return _hours(duration(raw, N_("hold"), HOLD_RANGE, EXAMPLE))
