"""/pnl: profit or loss at an exit, return on margin, the price for a target return, break-even."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.calculators.extras import guided
from commands.calculators.extras.funding import funding_section, live_funding, wants_funding
from commands.calculators.extras.targets import target_section
from commands.calculators.position_args import position_spec, require
from commands.calculators.position_reply import side_word
from commands.registry import Command
from commands.reply import Line, Reply
from core.calculators.pnl import pnl
from core.i18n import N_, _
from core.venues import venue as get_venue

EXAMPLE = "/pnl long BTC 60000 10x qty=0.5 exit=65000"


async def run(args: dict[str, Any], invocation: Invocation, context: Context):
    asked = guided.offer("pnl", args, ("side", "symbol", "price", "leverage"), invocation, EXAMPLE)
    if asked is not None:
        return asked
    require(args, ("side", "symbol", "price", "leverage"), EXAMPLE)
    if "exit" not in args and "roe" not in args and "tp" not in args and "funding" not in args:
        raise UsageError(_("Give an exit price (exit=65000), a target return (roe=50), targets (tp=64000,66000) "
                           "or funding= with hold=."), EXAMPLE)
    spec = position_spec(args, context, EXAMPLE)
    args, funding_note = await live_funding(args, spec, context)
    if spec.quantity is None and spec.notional is None:
        raise UsageError(_("Give the size: qty= (base units) or notional=."), EXAMPLE)
    quantity = spec.quantity if spec.quantity is not None else spec.notional / spec.entry
    fee = spec.fee if spec.fee is not None else get_venue(spec.venue).taker_fee
    r = pnl(spec.side, spec.entry, quantity, spec.leverage, fee, spec.contract, args.get("exit"), args.get("roe"))
    unit = spec.symbol if spec.contract == "inverse" else "USDT"
    amount = display.quantity if spec.contract == "inverse" else display.amount
    lines: list[Line] = []
    headline = None
    if r.pnl is not None:
        headline = Line(_("PnL"), f"{amount(r.pnl)} {unit}")
        lines += [Line(_("ROE"), display.pct(r.roe_pct, signed=True)),
                  Line(_("Fees"), _("{amount} {unit} (taker {rate} in and out)", amount=amount(r.fees), unit=unit,
                                    rate=display.rate(fee))),
                  Line(_("Net"), f"{amount(r.net)} {unit}")]
    if args.get("roe") is not None:
        target = display.price(r.target_price) if r.target_price else _("not reachable")
        line = Line(_("Price for {roe} ROE", roe=display.pct(args['roe'], 0, signed=True)), target)
        headline = headline or line
        if headline is not line:
            lines.append(line)
    lines.append(Line(_("Margin"), f"{amount(r.margin)} {unit}"))
    lines.append(Line(_("Break-even"), _("{price} (with fees)", price=display.price(r.break_even))))
    n = display.number
    result = {"pnl": n(r.pnl), "fees": n(r.fees), "net_pnl": n(r.net), "roe_pct": n(r.roe_pct),
              "margin": n(r.margin), "break_even": n(r.break_even), "target_price": n(r.target_price)}
    notes: tuple[str, ...] = (_("Funding payments are not included."),)
    if args.get("tp"):
        more, fields = target_section(spec.side, spec.entry, quantity, fee, args["tp"], args.get("sl"),
                                      spec.contract, unit)
        headline = headline or more[-1]
        lines += [line for line in more if line is not headline]
        result.update(fields)
    if wants_funding(args):
        more, fields, notes = funding_section(args, spec, unit)
        headline = headline or more[0]
        lines += [line for line in more if line is not headline]
        result.update(fields)
        notes = (funding_note, *notes) if funding_note else notes
    return Reply(command="pnl", title=_("{symbol} {side} {leverage}", symbol=spec.symbol, side=side_word(spec.side),
                                        leverage=display.leverage(spec.leverage)),
                 headline=headline, lines=tuple(lines), notes=notes, result=result)


COMMAND = Command(
    name="pnl",
    summary=N_("Profit and loss, return on margin, target price and break-even with fees"),
    options=(o.SIDE, o.SYMBOL, o.PRICE, replace(o.LEVERAGE, required=True), o.QTY, o.NOTIONAL, o.EXIT, o.ROE,
             o.STOP, o.TAKE_PROFIT, o.FEE, o.VENUE, o.CONTRACT, o.MODE, *o.FUNDING_OPTIONS,
             *o.CONTRACT_CHOICE),
    examples=(EXAMPLE, "/pnl short ETH 3000 5x qty=2 roe=50", "/pnl long SOL 150 3x qty=10 sl=140 tp=180",
              "/pnl long BTC 60000 10x qty=1 sl=58000 tp=62000:50%,64000:50%",
              "/pnl long BTC 60000 10x qty=1 funding=0.01% every=8h hold=3d"),
    user_install=True,
    run=run,
    inline=True,
)
