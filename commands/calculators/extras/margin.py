"""The margin section of /liq: `addmargin=500` (the liquidation after adding margin) and `liq=55000`
(the margin to add, or the whole leverage to open at, so that liquidation sits there), on the
venue's own formula and tiers (core.calculators.margin_solver).
"""

from __future__ import annotations

from typing import Any

from commands import display
from commands.errors import UsageError
from commands.calculators.position_reply import NONE
from commands.reply import Line
from core.errors import CalculationError
from core.calculators.margin_solver import add_margin, margin_for_liquidation
from core.i18n import _
from core.liquidation import PositionSpec

EXAMPLE = "/liq long BTC 60000 10x qty=1 addmargin=500"


def wants_margin(args: dict[str, Any]) -> bool:
    if "addmargin" in args and "liq" in args:
        raise UsageError(_("Give addmargin= or liq=, not both: one moves the liquidation, the other finds it."),
                         EXAMPLE)
    return "addmargin" in args or "liq" in args


def margin_section(args: dict[str, Any], spec: PositionSpec, unit: str) -> tuple[tuple[Line, ...], dict[str, Any]]:
    n, price = display.number, display.price
    money = display.quantity if spec.contract == "inverse" else display.amount
    try:
        if "addmargin" in args:
            change = add_margin(spec, args["addmargin"])
            lp = change.after.liquidation_price
            return ((Line(_("After adding {amount} {unit}", amount=money(change.added), unit=unit),
                          _("liquidation {price}, margin {margin} {unit}, tier {tier}",
                            price=price(lp) if lp is not None else _(NONE), margin=money(change.after.margin),
                            unit=unit, tier=change.after.tier.number)),),
                    {"added_margin": n(change.added), "liquidation_after_margin": n(lp),
                     "margin_after": n(change.after.margin)})
        solved = margin_for_liquidation(spec, args["liq"])
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    label = _("For liquidation at {price}", price=price(solved.target))
    if solved.to_add >= 0:
        margin_line = Line(label, _("add {amount} {unit} (margin {margin}, tier {tier})", amount=money(solved.to_add),
                                    unit=unit, margin=money(solved.margin), tier=solved.after.tier.number))
    else:
        margin_line = Line(label, _("you could take out {amount} {unit} (margin {margin})",
                                    amount=money(-solved.to_add), unit=unit, margin=money(solved.margin)))
    lines = [margin_line]
    if solved.leverage is not None and solved.at_leverage is not None:
        at = solved.at_leverage.liquidation_price
        lines.append(Line(_("Or open at"), _("{leverage}: liquidation {price}", leverage=display.leverage(solved.leverage),
                                             price=price(at) if at is not None else _(NONE))))
    else:
        lines.append(Line(_("Or open at"), _("no leverage reaches it, not even 1x")))
    lp_at = solved.at_leverage.liquidation_price if solved.at_leverage is not None else None
    return tuple(lines), {"target_liquidation": n(solved.target), "margin_to_add": n(solved.to_add),
                          "margin_needed": n(solved.margin), "leverage_for_target": n(solved.leverage),
                          "liquidation_at_that_leverage": n(lp_at)}
