"""The leverage for a stop: the one buffer rule /size and /lev share, the highest safe whole
leverage, its liquidation and the ladder below it, and the round trip to the venue's liquidation."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings, strategies as st

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation, respec
from core.calculators.sizing import size_position
from core.calculators.stop_leverage import buffered_stop, leverage_for_stop

# The Binance figures here were derived by hand on the 2024-10-24 BTCUSDT brackets (0–50,000 at
# 0.4%; 50,000–500,000 at 0.5%, cum 50): they run on that snapshot, explicitly.
pytestmark = pytest.mark.usefixtures("historical_binance_usdm")

BTC_LONG = PositionSpec("binance", "BTC", 1, D(60000))


def test_buffer_is_a_tenth_of_the_distance_at_least_half_a_percent_of_entry():
    assert buffered_stop(D(60000), D(58000), 1) == 58000 - 300  # max(200, 300)
    assert buffered_stop(D(60000), D(50000), 1) == 50000 - 1000  # max(1,000, 300)
    assert buffered_stop(D(60000), D(62000), -1) == 62000 + 300


def test_long_on_binance_tier_one():
    got = leverage_for_stop(BTC_LONG, D(58000))
    # LP at L = 60,000·(1 − 1/L)/0.996 must stay below 57,700:
    # 24x → 57,500/0.996 = 57,730.92 (not safe); 23x → 60,000·22/23/0.996 = 57,621.79 (safe)
    assert got.limit == 57700 and got.leverage == 23
    assert got.at_leverage.liquidation_price == D(60000) * 22 / 23 / D("0.996")
    assert [r.leverage for r in got.ladder] == [20, 10, 5, 3]
    assert [r.liquidation_price for r in got.ladder] == [D(60000) * (1 - D(1) / lev) / D("0.996")
                                                         for lev in (20, 10, 5, 3)]  # 57,228.92 ... 40,160.64


def test_short_on_binance_tier_one():
    got = leverage_for_stop(PositionSpec("binance", "BTC", -1, D(60000)), D(62000))
    # short LP = 60,000·(1 + 1/L)/1.004 must stay above 62,300: 1/L > 62,300·1.004/60,000 − 1 = 0.04249
    # → L < 23.54: 23x, LP = 60,000·24/23/1.004 = 62,359.26
    assert got.leverage == 23
    assert got.at_leverage.liquidation_price == D(60000) * 24 / 23 / D("1.004")


def test_a_stop_too_far_for_any_leverage():
    # short at 1x: LP = 60,000·2/1.004 = 119,521.91, below the buffered stop 130,000 + 7,000
    got = leverage_for_stop(PositionSpec("binance", "BTC", -1, D(60000)), D(130000))
    assert got.leverage is None and got.at_leverage is None and got.ladder == ()


def test_the_size_sets_the_tier_and_its_maximum():
    got = leverage_for_stop(respec(BTC_LONG, quantity=D(1)), D(59900))
    # 1 BTC at 60,000 is in tier 2 (max 100x). Limit 59,900 − 300 = 59,600; tier 2 LP at L:
    # (60,000·(1 − 1/L) − 50)/0.995 < 59,600 → 1 − 1/L < 0.98920 → L < 92.6: 92x
    assert got.leverage == 92
    assert got.at_leverage.liquidation_price == (D(60000) * 91 / 92 - 50) / D("0.995")
    assert [r.leverage for r in got.ladder] == [75, 50, 25, 20]


def test_size_uses_the_same_rule():
    sized = size_position(BTC_LONG, D(10000), D(100), D(58000))
    assert sized.quantity == D("0.05")  # 100 / 2,000
    assert sized.safe_leverage == leverage_for_stop(respec(BTC_LONG, quantity=D("0.05")), D(58000)).leverage == 23


def test_a_stop_on_the_wrong_side_is_refused():
    with pytest.raises(CalculationError, match="below the entry"):
        leverage_for_stop(BTC_LONG, D(61000))


COMBOS = [("binance", "linear", None), ("binance", "inverse", None), ("bybit", "linear", None),
          ("okx", "linear", None), ("hyperliquid", "linear", None), ("bitmex", "inverse", None),
          ("okx", "inverse", D("0.005"))]


@settings(max_examples=150, deadline=None)
@given(combo=st.sampled_from(COMBOS), side=st.sampled_from([1, -1]), gap=st.decimals("0.002", "0.3", places=3),
       qty=st.one_of(st.none(), st.decimals("0.01", "20", places=2)))
def test_round_trip_the_leverage_fed_to_liquidation_is_beyond_the_stop(combo, side, gap, qty):
    venue, contract, mmr = combo
    spec = PositionSpec(venue, "BTC", side, D(60000), contract=contract, quantity=qty, mmr=mmr)
    stop = D(60000) * (1 - side * gap)
    try:
        got = leverage_for_stop(spec, stop)
    except CalculationError:
        assume(False)
    assume(got.leverage is not None)
    for rung in (got.at_leverage, *got.ladder):
        again = liquidation(respec(spec, leverage=rung.leverage))
        assert again.liquidation_price == rung.liquidation_price
        assert again.liquidation_price is None or (stop - again.liquidation_price) * side > 0
    try:
        above = liquidation(respec(spec, leverage=got.leverage + 1))
    except CalculationError:
        return
    if got.leverage < got.at_leverage.max_leverage_at_entry:
        assert above.liquidation_price is not None and (got.limit - above.liquidation_price) * side <= 0
