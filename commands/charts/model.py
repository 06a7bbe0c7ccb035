"""What a chart shows, as plain frozen data: no Pillow, no platform, nothing from `bot`.

A command fills these from core results (see `commands.charts.build`) and puts one on its Reply
(`Reply.chart`); the adapter draws it with `bot.charts` off the event loop. They import only the
standard library so they can be pickled to a worker process cheaply. Prices stay `Decimal` so labels print exactly as the text answer
does; the renderer converts to float only for pixel positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The kinds of line on a price ladder, in drawing order (later ones are drawn on top).
LINE_KINDS = ("target", "stop", "bankruptcy", "liquidation", "entry")
LEVELS = ("ok", "info", "warn", "danger")  # warning levels, mildest first
MAX_TARGETS = 8
MAX_RUNGS = 12
MAX_BARS = 25  # the same cap /positions uses for one list reply


@dataclass(frozen=True)
class PriceLine:
    """One horizontal line on the ladder: `kind` picks its colour, `label` is the word shown."""

    kind: str
    label: str
    price: Decimal

    def __post_init__(self) -> None:
        if self.kind not in LINE_KINDS:
            raise ValueError(f"unknown line kind {self.kind!r}")
        if not self.price.is_finite() or self.price < 0:
            raise ValueError(f"a price must be finite and not negative, not {self.price}")


@dataclass(frozen=True)
class PriceLadder:
    """Entry, stop, targets, liquidation and bankruptcy of one position on a vertical price axis.

    `side` is +1 for a long, −1 for a short: the loss side is below entry for a long. The daily
    range is drawn as a band of ± `daily_move_pct` around entry, because a wick of one ordinary
    day's range in the wrong direction is what the "liquidation inside a day's move" warning means.
    `note` is shown at the foot (for example "No liquidation: the margin covers a fall to zero").
    """

    title: str
    subtitle: str
    side: int
    entry: Decimal
    lines: tuple[PriceLine, ...] = ()
    daily_move_pct: Decimal | None = None
    daily_label: str = ""
    note: str = ""
    # The language and number style its words were written in (commands/charts/speech.py), so
    # the renderer writes its own (legends) in the same one.
    language: str = "en"
    regional: bool = False

    def __post_init__(self) -> None:
        if self.side not in (1, -1):
            raise ValueError("side is 1 (long) or -1 (short)")
        if not self.entry.is_finite() or self.entry <= 0:
            raise ValueError("the entry price must be positive")
        if sum(1 for line in self.lines if line.kind == "target") > MAX_TARGETS:
            raise ValueError(f"at most {MAX_TARGETS} targets fit on a ladder")
        if any(line.kind == "entry" for line in self.lines):
            raise ValueError("the entry line is drawn from `entry`; do not list it in `lines`")

    def liquidation(self) -> Decimal | None:
        return next((line.price for line in self.lines if line.kind == "liquidation"), None)


@dataclass(frozen=True)
class Rung:
    """One leverage on the ladder and the move against a fresh position that liquidates it (a
    positive percentage; 0 means liquidated at once)."""

    leverage: Decimal
    distance_pct: Decimal


@dataclass(frozen=True)
class LeverageLadder:
    """Distance to liquidation at each leverage the venue offers, against one day's range."""

    title: str
    subtitle: str
    rungs: tuple[Rung, ...]
    daily_move_pct: Decimal | None = None
    daily_label: str = ""
    # The language and number style its words were written in (commands/charts/speech.py), so
    # the renderer writes its own (legends) in the same one.
    language: str = "en"
    regional: bool = False

    def __post_init__(self) -> None:
        if not 1 <= len(self.rungs) <= MAX_RUNGS:
            raise ValueError(f"a leverage ladder has 1 to {MAX_RUNGS} rungs")


@dataclass(frozen=True)
class PositionBar:
    """One saved position: its distance to liquidation (None: it has none) and the highest
    warning level among its warnings, which picks the bar's colour."""

    label: str
    distance_pct: Decimal | None
    level: str = "ok"
    daily_move_pct: Decimal | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown warning level {self.level!r}")


@dataclass(frozen=True)
class PositionsOverview:
    """One bar per saved position. More than `MAX_BARS` are cut, and the foot says how many."""

    title: str
    bars: tuple[PositionBar, ...]
    hidden: int = 0
    # The language and number style its words were written in (commands/charts/speech.py), so
    # the renderer writes its own (legends) in the same one.
    language: str = "en"
    regional: bool = False

    def __post_init__(self) -> None:
        if not 1 <= len(self.bars) <= MAX_BARS:
            raise ValueError(f"an overview has 1 to {MAX_BARS} bars; count the rest in `hidden`")


Chart = PriceLadder | LeverageLadder | PositionsOverview
