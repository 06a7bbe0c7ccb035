"""Isolated margin both ways: the liquidation after adding margin, and the margin that puts the
liquidation at a chosen price, on the venue's own formula and tier table.

Adding margin raises the wallet behind the position (WB) and leaves size and leverage as they were
(Bybit's inverse formula tells the initial margin from the extra, so the leverage is kept).

The inverse is solved per tier, because the tier is chosen at the liquidation price: for each tier
the wallet W with formula(W) = target is found by bisection (every venue formula moves the price
away from entry as W grows), then checked with core.liquidation itself; the first tier whose answer
holds the position at the target is the venue's. Worked example (Binance BTCUSDT, 1 BTC long at
60,000, 10x, margin 6,000, LP 54,221.11 in tier 2): target 45,000 lies in tier 1 (notional 45,000 <
50,000), so W = 60,000 − 45,000·(1 − 0.004) = 15,180 and 9,180 must be added. Opening instead at
the highest whole leverage whose liquidation is at or beyond the target (the /lev search, with the
target as its limit): 3x, LP (60,000 − 20,000)/0.996 = 40,160.64.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import CalculationError
from core.i18n import _
from core.formulas import ZERO
from core.liquidation import Liquidation, PositionSpec, liquidation, respec
from core.calculators.stop_leverage import highest_leverage_beyond
from core.tiers import Tier

MAX_DOUBLINGS = 80
MAX_HALVINGS = 400
MATCH = Decimal("1e-9")  # relative: the solved LP equals the target to 9 significant digits


def isolated_position(spec: PositionSpec, what: str) -> Liquidation:
    """The position as it stands, refused unless it is isolated and has a size (margin is in play)."""
    if spec.margin_mode != "isolated":
        raise CalculationError(_("{option} applies to an isolated position; in cross the whole balance backs it.",
                                 option=what),
                               "/liq long BTC 60000 10x isolated qty=1 addmargin=500")
    base = liquidation(spec)
    if not base.sized:
        raise CalculationError(_("{option} needs the position's size: give qty=, notional= or margin=.", option=what),
                               "/liq long BTC 60000 10x qty=1 addmargin=500")
    return base


def with_margin(base: Liquidation, margin: Decimal) -> Liquidation:
    """The same position (size, entry, leverage) with `margin` posted: the one way every feature
    here (added margin, funding taken from the margin) moves an isolated wallet."""
    if margin <= 0:
        raise CalculationError(_("That leaves no margin behind the position: it would be liquidated."),
                               "/liq long BTC 60000 10x qty=1 addmargin=500")
    return liquidation(respec(base.spec, quantity=base.quantity, notional=None, margin=margin,
                              leverage=base.leverage))


@dataclass(frozen=True)
class MarginChange:
    before: Liquidation
    added: Decimal
    after: Liquidation


def add_margin(spec: PositionSpec, amount: Decimal) -> MarginChange:
    """`addmargin=`: the liquidation after `amount` (settlement asset) is added to the margin."""
    if amount <= 0:
        raise CalculationError(_("addmargin= must be more than zero."), "/liq long BTC 60000 10x qty=1 addmargin=500")
    before = isolated_position(spec, "addmargin=")
    return MarginChange(before, amount, with_margin(before, before.margin + amount))


@dataclass(frozen=True)
class MarginTarget:
    before: Liquidation
    target: Decimal
    margin: Decimal  # the margin the position needs in all
    to_add: Decimal  # negative: that much could be taken out
    after: Liquidation
    # The highest whole leverage to open at instead, whose liquidation lies beyond the target; None
    # when even 1x does not reach it.
    leverage: Decimal | None
    at_leverage: Liquidation | None


def _beyond(lp: Decimal | None, target: Decimal, side: int) -> bool:
    """At or past the target, away from entry (no liquidation at all is the farthest)."""
    return lp is None or (lp - target) * side <= 0


def _wallet_for(base: Liquidation, tier: Tier, target: Decimal) -> Decimal | None:
    """The wallet that puts this tier's formula at `target`, or None when none does."""
    inputs, side = base.inputs._replace(mmr=tier.mmr, cum=tier.maintenance_amount), base.spec.side

    def lp(wallet: Decimal) -> Decimal | None:
        return base.formula.liquidation(inputs._replace(wb=wallet))

    low, high = ZERO, inputs.n / inputs.ep if base.spec.contract == "inverse" else inputs.n
    if _beyond(lp(low), target, side):
        return None
    for _step in range(MAX_DOUBLINGS):
        if _beyond(lp(high), target, side):
            break
        low, high = high, high * 2
    else:
        return None
    for _step in range(MAX_HALVINGS):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        low, high = (low, middle) if _beyond(lp(middle), target, side) else (middle, high)
    return high


def _solve(base: Liquidation, target: Decimal) -> Liquidation:
    too_close = False
    for tier in base.table.tiers:
        wallet = _wallet_for(base, tier, target)
        if wallet is None:
            continue
        try:
            after = with_margin(base, wallet)
        except CalculationError:
            too_close = True  # the wallet is below the maintenance margin at entry
            continue
        lp = after.liquidation_price
        if after.tier.number == tier.number and lp is not None and abs(lp - target) <= target * MATCH:
            return after
    if too_close:
        raise CalculationError(_("That price is too close to the entry: the margin it needs is below the venue's "
                                 "maintenance margin, so the position would be liquidated at once."),
                               "/liq long BTC 60000 10x qty=1 liq=55000")
    shown = f"{target:f}"
    raise CalculationError(_("No margin puts the liquidation at {price} with {venue}'s formula and tier table (it "
                             "would cross into a tier that moves it elsewhere).", price=shown, venue=base.venue.name),
                           "/liq long BTC 60000 10x qty=1 liq=55000")


def margin_for_liquidation(spec: PositionSpec, target: Decimal) -> MarginTarget:
    """`liq=`: the margin that puts the liquidation at `target`, and the whole leverage to open at
    instead (which puts it at or beyond the target: venues take whole leverage steps)."""
    before = isolated_position(spec, "liq=")
    side = spec.side
    if target <= 0 or (spec.entry - target) * side <= 0:
        raise CalculationError(_("A liquidation price lies below the entry for a long and above it for a short."),
                               "/liq long BTC 60000 10x qty=1 liq=55000")
    after = _solve(before, target)
    free = respec(spec, quantity=before.quantity, notional=None, margin=None)
    leverage = highest_leverage_beyond(free, target)
    at_leverage = None if leverage is None else liquidation(respec(free, leverage=leverage))
    return MarginTarget(before, target, after.margin, after.margin - before.margin, after, leverage, at_leverage)
