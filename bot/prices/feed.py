"""Mark prices over HTTP from the venues' public endpoints: the `PriceFeed` the bot runs with.

Why it is built this way:
- httpx, already installed with python-telegram-bot; ccxt's async package costs ~96 MiB and 0.7 s
  of import for five public GETs.
- A cache per (venue, contract, symbol) for `ttl` seconds (3 s): a busy group asking `/price BTC`
  and the alert job's poll share one answer, and the venues' rate limits are never near.
- Single-flight: concurrent asks that need the same request await one task, so N positions or N
  commands on one symbol make one request. Hyperliquid's one request answers for every coin, and
  every price in an answer is cached, so one request per poll serves all Hyperliquid symbols.
- Every failure (timeout, connection refused, HTTP error, an answer of the wrong shape, a symbol
  the venue does not list) becomes `PriceUnavailable` with a short reason: callers then ask for an
  entry price instead. The alert job adds back-off per venue on top (bot/jobs/alerts.py).
- Base URLs come from settings, one per venue host, so tests and operators behind a proxy can point
  them elsewhere.
- Every fresh answer is judged before it is served (bot/prices/plausible.py): a mark that jumps
  implausibly is held, logged, and served as `PriceUnavailable` until the next poll confirms it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timezone
from decimal import Decimal
from typing import Callable, Mapping

import httpx

from bot.prices.plausible import MarkGuard
from bot.prices.funding import funding_request, read_funding
from bot.prices.venues import DEFAULT_BASE_URLS, Instrument, PriceRequest, instrument, read_prices
from commands.calculators.price_port import FundingRate, MarkPrice, PriceUnavailable
from core.i18n import _

log = logging.getLogger(__name__)

TTL_SECONDS = 3.0
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
MAX_BODY = 4_000_000   # Hyperliquid's all-coins answer is ~150 kB; anything far larger is not a price


class HttpPriceFeed:
    """`async with HttpPriceFeed(...)`, or `await feed.close()` when done (closes its own client)."""

    def __init__(self, base_urls: Mapping[str, str] | None = None, *, ttl: float = TTL_SECONDS,
                 client: httpx.AsyncClient | None = None, monotonic: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 guard: MarkGuard | None = None) -> None:
        urls = {**DEFAULT_BASE_URLS, **(base_urls or {})}
        unknown = set(urls) - set(DEFAULT_BASE_URLS)
        if unknown:
            raise ValueError(f"unknown price hosts: {', '.join(sorted(unknown))}")
        self.base_urls = {host: url.rstrip("/") for host, url in urls.items()}
        self.ttl, self._monotonic, self._wall_clock = ttl, monotonic, wall_clock
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT, headers={"User-Agent": "riskbot"})
        self._owns_client = client is None
        # (host, instrument) -> (monotonic, wall clock, price, fetch number: which answer it came in)
        self._cache: dict[tuple[str, str], tuple[float, datetime, Decimal, int]] = {}
        self._in_flight: dict[PriceRequest, asyncio.Task[dict[str, Decimal]]] = {}
        self.requests_made = self._fetches = 0
        self.guard = guard or MarkGuard()

    async def __aenter__(self) -> HttpPriceFeed:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        for task in self._in_flight.values():
            task.cancel()
        if self._owns_client:
            await self._client.aclose()

    async def mark(self, venue: str, contract: str, symbol: str) -> MarkPrice:
        market = instrument(venue, contract, symbol)
        key = (market.request.host, market.name)
        cached = self._cache.get(key)
        if cached is None or self._monotonic() - cached[0] > self.ttl:
            await self._fetch(market)
            cached = self._cache.get(key)
            if cached is None:
                raise PriceUnavailable(_("{venue} does not list {instrument}.", venue=market.venue_name,
                                                   instrument=market.name))
        label = f"{market.venue_name} {market.name}"
        if not self.guard.accept((venue, contract, symbol), cached[2], cached[3], cached[0], label):
            raise PriceUnavailable(_("{venue}'s latest {instrument} mark jumped implausibly; "
                                     "it is held until the next one confirms it.", venue=market.venue_name,
                                     instrument=market.name))
        return MarkPrice(venue, contract, symbol, market.name, cached[2], cached[1])

    async def funding(self, venue: str, contract: str, symbol: str) -> FundingRate:
        """The venue's current funding rate and interval (bot/prices/funding.py), read now: it is
        asked for once per `funding=live` answer, so it is not cached."""
        market = instrument(venue, contract, symbol)
        request, reader = funding_request(market)
        body = await self._get(request, market.venue_name)
        rate, interval = read_funding(reader, body, market.name, market.venue_name)
        return FundingRate(venue, contract, symbol, market.name, rate, interval, self._wall_clock())

    async def _fetch(self, market: Instrument) -> None:
        request = market.request
        task = self._in_flight.get(request)
        if task is None:
            task = asyncio.create_task(self._request(request, market.venue_name))
            self._in_flight[request] = task
            task.add_done_callback(lambda _: self._in_flight.pop(request, None))
        # shield: one caller giving up (a cancelled command) must not cancel the others' request.
        prices = await asyncio.shield(task)
        fetched, at = self._monotonic(), self._wall_clock()
        self._fetches += 1
        for name, price in prices.items():
            self._cache[(request.host, name)] = (fetched, at, price, self._fetches)

    async def _request(self, request: PriceRequest, venue_name: str) -> dict[str, Decimal]:
        return read_prices(request, await self._get(request, venue_name), venue_name)

    async def _get(self, request: PriceRequest, venue_name: str) -> bytes:
        """One request's body; every failure is PriceUnavailable with a short reason."""
        url = self.base_urls[request.host] + request.path
        self.requests_made += 1
        try:
            response = await self._client.request(
                request.method, url, params=request.params or None, content=request.body,
                headers={"Content-Type": "application/json"} if request.body else None)
        except httpx.TimeoutException as exc:
            raise PriceUnavailable(_("{venue} did not answer in time.", venue=venue_name)) from exc
        except httpx.HTTPError as exc:
            raise PriceUnavailable(_("{venue} could not be reached.", venue=venue_name)) from exc
        except Exception as exc:  # a bad base URL setting, say: still only "unavailable" to callers
            log.exception("price request to %s failed", venue_name)
            raise PriceUnavailable(_("{venue} could not be reached.", venue=venue_name)) from exc
        if response.status_code != 200:
            raise PriceUnavailable(_("{venue} answered HTTP {status}.", venue=venue_name,
                                               status=response.status_code))
        if len(response.content) > MAX_BODY:
            raise PriceUnavailable(_("{venue} sent an answer I couldn't read.", venue=venue_name))
        return response.content
