"""/close ID [exit=price]: the trade is over. With an exit price the reply gives the realised PnL
(core/calculators/pnl.py, taker fee in and out); then the saved position is deleted. /delete removes a
position without the summary."""

from __future__ import annotations

from typing import Any

from commands import display, options as o
from commands.calculators.position_reply import side_word
from commands.context import Context
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore
from commands.registry import Command
from commands.reply import Line, Reply
from commands.saved.common import ID, compute, label_text, not_found, require_id, stored_args, with_store
from core.calculators.pnl import pnl
from core.i18n import N_, _

EXAMPLE = "/close 3 exit=65000"


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    position_id = require_id(args, EXAMPLE)

    async def job(store: PositionStore, owner: str) -> Reply:
        p = await store.get(owner, position_id)
        if p is None:
            return not_found("close", position_id)
        lines: list[Line] = []
        result: dict[str, Any] = {"id": p.id, "deleted": True}
        if "exit" in args:
            liq = compute(stored_args(p), context, EXAMPLE)
            r = pnl(liq.spec.side, p.entry, p.quantity, liq.leverage, liq.fee, p.contract, args["exit"])
            assert r.pnl is not None and r.net is not None and r.fees is not None and r.roe_pct is not None
            unit = p.symbol if p.contract == "inverse" else "USDT"
            amount = display.quantity if p.contract == "inverse" else display.amount
            lines = [Line(_("Exit"), display.price(args["exit"])), Line(_("PnL"), f"{amount(r.pnl)} {unit}"),
                     Line(_("Fees"), _("{amount} {unit} (taker {rate} in and out)", amount=amount(r.fees), unit=unit,
                                       rate=display.rate(liq.fee))),
                     Line(_("Net"), f"{amount(r.net)} {unit}"), Line(_("ROE"), display.pct(r.roe_pct, signed=True))]
            result.update(exit_price=display.number(args["exit"]), pnl=display.number(r.pnl),
                          fees=display.number(r.fees), net=display.number(r.net), roe_pct=display.number(r.roe_pct))
        if not await store.delete(owner, position_id):
            return not_found("close", position_id)
        return Reply(command="close", title=_("Closed {position} · {symbol} {side}", position=label_text(p),
                                              symbol=p.symbol, side=side_word(p.side)),
                     lines=tuple(lines), result=result,
                     notes=(_("The position is deleted from riskbot; nothing about it is kept."),))

    return await with_store("close", N_("Couldn't close that position right now: storage is unavailable. Nothing was "
                                        "lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="close",
    summary=N_("Close a saved position: realised PnL at your exit, then it is deleted"),
    options=(ID, o.EXIT),
    examples=(EXAMPLE, "/close 3"),
    user_install=True,
    run=run,
    private=True,
)
