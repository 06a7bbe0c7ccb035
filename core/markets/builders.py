"""Tier tables for venues that publish less than a full table, derived by their documented rules.

Hyperliquid's `meta` endpoint gives, per coin, only a max leverage (one tier) or a margin table of
`(lowerBound, maxLeverage)` pairs. Its docs define the rest: the maintenance rate of a tier is
1/(2·max leverage), and the maintenance deduction follows the same continuity rule as Binance's
cum, `deduction_n = deduction_(n−1) + floor_n·(mmr_n − mmr_(n−1))`.

Worked example (docs, BTC "tiered 40x"): 40x from 0, 20x from 150,000,000 gives rates 1.25% and
2.5%, and deduction 150,000,000 × (0.025 − 0.0125) = 1,875,000 on the second tier.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from core.tiers import Tier
from core.venue_tiers import offsets as maintenance_amounts  # the one continuity rule (Bitget's offset, Binance's cum)

ONE, TWO, ZERO = Decimal(1), Decimal(2), Decimal(0)


def leverage_tiers(bounds: Sequence[tuple[Decimal, Decimal]]) -> tuple[Tier, ...]:
    """Tiers from `(lower bound, max leverage)` pairs in ascending order (Hyperliquid's
    `marginTiers`), each rate 1/(2·leverage), the last tier unbounded."""
    floors = [Decimal(str(b)) for b, _ in bounds]
    levs = [Decimal(str(lev)) for _, lev in bounds]
    rates = [ONE / (TWO * lev) for lev in levs]
    amounts = maintenance_amounts(floors, rates)
    caps: list[Decimal | None] = [*floors[1:], None]
    return tuple(Tier(n + 1, floors[n], caps[n], levs[n], rates[n], amounts[n]) for n in range(len(bounds)))


def single_tier(max_leverage: Decimal) -> tuple[Tier, ...]:
    """One tier at the coin's max leverage: every Hyperliquid coin without a margin table."""
    return leverage_tiers([(ZERO, max_leverage)])
