"""/price: a venue's current mark price for a symbol, the price liquidations trigger on."""

from __future__ import annotations

from typing import Any

from commands import display
from commands import options as o
from commands.context import Context
from commands.invocation import Invocation
from commands.calculators.position_args import contract_of, require
from commands.calculators.position_reply import MARK_NOTE, kind_word
from commands.calculators.price_port import PriceUnavailable
from commands.registry import Command
from commands.reply import ErrorInfo, Line, Reply
from core.i18n import N_, _
from core.venues import venue as get_venue

EXAMPLE = "/price BTC"
NO_FEED = N_("Live prices are not enabled on this bot. Give an entry price to /liq, /size and /pnl.")


def unavailable(command: str, why: str) -> Reply:
    return Reply(command=command, error=ErrorInfo("price_unavailable", why))


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    require(args, ("symbol",), EXAMPLE)
    venue = get_venue(args.get("venue", context.default_venue))
    symbol, contract = args["symbol"][0], contract_of(args)
    if context.prices is None:
        return unavailable("price", _(NO_FEED))
    try:
        mark = await context.prices.mark(venue.key, contract, symbol)
    except PriceUnavailable as exc:
        return unavailable("price", _("Couldn't get {venue}'s {symbol} {contract} mark price: {why} "
                                      "Try again in a moment.", venue=venue.name, symbol=symbol,
                                      contract=kind_word(contract), why=exc.message))
    return Reply(
        command="price", title=_("{symbol} mark price · {venue} {contract}", symbol=symbol, venue=venue.name,
                                 contract=kind_word(contract)),
        headline=Line(_("Mark"), display.price(mark.price)),
        lines=(Line(_("Instrument"), mark.instrument), Line(_("As of"), mark.fetched_at.strftime("%H:%M:%S UTC"))),
        notes=(_(MARK_NOTE),
               _("{example} without a price uses this mark as the entry.", example="/liq long " + symbol + " 25x")),
        result={"venue": venue.key, "contract": contract, "symbol": symbol, "instrument": mark.instrument,
                "mark_price": display.number(mark.price), "as_of": mark.fetched_at.isoformat()})


COMMAND = Command(
    name="price",
    summary=N_("A venue's current mark price (what liquidation triggers on)"),
    options=(o.SYMBOL, o.VENUE, o.CONTRACT),
    examples=(EXAMPLE, "/price ETH bybit", "/price BTCUSD inverse okx"),
    user_install=True,
    run=run,
    inline=True,
    accepts_free_text=False,
)
