"""The one symbol resolver and the autocomplete search, on the shipped tables.

Every form a trader types resolves to the venue's own listed contract and says which one; an
unknown, delisted or wrongly-quoted symbol gets a message, never a contract.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.liquidation import PositionSpec, liquidation
from core.errors import CalculationError
from core.markets import CATALOGUE, Catalogue, ContractDetails, parse_query


@pytest.mark.parametrize("text", ["SOL", "sol", "SOLUSDT", "solusdt", "SOL/USDT", "sol/usdt", "SOL-USDT-SWAP",
                                  "SOL-PERP", "SOLUSDT.P", "SOL/USDT:USDT", "SOL_USDT", " Sol "])
def test_every_form_of_sol_is_binance_solusdt(text):
    r = CATALOGUE.resolve(text, "binance")
    assert r.ok and r.contract.symbol == "SOLUSDT" and r.kind == "linear"
    assert r.note == "SOLUSDT on Binance USDⓈ-M, price in USDT per SOL"


@pytest.mark.parametrize("text", ["PEPE", "pepe", "1000PEPE", "1000PEPEUSDT", "PEPE/USDT", "kPEPE"])
def test_pepe_on_binance_is_the_thousand_unit_contract(text):
    r = CATALOGUE.resolve(text, "binance")
    assert r.ok and r.contract.symbol == "1000PEPEUSDT"
    assert r.contract.multiplier == 1000 and r.contract.base == "PEPE"
    assert r.contract.price_unit == "USDT per 1,000 PEPE" and "per 1,000 PEPE" in r.note


@pytest.mark.parametrize("text", ["kPEPE", "KPEPE", "kpepe", "PEPE", "1000PEPE"])
def test_hyperliquid_k_coins(text):
    r = CATALOGUE.resolve(text, "hyperliquid")
    assert r.ok and r.contract.symbol == "kPEPE" and r.contract.price_unit == "USDC per 1,000 PEPE"


def test_hyperliquid_names_that_start_with_k_are_not_k_coins():
    # A coin whose name starts with K is itself, not a 1,000-unit lot (resolved as typed first).
    cat = Catalogue()
    cat.install("hyperliquid", "linear", {"KAITO": [], "BTC": []}, "fake meta", "2026-12-01", 1.0,
                details={"KAITO": ContractDetails(max_leverage=Decimal(5)), "BTC": ContractDetails(max_leverage=Decimal(40))})
    r = cat.resolve("kaito", "hyperliquid")
    assert r.ok and r.contract.symbol == "KAITO" and r.contract.multiplier == 1


@pytest.mark.parametrize("text, quote, symbol", [("BTCUSDC", None, "BTCUSDC"), ("BTC", "usdc", "BTCUSDC"),
                                                  ("BTC/USDC", None, "BTCUSDC"), ("BTC", None, "BTCUSDT"),
                                                  ("PEPE", "USDC", "1000PEPEUSDC")])
def test_usdc_contracts_only_when_asked(text, quote, symbol):
    r = CATALOGUE.resolve(text, "binance", quote=quote)
    assert r.ok and r.contract.symbol == symbol


@pytest.mark.parametrize("text, kind", [("BTCUSD", None), ("BTCUSD_PERP", None), ("BTC", "inverse"), ("btc/usd", None)])
def test_inverse_is_coin_m(text, kind):
    r = CATALOGUE.resolve(text, "binance", kind)
    assert r.ok and r.kind == "inverse" and r.contract.symbol == "BTCUSD_PERP"
    assert r.contract.settle == "BTC" and r.contract.contract_value == 100  # 1 contract = 100 USD


def test_quarterly_by_its_own_name_and_perpetual_by_default():
    assert CATALOGUE.resolve("BTCUSDT_260626", "binance").contract.symbol == "BTCUSDT_260626"
    assert CATALOGUE.resolve("btcusdt_260925", "binance").contract.expiry == "260925"
    assert CATALOGUE.resolve("BTC", "binance").contract.expiry is None


def test_okx_and_bybit_names():
    okx = CATALOGUE.resolve("btc", "okx")
    assert okx.ok and okx.contract.symbol == "BTC-USDT-SWAP" and okx.contract.contract_value == Decimal("0.01")
    assert CATALOGUE.resolve("BTC-USDT-SWAP", "okx").contract is okx.contract
    assert CATALOGUE.resolve("BTCUSDT", "bybit").contract.symbol == "BTCUSDT"


def test_unknown_symbol_names_the_table_its_date_and_the_closest():
    r = CATALOGUE.resolve("XYZ", "binance")
    assert not r.ok and r.contract is None and r.status == "not_listed"
    assert r.message.startswith("XYZ is not listed on Binance USDⓈ-M (table as of 2026-05-01). Closest: ")
    assert r.closest and all(c in r.message for c in r.closest)
    solana = CATALOGUE.resolve("SOLANA", "binance")
    assert "SOL" in solana.closest


def test_a_partial_snapshot_does_not_claim_the_coin_is_unlisted():
    # The shipped Hyperliquid table holds its 39 tiered coins; other coins are listed but not shipped.
    r = CATALOGUE.resolve("PURR", "hyperliquid")
    assert not r.ok and "not in riskbot's Hyperliquid perpetuals table (39 contracts, as of 2026-11-29)" in r.message


def test_a_quote_the_coin_is_not_listed_in_says_which_quotes_are():
    r = CATALOGUE.resolve("BTCUSDC", "bybit")
    assert not r.ok and "lists BTC against USDT, not USDC" in r.message


def test_hyperliquid_settles_in_usdc_and_says_so():
    r = CATALOGUE.resolve("SOLUSDT", "hyperliquid")
    assert r.ok and r.contract.symbol == "SOL" and r.substituted_quote == "USDT" and "not USDT" in r.note


def test_delisted_contract_says_so_and_liquidation_refuses():
    cat = Catalogue()
    cat.install("binance", "linear", {"SOLUSDT": [{"floor": 0, "cap": 50000, "max_leverage": 100, "mmr": "0.005",
                                                   "maintenance_amount": 0}]}, "fake", "2026-12-01", 1.0)
    r = cat.resolve("BTC", "binance")
    assert r.status == "delisted" and "BTCUSDT was delisted from Binance USDⓈ-M" in r.message
    with pytest.raises(CalculationError, match="delisted"):
        liquidation(PositionSpec("binance", "BTC", 1, Decimal(60000), leverage=Decimal(10)), cat)


def test_unknown_symbol_in_liquidation_keeps_the_mmr_way_out():
    with pytest.raises(CalculationError) as caught:
        liquidation(PositionSpec("binance", "XYZ", 1, Decimal(1), leverage=Decimal(10)))
    assert "not listed on Binance USDⓈ-M" in caught.value.message and "mmr=" in caught.value.message
    given = liquidation(PositionSpec("binance", "XYZ", 1, Decimal(1), leverage=Decimal(10), mmr=Decimal("0.01")))
    assert given.contract is None and given.table.source == "your override"


def test_parse_query_forms():
    assert parse_query("sol-usdt-swap") == parse_query("SOL/USDT") == parse_query("SOLUSDT")
    assert (parse_query("BTCUSDT_260626").base, parse_query("BTCUSDT_260626").expiry) == ("BTC", "260626")
    assert parse_query("BTCUSD").quote == "USD" and parse_query("SOL-PERP").quote is None


def test_search_puts_exact_and_prefix_first_and_stops_at_25():
    found = CATALOGUE.search("sol", "binance")
    assert [c.symbol for c in found[:2]] == ["SOLUSDT", "SOLUSDC"]
    assert len(CATALOGUE.search("", "binance")) == 25 and len(CATALOGUE.search("a", "binance")) == 25
    pe = [c.symbol for c in CATALOGUE.search("pe", "binance")]
    assert pe[0] == "1000PEPEUSDT" and all(c.tiers for c in CATALOGUE.search("pe", "binance"))
    assert CATALOGUE.search("zzzzqq", "binance") == ()
    assert [c.symbol for c in CATALOGUE.search("kpe", "hyperliquid")] == ["kPEPE"]


def test_search_never_offers_a_delisted_contract():
    cat = Catalogue()
    cat.install("binance", "linear", {"SOLUSDT": [{"floor": 0, "cap": 50000, "max_leverage": 100, "mmr": "0.005",
                                                   "maintenance_amount": 0}]}, "fake", "2026-12-01", 1.0)
    assert [c.symbol for c in cat.search("", "binance", "linear")] == ["SOLUSDT"]
