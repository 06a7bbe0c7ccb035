"""addmargin= and liq=: the liquidation after adding margin, and the margin that puts it at a target,
on the venue's formula and tiers (a Binance tier change included), with the round trip between them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings, strategies as st

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation, respec
from core.calculators.margin_solver import add_margin, margin_for_liquidation, with_margin

# The Binance figures here were derived by hand on the 2024-10-24 BTCUSDT brackets (0–50,000 at
# 0.4%; 50,000–500,000 at 0.5%, cum 50): they run on that snapshot, explicitly.
pytestmark = pytest.mark.usefixtures("historical_binance_usdm")

LONG = PositionSpec("binance", "BTC", 1, D(60000), leverage=D(10), quantity=D(1))


def test_add_margin_on_binance():
    got = add_margin(LONG, D(500))
    # tier 2 (notional at LP in [50,000, 600,000)): LP = (Q·EP − WB − cum)/(Q·(1 − 0.005))
    assert got.before.liquidation_price == (D(60000) - 6000 - 50) / D("0.995")  # 54,221.11
    assert got.after.margin == 6500
    assert got.after.liquidation_price == (D(60000) - 6500 - 50) / D("0.995")  # 53,718.59


def test_margin_for_a_target_across_a_binance_tier_change():
    got = margin_for_liquidation(LONG, D(45000))
    assert got.before.tier.number == 2
    # At 45,000 the notional is 45,000 < 50,000: tier 1 (MMR 0.4%, cum 0), so
    # 45,000 = (60,000 − W)/(1 − 0.004) → W = 60,000 − 45,000·0.996 = 15,180
    assert got.after.tier.number == 1
    assert abs(got.margin - 15180) < D("1e-15")
    assert abs(got.to_add - 9180) < D("1e-15")  # 15,180 − 6,000 posted at 10x
    assert abs(got.after.liquidation_price - 45000) < D("0.01")
    # Opening at L posts 60,000/L: 60,000/15,180 = 3.95x, so the highest whole leverage beyond is 3x
    assert got.leverage == 3
    assert got.at_leverage.liquidation_price == (D(60000) - 20000) / D("0.996")  # 40,160.64: beyond


def test_short_target_moves_up_a_tier():
    short = PositionSpec("binance", "BTC", -1, D(40000), leverage=D(10), quantity=D(1))
    got = margin_for_liquidation(short, D(52000))
    assert got.before.tier.number == 1  # (4,000 + 40,000)/1.004 = 43,824.70: notional below 50,000
    # 52,000 is in tier 2: 52,000 = (W + 50 + 40,000)/1.005 → W = 52,260 − 40,050 = 12,210
    assert got.after.tier.number == 2 and abs(got.margin - 12210) < D("1e-15")


def test_round_trip_liq_then_addmargin_gives_that_liquidation():
    got = margin_for_liquidation(LONG, D(45000))
    back = add_margin(LONG, got.to_add)
    assert abs(back.after.liquidation_price - 45000) <= D("0.01")


@pytest.mark.parametrize("target, says", [(D(61000), "below the entry"), (D(60000), "below the entry"),
                                          (D(0), "below the entry")])
def test_impossible_targets(target, says):
    with pytest.raises(CalculationError, match=says):
        margin_for_liquidation(LONG, target)


def test_cross_and_unsized_positions_are_refused():
    with pytest.raises(CalculationError, match="isolated"):
        add_margin(PositionSpec("binance", "BTC", 1, D(60000), margin_mode="cross", leverage=D(10),
                                quantity=D(1)), D(500))
    with pytest.raises(CalculationError, match="size"):
        margin_for_liquidation(PositionSpec("binance", "BTC", 1, D(60000), leverage=D(10)), D(55000))
    with pytest.raises(CalculationError, match="no margin"):
        with_margin(add_margin(LONG, D(1)).before, D(0))


COMBOS = [("binance", "linear", None), ("binance", "inverse", None), ("bybit", "linear", None),
          ("okx", "linear", None), ("hyperliquid", "linear", None), ("bybit", "inverse", D("0.005")),
          ("okx", "inverse", D("0.005")), ("bitmex", "inverse", None), ("bitmex", "linear", None)]


@settings(max_examples=200, deadline=None)
@given(combo=st.sampled_from(COMBOS), side=st.sampled_from([1, -1]), lev=st.integers(2, 40),
       qty=st.decimals("0.01", "40", places=2), away=st.decimals("0.01", "0.6", places=3))
def test_round_trip_on_every_venue(combo, side, lev, qty, away):
    venue, contract, mmr = combo
    spec = PositionSpec(venue, "BTC", side, D(60000), contract=contract, leverage=D(lev), quantity=qty, mmr=mmr)
    target = D(60000) * (1 - side * away)
    try:
        got = margin_for_liquidation(spec, target)
    except CalculationError:
        assume(False)  # beyond the shipped table, or a venue refusing the leverage for that size
    assert abs(got.after.liquidation_price - target) <= max(D("0.01"), target * D("1e-9"))
    if got.to_add > 0:
        back = add_margin(spec, got.to_add).after
        assert abs(back.liquidation_price - target) <= D("0.01")
    if got.at_leverage is not None and got.at_leverage.liquidation_price is not None:
        assert (got.at_leverage.liquidation_price - target) * side < 0  # beyond
        try:  # and one step up is not (unless that step is above the venue's maximum)
            above = liquidation(respec(spec, leverage=got.leverage + 1, margin=None, quantity=got.before.quantity))
        except CalculationError:
            return
        if got.leverage < got.at_leverage.max_leverage_at_entry:
            assert above.liquidation_price is not None and (above.liquidation_price - target) * side >= 0
