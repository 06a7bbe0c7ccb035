"""Venue profiles: which formula, which tier table, which fee, and the documents they come from.

A profile is data. `core/liquidation.py` reads it; nothing here computes. Sources and dates are
the ones in the project's research notes; tier snapshots carry their own `source` and `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core import formulas as f


@dataclass(frozen=True)
class ContractRule:
    """How one venue liquidates one contract type.

    `basis` says what a tier bound measures: the quote notional at the liquidation price
    (`notional_at_lp`), the coin notional at the liquidation price (`coin_at_lp`), the entry
    notional (`notional_at_entry`, venues that fix maintenance at entry) or contracts (the
    contract's value, OKX `ctVal`, comes from the market catalogue with its tiers).
    Tier tables themselves live in the catalogue (`core.markets`), per listed contract.
    """

    isolated: f.Formula
    cross: f.Formula
    source: str
    basis: str = "notional_at_lp"


@dataclass(frozen=True)
class Venue:
    key: str
    name: str
    rules: dict[str, ContractRule]
    max_leverage: Decimal
    taker_fee: Decimal
    fee_source: str
    default_mmr: Decimal | None = None
    default_mmr_source: str | None = None
    margin_fee_reserve: int = 0  # taker fees a venue reserves on top of value/leverage (BitMEX: 2)

    def rule(self, contract: str) -> ContractRule | None:
        return self.rules.get(contract)


BINANCE_FAQ = ("Binance FAQ 'How to Calculate Liquidation Price of USDⓈ-M Futures Contracts' "
               "(2020-08-14, disclaimer updated for 2026-01-05)")
BINANCE_COINM_FAQ = "Binance FAQ 'How to Calculate Liquidation Price of COIN-M Futures Contracts' (2021-02-05)"

VENUES: dict[str, Venue] = {
    "binance": Venue(
        "binance", "Binance",
        {
            "linear": ContractRule(f.BINANCE_LINEAR, f.BINANCE_LINEAR, BINANCE_FAQ),
            "inverse": ContractRule(f.INVERSE_MM_AT_LP, f.INVERSE_MM_AT_LP, BINANCE_COINM_FAQ, "coin_at_lp"),
        },
        Decimal(125), Decimal("0.0005"), "Binance USDⓈ-M regular taker 0.05% (not in the formula)"),
    "bybit": Venue(
        "bybit", "Bybit",
        {
            "linear": ContractRule(f.ENTRY_MM_LINEAR, f.ENTRY_MM_LINEAR,
                                   "Bybit help 'Liquidation Price (USDT Contract)' (classic and UTA 2024-09-10)",
                                   "notional_at_entry"),
            "inverse": ContractRule(f.BYBIT_INVERSE_UTA, f.BYBIT_INVERSE_CLASSIC,
                                    "Bybit help 'Liquidation Price Calculation under Isolated Mode (UTA)' "
                                    "(2026-05-27); cross: 'How to calculate Liquidation Price (Inverse Contract)'"),
        },
        Decimal(150), Decimal("0.00055"), "Bybit taker 0.055% (as in a /v5/position/list sample)"),
    "okx": Venue(
        "okx", "OKX",
        {
            "linear": ContractRule(f.OKX_LINEAR, f.OKX_LINEAR,
                                   "OKX help 'Introduction to the isolated mode' (2025-02-17); Gate's published form",
                                   "contracts"),
            "inverse": ContractRule(f.OKX_INVERSE, f.OKX_INVERSE,
                                    "OKX help 'Introduction to the isolated mode' (2025-02-17)"),
        },
        Decimal(125), Decimal("0.0005"), "OKX regular-user taker 0.05%"),
    "hyperliquid": Venue(
        "hyperliquid", "Hyperliquid",
        {
            "linear": ContractRule(f.HYPERLIQUID, f.HYPERLIQUID,
                                   "Hyperliquid docs 'Liquidations' and 'Margin tiers' (2026-11-22)"),
        },
        Decimal(50), Decimal("0.00045"), "Hyperliquid base taker 0.045% (taken from the margin at open)"),
    "bitmex": Venue(
        "bitmex", "BitMEX",
        {
            "inverse": ContractRule(f.BITMEX_INVERSE, f.BITMEX_INVERSE,
                                    "BitMEX support's XBTUSD formula (quoted on r/BitMEX, 2020)"),
            "linear": ContractRule(f.BITMEX_LINEAR, f.BITMEX_LINEAR,
                                   "BitMEX 'Isolated and Cross Margin Examples'"),
        },
        Decimal(100), Decimal("0.00075"), "BitMEX XBTUSD taker 0.075%",
        default_mmr=Decimal("0.005"),
        default_mmr_source="BitMEX staff: 0.5% base maintenance + taker (it has also been 0.35–0.4%)",
        margin_fee_reserve=2),
}

ALIASES = {"binance": "binance", "bybit": "bybit", "okx": "okx", "okex": "okx",
           "hyperliquid": "hyperliquid", "hl": "hyperliquid", "bitmex": "bitmex"}


def venue(key: str) -> Venue:
    return VENUES[key]
