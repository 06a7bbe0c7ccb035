"""The port through which /alerts reads and changes a user's near-liquidation alert preferences, and
the rules that turn a preference into a trigger price, shared by the command and the alert job.

Rules that are part of the contract, not of one backend:
- alerts are opt-in: off until the user says `/alerts on`; every call is scoped by `owner`, and a
  position that is not the caller's is reported exactly like one that does not exist;
- a level is either `level` (the share of the entry-to-liquidation distance still left, default
  20%) or `within` (a plain fraction of the liquidation price); setting one clears the other;
- hysteresis: after an alert, a position re-arms only once the mark is back beyond a band
  `REARM_FACTOR` times wider than the trigger band, so a mark hovering at the trigger alerts once;
- quiet hours are whole UTC hours [start, end), wrapping past midnight (22-7 is 22:00 to 06:59).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

DEFAULT_LEVEL = Decimal("0.2")
REARM_FACTOR = Decimal("1.5")
ONE = Decimal(1)


@dataclass(frozen=True)
class AlertSettings:
    enabled: bool = False
    level: Decimal | None = None          # None with within None: DEFAULT_LEVEL
    within: Decimal | None = None
    quiet: tuple[int, int] | None = None  # UTC hours [start, end)


@dataclass(frozen=True)
class PositionAlert:
    """One saved position as the alert job sees it. Prices are floats because they are index keys
    for a range search; they are shown rounded and never fed back into a calculation."""

    position_id: int
    symbol: str
    side: int
    liquidation: float | None
    trigger: float | None       # None: not alerting (alerts off, muted, or no liquidation price)
    level: Decimal | None       # this position's own level, if set
    within: Decimal | None
    muted: bool
    armed: bool
    last_alert_at: datetime | None


class AlertPreferences(Protocol):
    async def settings(self, owner: str) -> AlertSettings: ...

    async def change_settings(self, owner: str, **changes: Any) -> AlertSettings:
        """`enabled`, `level`, `within`, `quiet` (None clears); returns the new settings."""

    async def change_position(self, owner: str, position_id: int, **changes: Any) -> PositionAlert | None:
        """`level`, `within` (None clears: the user's default applies), `muted`. None if not theirs."""

    async def positions(self, owner: str) -> list[PositionAlert]:
        """The owner's saved positions with their trigger prices, oldest first."""


def bounds(side: int, entry: Decimal, liquidation: Decimal, level: Decimal | None,
           within: Decimal | None) -> tuple[Decimal, Decimal]:
    """(trigger, rearm) prices. A long alerts when the mark falls to `trigger` and re-arms above
    `rearm`; a short the mirror image.

    Example: long, entry 60,000, liquidation 57,831.33, default level 20%: the distance is
    2,168.67, so trigger = 57,831.33 + 0.2 x 2,168.67 = 58,265.06 and rearm = 57,831.33 + 0.3 x
    2,168.67 = 58,481.93.
    """
    if within is not None:
        return liquidation * (ONE + side * within), liquidation * (ONE + side * within * REARM_FACTOR)
    share = level if level is not None else DEFAULT_LEVEL
    distance = entry - liquidation   # positive for a long, negative for a short
    return liquidation + share * distance, liquidation + min(ONE, share * REARM_FACTOR) * distance


def in_quiet_hours(quiet: tuple[int, int] | None, hour: int) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    return start <= hour < end if start < end else hour >= start or hour < end
