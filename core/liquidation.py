"""Liquidation price, bankruptcy price and distance for one position, the way the venue computes it.

The tier is chosen at the liquidation price, not at entry (Binance's FAQ says so explicitly): each
tier's formula is solved in turn and the first tier that holds the position at its own answer is
kept. Without a size the first tier is assumed, and the result says so.

Tiers come only from the market catalogue (`core.markets`): the symbol is resolved to the venue's
listed contract (`PEPE` -> `1000PEPEUSDT`), whose table carries its source and date. Prices and
quantities are in that contract's units (per 1,000 PEPE for `1000PEPEUSDT`).

Worked example (Binance USDⓈ-M, first tier MMR 0.4%, cum 0): long 25x at 60,000 with margin
N/25 gives LP = (Q·60,000/25 − Q·60,000)/(Q·0.004 − Q) = 57,600/0.996 = 57,831.33.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from core.errors import CalculationError
from core.formulas import ONE, ZERO, Formula, Inputs
from core.i18n import N_, _
from core.markets import CATALOGUE, Catalogue, Contract
from core.tiers import Tier, TierTable, fixed_table
from core.venue_tiers import opened_before, without_offsets
from core.venues import ContractRule, Venue, venue as get_venue

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PositionSpec:
    """A position as the trader describes it. Sizes: `quantity` in base units or `notional` in quote
    (USD for inverse). `margin` is posted isolated margin, `balance` the cross wallet (both in the
    settlement asset: quote for linear, coin for inverse)."""

    venue: str
    symbol: str
    side: int
    entry: Decimal
    contract: str = "linear"
    margin_mode: str = "isolated"
    leverage: Decimal | None = None
    quantity: Decimal | None = None
    notional: Decimal | None = None
    margin: Decimal | None = None
    balance: Decimal | None = None
    mmr: Decimal | None = None
    cum: Decimal | None = None
    fee: Decimal | None = None
    other_maintenance: Decimal = ZERO
    other_upnl: Decimal = ZERO
    quote: str | None = None  # USDC for a USDC contract; None: the venue's usual quote
    # When the position was opened (ISO date or date-time, UTC unless an offset is given), for venues
    # whose method changed on a date (Bitget's tier offset from 2025-11-10 08:00 UTC). None: a
    # position opened now, under the current method (core has no clock).
    opened: str | None = None


def respec(spec: PositionSpec, **changes: object) -> PositionSpec:
    """`dataclasses.replace` for the paths that copy a spec per step (the /size search): copying
    the fields directly is several times cheaper than replace, which re-reads the field list and
    checks each name on every call. A spec's `__dict__` holds exactly its fields."""
    return PositionSpec(**{**spec.__dict__, **changes})


@dataclass(frozen=True)
class Liquidation:
    spec: PositionSpec
    venue: Venue
    rule: ContractRule
    formula: Formula
    liquidation_price: Decimal | None
    bankruptcy_price: Decimal | None
    quantity: Decimal | None
    notional: Decimal | None
    margin: Decimal
    leverage: Decimal
    tier: Tier
    table: TierTable
    sized: bool
    fee: Decimal
    inputs: Inputs
    max_leverage_at_entry: Decimal
    contract: Contract | None = None  # the listed contract used (None for a venue without a catalogue book)
    note: str | None = None           # which contract and price unit, e.g. "1000PEPEUSDT on ..., per 1,000 PEPE"

    # Derived once here rather than in a property: a reply reads it three times.
    distance_pct: Decimal | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        lp, entry = self.liquidation_price, self.spec.entry
        object.__setattr__(self, "distance_pct", None if lp is None else (lp - entry) / entry * HUNDRED)

    @property
    def contract_symbol(self) -> str:
        """The venue's own symbol of the contract used (`1000PEPEUSDT`), else what was typed."""
        return self.contract.symbol if self.contract is not None else self.spec.symbol

    @property
    def price_unit(self) -> str | None:
        """`USDT per 1,000 PEPE`: what the entry and liquidation prices are quoted in."""
        return self.contract.price_unit if self.contract is not None else None

    @property
    def table_source(self) -> str:
        return self.table.source

    @property
    def table_as_of(self) -> str:
        return self.table.as_of

    @property
    def fetched_at(self) -> Any:
        """When the table was fetched from the venue (None for a shipped snapshot)."""
        return self.table.fetched_at


