"""/liq through dispatch, answered from the market catalogue: the contract used and its price unit,
the table's source and date (and "refreshed N h ago" after a refresh from the loopback fakes), the
venue's exactness, and the catalogue's own words for a symbol it does not list."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.markets.refresher import MarketRefresher
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text
from core.markets import CATALOGUE

FETCHED = datetime(2026, 11, 29, 6, 0, tzinfo=timezone.utc)
THREE_HOURS_LATER = Context(now=lambda: FETCHED + timedelta(hours=3))
# BTC_USDT / BTC-USDT / BTCUSDT on the four newer venues: 0.5 % up to 1,000,000, then 1 % (cum
# 1,000,000 × 0.005 = 5,000). Gate and Bitget count value in USDT; BloFin counts contracts
# (contractValue 0.001 BTC), MEXC volume in contracts (contractSize 0.0001 BTC).
NEW_VENUE_TIERS = [("0", "1000000", "0.005", "0", "100"), ("1000000", "5000000", "0.01", "5000", "50")]


@pytest.fixture
def catalogue(monkeypatch):
    """The process-wide catalogue, as dispatch uses it, restored after the test."""
    monkeypatch.setattr(CATALOGUE, "_books", dict(CATALOGUE._books))
    return CATALOGUE


async def ask(text: str, context: Context | None = None):
    reply = await dispatch(Invocation(text=text), context or Context())
    return reply, plain_text(reply)


@pytest.mark.parametrize("text, contract, unit, as_of", [
    ("/liq long SOL 150 20x", "SOLUSDT", "USDT per SOL", "2026-05-01"),
    ("/liq long PEPE 0.012 10x qty=1000000", "1000PEPEUSDT", "USDT per 1,000 PEPE", "2026-05-01"),
    ("/liq long ETH 3000 20x hyperliquid qty=10", "ETH", "USDC per ETH", "2026-11-29"),
])
async def test_altcoins_answer_from_a_named_dated_table(text: str, contract: str, unit: str, as_of: str) -> None:
    reply, shown = await ask(text)
    assert reply.ok, shown
    assert reply.result["liquidation_price"] > 0
    assert (reply.result["contract_symbol"], reply.result["price_unit"], reply.result["table_as_of"]) == \
        (contract, unit, as_of)
    assert reply.result["table_source"] and reply.result["exactness"] == "exact"
    assert f"{contract} on " in shown and f"price in {unit}" in shown
    assert f"as of {as_of}" in shown and "Exactness: exact." in shown


async def test_pepe_is_the_1000_unit_contract_priced_per_1000() -> None:
    # Binance 1000PEPEUSDT bracket 1 (2026-05-01 table): MMR 0.65 %, cum 0. Long 10x at 0.012:
    # LP = (N/10 − N)/(Q·0.0065 − Q) per unit = 0.012·(0.1 − 1)/(0.0065 − 1) = 0.0108/0.9935 = 0.010870659.
    reply, _ = await ask("/liq long PEPE 0.012 10x qty=1000000")
    assert reply.result["mmr"] == 0.0065 and abs(reply.result["liquidation_price"] - 0.0108 / 0.9935) < 1e-12


async def test_usdc_contract_by_name_or_by_quote_settles_in_usdc() -> None:
    by_name, shown = await ask("/liq long BTCUSDC 60000 25x qty=1")
    by_quote, _ = await ask("/liq long BTC 60000 25x qty=1 quote=usdc")
    assert by_name.result["contract_symbol"] == by_quote.result["contract_symbol"] == "BTCUSDC"
    assert "Margin: 2,400.00 USDC" in shown and by_name.result["price_unit"] == "USDC per BTC"


async def test_venue_forms_of_a_symbol_reach_the_same_contract() -> None:
    for typed in ("SOLUSDT", "SOL/USDT", "SOLUSDT.P", "SOL/USDT:USDT", "sol-usdt"):
        reply, shown = await ask(f"/liq long {typed} 150 20x")
        assert reply.ok and reply.result["contract_symbol"] == "SOLUSDT", (typed, shown)
    quarterly, _ = await ask("/liq long BTCUSDT_260626 60000 20x")
    assert quarterly.result["contract_symbol"] == "BTCUSDT_260626"   # never silently the perpetual


async def test_an_unknown_symbol_gets_the_catalogues_words() -> None:
    reply, _ = await ask("/liq long PEPPE 0.01 10x")
    assert reply.error.code == "usage"
    assert reply.error.message.startswith("PEPPE is not listed on Binance USDⓈ-M (table as of 2026-05-01). Closest: ")
    assert "PEPE" in reply.error.message.split("Closest: ")[1]


async def test_leverage_is_checked_against_the_contracts_own_maximum() -> None:
    # Hyperliquid ETH: maxLeverage 25 in the shipped meta table; Binance BTCUSDT tier 1: 150x.
    eth, _ = await ask("/liq long ETH 3000 40x hyperliquid")
    assert eth.error.message == "40x is above ETH's maximum leverage of 25x on Hyperliquid (table as of 2026-11-29)."
    btc, _ = await ask("/liq long BTC 60000 200x")
    assert "BTCUSDT's maximum leverage of 150x" in btc.error.message
    gate, _ = await ask("/liq long BTC 60000 2000x gate")
    assert "Gate's maximum leverage is not known to riskbot" in gate.error.message
    assert "maximum of 1000x" not in gate.error.message and "maximum leverage of 1000x" not in gate.error.message


async def test_a_table_older_than_30_days_adds_a_warning_saying_how_old() -> None:
    fresh, _ = await ask("/liq long SOL 150 20x", Context(now=lambda: datetime(2026, 5, 20, tzinfo=timezone.utc)))
    old, shown = await ask("/liq long SOL 150 20x", Context(now=lambda: datetime(2026, 7, 1, tzinfo=timezone.utc)))
    assert "stale_table" not in [w.code for w in fresh.warnings]
    # 2026-05-01 → 2026-07-01: 61 days.
    assert [w.text for w in old.warnings if w.code == "stale_table"] == [
        "This tier table is 61 days old (as of 2026-05-01): Binance may have changed its tiers since."]


async def test_opened_picks_bitgets_method_and_a_bad_date_is_a_usage_error() -> None:
    new, new_text = await ask("/liq long BTC 60000 25x bitget qty=1")
    old, old_text = await ask("/liq long BTC 60000 25x bitget qty=1 opened=2025-11-01")
    assert "Opened on or after 2025-11-10 08:00 UTC: tier offset applied" in new_text
    assert "Opened before 2025-11-10 08:00 UTC" in old_text
    bad, _ = await ask("/liq long BTC 60000 25x bitget qty=1 opened=yesterday")
    assert bad.error.code == "usage" and "opened=" in bad.error.message
    odd, _ = await ask("/liq long BTC 60000 25x bitget qty=1 opened=2025-11-10")   # the cutoff's own day
    assert odd.error.code == "usage" and "give the time" in odd.error.message


async def test_a_delisted_contract_says_so(catalogue, refresher, venues) -> None:
    venues.binance["linear"] = {"SOLUSDT": venues.binance["linear"]["SOLUSDT"]}   # DOGEUSDT gone
    refresher.catalogue = catalogue
    assert (await refresher.refresh_one("binance", "linear")).ok
    reply, _ = await ask("/liq long DOGE 0.3 10x")
    assert reply.error.code == "usage"
    assert reply.error.message.startswith("DOGEUSDT was delisted from Binance USDⓈ-M (last table as of ")


async def test_refreshed_bybit_and_okx_tables_answer_and_say_so(catalogue, http, venues) -> None:
    before, _ = await ask("/liq long SOL 150 20x bybit qty=100")
    assert before.error is not None   # the shipped Bybit table holds BTCUSDT only
    refresher = MarketRefresher(catalogue, http, clock=lambda: FETCHED)
    outcomes = [await refresher.refresh_one(venue, "linear") for venue in ("bybit", "okx")]
    assert all(o.ok for o in outcomes), outcomes
    for venue, contract in (("bybit", "SOLUSDT"), ("okx", "SOL-USDT-SWAP")):
        reply, shown = await ask(f"/liq long SOL 150 20x {venue} qty=100", THREE_HOURS_LATER)
        assert reply.ok, shown
        assert "refreshed 3 h ago" in shown and f"{contract} on " in shown
        assert reply.result["table_fetched_at"] == FETCHED.isoformat()
        assert reply.result["contract_symbol"] == contract
        # Both fakes serve SOL's first tier at 1 % (100 SOL is 15,000 USDT on Bybit, 100 contracts on OKX):
        # the refreshed table gives what the same formula gives with that rate typed in.
        typed, _ = await ask(f"/liq long SOL 150 20x {venue} qty=100 mmr=1%")
        assert reply.result["liquidation_price"] == typed.result["liquidation_price"]
        assert reply.result["mmr"] == 0.01


def _serve_new_venues(venues) -> None:
    venues.bitget = {"BTCUSDT": NEW_VENUE_TIERS}
    venues.gate = {"BTC_USDT": {"multiplier": "0.0001", "tiers": NEW_VENUE_TIERS}}
    venues.blofin = {"BTC-USDT": {"contractValue": "0.001", "tiers": [
        ("0", "1000000", "0.005", "0", "100"), ("1000000", "5000000", "0.01", "5000", "50")]}}
    venues.mexc = [{"symbol": "BTC_USDT", "contractSize": "0.0001", "maintenanceMarginRate": "0.004",
                    "riskBaseVol": "1000000", "riskIncrVol": "1000000", "riskIncrMmr": "0.004",
                    "riskLevelLimit": "3", "initialMarginRate": "0.005", "riskIncrImr": "0.005"}]


async def test_the_four_new_venues_refresh_and_answer_saying_how_exact(catalogue, http, venues) -> None:
    _serve_new_venues(venues)
    gate_before, _ = await ask("/liq long BTC 60000 25x gate qty=1")
    assert "I don't have Gate's linear tier table for BTC" in gate_before.error.message
    refresher = MarketRefresher(catalogue, http, clock=lambda: FETCHED)
    outcomes = {o.venue: o for o in await refresher.refresh({"bitget", "gate", "mexc", "blofin"})}
    assert {v: o.ok for v, o in outcomes.items()} == dict.fromkeys(("bitget", "gate", "mexc", "blofin"), True), outcomes
    expected = {"bitget": ("BTCUSDT", "exact", "Exactness: exact."),
                "gate": ("BTC_USDT", "exact", "Exactness: exact in tier 1."),
                "mexc": ("BTC_USDT", "estimate", "Exactness: estimate (fees excluded)."),
                "blofin": ("BTC-USDT", "estimate", "Exactness: estimate.")}
    for venue, (contract, level, footer) in expected.items():
        reply, shown = await ask(f"/liq long BTC 60000 25x {venue} qty=1", THREE_HOURS_LATER)
        assert reply.ok, shown
        assert reply.result["contract_symbol"] == contract and reply.result["exactness"] == level
        assert footer in shown and "refreshed 3 h ago" in shown
        assert ("estimate" in [w.code for w in reply.warnings]) == (level == "estimate")
    # Gate's refreshed tier 1 (0.5 %) gives what Gate's formula gives with mmr=0.5% typed in.
    gate, _ = await ask("/liq long BTC 60000 25x gate qty=1", THREE_HOURS_LATER)
    typed, _ = await ask("/liq long BTC 60000 25x gate qty=1 mmr=0.5%")
    assert gate.result["liquidation_price"] == typed.result["liquidation_price"] and gate.result["mmr"] == 0.005


async def test_bitget_and_mexc_answer_from_the_shipped_tables() -> None:
    # Bitget ships its help article's BTC tiers; MEXC's one row is proven for positions under 0.1 BTC.
    for text, label in (("/liq long BTC 60000 25x bitget qty=1", "Exactness: exact."),
                        ("/liq long BTC 60000 25x mexc qty=0.05", "Exactness: estimate (fees excluded).")):
        reply, shown = await ask(text)
        assert reply.ok and label in shown, shown


async def test_explain_shows_the_formula_its_source_and_an_estimates_assumption() -> None:
    _, blofin = await ask("/liq long BTC 60000 25x blofin qty=1 mmr=0.5% explain")
    assert "Formula:" in blofin and "Source (estimate):" in blofin
    assert "Assumption: BloFin publishes no liquidation formula" in blofin
    assert "Estimate, not the venue's own number" in blofin


async def test_venues_lists_nine_and_help_points_to_it() -> None:
    reply, shown = await ask("/venues")
    assert [v["key"] for v in reply.result["venues"]] == [
        "binance", "bybit", "okx", "hyperliquid", "bitmex", "bitget", "gate", "mexc", "blofin"]
    assert "Gate: linear exact in tier 1" in shown and "BloFin: linear estimate" in shown
    assert "Binance: linear exact (715 contracts, table 2026-05-01)" in shown
    assert all(len(line) <= 320 for line in shown.splitlines())
    helped, text = await ask("/help venues")
    assert helped.ok and "/venues" in text


@pytest.mark.parametrize("venue", ["bitget", "gate", "mexc", "blofin"])
async def test_a_group_can_choose_every_venue(venue: str) -> None:
    from commands.grammar import parse
    from commands.groups.args import parse_set
    assert parse_set(f"venue={venue}")["default_venue"] == venue
    from commands.catalog import find
    assert parse(f"long BTC 60000 10x {venue}", find("liq"))["venue"] == venue


def test_decimal_tiers_are_what_the_fakes_serve() -> None:
    assert Decimal(NEW_VENUE_TIERS[1][3]) == Decimal(NEW_VENUE_TIERS[1][0]) * (Decimal("0.01") - Decimal("0.005"))
