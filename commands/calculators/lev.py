"""/lev: the highest leverage at which the venue liquidates beyond your stop (with a buffer), and the
liquidation at that leverage and at a few round leverages below. /size's "safe leverage" is the
same computation (core/calculators/stop_leverage.py), so the two always agree.
"""

from __future__ import annotations

from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.calculators.position_args import position_spec, require
from commands.calculators.position_reply import NONE, footer, side_word
from commands.charts import build
from commands.charts.policy import charted, with_chart_button
from commands.registry import Command, Option
from commands.reply import Line, Reply
from core.errors import CalculationError
from core.i18n import N_, _
from core.calculators.stop_leverage import BUFFER_SHARE, leverage_for_stop
from core.liquidation import respec

EXAMPLE = "/lev long BTC 60000 sl=58000"
STOP = Option("sl", "price", N_("stop-loss price"), required=True, min_value=0, max_value=1e12)


def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    require(args, ("side", "symbol", "price", "sl"), EXAMPLE)
    spec = respec(position_spec(args, context, EXAMPLE), margin_mode="isolated")
    share = args.get("buffer", BUFFER_SHARE)
    try:
        found = leverage_for_stop(spec, args["sl"], share)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    n, price = display.number, display.price
    stop_move = (args["sl"] - spec.entry) / spec.entry * 100
    lines = [Line(_("Stop"), f"{price(args['sl'])} ({display.pct(stop_move, signed=True)})"),
             Line(_("Liquidation beyond"), _("{price} (buffer {buffer} of the stop distance, at least 0.5% of entry)",
                                             price=price(found.limit) if found.limit > 0 else _("zero (no liquidation)"),
                                             buffer=display.rate(share)))]
    result: dict[str, Any] = {"safe_leverage": n(found.leverage), "stop": n(args["sl"]), "limit": n(found.limit),
                              "liquidation_price": None, "ladder": []}
    notes: tuple[str, ...] = (_("Even 1x is liquidated before that stop: move the stop or the buffer."),)
    if found.leverage is not None and found.at_leverage is not None:
        for liq in (found.at_leverage, *found.ladder):
            lp = liq.liquidation_price
            lines.append(Line(_("At {leverage}", leverage=display.leverage(liq.leverage)),
                              _("liquidation {price}", price=price(lp) if lp else _(NONE))))
            result["ladder"].append({"leverage": n(liq.leverage), "liquidation_price": n(lp)})
        result["liquidation_price"] = result["ladder"][0]["liquidation_price"]
        notes = footer(found.at_leverage)
    headline = Line(_("Highest safe leverage"), display.leverage(found.leverage) if found.leverage else _(NONE))
    reply = Reply(command="lev", title=_("{symbol} {side} · leverage for a stop", symbol=spec.symbol,
                                         side=side_word(spec.side)),
                  headline=headline, lines=tuple(lines), notes=notes, result=result)
    if args.get("chart"):   # the leverage ladder of this venue and asset, with its daily range
        return charted(reply, lambda: build.leverage_ladder(spec.venue, spec.symbol, side=spec.side), invocation, context)
    return with_chart_button(reply, invocation, context)


COMMAND = Command(
    name="lev",
    summary=N_("The highest leverage that keeps liquidation beyond your stop, and a ladder below it"),
    options=(o.SIDE, o.SYMBOL, o.PRICE, STOP, o.BUFFER, o.QTY, o.NOTIONAL, o.VENUE, o.CONTRACT, o.MMR, o.CUM,
             o.FEE, o.CHART),
    examples=(EXAMPLE, "/lev short ETH 3000 sl=3150 buffer=20%", "/lev long BTC 60000 sl=58000 chart", "/lev long BTC 60000 sl=58000 qty=2 venue=bybit"),
    user_install=True,
    run=run,
    inline=True,
)
