"""Funding over a planned hold: what the position pays or receives, and where an isolated position
is liquidated once that funding has gone through its margin.

Each funding time a position pays rate × position value (quote for linear, coin for inverse) when
the rate is positive and it is long, or negative and it is short; the other side receives it. The
value is taken at the entry price: a projection, not a forecast of the mark. Venues book funding
into the isolated wallet (Binance's FAQ: "funding and fees are booked into the isolated wallet, so
the real LP moves over time"), so the liquidation after the hold is the venue's liquidation with
the margin moved by that total (core.calculators.margin_solver.with_margin).

Only whole intervals are counted: a hold that is not a multiple of the interval may cross one more
funding time, depending on when it starts, and the result says so.

Worked example: long 1 BTC at 60,000, 10x on Binance (margin 6,000), 0.01% every 8 h, held 3 days:
72/8 = 9 intervals, each 60,000·0.0001 = 6 paid, 54 in all; the margin becomes 5,946 and the
liquidation price (60,000 − 5,946 + 50)/(1 − 0.005) = 54,275.38 instead of 54,221.11.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import CalculationError
from core.i18n import _
from core.liquidation import Liquidation, PositionSpec, liquidation
from core.calculators.margin_solver import with_margin

DEFAULT_INTERVAL_HOURS = Decimal(8)


@dataclass(frozen=True)
class FundingProjection:
    rate: Decimal
    interval_hours: Decimal
    hold_hours: Decimal
    intervals: int
    per_interval: Decimal  # signed, to the position: negative is paid, positive received
    total: Decimal  # per_interval × intervals, in the settlement asset
    one_more_possible: bool  # the hold is not a whole number of intervals
    before: Liquidation
    after: Liquidation | None  # isolated only; None when funding would use up the margin
    margin_exhausted: bool


def funding_intervals(hold_hours: Decimal, interval_hours: Decimal) -> tuple[int, bool]:
    """Whole funding intervals in the hold, and whether a remainder could cross one more."""
    if hold_hours <= 0 or interval_hours <= 0:
        raise CalculationError(_("The hold and the funding interval must be more than zero."),
                               "/pnl long BTC 60000 10x qty=1 funding=0.01% hold=3d")
    whole = int(hold_hours // interval_hours)
    return whole, hold_hours > whole * interval_hours


def funding_flow(side: int, value: Decimal, rate: Decimal) -> Decimal:
    """Funding to the position for one interval: a positive rate takes from longs, pays shorts."""
    return -side * rate * value


def project_funding(spec: PositionSpec, rate: Decimal, hold_hours: Decimal,
                    interval_hours: Decimal = DEFAULT_INTERVAL_HOURS) -> FundingProjection:
    """`funding=`, `every=`, `hold=`: the funding over the hold and, for an isolated position, the
    liquidation price with that funding taken from (or added to) the margin."""
    count, remainder = funding_intervals(hold_hours, interval_hours)
    before = liquidation(spec)
    if not before.sized:
        raise CalculationError(_("Funding is paid on the position's value: give qty=, notional= or margin=."),
                               "/pnl long BTC 60000 10x qty=1 funding=0.01% hold=3d")
    assert before.notional is not None
    value = before.notional / spec.entry if spec.contract == "inverse" else before.notional
    per_interval = funding_flow(spec.side, value, rate)
    total = per_interval * count
    after, exhausted = None, False
    if spec.margin_mode == "isolated":
        left = before.margin + total
        if left <= 0:
            exhausted = True
        else:
            try:
                after = with_margin(before, left)
            except CalculationError:
                exhausted = True  # below the maintenance margin: liquidated before the hold ends
    return FundingProjection(rate, interval_hours, hold_hours, count, per_interval, total, remainder,
                             before, after, exhausted)
