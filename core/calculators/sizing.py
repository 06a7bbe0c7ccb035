"""Position size from a risk budget: how much to buy so that hitting the stop loses what you chose.

quantity = risk amount / |entry − stop|; notional = quantity × entry; margin = notional / leverage.
The safe leverage is the highest whole leverage at which the venue's own liquidation price still
lies beyond the stop by a buffer (10% of the entry-to-stop distance, at least 0.5% of entry), so the
stop fires first; core/calculators/stop_leverage.py holds that rule once, for /size and /lev. Example: balance
10,000, risk 1%, entry 60,000, stop 58,000 → risk 100 USDT, 0.05 BTC, 3,000 notional.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import CalculationError
from core.i18n import _
from core.liquidation import Liquidation, PositionSpec, liquidation, respec
from core.calculators.stop_leverage import safe_leverage


@dataclass(frozen=True)
class Sizing:
    risk_amount: Decimal
    quantity: Decimal
    notional: Decimal
    margin: Decimal | None
    safe_leverage: Decimal | None
    at_leverage: Liquidation | None


def size_position(base: PositionSpec, balance: Decimal, risk_amount: Decimal, stop: Decimal) -> Sizing:
    """`base` carries venue, symbol, side, entry, contract and (optionally) leverage."""
    per_unit = (base.entry - stop) * base.side
    if per_unit <= 0:
        raise CalculationError(_("The stop must be below the entry for a long and above it for a short."),
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
    safe = safe_leverage(sized, stop)
    at = liquidation(sized) if base.leverage is not None else None
    margin = at.margin if at is not None else None
    return Sizing(risk_amount, quantity, notional, margin, safe, at)
