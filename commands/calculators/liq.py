"""/liq: the liquidation price the named venue would compute, with bankruptcy, distance and warnings.

`/liq cross balance=10000` with no position named is the cross-margin question over the caller's
saved positions, so it is answered by /portfolio (privately, like every answer about saved data).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from commands import options as o

from commands.saved import portfolio
from commands.charts import build
from commands.charts.policy import charted, with_chart_button
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.calculators.extras import guided
from commands.calculators.extras.funding import live_funding
from commands.calculators.extras.sections import with_sections
from commands.calculators.position_args import position_spec, with_live_entry
from commands.calculators.position_reply import liquidation_reply
from commands.registry import Command
from core.errors import CalculationError
from core.i18n import N_, _
from core.liquidation import liquidation

EXAMPLE = "/liq long BTC 60000 25x isolated"


PORTFOLIO_ONLY = {"mode", "balance"}


async def run(args: dict[str, Any], invocation: Invocation, context: Context):
    if args.get("mode") == "cross" and "balance" in args and set(args) <= PORTFOLIO_ONLY:
        reply = await portfolio.run({"balance": args["balance"]}, invocation, context)
        return replace(reply, notes=(*reply.notes, _("Same as /portfolio balance=...; give mark= there for "
                                                     "today's prices."))) if reply.ok else reply
    sized = any(name in args for name in ("qty", "notional", "margin"))
    asked = guided.offer("liq", args, ("side", "symbol", *(() if sized else ("leverage",))), invocation, EXAMPLE)
    if asked is not None and ("price" in args or context.prices is not None):
        return asked
    args, live_note = await with_live_entry(args, context, EXAMPLE)
    spec = position_spec(args, context, EXAMPLE)
    args, funding_note = await live_funding(args, spec, context)
    if spec.leverage is None and not (spec.quantity or spec.notional) and "margin" not in args:
        raise UsageError(_("Missing a leverage (25x)."), EXAMPLE)
    try:
        result = liquidation(spec)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    reply = with_sections(liquidation_reply("liq", result, context, args.get("sl"), None, bool(args.get("explain"))),
                          args, result)
    said = tuple(note for note in (live_note, funding_note) if note)
    reply = replace(reply, notes=(*said, *reply.notes)) if said and reply.ok else reply
    if args.get("chart"):
        return charted(reply, lambda: build.price_ladder(result, args.get("sl"), build.targets(args.get("tp"))),
                       invocation, context)
    return with_chart_button(reply, invocation, context)


COMMAND = Command(
    name="liq",
    summary=N_("Liquidation price, bankruptcy price and distance, as the exchange computes them"),
    options=(*o.LIVE_POSITION, o.QTY, o.NOTIONAL, o.MARGIN, o.BALANCE, o.STOP, o.TAKE_PROFIT, o.MMR, o.CUM, o.FEE, o.EXPLAIN,
             *o.CONTRACT_CHOICE, o.FUNDING, o.HOLD, o.ADD_MARGIN, o.LIQ_TARGET, o.CHART),
    # /liq is at Discord's 25-option limit: its funding interval (every=1h|4h, default 8h) goes in
    # the free text, as it does on Telegram; /pnl takes it as an option of its own.
    examples=(EXAMPLE, "/liq short ETH 3000 10x qty=2 sl=3150",
              "/liq long BTCUSD 45000 inverse cross notional=100000 balance=0.5", "/liq long BTC 60000 25x explain",
              "/liq long BTC 60000 25x sl=58000 tp=66000 chart",
              "/liq long BTC 25x", "/liq long BTC 60000 10x qty=1 sl=58000 tp=64000:50%,66000:50%",
              "/liq long BTC 60000 10x qty=1 funding=0.01% hold=3d", "/liq long BTC 60000 10x qty=1 liq=55000"),
    user_install=True,
    run=run,
    inline=True,
)
