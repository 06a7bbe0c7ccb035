"""Properties every venue formula must keep, checked with Hypothesis over random positions.

- a long liquidates below entry and a short above it;
- raising the leverage moves the liquidation price toward the entry;
- at the liquidation price, equity equals maintenance margin, by the venue's own definition;
- the tier used holds the position at its own liquidation price.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings, strategies as st

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation
from core.venues import VENUES

COMBOS = [(v, c) for v in VENUES for c in VENUES[v].rules]
prices = st.decimals(min_value="0.01", max_value="200000", places=2)
rates = st.decimals(min_value="0.001", max_value="0.05", places=4)
quantities = st.decimals(min_value="0.001", max_value="50", places=3)


def equity_minus_maintenance(r) -> Decimal:
    """The venue's liquidation condition, evaluated at the computed price (zero when it holds)."""
    i, p, key = r.inputs, r.liquidation_price, r.formula.key
    linear_equity = i.wb + i.s * i.q * (p - i.ep)
    coin_equity = i.wb + i.s * i.n * (1 / i.ep - 1 / p)
    return {
        "binance_linear": lambda: linear_equity - (i.q * p * i.mmr - i.cum),
        "hyperliquid": lambda: linear_equity - (i.q * p * i.mmr - i.cum),
        "entry_mm_linear": lambda: linear_equity - (i.n * i.mmr - i.cum),
        "okx_linear": lambda: linear_equity - i.q * p * (i.mmr + i.fee),
        "bitget_linear": lambda: linear_equity - (i.q * p * (i.mmr + i.fee) - i.cum),
        "gate_linear": lambda: linear_equity - (i.q * p * (i.mmr + i.fee) - i.cum),
        "mexc_linear": lambda: linear_equity - (i.n * i.mmr - i.cum),
        "bitmex_linear": lambda: linear_equity - i.n * (i.mmr + i.fee),
        "inverse_mm_at_lp": lambda: coin_equity - (i.n * i.mmr / p - i.cum),
        "bybit_inverse_uta": lambda: coin_equity - (i.n * i.mmr / p - i.cum),
        "okx_inverse": lambda: coin_equity - i.n * (i.mmr + i.fee) / p,
        "bitmex_inverse": lambda: coin_equity - i.n * (i.mmr + i.fee) / i.ep,
        "bybit_inverse_classic": lambda: coin_equity - (i.n * i.mmr / i.ep + i.n * i.fee / r.bankruptcy_price),
    }[key]()


def computed(s):
    """The result, or a Hypothesis skip when the venue would refuse the position (margin below
    maintenance: leverage above 1/MMR), which core reports as an error rather than a price."""
    try:
        return liquidation(s)
    except CalculationError:
        assume(False)


def spec(venue, contract, side, entry, leverage, mmr, mode="isolated", qty=Decimal(1)):
    return PositionSpec(venue, "BTC", side, entry, contract=contract, margin_mode=mode, leverage=leverage,
                        quantity=qty, mmr=mmr, fee=Decimal("0.0005"))


@settings(max_examples=300, deadline=None)
@given(combo=st.sampled_from(COMBOS), entry=prices, lev=st.integers(2, 100), mmr=rates,
       mode=st.sampled_from(["isolated", "cross"]))
def test_long_below_and_short_above_entry(combo, entry, lev, mmr, mode):
    venue, contract = combo
    long = computed(spec(venue, contract, 1, entry, Decimal(lev), mmr, mode)).liquidation_price
    short = computed(spec(venue, contract, -1, entry, Decimal(lev), mmr, mode)).liquidation_price
    if long is not None:
        assert long < entry
    if short is not None:
        assert short > entry


@settings(max_examples=300, deadline=None)
@given(combo=st.sampled_from(COMBOS), entry=prices, lev=st.integers(2, 60), mmr=rates, side=st.sampled_from([1, -1]))
def test_liquidation_moves_toward_entry_as_leverage_rises(combo, entry, lev, mmr, side):
    venue, contract = combo
    low = computed(spec(venue, contract, side, entry, Decimal(lev), mmr)).liquidation_price
    high = computed(spec(venue, contract, side, entry, Decimal(lev + 1), mmr)).liquidation_price
    assume(high is not None)
    if low is None:
        return  # none at the lower leverage is the farthest possible
    assert abs(high - entry) <= abs(low - entry)


@settings(max_examples=400, deadline=None)
@given(combo=st.sampled_from(COMBOS), entry=prices, lev=st.integers(2, 100), mmr=rates,
       side=st.sampled_from([1, -1]), qty=quantities)
def test_equity_equals_maintenance_at_the_liquidation_price(combo, entry, lev, mmr, side, qty):
    venue, contract = combo
    r = computed(spec(venue, contract, side, entry, Decimal(lev), mmr, qty=qty))
    assume(r.liquidation_price is not None)
    scale = r.inputs.wb + r.inputs.n / (r.inputs.ep if contract == "inverse" else 1)
    assert abs(equity_minus_maintenance(r)) <= scale * Decimal("1e-20")


@settings(max_examples=300, deadline=None)
@given(entry=st.decimals(min_value="1000", max_value="150000", places=2), lev=st.integers(1, 20),
       qty=st.decimals(min_value="0.01", max_value="3000", places=2), side=st.sampled_from([1, -1]))
def test_binance_tier_is_self_consistent(entry, lev, qty, side):
    r = computed(PositionSpec("binance", "BTC", side, entry, leverage=Decimal(lev), quantity=qty))
    if r.liquidation_price is not None:
        assert r.tier.holds(qty * r.liquidation_price)


def test_one_x_long_has_no_liquidation_on_binance():
    r = liquidation(PositionSpec("binance", "BTC", 1, Decimal(60000), leverage=Decimal(1), quantity=Decimal(1)))
    assert r.liquidation_price is None and r.distance_pct is None
