"""/size and /pnl figures, each derived by hand here from the published formulas, not copied from
riskbot's output. Binance USDⓈ-M BTCUSDT tier 1: MMR 0.4%, maintenance amount 0 (the snapshot in
core/data, as of 2024-10-24). Binance's isolated liquidation price for one long position with
isolated margin WB = Q·EP/L and cum = 0 (Binance FAQ "How to Calculate Liquidation Price"):
LP = (WB − Q·EP)/(Q·MMR − Q) = EP·(1 − 1/L)/(1 − MMR)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from commands.dispatch import dispatch
from commands.invocation import Invocation

MMR = D("0.004")


def long_liquidation(entry: D, leverage: D) -> D:
    return entry * (1 - 1 / leverage) / (1 - MMR)


async def result(text: str) -> dict:
    reply = await dispatch(Invocation(text=text))
    assert reply.error is None, reply.error
    return reply.result


def close(value, expected: D) -> bool:
    return value == pytest.approx(float(expected), rel=1e-9)


async def test_size_long_btc():
    r = await result("/size long BTC 60000 sl=58000 risk=1% balance=10000 10x")
    risk = D(10000) * D("0.01")                      # 100 USDT
    quantity = risk / (D(60000) - D(58000))          # 0.05 BTC: hitting the stop loses exactly the risk
    assert close(r["risk_amount"], risk) and close(r["quantity"], quantity)
    assert close(r["notional"], quantity * 60000) and close(r["margin"], quantity * 60000 / 10)
    # The stop with its buffer: max(10% of the 2,000 stop distance, 0.5% of entry) = 300 -> 57,700.
    limit = D(58000) - max(D(2000) * D("0.1"), D(60000) * D("0.005"))
    # LP(L) < limit  <=>  1 - 1/L < limit·(1 - MMR)/EP  <=>  L < 1/(1 - limit·(1 - MMR)/EP) = 23.7...
    bound = 1 / (1 - limit * (1 - MMR) / 60000)
    safe = int(bound)
    assert (safe, long_liquidation(D(60000), D(safe)) < limit, long_liquidation(D(60000), D(safe + 1)) < limit) \
        == (23, True, False)
    assert r["safe_leverage"] == safe
    assert close(r["liquidation_price"], long_liquidation(D(60000), D(10)))   # 54,216.87 at the chosen 10x


async def test_pnl_long_btc_with_fees():
    r = await result("/pnl long BTC 60000 10x qty=0.5 exit=65000 fee=0.05%")
    q, entry, exit_, fee = D("0.5"), D(60000), D(65000), D("0.0005")
    pnl = q * (exit_ - entry)                        # 2,500
    fees = fee * q * (entry + exit_)                 # taker in and out: 31.25
    margin = q * entry / 10                          # 3,000
    assert close(r["pnl"], pnl) and close(r["fees"], fees) and close(r["net_pnl"], pnl - fees)
    assert close(r["margin"], margin) and close(r["roe_pct"], pnl / margin * 100)   # 83.33%
    # Break-even pays the fee on the way in and out: exit·(1 - fee) = entry·(1 + fee).
    assert close(r["break_even"], entry * (1 + fee) / (1 - fee))                   # 60,060.03


async def test_pnl_short_eth_target_for_a_return():
    r = await result("/pnl short ETH 3000 5x qty=2 roe=50 fee=0.05%")
    q, entry, fee = D(2), D(3000), D("0.0005")
    margin = q * entry / 5                           # 1,200
    target = entry - margin * D("0.5") / q           # a short earns q·(entry − exit) = 600 -> 2,700
    assert close(r["margin"], margin) and close(r["target_price"], target)
    assert close(r["break_even"], entry * (1 - fee) / (1 + fee))                   # 2,997.00
