"""/portfolio balance=... [mark=...]: cross-margin liquidation prices over the caller's saved cross
positions, Binance USDⓈ-M style (core/portfolio.py): each symbol's price with every other position's
maintenance margin and unrealised PnL counted at its mark; a long and a short of one symbol (hedge
mode) share one price.

Marks: `mark=60000` when all cross positions are in one symbol, else `mark=BTC:60000,ETH:3000`.
A symbol without a mark is valued at its entry (the size-weighted average entry when several
positions hold it), so its unrealised PnL is taken as zero. The wallet is `balance=`, the cross wallet
balance the venue shows. Isolated positions and other venues' positions are listed, not counted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands import display
from commands.calculators.position_reply import side_word
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore, StoredPosition
from commands.registry import Command, Option
from commands.reply import Line, Reply
from commands.saved.common import compute, stored_args, with_store
from core.daily_moves import typical_range
from core.errors import CalculationError
from core.i18n import N_, _, _n
from core.portfolio import CrossAccount, CrossLeg, SymbolLiquidation, cross_liquidation
from core.risk_warnings import RiskWarning

EXAMPLE = "/portfolio balance=10000 mark=BTC:60000,ETH:3000"
MARK = Option("mark", "word", N_("mark prices: 60000, or BTC:60000,ETH:3000 (default: your entry)"))
BALANCE = Option("balance", "number", N_("your cross wallet balance (USDT)"), required=True, min_value=0)


def _counted(p: StoredPosition) -> bool:
    return p.margin_mode == "cross" and p.venue == "binance" and p.contract == "linear"


def _why_not(p: StoredPosition) -> str:
    if p.margin_mode != "cross":
        return _("isolated")
    return _("inverse") if p.contract == "inverse" else p.venue


def _leg(p: StoredPosition, context: Context) -> CrossLeg:
    try:
        table = compute(stored_args(p), context, EXAMPLE).table
    except UsageError as exc:
        raise UsageError(f"#{p.id} {p.symbol}: {exc.message}", exc.example) from exc
    return CrossLeg(p.symbol, 1 if p.side == "long" else -1, p.quantity, p.entry, table, p.id)


def _marks(given: dict[str | None, Decimal], legs: list[CrossLeg]) -> tuple[dict[str, Decimal], set[str]]:
    symbols = list(dict.fromkeys(leg.symbol for leg in legs))
    if None in given:
        if len(symbols) > 1:
            raise UsageError(_("Your cross positions are in {symbols}: say which mark is which.",
                               symbols=", ".join(symbols)), EXAMPLE)
        given = {symbols[0]: given[None]}
    unknown = [s for s in given if s not in symbols]
    if unknown:
        raise UsageError(_("You have no saved cross position in {symbols}.",
                           symbols=", ".join(str(s) for s in unknown)), EXAMPLE)
    marks: dict[str, Decimal] = {}
    for symbol in symbols:
        same = [leg for leg in legs if leg.symbol == symbol]
        size = sum((leg.quantity for leg in same), Decimal(0))
        marks[symbol] = given.get(symbol) or sum((leg.quantity * leg.entry for leg in same), Decimal(0)) / size
    return marks, {s for s in symbols if s in given}


def _name(s: SymbolLiquidation) -> str:
    legs = " + ".join(f"{'#' + ',#'.join(str(k) for k in p.keys)} {side_word(p.side)}"
                      for p in s.positions)
    return _("{symbol} hedge {positions}", symbol=s.symbol, positions=legs) if s.hedged else f"{s.symbol} {legs}"


def _value(s: SymbolLiquidation) -> str:
    lp = s.liquidation_price
    if lp is None:
        return _("no liquidation")
    text = _("liq {price} ({distance} from {mark})", price=display.price(lp),
             distance=display.pct(s.distance_pct, signed=True), mark=display.price(s.mark))
    others = [p for p in s.liquidation_prices if p != lp]
    return _("{liquidation}; also at {prices}", liquidation=text, prices=", ".join(display.price(p) for p in others)) \
        if others else text


def _warnings(account: CrossAccount) -> list[RiskWarning]:
    out = []
    if account.below_maintenance:
        out.append(RiskWarning("account_below_maintenance", "danger",
                               _("At these marks your equity is at or below the maintenance margin: the venue "
                                 "would be liquidating now.")))
    for s in account.symbols:
        d = s.distance_pct
        daily = typical_range(s.symbol)
        if d is not None and abs(d) < daily.pct:
            distance, usual = f"{abs(d):.1f}%", f"{daily.pct:.1f}%"   # core's own one-decimal style
            out.append(RiskWarning("liq_within_daily_range", "danger",
                                   _("{symbol} liquidates {distance} from its mark, less than its usual daily "
                                     "range (about {range}).", symbol=s.symbol, distance=distance, range=usual)))
    out.append(RiskWarning("cross_whole_balance", "warn",
                           _("Cross margin: the whole wallet backs these positions, and each one moves the others' "
                             "liquidation prices.")))
    return out


def _result(account: CrossAccount, excluded: list[StoredPosition]) -> dict[str, Any]:
    n = display.number
    return {
        "venue": "binance", "contract": "linear", "wallet": n(account.wallet), "upnl": n(account.upnl),
        "maintenance": n(account.maintenance), "margin_ratio": n(account.margin_ratio),
        "below_maintenance": account.below_maintenance,
        "symbols": [{
            "symbol": s.symbol, "mark": n(s.mark), "liquidation_price": n(s.liquidation_price),
            "liquidation_prices": [n(p) for p in s.liquidation_prices], "distance_pct": n(s.distance_pct),
            "other_maintenance": n(s.other_maintenance), "other_upnl": n(s.other_upnl), "hedge": s.hedged,
            "positions": [{"ids": list(p.keys), "side": "long" if p.side > 0 else "short", "quantity": n(p.quantity),
                           "entry_price": n(p.entry), "mmr": n(t.mmr), "maintenance_amount": n(t.maintenance_amount)}
                          for p, t in zip(s.positions, s.tiers)],
        } for s in account.symbols],
        "excluded_ids": [p.id for p in excluded],
    }


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    if "balance" not in args:
        raise UsageError(_("Give your cross wallet balance, as balance=10000."), EXAMPLE)

    async def job(store: PositionStore, owner: str) -> Reply:
        saved = await store.list(owner)
        counted = [p for p in saved if _counted(p)]
        excluded = [p for p in saved if not _counted(p)]
        if not counted:
            return Reply(command="portfolio", title=_("No saved cross positions on Binance USDⓈ-M"),
                         notes=(_("Save one: {example}", example="/save long BTC 60000 cross 10x qty=0.5"),),
                         result={"symbols": []})
        legs = [_leg(p, context) for p in counted]
        marks, given = _marks(args.get("mark", {}), legs)
        try:
            account = cross_liquidation(args["balance"], legs, marks)
        except CalculationError as exc:
            raise UsageError(exc.message, EXAMPLE) from exc
        ratio = account.margin_ratio
        lines = [Line(_name(s), _value(s)) for s in account.symbols]
        lines += [Line(_("Wallet"), f"{display.amount(account.wallet)} USDT"),
                  Line(_("Unrealised PnL"), _("{amount} USDT at the marks", amount=display.amount(account.upnl))),
                  Line(_("Maintenance"), f"{display.amount(account.maintenance)} USDT")]
        marks_text = ", ".join(f"{s} {display.price(m)}" if s in given
                               else _("{symbol} {price} (entry)", symbol=s, price=display.price(m))
                               for s, m in marks.items())
        tables = sorted({_("{table} as of {date}", table=leg.table.name, date=leg.table.as_of)
                         if leg.table.source != "your override" else _("{symbol}: your mmr=", symbol=leg.symbol)
                         for leg in legs})
        notes = [_("Marks: {marks}.", marks=marks_text) if given == set(marks)
                 else _("Marks: {marks}. Give mark= for today's prices.", marks=marks_text),
                 _("Binance cross formula: each symbol's price with the others' maintenance and unrealised PnL at "
                   "their marks. Tiers at the liquidation price: {tables}.", tables="; ".join(tables)),
                 _("Liquidation triggers on the mark price; fees and funding paid move it.")]
        if excluded:
            notes.append(_("Not counted (own wallet or venue): {positions}.",
                           positions=", ".join(f"#{p.id} ({_why_not(p)})" for p in excluded)))
        return Reply(command="portfolio", title=_n("Cross margin · Binance USDⓈ-M · {count} position",
                                                   "Cross margin · Binance USDⓈ-M · {count} positions", len(counted)),
                     headline=Line(_("Margin ratio"),
                                   display.pct(ratio * 100) if ratio is not None else _("no equity left")),
                     lines=tuple(lines), warnings=tuple(_warnings(account)), notes=tuple(notes),
                     result=_result(account, excluded))

    return await with_store("portfolio", N_("Couldn't read your positions right now: storage is unavailable. Nothing "
                                            "was lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="portfolio",
    summary=N_("Cross-margin liquidation prices across your saved cross positions (Binance)"),
    options=(BALANCE, MARK),
    examples=(EXAMPLE, "/portfolio balance=10000"),
    user_install=True,
    run=run,
    private=True,
)
