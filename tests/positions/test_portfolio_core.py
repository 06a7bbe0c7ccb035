"""core/portfolio.py: Binance's cross formula over several positions, checked three ways: the
FAQ's published two-position example, the invariant that equity equals maintenance at every
liquidation price, and agreement with the one-position engine when the wallet holds one position."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.errors import CalculationError
from core.liquidation import PositionSpec, liquidation
from core.portfolio import CrossLeg, SidePosition, cross_liquidation
from core.tiers import fixed_table, load_table

TOL = D("1e-4")
BTC_FAQ = fixed_table("BTCUSDT (FAQ, 2021 table)", "Binance FAQ", "2021", D("0.025"), D(125), D(16300))
ETH_FAQ = fixed_table("ETHUSDT (FAQ, 2021 table)", "Binance FAQ", "2021", D("0.10"), D(125), D(135365))
BTC_TABLE = load_table("binance_usdm_brackets.json", "BTCUSDT", "notional_at_lp")
ETH_TABLE = load_table("binance_usdm_brackets.json", "ETHUSDT", "notional_at_lp")


def faq():
    """Binance USDⓈ-M FAQ cross example (B1, B2), as reproduced in freqtrade
    tests/exchange/test_binance.py::test_liquidation_price_binance ("From calc example")."""
    legs = [CrossLeg("BTC", 1, D("109.488"), D("32481.98"), BTC_FAQ, 1),
            CrossLeg("ETH", 1, D("3683.979"), D("1456.84"), ETH_FAQ, 2)]
    return cross_liquidation(D("1535443.01"), legs, {"BTC": D("31967.27"), "ETH": D("1335.18")})


def _equity_minus_maintenance(account, symbol: str, price: D) -> D:
    """Wallet − others' MM + others' UPNL + own PnL − own MM, with the symbol's legs at `price`."""
    s = next(s for s in account.symbols if s.symbol == symbol)
    own = sum((p.upnl(price) - p.maintenance(price) for p in s.positions), D(0))
    return account.wallet - s.other_maintenance + s.other_upnl + own


def test_faq_cross_example_to_1e4():
    btc, eth = faq().symbols
    assert abs(btc.liquidation_price - D("26316.8933")) < TOL      # published 26,316.89
    assert abs(eth.liquidation_price - D("1153.2565")) < TOL       # published 1,153.26
    assert round(btc.other_maintenance, 3) == D("356512.508") and round(btc.other_upnl, 3) == D("-448192.885")
    assert round(eth.other_maintenance, 3) == D("71200.811") and round(eth.other_upnl, 3) == D("-56354.568")


def test_faq_matches_the_closed_form_exactly():
    btc, eth = faq().symbols
    mm_eth = D("3683.979") * D("1335.18") * D("0.10") - 135365
    upnl_eth = (D("1335.18") - D("1456.84")) * D("3683.979")
    q, ep = D("109.488"), D("32481.98")
    closed = (D("1535443.01") - mm_eth + upnl_eth + 16300 - q * ep) / (q * D("0.025") - q)
    assert btc.liquidation_price == closed


def test_faq_equity_equals_maintenance_at_each_liquidation_price():
    account = faq()
    for s in account.symbols:
        assert abs(_equity_minus_maintenance(account, s.symbol, s.liquidation_price)) < D("1e-12")
    assert account.margin_ratio is not None and 0 < account.margin_ratio < 1 and not account.below_maintenance


@pytest.mark.parametrize("side,wallet", [(1, D("3000")), (-1, D("3000")), (1, D("60000")), (-1, D("250000"))])
def test_one_cross_position_agrees_with_the_single_position_engine(side, wallet):
    q, entry = D("2"), D("60000")
    [s] = cross_liquidation(wallet, [CrossLeg("BTC", side, q, entry, BTC_TABLE)], {"BTC": entry}).symbols
    single = liquidation(PositionSpec("binance", "BTC", side, entry, margin_mode="cross", leverage=D(10),
                                      quantity=q, balance=wallet))
    if single.liquidation_price is None:
        assert s.liquidation_price is None
    else:
        assert abs(s.liquidation_price - single.liquidation_price) < TOL
        assert s.tiers[0] == single.tier


def test_the_tier_is_the_one_that_holds_at_the_liquidation_price():
    legs = [CrossLeg("BTC", 1, D("60"), D("60000"), BTC_TABLE, 1), CrossLeg("ETH", -1, D("400"), D("3000"), ETH_TABLE, 2)]
    account = cross_liquidation(D("900000"), legs, {"BTC": D("61000"), "ETH": D("2950")})
    for s in account.symbols:
        for p, tier in zip(s.positions, s.tiers):
            assert tier.holds(p.quantity * s.liquidation_price)
        assert abs(_equity_minus_maintenance(account, s.symbol, s.liquidation_price)) < D("1e-12")


