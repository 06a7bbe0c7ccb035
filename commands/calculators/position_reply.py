"""The reply card for one computed position: headline liquidation price, then distance, bankruptcy,
size and margin, then warnings and the assumptions footer. Shared by every command that shows a
position so the card looks the same everywhere.

Its words are spoken in the asker's language (core.i18n); the cached footers take the current
`speech()` in their key, so a language never gets another's cached text."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from commands import display
from commands.context import Context
from commands.reply import Line, Reply
from core.i18n import N_, Speech, _, speech
from core.exactness import Exactness, exactness_of
from core.liquidation import Liquidation
from core.markets import table_age
from core.risk_warnings import RiskWarning, position_warnings

SOURCE_CHARS = 80  # the footer names a table's source in short; `explain` shows it whole
SIDES = {1: N_("long"), -1: N_("short")}
MODES = {"isolated": N_("isolated"), "cross": N_("cross")}
KINDS = {"linear": N_("linear"), "inverse": N_("inverse")}
NONE = N_("none")
EXPLAIN = "/liq ... explain"   # input syntax: stays as typed in every language
MARK_NOTE = N_("Liquidation triggers on the mark price, not the last trade.")


def side_word(side: int | str) -> str:
    """"long" or "short" in the current language (the input keywords themselves stay English);
    `side` is +1/-1, or the stored word."""
    return _(SIDES[1 if side == "long" or (not isinstance(side, str) and side > 0) else -1])


def mode_word(mode: str) -> str:
    return _(MODES[mode]) if mode in MODES else mode


def kind_word(contract: str) -> str:
    return _(KINDS["inverse" if contract == "inverse" else "linear"])


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
                        refreshed, stale, speech())


@lru_cache(maxsize=1024)
def _table_lines(note: str | None, source: str, as_of: str, verified: bool, venue_name: str, exact: Exactness,
                 refreshed: str | None, stale: str | None, said: Speech
                 ) -> tuple[tuple[str, ...], tuple[RiskWarning, ...]]:
    """`table_lines` for given values, cached like `_footer`: a chat asks about the same contracts.
    `said` (the current speech) is only part of the key: the text is spoken in it."""
    notes = [_("{sentence}.", sentence=note) if note else None]   # a full stop of the language (。)
    warnings: tuple[RiskWarning, ...] = ()
    if source != "your override" and not as_of:  # a venue's one documented rate (BitMEX without a table)
        notes.append(_("No tier table: {venue}'s documented rate ({source}).", venue=venue_name,
                       source=short_source(source)))
    elif source != "your override":
        shown = short_source(source) if verified else _("{source} (unverified capture)", source=short_source(source))
        notes.append(_table_note(shown, as_of, refreshed))
        if stale:
            warnings = (RiskWarning("stale_table", "warn", _(
                "This tier table is {age} old (as of {date}): {venue} may have changed its tiers since.",
                age=stale, date=as_of, venue=venue_name)),)
    notes += [_("Exactness: {level}.", level=exact.label) if exact.is_estimate else exact.footer(), *exact.notes]
    return tuple(n for n in notes if n), warnings


def _table_note(source: str, as_of: str, refreshed: str | None) -> str:
    if as_of == "undated":
        if refreshed:
            return _("Table: {source}, undated, refreshed {age} ago.", source=source, age=refreshed)
        return _("Table: {source}, undated.", source=source)
    if refreshed:
        return _("Table: {source}, as of {date}, refreshed {age} ago.", source=source, date=as_of, age=refreshed)
    return _("Table: {source}, as of {date}.", source=source, date=as_of)


def _distance(liq: Liquidation) -> str:
    d = liq.distance_pct
    if d is None:
        return _(NONE)
    if d < 0:
        return _("{change} (if the price falls {move})", change=display.pct(d, signed=True), move=display.pct(abs(d)))
    return _("{change} (if the price rises {move})", change=display.pct(d, signed=True), move=display.pct(abs(d)))


def title(liq: Liquidation) -> str:
    spec = liq.spec
    return _("{symbol} {side} {leverage} {mode} · {venue} {kind}", symbol=spec.symbol, side=side_word(spec.side),
             leverage=display.leverage(liq.leverage), mode=mode_word(spec.margin_mode), venue=liq.venue.name,
             kind=kind_word(spec.contract))


def footer(liq: Liquidation) -> tuple[str, ...]:
    t, tier, spec = liq.table, liq.tier, liq.spec
    return _footer(liq.venue.name, t.name, t.source, t.as_of, t.verified, tier.number, tier.mmr,
                   tier.maintenance_amount, liq.sized, liq.fee if liq.formula.uses_fee else None,
                   spec.margin_mode == "cross" and spec.balance is None, speech())


@lru_cache(maxsize=1024)
def _footer(venue_name: str, table_name: str, source: str, as_of: str, verified: bool, tier_number: int,
            mmr: Decimal, maintenance_amount: Decimal, sized: bool, fee: Decimal | None,
            cross_without_balance: bool, said: Speech) -> tuple[str, ...]:
    """The notes under a position card, cached: they depend only on these arguments, and a chat
    asks about the same few markets and tiers all day. Keyed by value, so it cannot go stale: every
    Decimal here is a rate or amount that is never negative and is shown through `normalize` or
    `quantize`, so two equal keys (0.005 and 0.0050) print the same text. `said` (the current
    speech, which also decides the number separators) keys the language the notes are spoken in."""
    rate = display.rate(mmr)
    if maintenance_amount:
        kept = display.amount(maintenance_amount, 4).rstrip('0').rstrip('.')
        tier_text = _("MMR {rate}, maintenance amount {amount}", rate=rate, amount=kept)
    else:
        tier_text = _("MMR {rate}", rate=rate)
    if source == "your override":
        notes = [_("{venue} formula, your mmr= ({tier}). {example} shows the source.",
                   venue=venue_name, tier=tier_text, example=EXPLAIN)]
    else:  # the table itself is named, dated and sourced by `table_lines`
        notes = [_("{venue} formula, tier {number} ({tier}). {example} shows the source.",
                   venue=venue_name, number=tier_number, tier=tier_text, example=EXPLAIN)]
    if not sized:
        notes.append(_("No size given: the first tier is assumed. Add qty= or notional= for the exact tier."))
    if fee is not None:
        notes.append(_("Taker fee {rate} included, as this venue's formula does.", rate=display.rate(fee)))
    else:
        notes.append(_("Fees are not in this venue's formula; funding and fees paid move the price over time."))
    notes.append(_(MARK_NOTE))
    if cross_without_balance:
        notes.append(_("Cross without balance=: assumes the wallet holds only this position's margin."))
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
    lp = display.price(liq.liquidation_price) if liq.liquidation_price else _("none (≤ 0)")
    how = _("Source") if exact.level == "exact" else _("Source ({level})", level=exact.label)
    lines = [Line(_("Formula"), liq.formula.text), Line(_("With your numbers"), f"{values} → LP = {lp}"),
             Line(how, liq.rule.source)]
    if exact.why:
        lines.append(Line(_("Assumption") if exact.level != "exact" else _("Caveat"), exact.why))
    if liq.table.source != "your override":
        dated = _("{source} (as of {date})", source=liq.table.source, date=liq.table.as_of) if liq.table.as_of \
            else _("{source} (as of undated)", source=liq.table.source)
        lines.append(Line(_("Table"), dated))
    return tuple(lines)


def liquidation_reply(command: str, liq: Liquidation, context: Context, stop: Decimal | None = None,
                      take_profit: Decimal | None = None, explain: bool = False) -> Reply:
    settle = _settle(liq)
    exact = exactness_of(liq)
    lp = liq.liquidation_price
    lines = [Line(_("Distance"), _distance(liq))]
    if liq.bankruptcy_price is not None:
        lines.append(Line(_("Bankruptcy"), display.price(liq.bankruptcy_price)))
    lines.append(Line(_("Entry"), display.price(liq.spec.entry)))
    if liq.sized and liq.quantity is not None and liq.notional is not None:
        size_unit = "USD" if liq.spec.contract == "inverse" else settle
        lines.append(Line(_("Size"), f"{display.quantity(liq.quantity)} {liq.spec.symbol} = "
                                     f"{display.amount(liq.notional)} {size_unit}"))
        lines.append(Line(_("Margin"), f"{display.quantity(liq.margin) if liq.spec.contract == 'inverse' else display.amount(liq.margin)} {settle}"))
    if stop is not None and take_profit is not None and stop != liq.spec.entry:
        ratio = (take_profit - liq.spec.entry) / (liq.spec.entry - stop)
        lines.append(Line(_("Risk/reward"), f"1 : {display.amount(ratio)}"))
    if explain:
        lines.extend(explanation(liq, exact))
    result = result_fields(liq, exact)
    if stop is not None:
        result["stop"] = display.number(stop)
    table_notes, stale = table_lines(liq, context.now(), exact)
    return Reply(
        command=command, title=title(liq),
        headline=Line(_("Liquidation"), display.price(lp) if lp is not None else _(NONE)),
        lines=tuple(lines),
        warnings=(*position_warnings(liq, stop, context.leverage_threshold, exact), *stale),
        notes=(*table_notes, *footer(liq)), result=result)
