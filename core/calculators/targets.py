"""Several take-profits with partial closes: what each target earns, net of fees, against the stop.

Each target closes `share` of the quantity at its price. Its PnL is core.calculators.pnl's, net of the taker fee
paid to open that part and to close it (linear: fee·q·(entry + exit); inverse in coin). Its R:R is
that net PnL over the net loss the same part takes at the stop (fees in and out too), so a target
that only covers its fees shows an R:R near zero, not the chart distance. The blended R:R is the
closed parts' net PnL over their net loss at the stop; what the shares leave is "left open".

Worked example: long 1 BTC at 60,000, stop 58,000, fee 0.05%, targets 62,000 (50%) and 64,000
(50%). Loss at the stop per BTC 2,000 + 0.0005·118,000 = 2,059. First half: 0.5·2,000 −
0.0005·0.5·122,000 = 969.5, R:R 969.5/1,029.5 = 0.94; second: 0.5·4,000 − 0.0005·0.5·124,000 =
1,969, R:R 1.91; total 2,938.5, blended 2,938.5/2,059 = 1.43.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from core.errors import CalculationError
from core.i18n import _, _n
from core.calculators.pnl import pnl

ONE = Decimal(1)
ZERO = Decimal(0)
MAX_TARGETS = 20
EXAMPLE = "/pnl long BTC 60000 10x qty=1 sl=58000 tp=62000:50%,64000:50%"


@dataclass(frozen=True)
class TargetResult:
    price: Decimal
    share: Decimal  # fraction of the quantity, 0 < share ≤ 1
    quantity: Decimal
    gross: Decimal
    fees: Decimal
    net: Decimal
    rr: Decimal | None  # None without a stop


@dataclass(frozen=True)
class TargetPlan:
    targets: tuple[TargetResult, ...]
    total_net: Decimal
    total_fees: Decimal
    loss_at_stop: Decimal | None  # net loss of the whole quantity at the stop (positive number)
    blended_rr: Decimal | None
    left_open_share: Decimal
    left_open_quantity: Decimal


def equal_shares(count: int) -> tuple[Decimal, ...]:
    """`count` parts that add up to exactly 1 (the last takes the rounding: 1/3 does not)."""
    if not 1 <= count <= MAX_TARGETS:
        raise CalculationError(_n("Give between 1 and {count} target.", "Give between 1 and {count} targets.",
                                   MAX_TARGETS), EXAMPLE)
    part = ONE / count
    return (part,) * (count - 1) + (ONE - part * (count - 1),)


def _check(side: int, entry: Decimal, stop: Decimal | None, targets: Sequence[tuple[Decimal, Decimal]]) -> None:
    if not 1 <= len(targets) <= MAX_TARGETS:
        raise CalculationError(_n("Give between 1 and {count} target.", "Give between 1 and {count} targets.",
                                   MAX_TARGETS), EXAMPLE)
    prices = [price for price, _share in targets]
    if len(set(prices)) != len(prices):
        raise CalculationError(_("A target price is listed twice."), EXAMPLE)
    if any(share <= 0 for _price, share in targets) or sum((share for _price, share in targets), ZERO) > ONE:
        raise CalculationError(_("Target shares must be above zero and add up to 100% at most."), EXAMPLE)
    if any((price - entry) * side <= 0 for price in prices):
        raise CalculationError(_("Every target must be above the entry for a long.") if side > 0 else
                               _("Every target must be below the entry for a short."), EXAMPLE)
    if stop is not None and (stop <= 0 or (entry - stop) * side <= 0):
        raise CalculationError(_("The stop must be below the entry for a long and above it for a short."), EXAMPLE)


def plan_targets(side: int, entry: Decimal, quantity: Decimal, fee: Decimal,
                 targets: Sequence[tuple[Decimal, Decimal]], stop: Decimal | None = None,
                 contract: str = "linear") -> TargetPlan:
    """`targets` is [(price, share)], shares as fractions; `quantity` in base units (for inverse,
    notional/entry, as core.calculators.pnl takes it). Amounts are in the settlement asset."""
    if quantity <= 0 or entry <= 0:
        raise CalculationError(_("The entry and the quantity must be more than zero."), EXAMPLE)
    _check(side, entry, stop, targets)
    loss_per_unit = None
    if stop is not None:
        at_stop = pnl(side, entry, ONE, ONE, fee, contract, exit_price=stop)
        assert at_stop.net is not None
        loss_per_unit = -at_stop.net
    results = []
    for price, share in targets:
        part = quantity * share
        outcome = pnl(side, entry, part, ONE, fee, contract, exit_price=price)
        assert outcome.pnl is not None and outcome.fees is not None and outcome.net is not None
        rr = outcome.net / (loss_per_unit * part) if loss_per_unit else None
        results.append(TargetResult(price, share, part, outcome.pnl, outcome.fees, outcome.net, rr))
    closed = sum((r.quantity for r in results), ZERO)
    total_net = sum((r.net for r in results), ZERO)
    blended = total_net / (loss_per_unit * closed) if loss_per_unit else None
    left = ONE - sum((r.share for r in results), ZERO)
    return TargetPlan(tuple(results), total_net, sum((r.fees for r in results), ZERO),
                      None if loss_per_unit is None else loss_per_unit * quantity, blended, left, quantity * left)
