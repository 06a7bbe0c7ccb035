"""The highest leverage at which the venue liquidates beyond the stop, so the stop fires first.

One rule, used by /size (its "safe leverage") and /lev: the liquidation price must lie beyond the
stop by a buffer of 10% of the entry-to-stop distance, at least 0.5% of entry, because the mark
price that liquidates can wick past a stop that the last price has not yet filled. Leverage is a
whole number (venues take whole steps), searched on the venue's own formula and tier table.

Worked example (Binance BTCUSDT tier 1, MMR 0.4%, cum 0): long 60,000, stop 58,000 → buffer
max(10% of 2,000, 0.5% of 60,000) = 300, limit 57,700. LP at L is 60,000·(1 − 1/L)/0.996: at 24x
57,500/0.996 = 57,730.92 (above the limit: not safe), at 23x 57,391.30/0.996 = 57,621.79 (safe),
so the answer is 23x; the ladder shows 20x, 10x, 5x and 3x.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import CalculationError
from core.i18n import _
from core.liquidation import Liquidation, PositionSpec, liquidation, respec

BUFFER_SHARE = Decimal("0.10")
MIN_BUFFER = Decimal("0.005")
LADDER = (100, 75, 50, 25, 20, 10, 5, 3, 2)
LADDER_RUNGS = 4


def buffered_stop(entry: Decimal, stop: Decimal, side: int, share: Decimal = BUFFER_SHARE) -> Decimal:
    """The price the liquidation must stay beyond: the stop moved away from entry by the buffer
    (`share` of the entry-to-stop distance, /lev's buffer=; never under 0.5% of entry)."""
    buffer = max(abs(entry - stop) * share, entry * MIN_BUFFER)
    return stop - side * buffer


def stop_fires_first(liq: Liquidation, limit: Decimal) -> bool:
    lp = liq.liquidation_price
    return lp is None or (limit - lp) * liq.spec.side > 0


def _safe_at(spec: PositionSpec, leverage: int, limit: Decimal) -> bool:
    try:
        return stop_fires_first(liquidation(respec(spec, leverage=Decimal(leverage))), limit)
    except CalculationError:
        return False  # the venue would liquidate at once at this leverage


def _first_guess(spec: PositionSpec, limit: Decimal, mmr: Decimal, top: int) -> int:
    """Where the answer usually is: a position is liquidated about 1/L − MMR from entry, so the stop
    (at relative distance d) stays safe up to L ≈ 1/(d + MMR)."""
    distance = (spec.entry - limit) * spec.side / spec.entry
    if distance + mmr <= 0:
        return 1
    return max(1, min(top, int(1 / (distance + mmr))))


def _highest_safe_leverage(spec: PositionSpec, limit: Decimal, top: int, guess: int) -> Decimal | None:
    """Binary search: the liquidation price only moves toward entry as leverage rises.

    The search starts by testing `guess` and its neighbour; when the guess is right (the usual
    case) that settles it in two venue calculations instead of seven. Each test only narrows
    [low, high] the way a halving step would, so the answer is the same as a plain binary search.
    """
    low, high = 0, top
    if _safe_at(spec, guess, limit):
        low = guess
        if guess < top and not _safe_at(spec, guess + 1, limit):
            high = guess
    else:
        high = guess - 1
        if guess > 1 and _safe_at(spec, guess - 1, limit):
            low = guess - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _safe_at(spec, middle, limit):
            low = middle
        else:
            high = middle - 1
    return Decimal(low) if low >= 1 else None


def highest_leverage_beyond(spec: PositionSpec, limit: Decimal) -> Decimal | None:
    """The highest whole leverage (up to the venue's maximum for the size at entry) whose liquidation
    lies beyond `limit`, away from entry; None when even 1x does not. `spec` carries the size (or
    none: the first tier is assumed) and no posted margin: the margin follows the leverage."""
    at_one = liquidation(respec(spec, leverage=Decimal(1)))
    top = int(at_one.max_leverage_at_entry)
    return _highest_safe_leverage(spec, limit, top, _first_guess(spec, limit, at_one.tier.mmr, top))


def safe_leverage(spec: PositionSpec, stop: Decimal, share: Decimal = BUFFER_SHARE) -> Decimal | None:
    """The highest whole leverage whose liquidation lies beyond the buffered stop."""
    return highest_leverage_beyond(spec, buffered_stop(spec.entry, stop, spec.side, share))


@dataclass(frozen=True)
class StopLeverage:
    stop: Decimal
    limit: Decimal  # the buffered stop the liquidation must stay beyond
    leverage: Decimal | None
    at_leverage: Liquidation | None
    ladder: tuple[Liquidation, ...]  # round leverages below `leverage`, highest first


def leverage_for_stop(spec: PositionSpec, stop: Decimal, share: Decimal = BUFFER_SHARE) -> StopLeverage:
    """/lev: the safe leverage for `stop`, its liquidation, and up to four round leverages below.
    The margin follows the leverage (posted margin and cross balance are not used)."""
    if stop <= 0 or (spec.entry - stop) * spec.side <= 0:
        raise CalculationError(_("The stop must be below the entry for a long and above it for a short."),
                               "/lev long BTC 60000 sl=58000")
    free = respec(spec, leverage=None, margin=None, balance=None)
    best = safe_leverage(free, stop, share)
    limit = buffered_stop(spec.entry, stop, spec.side, share)
    if best is None:
        return StopLeverage(stop, limit, None, None, ())
    rungs = [Decimal(r) for r in LADDER if r < best][:LADDER_RUNGS]
    return StopLeverage(stop, limit, best,
                        liquidation(respec(free, leverage=best)),
                        tuple(liquidation(respec(free, leverage=r)) for r in rungs))
