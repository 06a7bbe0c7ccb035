"""Tier invariants on the real shipped tables (not only with `mmr=`), for a sample of contracts
from every venue's book:

- the tier chosen holds the position at its own liquidation price (what the venue's tier basis
  measures: notional or coin notional at the LP, entry notional for Bybit, contracts for OKX);
- at that price equity equals the tier's maintenance margin (linear books with a maintenance amount);
- a long liquidates below entry and a short above it;
- the liquidation price moves toward entry as leverage rises.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings, strategies as st

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation, respec
from core.markets import CATALOGUE, SHIPPED

CONTRACTS = [(venue, kind, symbol) for venue, kind in sorted(SHIPPED)
             for symbol in CATALOGUE.book(venue, kind).symbols() if CATALOGUE.contract(venue, kind, symbol).tiers]
entries = st.decimals(min_value="0.0001", max_value="150000", places=4)


@st.composite
def positions(draw, side=None, step=0):
    """A contract from any book, a tier of its table, a notional inside that tier and a leverage at
    most that tier's maximum (less `step`, so a test may add it back): positions the venue accepts."""
    contract = CATALOGUE.contract(*draw(st.sampled_from(CONTRACTS)))
    entry = draw(entries)
    tier = draw(st.sampled_from(contract.tiers))
    cap = tier.cap or tier.floor * 2 or Decimal(10_000_000)
    share = draw(st.decimals(min_value="0.01", max_value="0.99", places=2))
    amount = tier.floor + (cap - tier.floor) * share
    if contract.table.unit == "contracts":
        notional = amount * contract.contract_value * entry   # OKX: tiers count contracts
    elif contract.table.unit == "coin_at_lp":
        notional = amount * entry                             # COIN-M: tiers count coins
    else:
        notional = amount
    top = int(tier.max_leverage) - step
    assume(top >= 1)
    lev = draw(st.integers(1, top))
    side = side if side is not None else draw(st.sampled_from([1, -1]))
    size = {"notional": notional} if contract.kind == "inverse" else {"quantity": notional / entry}
    return PositionSpec(contract.venue, contract.symbol, side, entry, contract=contract.kind,
                        leverage=Decimal(lev), **size), contract


def _result(spec):
    try:
        return liquidation(spec)
    except CalculationError:
        assume(False)


def _basis(r):
    unit, q, n, lp = r.table.unit, r.quantity, r.notional, r.liquidation_price
    return {"coin_at_lp": lambda: n / lp, "notional_at_entry": lambda: n,
            "contracts": lambda: q / r.contract.contract_value}.get(unit, lambda: q * lp)()


@settings(max_examples=400, deadline=None)
@given(position=positions())
def test_tier_chosen_holds_the_position_at_its_liquidation_price(position):
    spec, contract = position
    r = _result(spec)
    assume(r.liquidation_price is not None)
    assert r.contract is contract
    assert r.tier.holds(_basis(r))
    if r.formula.key in ("binance_linear", "hyperliquid"):
        i, p = r.inputs, r.liquidation_price
        gap = i.wb + i.s * i.q * (p - i.ep) - (i.q * p * i.mmr - i.cum)
        assert abs(gap) <= (i.wb + i.n) * Decimal("1e-20")


@settings(max_examples=300, deadline=None)
@given(position=positions(side=1))
def test_long_below_entry_below_short(position):
    spec, _ = position
    long = _result(spec).liquidation_price
    short = _result(respec(spec, side=-1)).liquidation_price
    assume(long is not None and short is not None)
    assert long < spec.entry < short


@settings(max_examples=300, deadline=None)
@given(position=positions(step=1))
def test_liquidation_approaches_entry_as_leverage_rises(position):
    spec, _ = position
    low = _result(spec).liquidation_price
    high = _result(respec(spec, leverage=spec.leverage + 1)).liquidation_price
    assume(high is not None)
    if low is not None:  # none at the lower leverage is the farthest possible
        assert abs(high - spec.entry) <= abs(low - spec.entry)


def test_the_sample_covers_every_shipped_book():
    assert {(v, k) for v, k, _ in CONTRACTS} == set(SHIPPED)
    assert sum(v == "binance" and k == "linear" for v, k, _ in CONTRACTS) == 715
