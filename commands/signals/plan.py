"""/plan: a posted trading signal turned into a plan. Reply to the signal with `/plan risk=1%
balance=1000` (Telegram), use the message command "Plan this trade" (Discord), or paste the signal
after `/plan`. The signal is read by commands/signals/text.py.

The answer shows first what was read, field by field, so a misread is seen at once; then the size
for the risk at the average entry, the liquidation at the signal's leverage on the venue (the
group's default unless venue= is given), the stop distance, R:R per target, and the warnings,
"stop beyond liquidation" first. Without risk= and balance= there is no size: figures are per
unit and the answer says how to get one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from commands import display, options as o
from commands.context import Context
from commands.errors import UsageError
from commands.grammar import parse
from commands.invocation import Invocation
from commands.calculators.extras.targets import target_section
from commands.calculators.position_reply import footer
from commands.registry import Command, Option
from commands.reply import Line, Reply
from commands.signals.text import EXAMPLE as SIGNAL_EXAMPLE, Signal, read_signal
from core.calculators.sizing import size_position
from core.calculators.targets import equal_shares
from core.errors import CalculationError
from core.i18n import N_, _
from core.liquidation import PositionSpec, liquidation
from core.risk_warnings import RiskWarning, position_warnings
from core.venues import venue as get_venue

# The example says how to use it in words too, so it is a template (the command in it stays as typed).
EXAMPLE = N_("/plan risk=1% balance=1000 (as a reply to a signal, or with the signal pasted after it)")
LEADING_OPTION = re.compile(r"\s*([a-z]+)=(\S+)", re.ASCII | re.IGNORECASE)
SIGNAL = Option("signal", "text", N_("the signal text, if you don't reply to it"))
RISK = Option("risk", "amount", N_("risk per trade: 1% of balance, or an amount"))
FIRST = ("stop_beyond_liquidation", "stop_wrong_side")
# What the answer calls each field the reader found (commands/signals/text.py names them).
READ_LABELS = {"pair": N_("Read pair"), "side": N_("Read side"), "entry": N_("Read entry"),
               "targets": N_("Read targets"), "stop": N_("Read stop"), "leverage": N_("Read leverage"),
               "margin mode": N_("Read margin mode")}


def read(rest: str) -> dict[str, Any]:
    """`risk=1% balance=1000 venue=bybit` first, then the pasted signal (kept as written)."""
    options, position = [], 0
    while (match := LEADING_OPTION.match(rest, position)) is not None:
        options.append(match.group(0).strip())
        position = match.end()
    args = parse(" ".join(options), COMMAND)
    text = rest[position:].strip()
    if text:
        args["signal"] = text
    return args


def _read_lines(signal: Signal) -> list[Line]:
    """Each field as the message wrote it: the words are the signal's own, never translated."""
    return [Line(_(READ_LABELS[field.name]), field.seen or "?") for field in signal.seen]


def _risk(args: dict[str, Any]) -> Decimal | None:
    if "risk" not in args and "balance" not in args:
        return None
    if "risk" not in args or "balance" not in args:
        raise UsageError(_("For a size give both risk= and balance= (or neither)."), _(EXAMPLE))
    kind, value = args["risk"]
    amount = args["balance"] * value if kind == "pct" else value
    if amount > args["balance"]:
        raise UsageError(_("The risk is larger than the balance."), _(EXAMPLE))
    return amount


def _spec(signal: Signal, args: dict[str, Any], context: Context) -> PositionSpec:
    if signal.pair is None:
        raise UsageError(_("I read an entry and a stop but no pair: paste the signal with it, like #BTC/USDT."),
                         SIGNAL_EXAMPLE)
    venue = args.get("venue", context.default_venue)
    leverage = args.get("leverage", signal.leverage)
    if leverage is not None and leverage > get_venue(venue).max_leverage:
        raise UsageError(_("{leverage}x is above {venue}'s maximum leverage.", leverage=f"{leverage.normalize():f}",
                           venue=get_venue(venue).name), _(EXAMPLE))
    contract = "inverse" if signal.pair[1] == "USD" else "linear"
    return PositionSpec(venue=venue, symbol=signal.pair[0], side=signal.side, entry=signal.entry,
                        contract=contract, margin_mode="isolated", leverage=leverage)


