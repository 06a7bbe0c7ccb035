"""One venue host over HTTP for the tier refresher: JSON in, one-line reasons out, rate limits kept.

Why it is built this way:
- A refresh is a batch job that may make a hundred requests to one host (OKX asks five instrument
  families per request), so each host has a minimum spacing between requests (OKX documents 10
  requests per 2 s per IP for `position-tiers`; we keep under it) and a 429 is waited out (its
  `Retry-After`, bounded) and tried again a bounded number of times.
- Every failure a venue can produce (timeout, refused connection, 5xx with an HTML page, a body
  that is not JSON, a body far too large) becomes `FetchError` with a short reason that fits on one
  log line and one line of `riskbot markets refresh` output. Callers never see a traceback.
"""

from __future__ import annotations

import asyncio
import json
import time
from decimal import Decimal
from typing import Any, Callable, Mapping

import httpx

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_BODY = 20_000_000      # Bybit's whole linear risk-limit list is a few MB; far larger is not a table
MAX_RETRY_AFTER = 30.0
RETRIES_ON_429 = 2


class FetchError(Exception):
    """A venue's tables could not be fetched or read; `str()` is the one-line reason."""


class VenueHttp:
    def __init__(self, base_urls: Mapping[str, str], *, client: httpx.AsyncClient | None = None,
                 spacing: Mapping[str, float] | None = None, timeout: httpx.Timeout = TIMEOUT,
                 sleep: Callable[[float], Any] = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.base_urls = {host: url.rstrip("/") for host, url in base_urls.items()}
        self._client = client or httpx.AsyncClient(timeout=timeout, headers={"User-Agent": "riskbot"})
        self._owns_client = client is None
        self._spacing = dict(spacing or {})
        self._next_slot: dict[str, float] = {}
        self._sleep, self._monotonic = sleep, monotonic
        self.requests_made = 0

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def _pace(self, host: str) -> None:
        gap = self._spacing.get(host, 0.0)
        if gap <= 0:
            return
        now = self._monotonic()
        slot = max(now, self._next_slot.get(host, now))
        self._next_slot[host] = slot + gap
        if slot > now:
            await self._sleep(slot - now)

    async def json(self, host: str, path: str, *, params: Mapping[str, str] | None = None,
                   body: Any = None, headers: Mapping[str, str] | None = None, what: str = "") -> Any:
        """GET (or POST when `body` is given) and parse JSON with Decimal numbers."""
        url = self.base_urls[host] + path
        label = what or host
        for attempt in range(RETRIES_ON_429 + 1):
            await self._pace(host)
            self.requests_made += 1
            try:
                response = await self._client.request(
                    "POST" if body is not None else "GET", url, params=dict(params or {}) or None,
                    content=json.dumps(body) if body is not None else None,
                    headers={**({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})})
            except httpx.TimeoutException as exc:
                raise FetchError(f"{label}: no answer within the timeout") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{label}: could not be reached ({type(exc).__name__})") from exc
            if response.status_code == 429 and attempt < RETRIES_ON_429:
                await self._sleep(_retry_after(response))
                continue
            if response.status_code != 200:
                raise FetchError(f"{label}: HTTP {response.status_code}")
            if len(response.content) > MAX_BODY:
                raise FetchError(f"{label}: answer too large ({len(response.content)} bytes)")
            try:
                return json.loads(response.content, parse_float=Decimal, parse_int=Decimal)
            except ValueError as exc:
                raise FetchError(f"{label}: the answer is not JSON") from exc
        raise FetchError(f"{label}: HTTP 429 (rate limited)")  # pragma: no cover - loop always returns


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(max(float(response.headers.get("Retry-After", "1")), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return 1.0
