"""The job that keeps the tier tables current while the bot runs (bot/markets/refresher.py does the work)."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


def market_jobs(settings, store, stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """The tier-table refresh, in the jobs' leader: fetched in the background (readiness never waits
    for a venue), stored, then again every MARKETS_REFRESH_HOURS."""
    from bot.markets.refresher import MarketRefresher, venue_http
    from core.markets.catalogue import CATALOGUE

    async def refresh_forever() -> None:
        http = venue_http(settings.market_base_urls())
        try:
            refresher = MarketRefresher(CATALOGUE, http, store, credentials=settings.binance_credentials())
            await refresher.run(settings.markets_refresh_hours, stop)
        finally:
            await http.close()

    return [asyncio.create_task(refresh_forever(), name="market-refresh")]


RELOAD_SECONDS = 900.0


async def follow_stored_tables(store, stop: asyncio.Event, seconds: float = RELOAD_SECONDS,
                               catalogue=None) -> None:
    """In every process that shares its store with others (PostgreSQL): install the tables the
    leader last stored, whenever they are newer than what this process has, so a follower does
    not wait for its next start to answer from a refresh."""
    from bot.markets.refresher import install_stored
    from core.markets.catalogue import CATALOGUE

    seen = None
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=seconds)
            return
        except asyncio.TimeoutError:
            pass
        try:
            documents = await store.documents()
        except Exception as exc:   # StorageUnavailable and friends: try again next time
            log.warning("stored tier tables not read: %s", exc)
            continue
        newest = max((fetched for _, fetched in documents), default=None)
        if newest is not None and newest != seen:
            install_stored(documents, catalogue or CATALOGUE)
            seen = newest


def follower_jobs(store, stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """`follow_stored_tables` where the store is shared (PostgreSQL); nothing on SQLite, where the
    one process is its own leader and installs what it refreshes directly."""
    if getattr(getattr(store, "database", None), "backend", "sqlite") != "postgresql":
        return []
    return [asyncio.create_task(follow_stored_tables(store, stop), name="tier-tables-follow")]
