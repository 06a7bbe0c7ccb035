"""The tier refresher against loopback fakes of every venue's tier endpoint."""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal
from urllib.parse import parse_qsl

from bot.markets.cli import write_documents
from bot.markets.refresher import MarketRefresher
from bot.storage.sqlite.markets import SqliteMarketStore
from core.markets.catalogue import Catalogue


def tiers(catalogue: Catalogue, venue: str, kind: str, symbol: str) -> list[tuple]:
    contract = catalogue.contract(venue, kind, symbol)
    assert contract is not None, f"{venue} {symbol} not installed"
    return [(t.floor, t.cap, t.mmr, t.maintenance_amount, t.max_leverage) for t in contract.tiers]


async def test_bybit_pages_by_cursor_until_the_last_page(refresher, venues):
    venues.page_size = 2                                  # 5 rows -> pages of 2, 2, 1
    outcome = await refresher.refresh_one("bybit", "linear")
    assert outcome.ok and outcome.installed == 2
    cursors = [q.get("cursor") for path, q, _ in venues.requests if path == "/v5/market/risk-limit"]
    assert cursors == [None, "2", "4"]
    assert tiers(refresher.catalogue, "bybit", "linear", "SOLUSDT")[1] == (
        Decimal(50000), Decimal(200000), Decimal("0.02"), Decimal(500), Decimal(25))
    info = refresher.catalogue.contract("bybit", "linear", "SOLUSDT").info
    assert info.fetched_at is not None and info.source.startswith("Bybit GET /v5/market/risk-limit")


async def test_okx_asks_at_most_five_families_a_request_and_keeps_contract_values(refresher, venues):
    outcome = await refresher.refresh_one("okx", "linear")
    assert outcome.ok and outcome.installed == 7
    batches = [q["instFamily"].split(",") for path, q, _ in venues.requests if path.endswith("position-tiers")]
    assert [len(b) for b in batches] == [5, 2]
    sol = refresher.catalogue.contract("okx", "linear", "SOL-USDT-SWAP")
    assert sol.contract_value == Decimal(1)
    # cum by the continuity rule, OKX sending none: 2,000 × (0.02 − 0.01) = 20
    assert tiers(refresher.catalogue, "okx", "linear", "SOL-USDT-SWAP")[1][3] == Decimal(20)


async def test_hyperliquid_tiered_and_single_tier_coins_and_delisted(refresher):
    outcome = await refresher.refresh_one("hyperliquid", "linear")
    assert outcome.ok
    # Docs' BTC 'tiered 40x': 1/(2·40) = 1.25 %, then 1/(2·20) = 2.5 % from 150M with
    # deduction 150,000,000 × (0.025 − 0.0125) = 1,875,000.
    assert tiers(refresher.catalogue, "hyperliquid", "linear", "BTC") == [
        (Decimal(0), Decimal(150_000_000), Decimal("0.0125"), Decimal(0), Decimal(40)),
        (Decimal(150_000_000), None, Decimal("0.025"), Decimal(1_875_000), Decimal(20))]
    # SOL's marginTableId 20 < 50: one tier at 20x, rate 1/(2·20) = 2.5 %.
    assert tiers(refresher.catalogue, "hyperliquid", "linear", "SOL") == [
        (Decimal(0), None, Decimal("0.025"), Decimal(0), Decimal(20))]
    assert refresher.catalogue.contract("hyperliquid", "linear", "OLD").listed is False


async def test_binance_public_brackets_without_a_key(refresher, venues):
    outcome = await refresher.refresh_one("binance", "linear")
    assert outcome.ok and outcome.installed == 2
    assert [p for p, _, _ in venues.requests] == ["/bapi/futures/v1/friendly/future/common/brackets"]
    assert tiers(refresher.catalogue, "binance", "linear", "SOLUSDT")[2] == (
        Decimal(200000), Decimal(1000000), Decimal("0.05"), Decimal(6500), Decimal(10))


async def test_binance_signed_brackets_with_a_key_sign_the_query(http, venues):
    refresher = MarketRefresher(Catalogue(), http, credentials={"api_key": "KEY", "api_secret": "SECRET"})
    outcome = await refresher.refresh_one("binance", "linear")
    assert outcome.ok and outcome.installed == 2
    [(path, query, headers)] = venues.requests
    assert path == "/fapi/v1/leverageBracket" and headers["X-MBX-APIKEY"] == "KEY"
    signed = "&".join(f"{k}={v}" for k, v in parse_qsl(f"timestamp={query['timestamp']}&recvWindow={query['recvWindow']}"))
    assert query["signature"] == hmac.new(b"SECRET", signed.encode(), hashlib.sha256).hexdigest()


