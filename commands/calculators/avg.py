"""/avg: several fills averaged into one position without saving it: the average entry, the size,
notional and margin at the leverage, the new liquidation price, and the liquidation after the
first fill alone for comparison (core/calculators/averaging.py).

Fills are `qty@price` tokens, any number up to 20, read by commands/terms/fills.py; the rest of the
line goes through the one grammar, so `long BTC 25x cross venue=bybit` reads as it does on /liq.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.grammar import clean_tokens, parse
from commands.invocation import Invocation
from commands.calculators.position_args import position_spec, require
from commands.calculators.position_reply import NONE, liquidation_reply
from commands.registry import Command, Option
from commands.reply import Line
from commands.terms.fills import is_fill, read_fills
from core.errors import CalculationError
from core.i18n import N_, _, _n
from core.calculators.averaging import average_fills

EXAMPLE = "/avg long BTC 0.5@60000 0.3@58000 25x"
FILLS = Option("fills", "text", N_("fills as qty@price, e.g. 0.5@60000 0.3@58000"), required=True)
PRICE_FOR_SPEC = "price"


def read(rest: str) -> dict[str, Any]:
    """The fills, then everything else through the grammar (which takes no fills for /avg)."""
    tokens = clean_tokens(rest)
    fills = [token for token in tokens if is_fill(token)]
    args = parse(" ".join(token for token in tokens if not is_fill(token)), COMMAND)
    if fills:
        args["fills"] = read_fills(fills)
    return args


def run(args: dict[str, Any], invocation: Invocation, context: Context):
    if "fills" not in args:
        raise UsageError(_("Give the fills as quantity@price, like 0.5@60000 0.3@58000."), EXAMPLE)
    require(args, ("side", "symbol", "leverage"), EXAMPLE)
    first_price = args["fills"][0][1]
    base = position_spec({**args, PRICE_FOR_SPEC: first_price}, context, EXAMPLE)
    try:
        averaged = average_fills(base, args["fills"])
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example or EXAMPLE) from exc
    reply = liquidation_reply("avg", averaged.liquidation, context)
    first = averaged.first_fill.liquidation_price
    shown = " + ".join(f"{display.quantity(q)}@{display.price(p)}" for q, p in averaged.fills)
    lines = (Line(_("Fills"), shown), Line(_("Average entry"), display.price(averaged.entry)),
             Line(_("After the first fill alone"), _("liquidation {price}", price=display.price(first) if first else _(NONE))))
    n = display.number
    result = {**reply.result, "average_entry": n(averaged.entry), "total_quantity": n(averaged.quantity),
              "first_fill_liquidation": n(first), "fills": [{"quantity": n(q), "price": n(p)}
                                                            for q, p in averaged.fills]}
    return replace(reply, title=_n("{title} · {count} fill averaged", "{title} · {count} fills averaged",
                                   len(averaged.fills), title=reply.title),
                   lines=(*lines, *reply.lines), result=result)


COMMAND = Command(
    name="avg",
    summary=N_("Average several fills into one position: average entry, margin and the new liquidation"),
    options=(o.SIDE, o.SYMBOL, FILLS, o.LEVERAGE, o.MODE, o.VENUE, o.CONTRACT, o.MMR, o.CUM, o.FEE),
    examples=(EXAMPLE, "/avg short ETH 2@3000 1@3150 10x", "/avg long BTC 0.1@60000 0.1@58000 0.2@55000 20x bybit"),
    parser=read,
    user_install=True,
    run=run,
    inline=True,
)
