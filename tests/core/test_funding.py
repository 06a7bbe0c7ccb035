"""Funding over a hold: intervals, the amount paid or received, and the isolated liquidation after
it has gone through the margin. Figures worked out beside each check."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.errors import CalculationError
from core.calculators.funding import funding_intervals, project_funding
from core.liquidation import PositionSpec

# The Binance figures here were derived by hand on the 2024-10-24 BTCUSDT brackets (0–50,000 at
# 0.4%; 50,000–500,000 at 0.5%, cum 50): they run on that snapshot, explicitly.
pytestmark = pytest.mark.usefixtures("historical_binance_usdm")

RATE = D("0.0001")  # 0.01% per interval


def spec(side=1, **more):
    return PositionSpec("binance", "BTC", side, D(60000), leverage=D(10), quantity=D(1), **more)


def test_a_long_pays_a_positive_rate_and_its_liquidation_moves_up():
    got = project_funding(spec(), RATE, D(72))  # 3 days
    assert got.intervals == 72 // 8 == 9 and not got.one_more_possible
    assert got.per_interval == -(60000 * RATE)  # 6 paid each time
    assert got.total == -6 * 9  # 54
    # Binance tier 2 (MMR 0.5%, cum 50): LP = (Q·EP − WB − cum)/(Q·(1 − MMR))
    assert got.before.liquidation_price == (D(60000) - 6000 - 50) / D("0.995")  # 54,221.11
    assert got.after.margin == 6000 - 54
    assert got.after.liquidation_price == (D(60000) - 5946 - 50) / D("0.995")  # 54,275.38
    assert not got.margin_exhausted


def test_a_short_receives_it_and_its_liquidation_moves_away():
    got = project_funding(spec(-1), RATE, D(72))
    assert got.total == 54
    # short LP = (WB + cum + Q·EP)/(Q·(1 + MMR)) = (6,054 + 50 + 60,000)/1.005 = 65,775.12
    assert got.after.liquidation_price == (D(6054) + 50 + 60000) / D("1.005")


def test_a_negative_rate_pays_the_long():
    assert project_funding(spec(), -RATE, D(24)).total == 3 * 6  # 3 intervals of 6 received


def test_intervals_are_whole_and_a_remainder_is_flagged():
    assert funding_intervals(D(12), D(8)) == (1, True)  # 12 h may cross one or two 8 h funding times
    assert funding_intervals(D(12), D(4)) == (3, False)
    assert funding_intervals(D(72), D(1)) == (72, False)
    with pytest.raises(CalculationError):
        funding_intervals(D(0), D(8))


def test_inverse_funding_is_in_coin():
    inverse = PositionSpec("binance", "BTC", 1, D(60000), contract="inverse", leverage=D(10), quantity=D(1),
                           mmr=D("0.005"))
    got = project_funding(inverse, RATE, D(72))
    # value 60,000 USD / 60,000 = 1 BTC: 0.0001 BTC each interval, 0.0009 over 9
    assert got.total == -9 * RATE
    # coin-M LP = N·(1 + s·MMR)/(s·(WB + cum) + N/EP), WB = 0.1 − 0.0009 = 0.0991 BTC
    assert got.after.liquidation_price == 60000 * D("1.005") / (D("0.0991") + 1)  # 54,862.16


def test_funding_that_eats_the_margin_is_said():
    got = project_funding(spec(), D("0.01"), D(24 * 30))  # 600 per interval, 90 intervals: 54,000 > 6,000
    assert got.margin_exhausted and got.after is None and got.total == -600 * 90


def test_cross_has_no_isolated_liquidation_after():
    got = project_funding(PositionSpec("binance", "BTC", 1, D(60000), margin_mode="cross", leverage=D(10),
                                       quantity=D(1), balance=D(10000)), RATE, D(72))
    assert got.total == -54 and got.after is None and not got.margin_exhausted


def test_a_position_without_size_is_asked_for_one():
    with pytest.raises(CalculationError, match="qty="):
        project_funding(PositionSpec("binance", "BTC", 1, D(60000), leverage=D(10)), RATE, D(72))
