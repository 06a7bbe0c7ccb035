"""Averaging into a position without saving it: several fills become one position on the venue.

The average entry is weighted by size: Σ qᵢ·pᵢ / Σ qᵢ. The same figure is the venues' average for
inverse contracts, where the size is in USD (Nᵢ = qᵢ·pᵢ) and the average is the harmonic one,
Σ Nᵢ / Σ (Nᵢ/pᵢ) = Σ qᵢ·pᵢ / Σ qᵢ. Each fill posts its own isolated margin at the leverage, which
adds up to the whole notional over the leverage, so the averaged position is liquidated like one
position of the total size at the average entry. The first fill alone is computed too, so a reply
can show how far averaging moved the liquidation.

Worked example: long 0.5 BTC at 60,000 and 0.3 at 58,000 → 0.8 BTC at (30,000 + 17,400)/0.8 =
59,250, notional 47,400, margin at 25x 1,896; on Binance tier 1 (MMR 0.4%) LP = 59,250·(1 − 1/25)/
0.996 = 57,108.43, against 57,831.33 after the first fill alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from core.errors import CalculationError
from core.i18n import _, _n
from core.liquidation import Liquidation, PositionSpec, liquidation, respec

MAX_FILLS = 20
EXAMPLE = "/avg long BTC 0.5@60000 0.3@58000 25x"


@dataclass(frozen=True)
class Averaged:
    fills: tuple[tuple[Decimal, Decimal], ...]  # (quantity, price) as given
    quantity: Decimal
    entry: Decimal
    notional: Decimal
    margin: Decimal
    liquidation: Liquidation
    first_fill: Liquidation


def average_entry(fills: Sequence[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    """(total quantity, size-weighted average price)."""
    if not fills:
        raise CalculationError(_("Give at least one fill as qty@price."), EXAMPLE)
    if len(fills) > MAX_FILLS:
        raise CalculationError(_n("At most {count} fill, please.", "At most {count} fills, please.", MAX_FILLS),
                               EXAMPLE)
    if any(q <= 0 or p <= 0 for q, p in fills):
        raise CalculationError(_("Each fill needs a quantity and a price above zero."), EXAMPLE)
    quantity = sum((q for q, _price in fills), Decimal(0))
    return quantity, sum((q * p for q, p in fills), Decimal(0)) / quantity


def average_fills(base: PositionSpec, fills: Sequence[tuple[Decimal, Decimal]]) -> Averaged:
    """`base` carries venue, symbol, side, contract, margin mode, leverage (required) and any
    overrides (mmr=, cross balance); its entry, size and posted margin are replaced by the fills'."""
    if base.leverage is None:
        raise CalculationError(_("Give the leverage the fills were opened at, like 25x."), EXAMPLE)
    quantity, entry = average_entry(fills)
    whole = liquidation(respec(base, entry=entry, quantity=quantity, notional=None, margin=None))
    first_quantity, first_price = fills[0]
    first = liquidation(respec(base, entry=first_price, quantity=first_quantity, notional=None, margin=None))
    assert whole.notional is not None
    return Averaged(tuple(fills), quantity, entry, whole.notional, whole.margin, whole, first)
