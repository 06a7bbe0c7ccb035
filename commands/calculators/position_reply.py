"""The reply card for one computed position: headline liquidation price, then distance, bankruptcy,
size and margin, then warnings and the assumptions footer. Shared by every command that shows a
position so the card looks the same everywhere."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from commands import display
from commands.context import Context
from commands.reply import Line, Reply
from core.exactness import Exactness, exactness_of
from core.liquidation import Liquidation
from core.markets import table_age
from core.risk_warnings import RiskWarning, position_warnings

SOURCE_CHARS = 80  # the footer names a table's source in short; `explain` shows it whole


def _settle(liq: Liquidation) -> str:
    """The settlement asset, from the contract used (a USDC contract settles in USDC)."""
    if liq.contract is not None:
        return liq.contract.settle
    return liq.spec.symbol if liq.spec.contract == "inverse" else "USDT" if liq.venue.key != "hyperliquid" else "USDC"


@lru_cache(maxsize=256)
def short_source(source: str, limit: int = SOURCE_CHARS) -> str:
    """A source as a footer can carry it: up to its first " (", ";" or ": ", at most `limit` characters."""
    head = source.split(" (", 1)[0].split(";", 1)[0].split(": ", 1)[0].strip()
    return head if len(head) <= limit else head[: limit - 1].rsplit(" ", 1)[0] + "…"


def table_lines(liq: Liquidation, now, exact: Exactness | None = None
                ) -> tuple[tuple[str, ...], tuple[RiskWarning, ...]]:
    """Which contract and table answered, how old that table is, and how exact the venue's formula
    is: footer lines, and a warning when the table is more than 30 days old. An estimate's reason
    is in its `estimate` warning, so its footer line stays short."""
    t = liq.table
    age = table_age(t, now) if t.source != "your override" and t.as_of else None
    refreshed = age.text if age is not None and age.since == "fetched" else None
    stale = age.text if age is not None and age.stale else None
    return _table_lines(liq.note, t.source, t.as_of, t.verified, liq.venue.name, exact or exactness_of(liq),
                        refreshed, stale)


@lru_cache(maxsize=1024)
def _table_lines(note: str | None, source: str, as_of: str, verified: bool, venue_name: str, exact: Exactness,
                 refreshed: str | None, stale: str | None) -> tuple[tuple[str, ...], tuple[RiskWarning, ...]]:
    """`table_lines` for given values, cached like `_footer`: a chat asks about the same contracts."""
    notes = [f"{note}." if note else None]
    warnings: tuple[RiskWarning, ...] = ()
    if source != "your override" and not as_of:  # a venue's one documented rate (BitMEX without a table)
        notes.append(f"No tier table: {venue_name}'s documented rate ({short_source(source)}).")
    elif source != "your override":
        dated = f", as of {as_of}" if as_of != "undated" else ", undated"
        ago = f", refreshed {refreshed} ago" if refreshed else ""
        notes.append(f"Table: {short_source(source)}{dated}{ago}{'' if verified else ' (unverified capture)'}.")
        if stale:
            warnings = (RiskWarning("stale_table", "warn", f"This tier table is {stale} old (as of {as_of}): "
                                    f"{venue_name} may have changed its tiers since."),)
    notes += [f"Exactness: {exact.label}." if exact.is_estimate else exact.footer(), *exact.notes]
    return tuple(n for n in notes if n), warnings


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
    else:  # the table itself is named, dated and sourced by `table_lines`
        where = f"tier {tier_number} ({tier_text})"
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


def result_fields(liq: Liquidation, exact: Exactness | None = None) -> dict:
    spec, n = liq.spec, display.number
    fetched = liq.fetched_at
    return {
        "contract_symbol": liq.contract_symbol, "price_unit": liq.price_unit,
        "table_source": liq.table_source or None,
        "table_fetched_at": fetched.isoformat() if hasattr(fetched, "isoformat") else fetched,
        "exactness": (exact or exactness_of(liq)).level,
        "liquidation_price": n(liq.liquidation_price), "bankruptcy_price": n(liq.bankruptcy_price),
        "distance_pct": n(liq.distance_pct), "venue": liq.venue.key, "contract": spec.contract,
        "side": "long" if spec.side > 0 else "short", "margin_mode": spec.margin_mode, "symbol": spec.symbol,
        "entry_price": n(spec.entry), "leverage": n(liq.leverage), "quantity": n(liq.quantity),
        "notional": n(liq.notional), "margin": n(liq.margin) if liq.sized else None, "mmr": n(liq.tier.mmr),
        "maintenance_amount": n(liq.tier.maintenance_amount), "tier": liq.tier.number, "fee": n(liq.fee)
        if liq.formula.uses_fee else None, "table_as_of": liq.table.as_of or None,
    }


def explanation(liq: Liquidation, exact: Exactness) -> tuple[Line, ...]:
    i = liq.inputs
    shown = {"s": i.s, "EP": i.ep, "Q": i.q, "N": i.n, "WB": i.wb, "MMR": i.mmr, "cum": i.cum}
    if liq.formula.uses_fee:
        shown["fee"] = i.fee
    values = ", ".join(f"{k}={v if isinstance(v, int) else display.quantity(v)}" for k, v in shown.items())
    lp = display.price(liq.liquidation_price) if liq.liquidation_price else "none (≤ 0)"
    how = "Source" if exact.level == "exact" else f"Source ({exact.label})"
    lines = [Line("Formula", liq.formula.text), Line("With your numbers", f"{values} → LP = {lp}"),
             Line(how, liq.rule.source)]
    if exact.why:
        lines.append(Line("Assumption" if exact.level != "exact" else "Caveat", exact.why))
    if liq.table.source != "your override":
        lines.append(Line("Table", f"{liq.table.source} (as of {liq.table.as_of or 'undated'})"))
    return tuple(lines)


def liquidation_reply(command: str, liq: Liquidation, context: Context, stop: Decimal | None = None,
                      take_profit: Decimal | None = None, explain: bool = False) -> Reply:
    settle = _settle(liq)
    exact = exactness_of(liq)
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
        lines.extend(explanation(liq, exact))
    result = result_fields(liq, exact)
    if stop is not None:
        result["stop"] = display.number(stop)
    table_notes, stale = table_lines(liq, context.now(), exact)
    return Reply(
        command=command, title=title(liq),
        headline=Line("Liquidation", display.price(lp) if lp is not None else "none"),
        lines=tuple(lines),
        warnings=(*position_warnings(liq, stop, context.leverage_threshold, exact), *stale),
        notes=(*table_notes, *footer(liq)), result=result)