def test_hedge_mode_long_and_short_of_one_symbol_share_one_price():
    btc_t = fixed_table("BTC", "test", "", D("0.005"), D(100), D(50))
    eth_t = fixed_table("ETH", "test", "", D("0.005"), D(100), D(50))
    legs = [CrossLeg("BTC", 1, D("3"), D("60000"), btc_t, 1), CrossLeg("BTC", -1, D("1"), D("62000"), btc_t, 2),
            CrossLeg("ETH", 1, D("10"), D("3000"), eth_t, 3)]
    account = cross_liquidation(D("40000"), legs, {"BTC": D("61000"), "ETH": D("2900")})
    btc = account.symbols[0]
    assert btc.hedged and [p.side for p in btc.positions] == [1, -1]
    # The FAQ formula with Position1BOTH = 0: numerator WB − TMM1 + UPNL1 + cumL + cumS − QL·EPL + QS·EPS,
    # denominator QL·MMR_L + QS·MMR_S − QL + QS.
    wb = D(40000) - (D(10) * D(2900) * D("0.005") - 50) + D(10) * (D(2900) - D(3000))
    lp = (wb + 50 + 50 - D(3) * D(60000) + D(1) * D(62000)) / (D(3) * D("0.005") + D(1) * D("0.005") - D(3) + D(1))
    assert btc.liquidation_price == lp and abs(lp - D("39896.4646")) < TOL
    assert abs(_equity_minus_maintenance(account, "BTC", lp)) < D("1e-12")


def test_a_hedge_across_tiers_finds_every_root_and_reports_the_nearest():
    legs = [CrossLeg("BTC", 1, D("10"), D("60000"), BTC_TABLE, 1), CrossLeg("BTC", -1, D("9"), D("60000"), BTC_TABLE, 2)]
    account = cross_liquidation(D("20000"), legs, {"BTC": D("60000")})
    [btc] = account.symbols
    assert btc.liquidation_prices and btc.liquidation_price == min(btc.liquidation_prices, key=lambda p: abs(p - 60000))
    for price in btc.liquidation_prices:
        assert abs(_equity_minus_maintenance(account, "BTC", price)) < D("1e-9")


def test_same_side_legs_merge_into_one_position_with_the_average_entry():
    legs = [CrossLeg("BTC", 1, D("1"), D("60000"), BTC_TABLE, 1), CrossLeg("BTC", 1, D("1"), D("58000"), BTC_TABLE, 2)]
    merged = cross_liquidation(D("20000"), legs, {"BTC": D("59000")}).symbols[0]
    one = [CrossLeg("BTC", 1, D("2"), D("59000"), BTC_TABLE)]
    single = cross_liquidation(D("20000"), one, {"BTC": D("59000")}).symbols[0]
    assert merged.positions == (SidePosition("BTC", 1, D(2), D(59000), BTC_TABLE, (1, 2)),)
    assert merged.liquidation_price == single.liquidation_price


def test_a_wallet_that_covers_everything_has_no_liquidation_price():
    [s] = cross_liquidation(D("100000"), [CrossLeg("BTC", 1, D("1"), D("60000"), BTC_TABLE)], {"BTC": D("60000")}).symbols
    assert s.liquidation_price is None and s.distance_pct is None


def test_an_account_already_under_maintenance_is_flagged():
    account = cross_liquidation(D("100"), [CrossLeg("BTC", 1, D("1"), D("60000"), BTC_TABLE)], {"BTC": D("55000")})
    assert account.below_maintenance and account.margin_ratio is None
    assert account.symbols[0].liquidation_price > D(55000)


def test_every_symbol_needs_a_mark_and_sane_legs():
    with pytest.raises(CalculationError, match="mark"):
        cross_liquidation(D("1000"), [CrossLeg("BTC", 1, D("1"), D("60000"), BTC_TABLE)], {})
    with pytest.raises(CalculationError):
        cross_liquidation(D("1000"), [CrossLeg("BTC", 1, D("0"), D("60000"), BTC_TABLE)], {"BTC": D(1)})
    with pytest.raises(CalculationError):
        cross_liquidation(D("1000"), [], {})


def test_a_short_liquidating_beyond_the_table_says_so():
    with pytest.raises(CalculationError, match="last tier"):
        cross_liquidation(D("10") ** 12, [CrossLeg("BTC", -1, D("10000"), D("60000"), BTC_TABLE)], {"BTC": D("60000")})
