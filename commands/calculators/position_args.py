"""Turning parsed `/liq`-style arguments into a core `PositionSpec`, shared by every command that
describes a position (`/liq`, `/size`, `/pnl`), so the defaults live in one place: linear unless
`inverse` or a USD-quoted symbol, isolated unless `cross`, the group's venue unless one is named.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands.context import Context
from commands.errors import UsageError
from commands.calculators.price_port import PriceUnavailable
from core.i18n import N_, _
from core.liquidation import PositionSpec
from core.markets import CATALOGUE
from core.venues import Venue, venue as get_venue

POSITION_OPTIONS = ("side", "symbol", "price", "leverage", "mode", "venue", "contract")
# What a missing argument is called in "Missing {what}." (joined as a list: each name stands alone).
MISSING_WORDS = {"side": N_("long or short"), "symbol": N_("a symbol (BTC)"), "price": N_("an entry price"),
                 "leverage": N_("a leverage (25x)"), "sl": N_("a stop (sl=58000)"), "balance": "balance=",
                 "risk": N_("risk= (1% or an amount)")}


def require(args: dict[str, Any], names: tuple[str, ...], example: str) -> None:
    missing = [name for name in names if name not in args]
    if missing:
        words = ", ".join(_(MISSING_WORDS[m]) if m in MISSING_WORDS else m for m in missing)
        raise UsageError(_("Missing {what}.", what=words), example)


def contract_of(args: dict[str, Any]) -> str:
    if "contract" in args:
        return args["contract"]
    quote = args["symbol"][1]
    return "inverse" if quote == "USD" else "linear"


async def with_live_entry(args: dict[str, Any], context: Context, example: str) -> tuple[dict[str, Any], str | None]:
    """`args` with the venue's current mark as the entry price when none was given, and a note
    saying so; unchanged (note None) when a price was given or the bot has no feed. When the venue
    cannot be asked, the answer is a usage error asking for an entry price: never a stale guess."""
    if "price" in args or "side" not in args or "symbol" not in args:
        return args, None
    venue_key = args.get("venue", context.default_venue)
    symbol, contract = args["symbol"][0], contract_of(args)
    if context.prices is None:
        return args, None   # no live prices on this bot: the usual "Missing an entry price" follows
    try:
        mark = await context.prices.mark(venue_key, contract, symbol)
    except PriceUnavailable as exc:
        raise UsageError(_("Price unavailable ({why}): give an entry price.", why=exc.message.rstrip('.')),
                         example) from exc
    note = _("No entry price given: used {venue}'s current mark for {instrument}.", venue=get_venue(venue_key).name,
             instrument=mark.instrument)
    return {**args, "price": mark.price}, note


def quote_of(args: dict[str, Any]) -> str | None:
    """USDT or USDC when the trader named one (`BTCUSDC`, `quote=usdc`), else None: the venue's usual."""
    if "quote" in args:
        return args["quote"]
    quote = args["symbol"][1] if "symbol" in args else None
    return quote if quote in ("USDT", "USDC") else None


def check_leverage(leverage: Decimal | None, args: dict[str, Any], v: Venue, example: str) -> None:
    """The listed contract's own maximum (its first tier) where riskbot knows the venue's maxima;
    for a venue whose maximum is not in riskbot's sources, only an absurd leverage is refused, and the
    message says the venue's maximum is not known rather than quoting riskbot's own bound."""
    if leverage is None:
        return
    asked, venue_limit = _times(leverage), "{}x".format(v.max_leverage)
    if not v.max_leverage_known:
        if leverage > v.max_leverage:
            raise UsageError(_("{leverage} is more than riskbot accepts for {venue} ({limit}); {venue}'s maximum "
                               "leverage is not known to riskbot.", leverage=asked, venue=v.name, limit=venue_limit),
                             example)
        return
    found = CATALOGUE.resolve(args["symbol"][0], v.key, contract_of(args), quote_of(args))
    if found.ok and found.contract is not None and found.contract.tiers and leverage > found.contract.max_leverage:
        c = found.contract
        raise UsageError(_("{leverage} is above {symbol}'s maximum leverage of {limit} on {venue} (table as of "
                           "{date}).", leverage=asked, symbol=c.symbol, limit=_times(c.max_leverage.normalize()),
                           venue=v.name, date=c.info.as_of), example)
    if leverage > v.max_leverage:
        raise UsageError(_("{leverage} is above {venue}'s maximum leverage of {limit}.",
                           leverage=asked, venue=v.name, limit=venue_limit), example)


def _times(leverage: Decimal) -> str:
    """`25x`: a leverage as the user would type it."""
    return f"{leverage.normalize():f}x"


def position_spec(args: dict[str, Any], context: Context, example: str) -> PositionSpec:
    require(args, ("side", "symbol", "price"), example)
    venue_key = args.get("venue", context.default_venue)
    v = get_venue(venue_key)
    leverage: Decimal | None = args.get("leverage")
    check_leverage(leverage, args, v, example)
    if "qty" in args and "notional" in args:
        raise UsageError(_("Give the size once: qty= (base units) or notional= (quote), not both."), example)
    mode = args.get("mode", "isolated")
    if mode == "isolated" and "balance" in args:
        raise UsageError(_("balance= is the cross wallet; for isolated margin use margin=, or add '{word}'.",
                           word="cross"), example)
    if mode == "cross" and "margin" in args:
        raise UsageError(_("margin= is isolated margin; for cross give balance=, or add '{word}'.",
                           word="isolated"), example)
    return PositionSpec(
        venue=venue_key, symbol=args["symbol"][0], side=args["side"], entry=args["price"],
        contract=contract_of(args), margin_mode=mode, leverage=leverage, quantity=args.get("qty"),
        notional=args.get("notional"), margin=args.get("margin"), balance=args.get("balance"),
        mmr=args.get("mmr"), cum=args.get("cum"), fee=args.get("fee"), quote=quote_of(args),
        opened=args.get("opened"))
