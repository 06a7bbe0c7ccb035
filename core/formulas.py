"""The venues' liquidation and bankruptcy formulas in closed form, one per published shape.

Notation (as in the venues' own documents): s = +1 long / −1 short, EP entry price, Q base
quantity, N notional (quote for linear, USD for inverse), WB the wallet that backs the position
(isolated margin, or the cross balance less other positions' maintenance plus their unrealised
PnL), MMR maintenance rate of the tier, cum the tier's maintenance amount, fee the taker rate.
Each formula returns None where the venue shows "no liquidation" (a non-positive or unbounded
price). Worked examples live with the tests that check them (tests/core/test_vectors.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, NamedTuple

ZERO = Decimal(0)
ONE = Decimal(1)


class Inputs(NamedTuple):
    """One tier's numbers for a formula. A named tuple, not a frozen dataclass: the tier search
    builds one per tier tried, several per answer, and a tuple is built several times faster."""

    s: int
    ep: Decimal
    q: Decimal
    n: Decimal
    wb: Decimal
    mmr: Decimal
    cum: Decimal
    fee: Decimal
    im: Decimal  # initial margin implied by the leverage, in WB's unit (Bybit UTA inverse only)


def _positive(value: Decimal | None) -> Decimal | None:
    return value if value is not None and value > 0 else None


def _ratio(top: Decimal, bottom: Decimal) -> Decimal | None:
    return _positive(top / bottom) if bottom != 0 else None


@dataclass(frozen=True)
class Formula:
    key: str
    text: str
    liquidation: Callable[[Inputs], Decimal | None]
    bankruptcy: Callable[[Inputs], Decimal | None]
    uses_fee: bool = False
    # Optional, for the formulas of venues with long tier tables: the same liquidation formula
    # split into what every tier shares (computed once from the Inputs) and what depends on the
    # tier, a function of (mmr, cum). The tier search walks up to a dozen tiers per answer.
    per_tier: Callable[[Inputs], Callable[[Decimal, Decimal], Decimal | None]] | None = None


def _linear_equity_at_lp_by_tier(i: Inputs) -> Callable[[Decimal, Decimal], Decimal | None]:
    # Solves WB + s·Q·(P − EP) = Q·P·MMR − cum for P (maintenance taken at the liquidation price):
    # P = (WB + cum − s·Q·EP) / (Q·MMR − s·Q).
    wb, q, sq = i.wb, i.q, i.s * i.q
    sq_ep = sq * i.ep

    def at(mmr: Decimal, cum: Decimal) -> Decimal | None:
        return _ratio(wb + cum - sq_ep, q * mmr - sq)

    return at


def _linear_equity_at_lp(i: Inputs) -> Decimal | None:
    return _linear_equity_at_lp_by_tier(i)(i.mmr, i.cum)


def _linear_bankruptcy(i: Inputs) -> Decimal | None:
    return _positive(i.ep - i.s * i.wb / i.q)


def _inverse_mm_at_lp(i: Inputs) -> Decimal | None:
    # Coin equity WB + s·N·(1/EP − 1/P) equals coin maintenance N·MMR/P − cum.
    return _ratio(i.n * (ONE + i.s * i.mmr), i.s * (i.wb + i.cum) + i.n / i.ep)


def _inverse_bankruptcy(i: Inputs) -> Decimal | None:
    return _ratio(i.n, i.s * i.wb + i.n / i.ep)


def _entry_mm_linear(i: Inputs) -> Decimal | None:
    # Maintenance fixed at the entry value: LP = EP − s·(WB − (N·MMR − cum))/Q.
    return _positive(i.ep - i.s * (i.wb - (i.n * i.mmr - i.cum)) / i.q)


def _okx_linear(i: Inputs) -> Decimal | None:
    return _ratio(i.ep - i.s * i.wb / i.q, ONE - i.s * (i.mmr + i.fee))


def _okx_inverse(i: Inputs) -> Decimal | None:
    return _ratio(i.n * (ONE + i.s * (i.mmr + i.fee)), i.s * i.wb + i.n / i.ep)


def _bybit_inverse_uta(i: Inputs) -> Decimal | None:
    extra = i.wb - i.im
    backing = i.im + extra / (ONE + i.s * i.fee)
    return _ratio(i.n * (ONE + i.s * i.mmr), i.n / i.ep + i.s * (backing + i.cum))


def _bybit_inverse_classic_bankruptcy(i: Inputs) -> Decimal | None:
    return _ratio((ONE + i.s * i.fee) * i.n, i.n / i.ep + i.s * i.wb)


def _bybit_inverse_classic(i: Inputs) -> Decimal | None:
    bp = _bybit_inverse_classic_bankruptcy(i)
    close_fee = i.n * i.fee / bp if bp else ZERO
    return _ratio(i.n, i.n / i.ep + i.s * (i.wb - i.n * i.mmr / i.ep - close_fee))


def _bitmex_margin_fraction(i: Inputs) -> Decimal:
    return i.wb * i.ep / i.n


def _bitmex_inverse(i: Inputs) -> Decimal | None:
    return _ratio(i.ep, ONE + i.s * (_bitmex_margin_fraction(i) - (i.mmr + i.fee)))


def _bitmex_inverse_bankruptcy(i: Inputs) -> Decimal | None:
    return _ratio(i.ep, ONE + i.s * _bitmex_margin_fraction(i))


def _bitmex_linear(i: Inputs) -> Decimal | None:
    return _positive(i.ep - i.s * (i.wb - i.n * (i.mmr + i.fee)) / i.q)


BINANCE_LINEAR = Formula(
    "binance_linear", "LP = (WB + cum − s·Q·EP) / (Q·MMR − s·Q)", _linear_equity_at_lp, _linear_bankruptcy,
    per_tier=_linear_equity_at_lp_by_tier)
HYPERLIQUID = Formula(
    "hyperliquid", "LP = EP − s·(M − Q·EP·l) / Q / (1 − s·l), l = 1/(2·max leverage)",
    _linear_equity_at_lp, _linear_bankruptcy, per_tier=_linear_equity_at_lp_by_tier)
INVERSE_MM_AT_LP = Formula(
    "inverse_mm_at_lp", "LP = N·(1 + s·MMR) / (s·(WB + cum) + N/EP)", _inverse_mm_at_lp, _inverse_bankruptcy)
ENTRY_MM_LINEAR = Formula(
    "entry_mm_linear", "LP = EP − s·(IM + extra − MM)/Q, MM = N·MMR − mmDeduction at entry",
    _entry_mm_linear, _linear_bankruptcy)
OKX_LINEAR = Formula(
    "okx_linear", "LP = (EP − s·M/Q) / (1 − s·(MMR + fee))", _okx_linear, _linear_bankruptcy, uses_fee=True)
OKX_INVERSE = Formula(
    "okx_inverse", "LP = N·(1 + s·(MMR + fee)) / (s·M + N/EP)", _okx_inverse, _inverse_bankruptcy, uses_fee=True)
BYBIT_INVERSE_UTA = Formula(
    "bybit_inverse_uta", "LP = N·(1 + s·MMR) / (N/EP + s·(N/EP/L + extra/(1 + s·fee) + mmDeduction))",
    _bybit_inverse_uta, _inverse_bankruptcy, uses_fee=True)
BYBIT_INVERSE_CLASSIC = Formula(
    "bybit_inverse_classic", "N·(1/EP − 1/LP) = −s·(WB − N·MMR/EP − N·fee/BP), BP = (1 + s·fee)·N/(N/EP + s·WB)",
    _bybit_inverse_classic, _bybit_inverse_classic_bankruptcy, uses_fee=True)
BITMEX_INVERSE = Formula(
    "bitmex_inverse", "LP = EP / (1 + s·(IM − MM)), IM = margin/value, MM = MMR + taker fee",
    _bitmex_inverse, _bitmex_inverse_bankruptcy, uses_fee=True)
BITMEX_LINEAR = Formula(
    "bitmex_linear", "LP = EP − s·(WB − Q·EP·(MMR + fee))/Q", _bitmex_linear, _linear_bankruptcy, uses_fee=True)


# --- Venues added with issue 15: Bitget, Gate, MEXC (BloFin reuses OKX_LINEAR as a labelled estimate) ---


def _fee_in_mmr_with_offset_by_tier(i: Inputs) -> Callable[[Decimal, Decimal], Decimal | None]:
    # Solves WB + s·Q·(P − EP) = Q·P·(MMR + fee) − offset for P: the taker (liquidation) fee acts as
    # extra maintenance on the value at the liquidation price, and the tier offset (cum) keeps the
    # maintenance continuous at a tier boundary. P = (WB + offset − s·Q·EP) / (Q·(MMR + fee) − s·Q).
    wb, q, sq, fee = i.wb, i.q, i.s * i.q, i.fee
    sq_ep = sq * i.ep

    def at(mmr: Decimal, offset: Decimal) -> Decimal | None:
        return _ratio(wb + offset - sq_ep, q * (mmr + fee) - sq)

    return at


def _fee_in_mmr_with_offset(i: Inputs) -> Decimal | None:
    return _fee_in_mmr_with_offset_by_tier(i)(i.mmr, i.cum)


BITGET_LINEAR = Formula(
    "bitget_linear", "LP = (M + offset − s·Q·EP) / (Q·(MMR + takerFee) − s·Q)",
    _fee_in_mmr_with_offset, _linear_bankruptcy, uses_fee=True, per_tier=_fee_in_mmr_with_offset_by_tier)
"""Bitget USDT-M, isolated. Source: Bitget help article 12560603808759 (2025-09-18). The offset is
Σ over the lower tiers of floor·ΔMMR (Binance's cum), for positions opened on or after
2025-11-10 08:00 UTC; before that the tier rate applies to the whole value (offset 0).
Example: long 1 BTC at 60,000, 25x (M = 2,400), tier 1 MMR 0.4%, fee 0.06%, offset 0:
LP = (2,400 − 60,000) / (0.0046 − 1) = 57,866.18."""

GATE_LINEAR = Formula(
    "gate_linear", "LP = (EP − s·(M + deduction)/Q) / (1 − s·(MMR + takerRate))",
    _fee_in_mmr_with_offset, _linear_bankruptcy, uses_fee=True, per_tier=_fee_in_mmr_with_offset_by_tier)
"""Gate USDT perpetual, isolated. Source: Gate help 27724 'Liquidation price, bankruptcy price':
LP = (EP ∓ Margin/Multiplier/Size) / (1 ∓ (MMR + takerRate)), with Q = Multiplier·Size. Gate
prints no deduction term, so that published form is tier 1 (deduction 0) exactly; with a tier's
`deduction` it is the derived form above (same algebra as Bitget's: multiply out and divide by
s·Q). Example: O3, long 1 at 10, 5x (M = 2), MMR 1%, taker 0.06%: (10 − 2)/(1 − 0.0106) = 8.0857."""

MEXC_LINEAR = Formula(
    "mexc_linear", "LP = EP − s·(M − MM)/Q, MM = Q·EP·MMR at entry (fees excluded)",
    _entry_mm_linear, _linear_bankruptcy)
"""MEXC USDT-M, isolated, as MEXC's blog publishes it: long LP = (MM − M + EP·Q)/Q, short
LP = (M − MM + EP·Q)/Q, maintenance fixed at the entry value and no fee (MEXC's current rule adds
a liquidation fee, liquidationFeeRate, that this leaves out). Example (the blog's): long 0.1 BTC at
50,000, 25x: M = 200, MM = 5,000 × 0.4% = 20, LP = (20 − 200 + 5,000)/0.1 = 48,200."""


def maintenance_with_fee(value: Decimal, mmr: Decimal, fee: Decimal, offset: Decimal = ZERO) -> Decimal:
    """Bitget's maintenance margin, liquidation fee included: value·(MMR + fee) − offset.

    Source: Bitget help article 12560603808759 (2025-09-18). Its example: 3 BTC at mark 110,000
    (330,000 USDT, tier 2 at 0.50%, fee 0.06%): old method 330,000 × 0.56% = 1,848 USDT; new
    method 1,848 − 200 = 1,648, the offset being 200,000 × (0.50% − 0.40%) = 200."""
    return value * (mmr + fee) - offset


def gate_liquidation_price(side: int, entry: Decimal, margin: Decimal, size: Decimal, multiplier: Decimal,
                           mmr: Decimal, taker: Decimal, deduction: Decimal = ZERO) -> Decimal | None:
    """Gate's formula in Gate's own units: `size` in contracts, `multiplier` the contract's
    quanto_multiplier (base units per contract), so Q = multiplier·size.

    LP = (EP − s·(Margin + deduction)/Multiplier/Size) / (1 − s·(MMR + takerRate)); with deduction 0
    this is help 27724 word for word, with a deduction it is riskbot's derived form. Example: short
    10,000 contracts of 0.0001 BTC (1 BTC) at 10, margin 2, MMR 1%, taker 0.06%: (10 + 2)/1.0106 =
    11.8741 (vector O1)."""
    per_unit = (margin + deduction) / multiplier / size
    return _ratio(entry - side * per_unit, ONE - side * (mmr + taker))
