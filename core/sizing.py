"""Position size from a risk budget: how much to buy so that hitting the stop loses what you chose.

quantity = risk amount / |entry − stop|; notional = quantity × entry; margin = notional / leverage.
The safe leverage is the highest whole leverage at which the venue's own liquidation price still
lies beyond the stop by a buffer (10% of the entry-to-stop distance, at least 0.5% of entry), so the
stop fires first. Example: balance 10,000, risk 1%, entry 60,000, stop 58,000 → risk 100 USDT,
0.05 BTC, 3,000 notional.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import CalculationError
from core.liquidation import Liquidation, PositionSpec, liquidation, respec

BUFFER_SHARE = Decimal("0.10")
MIN_BUFFER = Decimal("0.005")


@dataclass(frozen=True)
class Sizing:
    risk_amount: Decimal
    quantity: Decimal
    notional: Decimal
    margin: Decimal | None
    safe_leverage: Decimal | None
    at_leverage: Liquidation | None


def _buffered_stop(entry: Decimal, stop: Decimal, side: int) -> Decimal:
    buffer = max(abs(entry - stop) * BUFFER_SHARE, entry * MIN_BUFFER)
    return stop - side * buffer


def _stop_fires_first(liq: Liquidation, limit: Decimal) -> bool:
    lp = liq.liquidation_price
    return lp is None or (limit - lp) * liq.spec.side > 0


def _safe_at(spec: PositionSpec, leverage: int, limit: Decimal) -> bool:
    try:
        return _stop_fires_first(liquidation(respec(spec, leverage=Decimal(leverage))), limit)
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


def size_position(base: PositionSpec, balance: Decimal, risk_amount: Decimal, stop: Decimal) -> Sizing:
    """`base` carries venue, symbol, side, entry, contract and (optionally) leverage."""
    per_unit = (base.entry - stop) * base.side
    if per_unit <= 0:
        raise CalculationError("The stop must be below the entry for a long and above it for a short.",
                               "/size long BTC 60000 sl=58000 risk=1% balance=10000")
    if base.contract == "inverse":
        # Inverse PnL is in coin: loss at the stop per USD of notional = 1/stop − 1/entry (long).
        per_usd = abs(Decimal(1) / stop - Decimal(1) / base.entry)
        notional = risk_amount / per_usd
        quantity = notional / base.entry
    else:
        quantity = risk_amount / per_unit
        notional = quantity * base.entry
    sized = respec(base, quantity=quantity, margin=None, balance=None)
    limit = _buffered_stop(base.entry, stop, base.side)
    at_one = liquidation(respec(sized, leverage=Decimal(1)))
    top = int(at_one.max_leverage_at_entry)
    safe = _highest_safe_leverage(sized, limit, top, _first_guess(sized, limit, at_one.tier.mmr, top))
    at = liquidation(sized) if base.leverage is not None else None
    margin = at.margin if at is not None else None
    return Sizing(risk_amount, quantity, notional, margin, safe, at)
