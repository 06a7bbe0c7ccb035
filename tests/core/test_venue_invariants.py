"""The shared invariants on Bitget, Gate, MEXC and BloFin with each venue's own tiers: a long
liquidates below entry and a short above; more leverage moves the price toward entry; at the price,
equity equals the venue's maintenance (Bitget and Gate: value·(MMR + fee) − offset; MEXC: entry
value·MMR; BloFin: value·(MMR + fee)); and the tier used holds the position at its own price.

tests/core/test_invariants.py runs the same properties over every venue with a given mmr=; this
file adds the shipped tables (Bitget's offset, both Bitget methods, MEXC's base-unit row) and cross.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import assume, given, settings, strategies as st

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation

entries = st.decimals(min_value="1000", max_value="150000", places=2)
sides = st.sampled_from([1, -1])


def maintenance_gap(r) -> D:
    """Equity minus the venue's maintenance at the computed price: zero when the condition holds."""
    i, p = r.inputs, r.liquidation_price
    equity = i.wb + i.s * i.q * (p - i.ep)
    if r.venue.key in ("bitget", "gate"):
        return equity - (i.q * p * (i.mmr + i.fee) - i.cum)
    if r.venue.key == "mexc":
        return equity - i.n * i.mmr
    return equity - i.q * p * (i.mmr + i.fee)


def computed(spec):
    try:
        return liquidation(spec)
    except CalculationError:
        assume(False)


def spec(venue, side, entry, lev, qty, **kw):
    if venue in ("gate", "blofin"):
        kw.setdefault("mmr", D("0.005"))      # no shipped rows: the trader gives the rate
    return PositionSpec(venue, "BTC", side, entry, leverage=D(lev), quantity=qty, **kw)


VENUE_SIZES = st.sampled_from([
    ("bitget", "5.4"), ("gate", "20"), ("mexc", "0.099"), ("blofin", "20")])


@st.composite
def positions(draw):
    venue, top = draw(VENUE_SIZES)
    qty = draw(st.decimals(min_value="0.001", max_value=top, places=3))
    opened = draw(st.sampled_from([None, "2025-06-01"])) if venue == "bitget" else None
    return venue, qty, opened


@settings(max_examples=300, deadline=None)
@given(pos=positions(), entry=entries, lev=st.integers(2, 100))
def test_long_below_short_above(pos, entry, lev):
    venue, qty, opened = pos
    long = computed(spec(venue, 1, entry, lev, qty, opened=opened)).liquidation_price
    short = computed(spec(venue, -1, entry, lev, qty, opened=opened)).liquidation_price
    assert long is None or long < entry
    assert short is None or short > entry


@settings(max_examples=300, deadline=None)
@given(pos=positions(), entry=entries, lev=st.integers(2, 60), side=sides)
def test_more_leverage_moves_the_price_toward_entry(pos, entry, lev, side):
    venue, qty, opened = pos
    low = computed(spec(venue, side, entry, lev, qty, opened=opened)).liquidation_price
    high = computed(spec(venue, side, entry, lev + 1, qty, opened=opened)).liquidation_price
    assume(high is not None)
    assert low is None or abs(high - entry) <= abs(low - entry)


@settings(max_examples=400, deadline=None)
@given(pos=positions(), entry=entries, lev=st.integers(2, 100), side=sides,
       mode=st.sampled_from(["isolated", "cross"]))
def test_equity_equals_maintenance_and_the_tier_holds_the_position(pos, entry, lev, side, mode):
    venue, qty, opened = pos
    balance = qty * entry / lev * 2 if mode == "cross" else None
    r = computed(spec(venue, side, entry, lev, qty, opened=opened, margin_mode=mode, balance=balance))
    assume(r.liquidation_price is not None)
    assert abs(maintenance_gap(r)) <= (r.inputs.wb + r.inputs.n) * D("1e-20")
    if venue == "bitget":
        assert r.tier.holds(qty * r.liquidation_price)          # chosen at the liquidation price
        assert r.tier.maintenance_amount == (0 if opened or r.tier.number == 1 else 200)
    if venue == "mexc":
        assert r.tier.holds(qty)                                # MEXC's levels count volume


def test_one_x_long():
    # Maintenance taken at the price (Bitget, Gate, BloFin): M = Q·EP leaves a numerator of the offset
    # (0 here) over a negative denominator, so no liquidation. MEXC's published form fixes maintenance
    # at entry, so by hand LP = EP − (Q·EP − Q·EP·MMR)/Q = EP·MMR = 60,000 × 0.4% = 240.
    for venue in ("bitget", "gate", "blofin"):
        assert liquidation(spec(venue, 1, D(60000), 1, D("0.05"))).liquidation_price is None, venue
    assert liquidation(spec("mexc", 1, D(60000), 1, D("0.05"))).liquidation_price == D(240)
