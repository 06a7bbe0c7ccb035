"""Profit and loss, return on margin, target price for a return, and break-even with fees.

Linear: PnL = s·Q·(exit − entry), fees = fee·Q·(entry + exit). Inverse (coin-settled): PnL =
s·N·(1/entry − 1/exit) in coin. ROE = PnL / initial margin. Break-even for a long pays the taker fee
twice: entry·(1 + fee)/(1 − fee). Example: long 0.5 BTC at 60,000 to 65,000 at 10x → PnL 2,500 USDT,
margin 3,000, ROE 83.33%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ONE = Decimal(1)


@dataclass(frozen=True)
class PnL:
    pnl: Decimal | None
    fees: Decimal | None
    net: Decimal | None
    margin: Decimal
    roe_pct: Decimal | None
    break_even: Decimal
    target_price: Decimal | None


def pnl(side: int, entry: Decimal, quantity: Decimal, leverage: Decimal, fee: Decimal, contract: str = "linear",
        exit_price: Decimal | None = None, target_roe_pct: Decimal | None = None) -> PnL:
    inverse = contract == "inverse"
    notional = quantity * entry
    margin = (quantity if inverse else notional) / leverage
    gross = fees = net = roe = target = None
    if exit_price is not None:
        if inverse:
            gross = side * notional * (ONE / entry - ONE / exit_price)
            fees = fee * notional * (ONE / entry + ONE / exit_price)
        else:
            gross = side * quantity * (exit_price - entry)
            fees = fee * quantity * (entry + exit_price)
        net = gross - fees
        roe = gross / margin * 100
    if target_roe_pct is not None:
        gain = target_roe_pct / 100 * margin
        if inverse:
            remaining = notional / entry - side * gain
            target = notional / remaining if remaining > 0 else None
        else:
            target = entry + side * gain / quantity
        if target is not None and target <= 0:
            target = None
    break_even = entry * (ONE + side * fee) / (ONE - side * fee)
    return PnL(gross, fees, net, margin, roe, break_even, target)
