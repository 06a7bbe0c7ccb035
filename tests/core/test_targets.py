"""Several targets: PnL net of taker fees in and out, R:R against the stop, blended R:R, left open.
Every expected figure is worked out beside it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.errors import CalculationError
from core.calculators.targets import equal_shares, plan_targets

FEE = D("0.0005")


def test_two_halves_long_with_fees():
    plan = plan_targets(1, D(60000), D(1), FEE, [(D(62000), D("0.5")), (D(64000), D("0.5"))], stop=D(58000))
    first, second = plan.targets
    assert first.quantity == D("0.5")
    assert first.gross == D("0.5") * (62000 - 60000)  # 1,000
    assert first.fees == FEE * D("0.5") * (60000 + 62000)  # 30.5: the fee to open this half and to close it
    assert first.net == 1000 - D("30.5")  # 969.5
    loss_per_btc = (60000 - 58000) + FEE * (60000 + 58000)  # 2,059 lost per BTC at the stop, fees in and out
    assert plan.loss_at_stop == loss_per_btc
    assert first.rr == D("969.5") / (D("0.5") * loss_per_btc)  # 0.9417
    assert second.net == D("0.5") * 4000 - FEE * D("0.5") * (60000 + 64000)  # 2,000 − 31 = 1,969
    assert second.rr == D(1969) / (D("0.5") * loss_per_btc)  # 1.9126
    assert plan.total_net == D("969.5") + 1969  # 2,938.5
    assert plan.total_fees == D("30.5") + 31
    assert plan.blended_rr == D("2938.5") / loss_per_btc  # 1.4271
    assert plan.left_open_share == 0 and plan.left_open_quantity == 0


def test_short_with_part_left_open():
    plan = plan_targets(-1, D(3000), D(2), D(0), [(D(2900), D("0.25")), (D(2800), D("0.25"))], stop=D(3100))
    # no fees: each quarter is 0.5 ETH; 0.5·100 = 50 and 0.5·200 = 100; risk 100 per ETH
    assert [t.net for t in plan.targets] == [D(50), D(100)]
    assert [t.rr for t in plan.targets] == [D(1), D(2)]
    assert plan.blended_rr == D(150) / (100 * D(1))  # closed 1 ETH: 150 over a 100 loss at the stop
    assert plan.left_open_share == D("0.5") and plan.left_open_quantity == D(1)


def test_equal_parts_and_no_stop():
    shares = equal_shares(3)
    assert sum(shares) == 1 and shares[0] == D(1) / 3
    plan = plan_targets(1, D(100), D(3), D(0), list(zip([D(110), D(120), D(130)], shares)))
    # 1 unit each (up to the last digit): 10 + 20 + 30
    assert abs(plan.total_net - 60) < D("1e-20")
    assert plan.blended_rr is None and plan.targets[0].rr is None and plan.loss_at_stop is None


def test_inverse_target_in_coin():
    # 1 BTC of USD notional at 50,000 (N = 50,000): to 62,500 earns 50,000·(1/50,000 − 1/62,500) = 1 − 0.8
    # = 0.2 BTC; at the stop 40,000 it loses 50,000·(1/40,000 − 1/50,000) = 0.25 BTC; R:R 0.8.
    plan = plan_targets(1, D(50000), D(1), D(0), [(D(62500), D(1))], stop=D(40000), contract="inverse")
    assert plan.targets[0].net == D("0.2") and plan.loss_at_stop == D("0.25")
    assert plan.targets[0].rr == D("0.8")


@pytest.mark.parametrize("targets, stop, says", [
    ([(D(62000), D("0.6")), (D(64000), D("0.5"))], D(58000), "100%"),
    ([(D(62000), D("0.5")), (D(62000), D("0.5"))], D(58000), "twice"),
    ([(D(59000), D(1))], D(58000), "above the entry"),
    ([(D(62000), D(1))], D(61000), "stop must be below"),
    ([(D(60001 + i), D("0.01")) for i in range(21)], D(58000), "between 1 and 20"),
    ([], D(58000), "between 1 and 20"),
    ([(D(62000), D(0))], D(58000), "above zero"),
])
def test_bad_plans_are_refused(targets, stop, says):
    with pytest.raises(CalculationError, match=says):
        plan_targets(1, D(60000), D(1), FEE, targets, stop=stop)
