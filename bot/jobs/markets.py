"""The job that keeps the tier tables current while the bot runs (bot/markets/refresher.py does the work)."""

from __future__ import annotations

import asyncio


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