# One sentence per contract kind, so a language can decline the adjective; `{contract}` is the fallback.
_NO_TABLE = {"linear": N_("I don't have {venue}'s linear tier table for {symbol}."),
             "inverse": N_("I don't have {venue}'s inverse tier table for {symbol}.")}
_NO_CONTRACTS = {"linear": N_("{venue} has no linear contracts here."),
                 "inverse": N_("{venue} has no inverse contracts here.")}


def _no_table(spec: PositionSpec, v: Venue, message: str | None = None) -> CalculationError:
    side = "long" if spec.side > 0 else "short"
    ask = (_("Give its maintenance rate with mmr= (and cum= if the venue lists one).") if message is None else
           _("If it was listed since, give its maintenance rate with mmr= (and cum= if the venue lists one)."))
    if message is None:
        template = _NO_TABLE.get(spec.contract)
        message = (_(template, venue=v.name, symbol=spec.symbol) if template else
                   _("I don't have {venue}'s {contract} tier table for {symbol}.", venue=v.name,
                     contract=spec.contract, symbol=spec.symbol))
    return CalculationError(
        _("{sentence} {ask}", sentence=message, ask=ask),   # two sentences, joined as the language joins them
        f"/liq {side} {spec.symbol} {spec.entry:f} {spec.leverage or 10:f}x {v.key} mmr=0.5%")


def _table_for(spec: PositionSpec, v: Venue, markets: Catalogue) -> tuple[TierTable, Contract | None, str | None]:
    """The tiers to search, the contract they belong to, and a note naming it. An `mmr=` override
    replaces the table; the contract is still named when the catalogue knows it."""
    found = markets.resolve(spec.symbol, v.key, spec.contract, spec.quote)
    contract = found.contract if found.ok else None
    if spec.mmr is not None:
        table = fixed_table("your mmr=", "your override", "now", spec.mmr, v.max_leverage, spec.cum or ZERO)
        return table, contract, found.note
    if contract is not None and contract.tiers:
        table = contract.table
        rule = v.rule(spec.contract)
        if rule is not None and rule.offset_from and spec.cum is None and opened_before(spec.opened, rule.offset_from):
            return without_offsets(table), contract, found.note
        if spec.cum is not None:
            table = TierTable(table.name, table.source, table.as_of,
                              tuple(Tier(t.number, t.floor, t.cap, t.max_leverage, t.mmr, spec.cum) for t in table.tiers),
                              table.unit, table.verified, table.fetched_at)
        return table, contract, found.note
    if found.status == "no_table" and v.default_mmr is not None:
        return fixed_table(f"{v.name} {spec.symbol}", v.default_mmr_source or "", "", v.default_mmr,
                           v.max_leverage, spec.cum or ZERO), None, None
    if found.status == "delisted":
        raise CalculationError(found.message or "", f"/liq long BTC 60000 10x {v.key}")
    raise _no_table(spec, v, None if found.status == "no_table" else found.message)


def _size(spec: PositionSpec, v: Venue) -> tuple[Decimal | None, Decimal | None]:
    """(Q, N): base quantity and notional (quote for linear, USD for inverse), or (None, None)."""
    if spec.quantity is not None:
        return spec.quantity, spec.quantity * spec.entry
    if spec.notional is not None:
        return spec.notional / spec.entry, spec.notional
    posted = spec.margin if spec.margin_mode == "isolated" else spec.balance
    if posted is not None and spec.leverage is not None:
        n = posted * spec.leverage * (spec.entry if spec.contract == "inverse" else ONE)
        return n / spec.entry, n
    return None, None


def _initial_margin(n: Decimal, spec: PositionSpec, v: Venue, leverage: Decimal, fee: Decimal) -> Decimal:
    value = n / spec.entry if spec.contract == "inverse" else n
    return value * (ONE / leverage + v.margin_fee_reserve * fee)


def _basis(rule: ContractRule, contract: Contract | None, q: Decimal, n: Decimal, lp: Decimal) -> Decimal:
    if rule.basis == "coin_at_lp":
        return n / lp
    if rule.basis == "contracts":
        value = contract.contract_value if contract is not None else None
        return q / (value or ONE)
    if rule.basis == "notional_at_entry":
        return n
    if rule.basis == "base_quantity":
        return q
    return q * lp


