"""Venue profiles: which formula, which tier table, which fee, and the documents they come from.

A profile is data. `core/liquidation.py` reads it; nothing here computes. Sources and dates are
the ones in the project's research notes; tier snapshots carry their own `source` and `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from core import formulas as f
from core.i18n import N_
from core.venue_tiers import NO_STATED_MAXIMUM

EXACT, EXACT_IN_TIER_1, ESTIMATE = "exact", "exact in tier 1", "estimate"
ZERO_FEE = Decimal(0)


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
    # How exact the answer is (see core/exactness.py): EXACT, EXACT_IN_TIER_1 or ESTIMATE, for
    # isolated and (when it differs) cross; `why` is the plain-words reason for an estimate, or the
    # known caveat of an exact formula; `label` replaces the level's word in the footer (MEXC's
    # "estimate (fees excluded)"); `notes` are footer lines every answer carries. These texts are
    # English templates marked with N_: core.exactness speaks them in the asker's language.
    exactness: str = "exact"
    why: str = ""
    cross_exactness: str | None = None
    cross_why: str = ""
    label: str | None = None
    notes: tuple[str, ...] = ()
    # Bitget: positions opened before this UTC instant use no tier offset (PositionSpec.opened).
    offset_from: str | None = None


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
    # False where the research gives no maximum leverage: `max_leverage` is then only a bound that
    # stops absurd input, and must not be shown as the venue's maximum.
    max_leverage_known: bool = True

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


def _state(key: str, contract: str, **stated: object) -> None:
    """How exact the first five venues are, said here rather than inside their entries above, so
    those entries stay as they were (the market catalogue reworks their table fields)."""
    v = VENUES[key]
    VENUES[key] = replace(v, rules={**v.rules, contract: replace(v.rules[contract], **stated)})


_state("binance", "linear", why=N_("Binance's newest FAQ also lists the mark price among the variables without "
       "showing where it enters; the FAQ's own example still matches this formula."))
_state("bybit", "linear", why=N_("Bybit's 2025 margin change takes maintenance at the mark price; its USDT formula "
       "for that is not published in riskbot's sources, so this follows the 2024 page (1.51 USDT apart on "
       "Bybit's own example)."),
       cross_exactness=ESTIMATE, cross_why=N_("Bybit's unified account liquidates cross positions account-wide and "
       "calls the per-position price an estimate itself; this is the classic-account rule (the isolated formula "
       "with your balance)."))
_state("bybit", "inverse", cross_exactness=ESTIMATE, cross_why=N_("Bybit's unified account liquidates cross "
       "positions account-wide; this is the classic-account formula, whose own example (5,739.50) solves to 5,739.08."))
_OKX_CROSS = N_("OKX liquidates cross positions on the whole account's margin ratio and publishes no per-position "
                "formula; this uses the isolated formula with your balance as the margin.")
_state("okx", "linear", why=N_("The futures part of OKX's article was not readable in riskbot's sources; this is the "
       "form Gate publishes and open-source tests check against OKX."), cross_exactness=ESTIMATE, cross_why=_OKX_CROSS)
_state("okx", "inverse", why=N_("Taken from the research's reading of OKX's article, not re-read since; it solves "
       "equity = (MMR + fee) × value at the price."), cross_exactness=ESTIMATE, cross_why=_OKX_CROSS)
_state("hyperliquid", "linear", why=N_("The opening fee leaves the margin (seen in exchange data, not stated in the "
       "docs); only the first margin tier's arithmetic is checked."))
_state("bitmex", "inverse", why=N_("BitMEX support's formula without its funding term (whose sign for shorts is "
       "disputed); BitMEX rounds to whole satoshis and a 0.5 price tick."))
_state("bitmex", "linear", why=N_("Maintenance on the entry value, as in BitMEX's published cross example."))


# --- Venues added with issue 15 ---------------------------------------------------------------
# Maximum leverage: the research gives none for these four, so each profile carries
# NO_STATED_MAXIMUM with max_leverage_known=False, and tier rows carry the maintenance ceiling
# ⌊1/MMR⌋ (see the data files' notes).

BITGET_SOURCE = ("Bitget help article 12560603808759 (2025-09-18): liquidation price with the taker fee inside "
                 "and the tier offset (positions opened from 2025-11-10 08:00 UTC)")
GATE_SOURCE = ("Gate help 27724 'Liquidation price, bankruptcy price': the published form in tier 1; beyond it "
               "riskbot adds Gate's tier deduction (derived)")
MEXC_SOURCE = "MEXC blog: the fee-less form with maintenance at entry (fees excluded; derived tiers)"
BLOFIN_SOURCE = ("No BloFin liquidation formula is published: the OKX-style form (OKX help 'Introduction to the "
                 "isolated mode'; Gate help 27724) with BloFin's maintenance rates")
BLOFIN_WHY = N_("BloFin publishes no liquidation formula; this uses BloFin's maintenance rates with the OKX-style "
                "formula.")

VENUES.update({
    "bitget": Venue(
        "bitget", "Bitget",
        {"linear": ContractRule(
            f.BITGET_LINEAR, f.BITGET_LINEAR, BITGET_SOURCE,
            cross_exactness=ESTIMATE, cross_why=N_("Bitget publishes no cross-margin liquidation formula in riskbot's "
            "sources; this uses its isolated formula with your balance as the margin."),
            offset_from="2025-11-10T08:00:00+00:00")},
        NO_STATED_MAXIMUM, Decimal("0.0006"),
        "Bitget taker / liquidation fee rate 0.0006, inside its formula (help article 12560603808759)",
        max_leverage_known=False),
    "gate": Venue(
        "gate", "Gate",
        {"linear": ContractRule(
            f.GATE_LINEAR, f.GATE_LINEAR, GATE_SOURCE,
            exactness=EXACT_IN_TIER_1, why=N_("Gate's published formula has no tier deduction; beyond tier 1 riskbot "
            "adds the deduction from Gate's tier table, a derived form Gate does not print."),
            cross_exactness=ESTIMATE, cross_why=N_("Gate's published formula is for isolated margin; for cross this "
            "uses it with your balance as the margin."))},
        NO_STATED_MAXIMUM, Decimal("0.00075"), "Gate taker 0.075% (per Gate support), inside its formula",
        max_leverage_known=False),
    "mexc": Venue(
        "mexc", "MEXC",
        {"linear": ContractRule(
            f.MEXC_LINEAR, f.MEXC_LINEAR, MEXC_SOURCE,
            "base_quantity", exactness=ESTIMATE, label=N_("estimate (fees excluded)"),
            why=N_("MEXC's published formula leaves out the liquidation fee its current rule charges, so MEXC's "
            "own price sits a little nearer the entry; and MEXC lists no tier table (derived tiers)."),
            cross_exactness=ESTIMATE, cross_why=N_("MEXC publishes no cross-margin formula in riskbot's sources; this "
            "uses its isolated form with your balance as the margin, fees excluded."),
            notes=(N_("Fees excluded: MEXC also charges a liquidation fee (liquidationFeeRate in its contract "
                      "detail), not included here."),
                   N_("Derived tiers: MEXC lists no tier table; rates come from its contract detail's risk steps.")))},
        NO_STATED_MAXIMUM, ZERO_FEE, "Not used: MEXC's published formula excludes fees",
        max_leverage_known=False),
    "blofin": Venue(
        "blofin", "BloFin",
        {"linear": ContractRule(
            f.OKX_LINEAR, f.OKX_LINEAR, BLOFIN_SOURCE,
            "contracts", exactness=ESTIMATE, why=BLOFIN_WHY, cross_exactness=ESTIMATE, cross_why=BLOFIN_WHY,
            notes=(N_("BloFin's taker rate is not in riskbot's sources: 0 unless you give fee=."),))},
        NO_STATED_MAXIMUM, ZERO_FEE, "BloFin's taker rate is not in riskbot's sources (0 unless fee= is given)",
        max_leverage_known=False),
})
ALIASES.update({"bitget": "bitget", "gate": "gate", "gateio": "gate", "mexc": "mexc",
                "blofin": "blofin"})


def venue(key: str) -> Venue:
    return VENUES[key]
