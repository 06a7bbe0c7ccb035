"""The catalogue's tables: what ships, the continuity rules a table must pass, tables installed
at run time (atomically, previous kept on rejection), and a table's age."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.liquidation import PositionSpec, liquidation
from core.markets import (CATALOGUE, SHIPPED, Catalogue, ContractDetails, TableRejected, book_from_document,
                          leverage_tiers, rules_for, table_age, validate, validate_rows)
from core.markets.shipped import read_document

BTC_2026 = [  # Binance BTCUSDT, shipped table as of 2026-05-01, first four brackets
    {"floor": "0", "cap": "300000", "max_leverage": "150", "mmr": "0.004", "maintenance_amount": "0"},
    {"floor": "300000", "cap": "800000", "max_leverage": "100", "mmr": "0.005", "maintenance_amount": "300"},
    {"floor": "800000", "cap": "3000000", "max_leverage": "75", "mmr": "0.0065", "maintenance_amount": "1500"},
    {"floor": "3000000", "cap": "12000000", "max_leverage": "50", "mmr": "0.01", "maintenance_amount": "12000"},
]


def _with(index: int, **changes):
    rows = [dict(r) for r in BTC_2026]
    rows[index].update(changes)
    return rows


def test_shipped_counts_and_dates():
    by_book = {(s.venue, s.kind): s for s in CATALOGUE.status()}
    assert by_book[("binance", "linear")].contracts == 715 and by_book[("binance", "linear")].info.as_of == "2026-05-01"
    assert by_book[("binance", "linear")].info.complete
    assert by_book[("hyperliquid", "linear")].contracts == 39 and not by_book[("hyperliquid", "linear")].info.complete
    symbols = read_document(SHIPPED[("binance", "linear")])["symbols"]
    assert sum(s.endswith("USDC") for s in symbols) == 38 and sum("_" in s for s in symbols) == 4


@pytest.mark.parametrize("book", sorted(SHIPPED))
def test_every_shipped_table_passes_the_rules(book):
    # Each shipped table, as the catalogue reads it (partial research captures stop at their gap).
    venue, kind = book
    for contract in CATALOGUE.contracts(venue, kind):
        assert validate(contract.tiers, **rules_for(venue, kind)) is None, contract.symbol


def test_the_continuous_table_passes():
    assert validate_rows(BTC_2026) is None


@pytest.mark.parametrize("rows, reason", [
    (_with(2, maintenance_amount="1600"), "tier 3 maintenance amount 1600 breaks continuity: 800000·(0.0065 − 0.005) + 300 = 1500"),
    (_with(2, floor="900000"), "tier 3 starts at 900000 but tier 2 ends at 800000"),
    (_with(1, mmr="0.004", maintenance_amount="0"), "tier 2 maintenance rate 0.004 does not rise"),
    (_with(2, max_leverage="100"), "tier 3 max leverage 100 does not fall"),
    (_with(0, floor="10"), "tier 1 starts at 10, not 0"),
    (_with(1, mmr="abc"), "tier 2: mmr 'abc' is not a number"),
    (_with(1, cap=None), "tier 2 has no cap"),
    ([], "the table is empty"),
])
def test_a_broken_table_is_rejected_with_its_reason(rows, reason):
    assert reason in (validate_rows(rows) or "")


def test_cum_within_a_cent():
    assert validate_rows(_with(2, maintenance_amount="1500.009")) is None
    assert validate_rows(_with(2, maintenance_amount="1500.02")) is not None


def test_install_replaces_a_book_and_keeps_the_previous_table_of_a_rejected_symbol():
    cat = Catalogue()
    shipped_eth = cat.contract("binance", "linear", "ETHUSDT")
    report = cat.install("binance", "linear", {"BTCUSDT": BTC_2026, "ETHUSDT": _with(2, maintenance_amount="1")},
                         "fake /fapi/v1/leverageBracket", "2026-12-01", 1_764_547_200.0)
    assert report.installed == 1 and "breaks continuity" in report.rejected["ETHUSDT"]
    assert cat.contract("binance", "linear", "ETHUSDT") is shipped_eth          # previous kept
    btc = cat.contract("binance", "linear", "BTCUSDT")
    assert len(btc.tiers) == 4 and btc.info.fetched_at == 1_764_547_200.0 and btc.table.fetched_at == 1_764_547_200.0
    assert "SOLUSDT" in report.delisted and not cat.contract("binance", "linear", "SOLUSDT").listed
    assert CATALOGUE.contract("binance", "linear", "SOLUSDT").listed              # other catalogues untouched


def test_a_refresh_with_nothing_valid_changes_nothing():
    cat = Catalogue()
    before = cat.book("binance", "linear")
    with pytest.raises(TableRejected, match="breaks continuity"):
        cat.install("binance", "linear", {"BTCUSDT": _with(3, maintenance_amount="0")}, "fake", "2026-12-01", 1.0)
    with pytest.raises(TableRejected):
        cat.install("binance", "linear", {}, "fake", "2026-12-01", 1.0)
    assert cat.book("binance", "linear") is before


def test_liquidation_reads_the_installed_table():
    # After a refresh the answer comes from the new table and carries its fetch time.
    cat = Catalogue()
    cat.install("bybit", "linear", {"SOLUSDT": [
        {"floor": 0, "cap": 200000, "max_leverage": 50, "mmr": "0.01", "maintenance_amount": 0}]},
        "fake /v5/market/risk-limit", "2026-12-01", 1_764_547_200.0)
    r = liquidation(PositionSpec("bybit", "SOL", 1, D(150), leverage=D(20), quantity=D(100)), cat)
    # Bybit: maintenance at entry value. LP = EP − (WB − N·MMR)/Q = 150 − (750 − 150)/100 = 144.
    assert r.liquidation_price == 144 and r.fetched_at == 1_764_547_200.0 and r.table_source.startswith("fake")


def test_hyperliquid_coin_without_a_tiered_table_gets_one_tier_at_its_max_leverage():
    cat = Catalogue()
    cat.install("hyperliquid", "linear", {"PURR": [], "BTC": leverage_tiers([(0, 40), (150_000_000, 20)])},
                "fake meta", "2026-12-01", 1.0, details={"PURR": ContractDetails(max_leverage=D(3))})
    purr = cat.contract("hyperliquid", "linear", "PURR")
    assert [(t.floor, t.cap, t.mmr, t.maintenance_amount) for t in purr.tiers] == [(0, None, D(1) / D(6), 0)]
    btc = cat.contract("hyperliquid", "linear", "BTC")
    assert btc.tiers[1].maintenance_amount == 1_875_000  # docs: 150,000,000·(0.025 − 0.0125)


def test_a_document_in_the_shipped_layout_loads_back_the_same():
    doc = read_document(SHIPPED[("okx", "linear")])
    cat = Catalogue()
    cat.install_document({**doc, "kind": "linear"}, fetched_at=5.0)
    again, shipped = cat.contract("okx", "linear", "BTC-USDT-SWAP"), CATALOGUE.contract("okx", "linear", "BTC-USDT-SWAP")
    assert again.tiers == shipped.tiers and again.contract_value == shipped.contract_value == D("0.01")
    assert book_from_document(doc).get("BTC-USDT-SWAP").tiers == shipped.tiers


def test_table_age_from_as_of_and_from_a_fetch():
    day = 86_400
    now = 1_781_524_800.0  # 2026-06-15 12:00 UTC
    shipped = CATALOGUE.contract("binance", "linear", "BTCUSDT")
    age = table_age(shipped, now)   # as of 2026-05-01: 45.5 days
    assert (age.days, age.stale, age.since, age.text) == (45, True, "as_of", "45 days")
    fresh = table_age(shipped.info.__class__("binance", "linear", "x", "2026-06-15", now - 3 * 3600), now)
    assert (fresh.stale, fresh.since, fresh.text) == (False, "fetched", "3 h")
    assert not table_age(shipped, 1_777_593_600.0 + 30 * day).stale   # exactly 30 days: not older than 30
    assert table_age(liquidation(PositionSpec("binance", "BTC", 1, D(1), leverage=D(2), mmr=D("0.01"))).table, now) is None


def test_table_age_takes_datetimes_too():
    from datetime import datetime, timezone
    now = datetime(2026, 6, 15, 12, tzinfo=timezone.utc)
    assert table_age(CATALOGUE.contract("binance", "linear", "BTCUSDT"), now).days == 45
