"""The take-profit section of a position answer (`tp=` on /liq, /size, /pnl and saved positions):
per target its price, share, PnL net of taker fees in and out and R:R against the stop; then the
blended R:R, the total and what is left open. Computed by core.calculators.targets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands import display
from commands.errors import UsageError
from commands.reply import Line
from core.errors import CalculationError
from core.calculators.targets import plan_targets
from core.i18n import _

Targets = tuple[tuple[Decimal, Decimal], ...]
HUNDRED = Decimal(100)


def first_target(targets: Targets | None) -> Decimal | None:
    """The nearest target's price, the one /positions shows next and the store keeps as take_profit."""
    return targets[0][0] if targets else None


def share_text(share: Decimal) -> str:
    """0.5 -> "50%", 1/3 -> "33.33%"."""
    return f"{(share * HUNDRED).quantize(Decimal('0.01')).normalize():f}%"




def target_section(side: int, entry: Decimal, quantity: Decimal, fee: Decimal, targets: Targets,
                   stop: Decimal | None, contract: str, unit: str) -> tuple[tuple[Line, ...], dict[str, Any]]:
    """Lines for the reply and the `targets` JSON fields. `quantity` as core.calculators.pnl takes it."""
    try:
        plan = plan_targets(side, entry, quantity, fee, targets, stop, contract)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    money = display.quantity if contract == "inverse" else display.amount
    lines = [Line(f"TP{i}", _("{price} × {share}: net {net} {unit}", price=display.price(t.price),
                              share=share_text(t.share), net=money(t.net), unit=unit) if t.rr is None else
                  _("{price} × {share}: net {net} {unit}, R:R 1 : {rr}", price=display.price(t.price),
                    share=share_text(t.share), net=money(t.net), unit=unit, rr=display.amount(t.rr)))
             for i, t in enumerate(plan.targets, 1)]
    total = dict(net=money(plan.total_net), unit=unit, fees=money(plan.total_fees))
    lines.append(Line(_("Targets total"), _("{net} {unit} net (fees {fees})", **total) if plan.blended_rr is None else
                      _("{net} {unit} net (fees {fees}), blended R:R 1 : {rr}", rr=display.amount(plan.blended_rr),
                        **total)))
    if plan.left_open_share > 0:
        lines.append(Line(_("Left open"), f"{share_text(plan.left_open_share)} "
                                          f"({display.quantity(plan.left_open_quantity)})"))
    n = display.number
    result = {"targets": [{"price": n(t.price), "share_pct": n(t.share * HUNDRED), "quantity": n(t.quantity),
                           "pnl": n(t.gross), "fees": n(t.fees), "net_pnl": n(t.net), "rr": n(t.rr)}
                          for t in plan.targets],
              "targets_net_pnl": n(plan.total_net), "targets_fees": n(plan.total_fees),
              "blended_rr": n(plan.blended_rr), "left_open_pct": n(plan.left_open_share * HUNDRED),
              "loss_at_stop": n(plan.loss_at_stop)}
    return tuple(lines), result