async def test_a_429_is_waited_out_and_tried_again(refresher, venues):
    venues.too_many["bybit"] = 1
    outcome = await refresher.refresh_one("bybit", "linear")
    assert outcome.ok and venues.hits["bybit"] >= 2


async def test_failures_keep_the_previous_table_and_back_off(refresher, venues):
    assert (await refresher.refresh_one("bybit", "linear")).ok
    before = tiers(refresher.catalogue, "bybit", "linear", "SOLUSDT")
    cases = [(venues.failures, "HTTP 502"), (venues.malformed, "not JSON"), (venues.empty, "listed no contracts"),
             (venues.hang, "timeout")]
    for fault, reason in cases:
        if isinstance(fault, dict):
            fault["bybit"] = 502          # with nginx's HTML page as the body
        else:
            fault.add("bybit")
        outcome = await refresher.refresh_one("bybit", "linear")
        assert not outcome.ok and reason in outcome.error, outcome.error
        assert tiers(refresher.catalogue, "bybit", "linear", "SOLUSDT") == before
        fault.pop("bybit") if isinstance(fault, dict) else fault.discard("bybit")
    assert refresher.failures[("bybit", "linear")] == 4
    assert refresher.next_try[("bybit", "linear")] > refresher.clock()


async def test_a_table_that_breaks_continuity_is_rejected_and_the_previous_kept(refresher, venues):
    assert (await refresher.refresh_one("bybit", "linear")).ok
    before = tiers(refresher.catalogue, "bybit", "linear", "SOLUSDT")
    # cum of tier 2 should be 500 (50,000 × 0.01); 900 breaks continuity.
    venues.bybit["linear"]["SOLUSDT"] = list(venues.bybit["linear"]["SOLUSDT"])
    venues.bybit["linear"]["SOLUSDT"][1] = ("50000", "200000", "0.02", "900", "25")
    venues.bybit["linear"]["DOGEUSDT"] = [("0", "100000", "0.02", "0", "25"), ("100000", "600000", "0.03", "1000", "20")]
    outcome = await refresher.refresh_one("bybit", "linear")
    assert outcome.ok and set(outcome.rejected) == {"SOLUSDT"}
    assert tiers(refresher.catalogue, "bybit", "linear", "SOLUSDT") == before
    assert tiers(refresher.catalogue, "bybit", "linear", "DOGEUSDT")[1][1] == Decimal(600000)


async def test_a_restart_starts_from_the_last_good_refresh(refresher, database):
    assert (await refresher.refresh_one("bybit", "linear")).ok
    assert (await refresher.refresh_one("hyperliquid", "linear")).ok
    fresh = MarketRefresher(Catalogue(), refresher.http, SqliteMarketStore(database))
    assert await fresh.restore() == 2
    for venue, symbol in (("bybit", "SOLUSDT"), ("bybit", "DOGEUSDT"), ("hyperliquid", "BTC"), ("hyperliquid", "SOL")):
        assert tiers(fresh.catalogue, venue, "linear", symbol) == tiers(refresher.catalogue, venue, "linear", symbol)
    assert fresh.catalogue.contract("bybit", "linear", "SOLUSDT").info.fetched_at is not None


async def test_written_tables_load_back_with_the_same_tiers(refresher, tmp_path):
    outcomes = await refresher.refresh({"bybit", "okx", "hyperliquid"})
    paths = write_documents([o for o in outcomes if o.ok], tmp_path)
    assert {p.name for p in paths} >= {"bybit_linear.json", "okx_linear.json", "hyperliquid_linear.json"}
    again = Catalogue()
    for path in paths:
        again.install_document(json.loads(path.read_text("utf-8")))
    for venue, symbol in (("bybit", "SOLUSDT"), ("okx", "SOL-USDT-SWAP"), ("hyperliquid", "BTC")):
        assert tiers(again, venue, "linear", symbol) == tiers(refresher.catalogue, venue, "linear", symbol)
        assert again.contract(venue, "linear", symbol).contract_value == \
            refresher.catalogue.contract(venue, "linear", symbol).contract_value
