"""The refreshed tier tables on PostgreSQL (bot/storage/postgres/markets.py): the same refreshes
against the loopback venue fakes, stored in a fresh schema, read back as the SQLite store reads them
back, and a restart (a new catalogue over the same schema) starts from them."""

from __future__ import annotations

import pytest

from bot.markets.refresher import MarketRefresher
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.markets import PostgresMarketStore
from bot.storage.sqlite.markets import SqliteMarketStore
from core.markets.catalogue import Catalogue
from tests.markets.test_refresher import tiers
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")


async def test_saved_documents_round_trip_and_match_the_sqlite_store(http, venues, database) -> None:
    async with postgres.fresh_schema() as url:
        pg = await PostgresDatabase.open(url)
        try:
            stores = (PostgresMarketStore(pg), SqliteMarketStore(database))
            refreshers = [MarketRefresher(Catalogue(), http, store) for store in stores]
            for refresher in refreshers:
                for venue in ("bybit", "hyperliquid", "okx"):
                    assert (await refresher.refresh_one(venue, "linear")).ok, venue
            on_pg, on_sqlite = [await store.documents() for store in stores]
            assert {(d["venue"], d["kind"]) for d, _ in on_pg} == {("bybit", "linear"), ("hyperliquid", "linear"),
                                                                   ("okx", "linear")}
            assert [d for d, _ in on_pg] == [d for d, _ in on_sqlite]
            okx = next(d for d, _ in on_pg if d["venue"] == "okx")
            assert okx["contracts"]["SOL-USDT-SWAP"] and okx["symbols"]["SOL-USDT-SWAP"]   # details kept

            fresh = MarketRefresher(Catalogue(), http, PostgresMarketStore(pg))   # a restart, another process
            assert await fresh.restore() == 3
            for venue, symbol in (("bybit", "SOLUSDT"), ("hyperliquid", "BTC"), ("okx", "SOL-USDT-SWAP")):
                assert tiers(fresh.catalogue, venue, "linear", symbol) == \
                    tiers(refreshers[0].catalogue, venue, "linear", symbol)
            assert fresh.catalogue.contract("bybit", "linear", "SOLUSDT").info.fetched_at is not None

            del venues.bybit["linear"]["DOGEUSDT"]                       # delisted: its row goes
            assert (await refreshers[0].refresh_one("bybit", "linear")).ok
            bybit = next(d for d, _ in await stores[0].documents() if d["venue"] == "bybit")
            assert set(bybit["symbols"]) == {"SOLUSDT"}
        finally:
            await pg.close()


async def test_a_follower_installs_what_the_leader_stored_and_only_when_it_is_newer(http, venues, database) -> None:
    import asyncio

    from bot.jobs.markets import follow_stored_tables, follower_jobs

    async with postgres.fresh_schema() as url:
        pg = await PostgresDatabase.open(url)
        try:
            store = PostgresMarketStore(pg)
            leader = MarketRefresher(Catalogue(), http, store)
            follower, stop = Catalogue(), asyncio.Event()
            installs = []
            original = follower.install_document
            follower.install_document = lambda doc, at=None: installs.append(doc["venue"]) or original(doc, at)
            task = asyncio.create_task(follow_stored_tables(store, stop, seconds=0.05, catalogue=follower))
            assert (await leader.refresh_one("bybit", "linear")).ok
            for _ in range(100):
                if follower.contract("bybit", "linear", "DOGEUSDT") is not None:
                    break
                await asyncio.sleep(0.02)
            assert tiers(follower, "bybit", "linear", "SOLUSDT") == tiers(leader.catalogue, "bybit", "linear", "SOLUSDT")
            await asyncio.sleep(0.2)                      # nothing newer stored: nothing installed again
            assert installs == ["bybit"]
            stop.set()
            await asyncio.wait_for(task, 1)
            following = follower_jobs(store, asyncio.Event())        # a shared store: followers follow
            assert len(following) == 1 and follower_jobs(SqliteMarketStore(database), asyncio.Event()) == []
            following[0].cancel()
            await asyncio.gather(*following, return_exceptions=True)
        finally:
            await pg.close()
