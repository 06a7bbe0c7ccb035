"""Each venue says how exact it is, each answer carries the exactness that applies to it, an
estimate carries the `estimate` warning with its reason, and /venues lists all nine."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.exactness import exactness_of, for_market
from core.liquidation import PositionSpec, liquidation
from core.risk_warnings import position_warnings
from core.venue_list import venue_listings
from core.venues import ALIASES, VENUES


def answer(venue, mode="isolated", contract="linear", **kw):
    kw.setdefault("quantity", D(1))
    if mode == "cross":
        kw.setdefault("balance", D(5000))
    return liquidation(PositionSpec(venue, "BTC", 1, D(60000), contract=contract, margin_mode=mode,
                                    leverage=D(25), **kw))


@pytest.mark.parametrize("venue, contract, mode, level", [
    ("binance", "linear", "isolated", "exact"), ("binance", "linear", "cross", "exact"),
    ("binance", "inverse", "isolated", "exact"), ("hyperliquid", "linear", "isolated", "exact"),
    ("bitmex", "inverse", "isolated", "exact"), ("bybit", "linear", "isolated", "exact"),
    ("okx", "linear", "isolated", "exact"),
    ("bitget", "linear", "isolated", "exact"), ("gate", "linear", "isolated", "exact in tier 1"),
    # No published per-position formula for these: estimates, whatever the arithmetic.
    ("okx", "linear", "cross", "estimate"), ("bybit", "linear", "cross", "estimate"),
    ("bitget", "linear", "cross", "estimate"), ("gate", "linear", "cross", "estimate"),
    ("mexc", "linear", "isolated", "estimate"), ("blofin", "linear", "isolated", "estimate"),
    ("blofin", "linear", "cross", "estimate"),
])
def test_each_profile_states_its_exactness(venue, contract, mode, level):
    stated = for_market(venue, contract, mode)
    assert stated.level == level and stated.source
    if level != "exact":
        assert stated.why                       # every estimate and partial says why, in words


def test_blofin_says_why_in_plain_words():
    why = for_market("blofin").why
    assert why == ("BloFin publishes no liquidation formula; this uses BloFin's maintenance rates with the "
                   "OKX-style formula.")


def test_mexc_is_labelled_fees_excluded_and_names_the_liquidation_fee():
    stated = for_market("mexc")
    assert stated.label == "estimate (fees excluded)"
    assert any("liquidation fee" in note for note in stated.notes)
    assert any("Derived tiers" in note for note in stated.notes)


def test_gate_in_tier_1_is_exact_and_with_a_deduction_is_derived():
    tier_1 = exactness_of(answer("gate", mmr=D("0.005")))
    assert (tier_1.level, tier_1.label) == ("exact", "exact in tier 1")
    beyond = exactness_of(answer("gate", mmr=D("0.01"), cum=D(2500)))
    assert beyond.level == "derived" and "deduction" in beyond.why


def test_bitget_cross_is_an_estimate_and_isolated_names_its_method():
    assert exactness_of(answer("bitget", "cross")).level == "estimate"
    new, old = exactness_of(answer("bitget")), exactness_of(answer("bitget", opened="2025-01-01"))
    assert new.level == old.level == "exact"
    assert any("tier offset applied" in n for n in new.notes) and any("no offset" in n for n in old.notes)


@pytest.mark.parametrize("venue, mode, kw", [
    ("blofin", "isolated", {"mmr": D("0.005")}), ("mexc", "isolated", {"quantity": D("0.05")}),
    ("bitget", "cross", {}), ("okx", "cross", {}), ("gate", "cross", {"mmr": D("0.005")}),
])
def test_estimates_carry_the_estimate_warning_with_the_reason(venue, mode, kw):
    r = answer(venue, mode, **kw)
    warnings = [w for w in position_warnings(r) if w.code == "estimate"]
    assert len(warnings) == 1 and exactness_of(r).why in warnings[0].text
    assert warnings[0].level == "warn"
    assert exactness_of(r).footer().startswith("Exactness: estimate")


@pytest.mark.parametrize("venue, kw", [("binance", {}), ("bitget", {}), ("gate", {"mmr": D("0.005")}),
                                       ("hyperliquid", {}), ("okx", {})])
def test_exact_answers_carry_no_estimate_warning(venue, kw):
    r = answer(venue, **kw)
    assert "estimate" not in {w.code for w in position_warnings(r)}
    assert not exactness_of(r).is_estimate


def test_an_unknown_venue_maximum_is_never_shown_as_one():
    # The research gives no maximum leverage for the new venues: no "above the venue's maximum" warning.
    r = liquidation(PositionSpec("bitget", "BTC", 1, D(60000), leverage=D(150), quantity=D(1)))
    assert "above_venue_max_leverage" not in {w.code for w in position_warnings(r)}
    assert not VENUES["bitget"].max_leverage_known and VENUES["binance"].max_leverage_known
    # Binance BTCUSDT 2026-05-01: 300,000–800,000 notional allows at most 100x; 6 BTC at 60,000 is 360,000.
    binance = liquidation(PositionSpec("binance", "BTC", 1, D(60000), leverage=D(120), quantity=D(6)))
    assert "above_venue_max_leverage" in {w.code for w in position_warnings(binance)}


def test_venues_lists_nine_with_exactness_source_and_table_date():
    listings = venue_listings()
    assert [v.key for v in listings] == ["binance", "bybit", "okx", "hyperliquid", "bitmex",
                                         "bitget", "gate", "mexc", "blofin"]
    by_key = {v.key: v for v in listings}
    assert by_key["bitget"].contracts[0].table_as_of == "2025-09-18"
    assert by_key["gate"].contracts[0].table_as_of is None            # nothing shipped
    assert by_key["gate"].line() == "Gate: linear exact in tier 1, cross estimate (no table yet (give mmr=))"
    assert by_key["blofin"].line().startswith("BloFin: linear estimate (")
    # Binance USDⓈ-M ships every contract: 715 listed in the 2026-05-01 table.
    assert by_key["binance"].contracts[0].contracts == 715 and by_key["binance"].contracts[0].table_as_of == "2026-05-01"
    assert all(c.source for v in listings for c in v.contracts)
    assert all(len(v.line()) <= 140 for v in listings)                 # one short line each on a phone


def test_new_venues_are_typed_by_their_names():
    assert {ALIASES[k] for k in ("bitget", "gate", "gateio", "mexc", "blofin")} == {"bitget", "gate", "mexc", "blofin"}
