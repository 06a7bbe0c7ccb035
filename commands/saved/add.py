"""/add ID qty@price: add to a saved position. Sizes add up and the entry becomes the size-weighted
average, as the venues book it: EP' = (Q·EP + q·p) / (Q + q). Example: 0.5 BTC at 60,000 plus
0.5 at 58,000 is 1 BTC at 59,000. Posted isolated margin grows by the added value over the
position's leverage. The reply shows the liquidation price before and after."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore
from commands.registry import Command
from commands.reply import Line, Reply
from commands.saved.common import ID, card, compute, not_found, require_id, stored_args, with_store
from core.i18n import N_, _

EXAMPLE = "/add 3 0.5@58000"


def averaged(quantity: Decimal, entry: Decimal, added: Decimal, price: Decimal) -> tuple[Decimal, Decimal]:
    total = quantity + added
    return total, (quantity * entry + added * price) / total


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    position_id = require_id(args, EXAMPLE)
    if "price" not in args or ("qty" not in args and "notional" not in args):
        raise UsageError(_("Give the size you added and its price, as 0.5@58000 (or qty=0.5 price=58000)."), EXAMPLE)
    if "qty" in args and "notional" in args:
        raise UsageError(_("Give the added size once: qty= or notional=, not both."), EXAMPLE)
    price: Decimal = args["price"]
    added: Decimal = args["qty"] if "qty" in args else args["notional"] / price

    async def job(store: PositionStore, owner: str) -> Reply:
        p = await store.get(owner, position_id)
        if p is None:
            return not_found("add", position_id)
        before = compute(stored_args(p), context, EXAMPLE)
        quantity, entry = averaged(p.quantity, p.entry, added, price)
        changes: dict[str, Any] = {"quantity": quantity, "entry": entry}
        if p.margin is not None:
            value = added if p.contract == "inverse" else added * price
            changes["margin"] = p.margin + value / before.leverage
        after = {**stored_args(p), "qty": quantity, "price": entry}
        if "margin" in changes:
            after["margin"] = changes["margin"]
        compute(after, context, EXAMPLE)  # a position the calculator refuses is never written
        updated = await store.update(owner, position_id, **changes)
        if updated is None:
            return not_found("add", position_id)
        old_lp = before.liquidation_price
        lines = (Line(_("Added"), _("{quantity} {symbol} at {price}", quantity=display.quantity(added), symbol=p.symbol,
                                    price=display.price(price))),
                 Line(_("Average entry"), f"{display.price(p.entry)} → {display.price(entry)}"),
                 Line(_("Liquidation before"), display.price(old_lp) if old_lp is not None else _("none")))
        reply = card("add", updated, context, before=lines)
        return replace(reply, result={**reply.result, "previous_entry": display.number(p.entry),
                                      "previous_liquidation_price": display.number(old_lp)})

    return await with_store("add", N_("Couldn't update that position right now: storage is unavailable. Nothing was "
                                      "lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="add",
    summary=N_("Add to a saved position: new average entry and new liquidation price"),
    options=(ID, o.QTY, o.NOTIONAL, o.PRICE),
    examples=(EXAMPLE, "/add 3 qty=0.5 price=58000"),
    user_install=True,
    run=run,
    private=True,
)