def _tier_solver(formula: Formula, shared: Inputs) -> Callable[[Decimal, Decimal], Decimal | None]:
    """The liquidation price as a function of one tier's (mmr, cum), everything else fixed by
    `shared`: the formula's own split when it has one, else the whole formula per tier."""
    if formula.per_tier is not None:
        return formula.per_tier(shared)
    solve = formula.liquidation
    return lambda mmr, cum: solve(shared._replace(mmr=mmr, cum=cum))


def liquidation(spec: PositionSpec, catalogue: Catalogue | None = None) -> Liquidation:
    """The venue's answer for `spec`, with tiers from `catalogue` (default: the process-wide one;
    a test may pass a catalogue holding a historical snapshot)."""
    v = get_venue(spec.venue)
    rule = v.rule(spec.contract)
    if rule is None:
        template = _NO_CONTRACTS.get(spec.contract)
        raise CalculationError(_(template, venue=v.name) if template else
                               _("{venue} has no {contract} contracts here.", venue=v.name, contract=spec.contract),
                               f"/liq long BTC 60000 10x {v.key}")
    formula = rule.isolated if spec.margin_mode == "isolated" else rule.cross
    table, contract, note = _table_for(spec, v, CATALOGUE if catalogue is None else catalogue)
    fee = spec.fee if spec.fee is not None else v.taker_fee
    q, n = _size(spec, v)
    sized = q is not None
    if q is None:
        q, n = ONE, spec.entry  # any size: with the first tier (no maintenance amount) LP does not depend on it
    assert n is not None

    leverage = spec.leverage
    posted = spec.margin if spec.margin_mode == "isolated" else spec.balance
    if leverage is None:
        if posted is None or not sized:
            raise CalculationError(_("Give a leverage (25x), or a size with margin= (isolated) or balance= (cross)."),
                                   "/liq long BTC 60000 25x isolated")
        value = n / spec.entry if spec.contract == "inverse" else n
        leverage = value / posted
    if posted is None:
        posted = _initial_margin(n, spec, v, leverage, fee)
    im = _initial_margin(n, spec, v, leverage, ZERO)
    wb = posted - spec.other_maintenance + spec.other_upnl if spec.margin_mode == "cross" else posted
    side, entry = spec.side, spec.entry
    at = _tier_solver(formula, Inputs(side, entry, q, n, wb, ZERO, ZERO, fee, im))

    entry_tier = table.at(_basis(rule, contract, q, n, entry)) if sized else table.tiers[0]
    chosen: Tier | None = None
    lp: Decimal | None = None
    if not sized:
        chosen = table.tiers[0]
        lp = at(chosen.mmr, chosen.maintenance_amount)
    else:
        beyond = False
        for tier in table.tiers:
            candidate = at(tier.mmr, tier.maintenance_amount)
            if candidate is None:
                continue
            if tier.holds(_basis(rule, contract, q, n, candidate)):
                chosen, lp = tier, candidate
                break
            beyond = True
        if chosen is None:
            if beyond or entry_tier is None:
                raise CalculationError(
                    _("This position is beyond the last tier of the {table} table (as of {as_of}). Give the "
                      "tier's rate with mmr= and cum=.", table=table.name, as_of=table.as_of),
                    "/liq long BTC 60000 10x qty=2 mmr=0.5% cum=50")
            chosen = entry_tier  # every tier puts the price at or below zero: no liquidation
    if entry_tier is None:
        entry_tier = chosen
    if lp is not None and (lp - entry) * side >= 0:
        shown = f"{leverage.normalize():f}x"
        raise CalculationError(
            _("At {leverage} the margin is below the maintenance margin: the venue would liquidate this "
              "position at once. Lower the leverage or add margin.", leverage=shown),
            f"/liq {'long' if side > 0 else 'short'} {spec.symbol} {entry:f} 10x")
    inputs = Inputs(side, entry, q, n, wb, chosen.mmr, chosen.maintenance_amount, fee, im)
    return Liquidation(
        spec=spec, venue=v, rule=rule, formula=formula, liquidation_price=lp,
        bankruptcy_price=formula.bankruptcy(inputs), quantity=q if sized else None,
        notional=n if sized else None, margin=posted, leverage=leverage, tier=chosen, table=table,
        sized=sized, fee=fee, inputs=inputs, max_leverage_at_entry=entry_tier.max_leverage,
        contract=contract, note=note)
