"""The reply card for one computed position: headline liquidation price, then distance, bankruptcy,
size and margin, then warnings and the assumptions footer. Shared by every command that shows a
position so the card looks the same everywhere."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from commands import display
from commands.context import Context
from commands.reply import Line, Reply
from core.liquidation import Liquidation
from core.risk_warnings import position_warnings


def _settle(liq: Liquidation) -> str:
    return liq.spec.symbol if liq.spec.contract == "inverse" else "USDT" if liq.venue.key != "hyperliquid" else "USDC"


def _distance(liq: Liquidation) -> str:
    d = liq.distance_pct
    if d is None:
        return "none"
    word = "falls" if d < 0 else "rises"
    return f"{display.pct(d, signed=True)} (if the price {word} {display.pct(abs(d))})"


def title(liq: Liquidation) -> str:
    spec = liq.spec
    side = "long" if spec.side > 0 else "short"
    kind = "inverse" if spec.contract == "inverse" else "linear"
    return (f"{spec.symbol} {side} {display.leverage(liq.leverage)} {spec.margin_mode} · "
            f"{liq.venue.name} {kind}")


def footer(liq: Liquidation) -> tuple[str, ...]:
    t, tier, spec = liq.table, liq.tier, liq.spec
    return _footer(liq.venue.name, t.name, t.source, t.as_of, t.verified, tier.number, tier.mmr,
                   tier.maintenance_amount, liq.sized, liq.fee if liq.formula.uses_fee else None,
                   spec.margin_mode == "cross" and spec.balance is None)


@lru_cache(maxsize=1024)
def _footer(venue_name: str, table_name: str, source: str, as_of: str, verified: bool, tier_number: int,
            mmr: Decimal, maintenance_amount: Decimal, sized: bool, fee: Decimal | None,
            cross_without_balance: bool) -> tuple[str, ...]:
    """The notes under a position card, cached: they depend only on these arguments, and a chat
    asks about the same few markets and tiers all day. Keyed by value, so it cannot go stale: every
    Decimal here is a rate or amount that is never negative and is shown through `normalize` or
    `quantize`, so two equal keys (0.005 and 0.0050) print the same text."""
    tier_text = f"MMR {display.rate(mmr)}"
    if maintenance_amount:
        tier_text += f", maintenance amount {display.amount(maintenance_amount, 4).rstrip('0').rstrip('.')}"
    if source == "your override":
        where = f"your mmr= ({tier_text})"
    else:
        dated = f" as of {as_of}" if as_of else ""
        where = f"{table_name.split(' ', 1)[-1]} tier {tier_number}{dated} ({tier_text})" + ("" if verified else ", unverified capture")
    notes = [f"{venue_name} formula, {where}. /liq ... explain shows the source."]
    if not sized:
        notes.append("No size given: the first tier is assumed. Add qty= or notional= for the exact tier.")
    if fee is not None:
        notes.append(f"Taker fee {display.rate(fee)} included, as this venue's formula does.")
    else:
        notes.append("Fees are not in this venue's formula; funding and fees paid move the price over time.")
    notes.append("Liquidation triggers on the mark price, not the last trade.")
    if cross_without_balance:
        notes.append("Cross without balance=: assumes the wallet holds only this position's margin.")
    return tuple(notes)


def result_fields(liq: Liquidation) -> dict:
    spec, n = liq.spec, display.number
    return {
        "liquidation_price": n(liq.liquidation_price), "bankruptcy_price": n(liq.bankruptcy_price),
        "distance_pct": n(liq.distance_pct), "venue": liq.venue.key, "contract": spec.contract,
        "side": "long" if spec.side > 0 else "short", "margin_mode": spec.margin_mode, "symbol": spec.symbol,
        "entry_price": n(spec.entry), "leverage": n(liq.leverage), "quantity": n(liq.quantity),
        "notional": n(liq.notional), "margin": n(liq.margin) if liq.sized else None, "mmr": n(liq.tier.mmr),
        "maintenance_amount": n(liq.tier.maintenance_amount), "tier": liq.tier.number, "fee": n(liq.fee)
        if liq.formula.uses_fee else None, "table_as_of": liq.table.as_of or None,
    }


def explanation(liq: Liquidation) -> tuple[Line, ...]:
    i = liq.inputs
    shown = {"s": i.s, "EP": i.ep, "Q": i.q, "N": i.n, "WB": i.wb, "MMR": i.mmr, "cum": i.cum}
    if liq.formula.uses_fee:
        shown["fee"] = i.fee
    values = ", ".join(f"{k}={v if isinstance(v, int) else display.quantity(v)}" for k, v in shown.items())
    lp = display.price(liq.liquidation_price) if liq.liquidation_price else "none (≤ 0)"
    return (Line("Formula", liq.formula.text), Line("With your numbers", f"{values} → LP = {lp}"),
            Line("Source", liq.rule.source))


def liquidation_reply(command: str, liq: Liquidation, context: Context, stop: Decimal | None = None,
                      take_profit: Decimal | None = None, explain: bool = False) -> Reply:
    settle = _settle(liq)
    lp = liq.liquidation_price
    lines = [Line("Distance", _distance(liq))]
    if liq.bankruptcy_price is not None:
        lines.append(Line("Bankruptcy", display.price(liq.bankruptcy_price)))
    lines.append(Line("Entry", display.price(liq.spec.entry)))
    if liq.sized and liq.quantity is not None and liq.notional is not None:
        size_unit = "USD" if liq.spec.contract == "inverse" else settle
        lines.append(Line("Size", f"{display.quantity(liq.quantity)} {liq.spec.symbol} = "
                                  f"{display.amount(liq.notional)} {size_unit}"))
        lines.append(Line("Margin", f"{display.quantity(liq.margin) if liq.spec.contract == 'inverse' else display.amount(liq.margin)} {settle}"))
    if stop is not None and take_profit is not None and stop != liq.spec.entry:
        ratio = (take_profit - liq.spec.entry) / (liq.spec.entry - stop)
        lines.append(Line("Risk/reward", f"1 : {display.amount(ratio)}"))
    if explain:
        lines.extend(explanation(liq))
    result = result_fields(liq)
    if stop is not None:
        result["stop"] = display.number(stop)
    return Reply(
        command=command, title=title(liq),
        headline=Line("Liquidation", display.price(lp) if lp is not None else "none"),
        lines=tuple(lines),
        warnings=tuple(position_warnings(liq, stop, context.leverage_threshold)),
        notes=footer(liq), result=result)
