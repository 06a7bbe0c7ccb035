from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.markets.refresher import MarketRefresher, venue_http
from bot.storage.sqlite.markets import SqliteMarketStore
from bot.storage.sqlite.worker import SqliteDatabase
from core.markets.catalogue import Catalogue
from tests.markets.fake_tier_venues import FakeTierVenues

# Tables served by the fakes. Each is continuous: cum_n = cum_(n-1) + floor_n·(mmr_n − mmr_(n-1)).
# SOLUSDT: 0.01 → 0.02 at 50,000: cum 50,000 × 0.01 = 500; → 0.05 at 200,000: 500 + 200,000 × 0.03 = 6,500.
SOL = [("0", "50000", "0.01", "0", "50"), ("50000", "200000", "0.02", "500", "25"),
       ("200000", "1000000", "0.05", "6500", "10")]
# DOGEUSDT: 0.02 → 0.025 at 100,000: cum 100,000 × 0.005 = 500.
DOGE = [("0", "100000", "0.02", "0", "25"), ("100000", "500000", "0.025", "500", "20")]


@pytest.fixture
async def venues():
    fake = await FakeTierVenues().start()
    fake.bybit["linear"] = {"SOLUSDT": SOL, "DOGEUSDT": DOGE}
    fake.binance["linear"] = {"SOLUSDT": SOL, "DOGEUSDT": DOGE}
    # OKX counts contracts: SOL-USDT-SWAP ctVal 1 SOL.
    fake.okx = {f"C{n}-USDT-SWAP": {"ctType": "linear", "ctVal": "10", "tiers": DOGE} for n in range(6)}
    fake.okx["SOL-USDT-SWAP"] = {"ctType": "linear", "ctVal": "1", "tiers": [
        ("0", "2000", "0.01", "0", "50"), ("2000", "10000", "0.02", "20", "20")]}
    fake.hyperliquid = {
        "universe": [{"name": "BTC", "szDecimals": 5, "maxLeverage": 40, "marginTableId": 56},
                     {"name": "SOL", "szDecimals": 2, "maxLeverage": 20, "marginTableId": 20},
                     {"name": "OLD", "szDecimals": 0, "maxLeverage": 3, "marginTableId": 3, "isDelisted": True}],
        "marginTables": [[56, {"description": "tiered 40x", "marginTiers": [
            {"lowerBound": "0.0", "maxLeverage": 40}, {"lowerBound": "150000000.0", "maxLeverage": 20}]}]]}
    yield fake
    await fake.stop()


@pytest.fixture
def http(venues):
    client = venue_http(venues.base_urls(), timeout=httpx.Timeout(1.0))
    yield client


@pytest.fixture
async def database(tmp_path: Path):
    db = await SqliteDatabase.open(tmp_path / "riskbot.db")
    yield db
    await db.close()


@pytest.fixture
def refresher(http, database):
    return MarketRefresher(Catalogue(), http, SqliteMarketStore(database))
