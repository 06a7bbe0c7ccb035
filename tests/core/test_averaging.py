"""Averaging fills: the size-weighted entry, the margin at the leverage and the venue's liquidation,
with the first fill alone for comparison. Figures worked out beside each check."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.calculators.averaging import average_fills
from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation

# The Binance figures here were derived by hand on the 2024-10-24 BTCUSDT brackets (0–50,000 at
# 0.4%; 50,000–500,000 at 0.5%, cum 50): they run on that snapshot, explicitly.
pytestmark = pytest.mark.usefixtures("historical_binance_usdm")

BASE = PositionSpec("binance", "BTC", 1, D(1), leverage=D(25))


def test_two_fills_long_on_binance():
    got = average_fills(BASE, [(D("0.5"), D(60000)), (D("0.3"), D(58000))])
    assert got.quantity == D("0.8")
    assert got.entry == (D("0.5") * 60000 + D("0.3") * 58000) / D("0.8")  # (30,000 + 17,400)/0.8 = 59,250
    assert got.entry == D(59250)
    assert got.notional == D("0.8") * 59250  # 47,400
    assert got.margin == D(47400) / 25  # 1,896
    # tier 1 (notional at LP below 50,000): LP = Q·EP·(1 − 1/L)/(Q·(1 − 0.004)) = 59,250·0.96/0.996
    assert got.liquidation.tier.number == 1
    assert got.liquidation.liquidation_price == D(59250) * D("0.96") / D("0.996")  # 57,108.43
    assert got.first_fill.liquidation_price == D(60000) * D("0.96") / D("0.996")  # 57,831.33


def test_averaging_a_short_up_into_tier_two():
    short = PositionSpec("binance", "BTC", -1, D(1), leverage=D(10))
    got = average_fills(short, [(D(1), D(60000)), (D(1), D(62000))])
    assert got.entry == D(61000) and got.notional == D(122000) and got.margin == D(12200)
    # short LP = (WB + cum + Q·EP)/(Q·(1 + MMR)); tier 2 (MMR 0.5%, cum 50): (12,200 + 50 + 122,000)/(2·1.005)
    assert got.liquidation.tier.number == 2
    assert got.liquidation.liquidation_price == (D(12200) + 50 + 122000) / (2 * D("1.005"))  # 66,791.04
    # first fill alone: (6,000 + 50 + 60,000)/1.005 = 65,721.39, tier 2 as well
    assert got.first_fill.liquidation_price == D(66050) / D("1.005")


def test_one_fill_is_the_plain_liquidation():
    got = average_fills(BASE, [(D(2), D(30000))])
    plain = liquidation(PositionSpec("binance", "BTC", 1, D(30000), leverage=D(25), quantity=D(2)))
    assert got.liquidation.liquidation_price == plain.liquidation_price == got.first_fill.liquidation_price


@pytest.mark.parametrize("spec, fills, says", [
    (PositionSpec("binance", "BTC", 1, D(1)), [(D(1), D(60000))], "leverage"),
    (BASE, [], "at least one fill"),
    (BASE, [(D("0.1"), D(60000))] * 21, "At most 20"),
    (BASE, [(D(0), D(60000))], "above zero"),
])
def test_bad_fills_are_refused(spec, fills, says):
    with pytest.raises(CalculationError, match=says):
        average_fills(spec, fills)