def plan(signal: Signal, args: dict[str, Any], context: Context) -> Reply:
    lines = _read_lines(signal)
    side = "long" if signal.side > 0 else "short"
    warnings = [RiskWarning("signal_doubt", "warn", doubt) for doubt in signal.doubts]
    result: dict[str, Any] = {"pair": signal.pair[0] if signal.pair else None, "side": side,
                              "entries": [display.number(e) for e in signal.entries],
                              "entry": display.number(signal.entry), "stop": display.number(signal.stop),
                              "signal_targets": [display.number(t) for t in signal.targets],
                              "signal_leverage": display.number(signal.leverage)}
    pair = signal.pair[0] if signal.pair else "?"
    title = _("Plan: {pair} long", pair=pair) if signal.side > 0 else _("Plan: {pair} short", pair=pair)
    if (signal.entry - signal.stop) * signal.side <= 0:   # nothing can be sized: say what was read
        return Reply(command="plan", title=title, lines=tuple(lines), warnings=tuple(warnings), result=result)
    spec = _spec(signal, args, context)
    risk = _risk(args)
    unit = "USDT" if spec.contract == "linear" else spec.symbol
    distance = abs(signal.entry - signal.stop) / signal.entry * 100
    entry = display.price(signal.entry)
    lines.append(Line(_("Entry used"), _("{price} (average of the range)", price=entry)
                      if len(signal.entries) > 1 else entry))
    lines.append(Line(_("Stop distance"), display.pct(distance)))
    notes: list[str] = []
    try:
        if risk is not None:
            sizing = size_position(spec, args["balance"], risk, signal.stop)
            quantity = sizing.quantity
            lines.append(Line(_("Size"), _("{quantity} {symbol} = {notional} {unit}, risking {risk} {unit}",
                                           quantity=display.quantity(quantity), symbol=spec.symbol,
                                           notional=display.amount(sizing.notional), unit=unit,
                                           risk=display.amount(risk))))
            result.update(quantity=display.number(quantity), notional=display.number(sizing.notional),
                          risk_amount=display.number(risk))
        else:
            quantity = Decimal(1)
            notes.append(_("No size: add risk=1% balance=1000 for one. Target PnL is per 1 {symbol}.",
                           symbol=spec.symbol))
        liq = None
        if spec.leverage is not None:
            liq = liquidation(PositionSpec(**{**spec.__dict__, "quantity": quantity}))
            lp = liq.liquidation_price
            lines.append(Line(_("Liquidation at {leverage}", leverage=display.leverage(spec.leverage)),
                              _("{price} ({venue}, isolated)", price=display.price(lp) if lp else _("none"),
                                venue=liq.venue.name)))
            result.update(liquidation_price=display.number(lp), leverage=display.number(spec.leverage),
                          venue=liq.venue.key)
            warnings = position_warnings(liq, signal.stop, context.leverage_threshold) + warnings
            notes.extend(footer(liq))
        else:
            notes.append(_("The signal names no leverage: add leverage=10 for the liquidation price."))
        if signal.targets and not signal.doubts:
            targets = tuple(zip(signal.targets, equal_shares(len(signal.targets))))
            fee = get_venue(spec.venue).taker_fee
            more, fields = target_section(spec.side, spec.entry, quantity, fee, targets, signal.stop,
                                          spec.contract, unit)
            lines += more
            result.update(fields)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    if signal.margin_mode == "cross":
        notes.insert(0, _("The signal says cross: the liquidation shown is isolated; in cross your wallet moves it."))
    warnings.sort(key=lambda w: w.code not in FIRST)
    return Reply(command="plan", title=title, lines=tuple(lines), warnings=tuple(warnings), notes=tuple(notes),
                 result=result)


def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    text = args.get("signal") or invocation.reference
    if not text or not text.strip():
        raise UsageError(_("Reply to a signal message with /plan risk=1% balance=1000, or paste the signal "
                           "after it, like this:"), SIGNAL_EXAMPLE)
    return plan(read_signal(text), args, context)


COMMAND = Command(
    name="plan",
    summary=N_("Turn a posted trading signal into a plan: size for your risk, liquidation, R:R per target"),
    options=(RISK, o.BALANCE, o.VENUE, o.LEVERAGE, SIGNAL),
    examples=("/plan risk=1% balance=1000 #BTC/USDT Long Entry 60000 Stop 58000 Targets 62000 64000 Leverage 10x",),
    parser=read,
    user_install=True,
    run=run,
    inline=True,
)
