"""/size: how much to buy so that hitting the stop loses exactly the risk you chose."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.calculators.extras import guided
from commands.calculators.extras.targets import target_section
from commands.calculators.position_args import position_spec, require
from commands.calculators.position_reply import NONE, footer, side_word, table_lines
from commands.registry import Command
from commands.reply import Line, Reply
from core.errors import CalculationError
from core.i18n import N_, _
from core.liquidation import respec
from core.risk_warnings import position_warnings
from core.calculators.sizing import size_position
from core.venues import venue as get_venue

EXAMPLE = "/size long BTC 60000 sl=58000 risk=1% balance=10000 10x"


def run(args: dict[str, Any], invocation: Invocation, context: Context):
    asked = guided.offer("size", args, ("side", "symbol", "price", "sl", "risk", "balance"), invocation, EXAMPLE)
    if asked is not None:
        return asked
    require(args, ("side", "symbol", "price", "sl", "risk", "balance"), EXAMPLE)
    base = respec(position_spec({k: v for k, v in args.items() if k != "balance"}, context, EXAMPLE),
                  margin_mode="isolated")
    balance: Decimal = args["balance"]
    kind, value = args["risk"]
    risk_amount = balance * value if kind == "pct" else value
    if risk_amount > balance:
        raise UsageError(_("The risk is larger than the balance."), EXAMPLE)
    try:
        sizing = size_position(base, balance, risk_amount, args["sl"])
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    unit = base.symbol if base.contract == "inverse" else "USDT"
    lines = [Line(_("Risk"), _("{amount} {unit} ({share} of balance)", amount=display.amount(risk_amount), unit=unit,
                                share=display.pct(risk_amount / balance * 100))),
             Line(_("Notional"), f"{display.amount(sizing.notional)} {'USD' if base.contract == 'inverse' else unit}"),
             Line(_("Stop"), f"{display.price(args['sl'])} ({display.pct((args['sl'] - base.entry) / base.entry * 100, signed=True)})"),
             Line(_("Safe leverage"), _("up to {leverage} (liquidation stays beyond the stop)",
                                        leverage=display.leverage(sizing.safe_leverage))
                  if sizing.safe_leverage else _("none: even 1x liquidates before the stop"))]
    warnings, notes = [], ()
    result = {"risk_amount": display.number(risk_amount), "quantity": display.number(sizing.quantity),
              "notional": display.number(sizing.notional), "safe_leverage": display.number(sizing.safe_leverage),
              "margin": display.number(sizing.margin), "leverage": display.number(base.leverage),
              "liquidation_price": None}
    if sizing.at_leverage is not None:
        liq = sizing.at_leverage
        lp = liq.liquidation_price
        lines.append(Line(_("At {leverage}", leverage=display.leverage(liq.leverage)),
                          _("margin {margin} {unit}, liquidation {price}", margin=display.amount(liq.margin), unit=unit,
                            price=display.price(lp) if lp else _(NONE))))
        if liq.margin > balance:
            lines.append(Line(_("Note"), _("that margin is more than your balance")))
        warnings = position_warnings(liq, args["sl"], context.leverage_threshold)
        table_notes, stale = table_lines(liq, context.now())
        notes = (*table_notes, *footer(liq))
        warnings = [*warnings, *stale]
        result["liquidation_price"] = display.number(lp)
    if args.get("tp"):
        fee = base.fee if base.fee is not None else get_venue(base.venue).taker_fee
        more, fields = target_section(base.side, base.entry, sizing.quantity, fee, args["tp"], args["sl"],
                                      base.contract, unit)
        lines += more
        result.update(fields)
    return Reply(command="size", title=_("{symbol} {side} sizing", symbol=base.symbol, side=side_word(base.side)),
                 headline=Line(_("Quantity"), f"{display.quantity(sizing.quantity)} {base.symbol}"),
                 lines=tuple(lines), warnings=tuple(warnings),
                 notes=notes or (_("Sizing ignores fees and slippage; the stop may fill worse than its price."),),
                 result=result)


COMMAND = Command(
    name="size",
    summary=N_("Position size from your risk budget and stop, and the leverage that keeps the stop safe"),
    options=(o.SIDE, o.SYMBOL, o.PRICE, replace(o.STOP, required=True), o.RISK, replace(o.BALANCE, required=True),
             o.LEVERAGE, o.VENUE, o.CONTRACT, o.MMR, o.CUM, o.FEE, o.TAKE_PROFIT,
             *o.CONTRACT_CHOICE),
    examples=(EXAMPLE, "/size short ETH 3000 sl=3100 risk=50 balance=2000",
              "/size long BTC 60000 sl=58000 risk=1% balance=10000 tp=63000,66000"),
    user_install=True,
    run=run,
    inline=True,
)
