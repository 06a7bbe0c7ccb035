"""Keeping the catalogue's tier tables current: fetch from the venues, validate, store, install.

Why it is built this way:
- Each (venue, contract kind) is fetched on its own and fails on its own: a venue that is down
  (or sends a table that breaks continuity) is logged with its reason and backs off, while the
  previous good table stays in use and the other venues carry on.
- Validation is the catalogue's (core/markets/validation.py, the research notes' rules): the
  catalogue installs a whole venue at once, keeps the previous table of any contract whose new
  one fails, and marks the contracts the venue stopped listing as delisted.
- What was accepted is written to the database, so a restart starts from the last good refresh
  (`restore`) rather than the shipped snapshot. Without a database the refresh lives in memory.
- `run` refreshes once at start-up in the background (readiness never waits for a venue), then
  every `hours`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Awaitable, Callable, Protocol

from bot.markets.documents import Document
from bot.markets.http import FetchError, VenueHttp
from bot.markets.sources import binance, bitget, bitmex, blofin, bybit, gate, hyperliquid, mexc, okx
from core.markets.catalogue import CATALOGUE, Catalogue, TableRejected

log = logging.getLogger(__name__)

Fetch = Callable[..., Awaitable[Document]]
SOURCES: dict[tuple[str, str], Fetch] = {
    ("binance", "linear"): binance.fetch, ("binance", "inverse"): binance.fetch,
    ("bybit", "linear"): bybit.fetch, ("bybit", "inverse"): bybit.fetch,
    ("okx", "linear"): okx.fetch, ("okx", "inverse"): okx.fetch,
    ("hyperliquid", "linear"): hyperliquid.fetch,
    ("bitmex", "inverse"): bitmex.fetch, ("bitmex", "linear"): bitmex.fetch,
    ("bitget", "linear"): bitget.fetch, ("gate", "linear"): gate.fetch,
    ("mexc", "linear"): mexc.fetch, ("blofin", "linear"): blofin.fetch,
}
HOST_SPACING = {"okx": okx.SPACING, "bitget": bitget.SPACING, "blofin": blofin.SPACING}
MAX_BACKOFF = timedelta(hours=6)
FIRST_BACKOFF = timedelta(minutes=5)


class MarketStore(Protocol):
    async def save(self, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None: ...
    async def documents(self) -> list[tuple[dict[str, Any], datetime]]: ...


@dataclass(frozen=True)
class Outcome:
    venue: str
    kind: str
    installed: int = 0
    rejected: dict[str, str] = field(default_factory=dict)
    delisted: tuple[str, ...] = ()
    error: str | None = None
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class MarketRefresher:
    def __init__(self, catalogue: Catalogue, http: VenueHttp, store: MarketStore | None = None, *,
                 credentials: dict[str, Any] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.catalogue, self.http, self.store, self.clock = catalogue, http, store, clock
        self.credentials = credentials or {}
        self.failures: dict[tuple[str, str], int] = {}
        self.next_try: dict[tuple[str, str], datetime] = {}

    async def restore(self) -> int:
        """Install the tables of the last good refresh from the database; returns how many books."""
        return 0 if self.store is None else install_stored(await self.store.documents(), self.catalogue)

    async def refresh(self, venues: set[str] | None = None) -> list[Outcome]:
        keys = [key for key in SOURCES if venues is None or key[0] in venues]
        return [await self.refresh_one(*key) for key in keys]

    async def refresh_one(self, venue: str, kind: str) -> Outcome:
        now = self.clock()
        try:
            extra = self.credentials if venue == "binance" else {}
            document = await SOURCES[(venue, kind)](self.http, kind, now.date().isoformat(), **extra)
            if not document.symbols and not document.contracts:
                raise FetchError(f"{venue} {kind}: the venue listed no contracts")
            report = self.catalogue.install_document(document.as_json(), now)
        except (FetchError, TableRejected) as exc:
            return self._failed(venue, kind, now, str(exc))
        rejected = {**document.unreadable, **report.rejected}
        for symbol, reason in list(rejected.items())[:5]:
            log.warning("%s %s %s: table rejected, previous kept: %s", venue, kind, symbol, reason)
        if self.store is not None:
            accepted = set(document.symbols) - set(rejected)
            await self.store.save(document.as_json(), accepted, set(document.symbols) | set(rejected), now)
        self.failures.pop((venue, kind), None)
        self.next_try.pop((venue, kind), None)
        log.info("%s %s tables refreshed: %d contracts, %d rejected", venue, kind, report.installed, len(rejected))
        return Outcome(venue, kind, report.installed, rejected, tuple(report.delisted), document=document)

    def _failed(self, venue: str, kind: str, now: datetime, reason: str) -> Outcome:
        count = self.failures.get((venue, kind), 0) + 1
        self.failures[(venue, kind)] = count
        self.next_try[(venue, kind)] = now + min(FIRST_BACKOFF * 2 ** (count - 1), MAX_BACKOFF)
        log.warning("%s %s tables not refreshed (previous kept): %s", venue, kind, reason)
        return Outcome(venue, kind, error=reason)

    async def run(self, hours: float, stop: asyncio.Event) -> None:
        """Refresh every (venue, kind) now and every `hours`; a failed one retries on its back-off."""
        due = {key: self.clock() for key in SOURCES}
        while not stop.is_set():
            now = self.clock()
            for key, when in due.items():
                if when <= now and self.next_try.get(key, now) <= now:
                    outcome = await self.refresh_one(*key)
                    due[key] = now + timedelta(hours=hours) if outcome.ok else self.next_try[key]
            wake = min(due.values())
            try:
                await asyncio.wait_for(stop.wait(), timeout=max(1.0, (wake - self.clock()).total_seconds()))
            except asyncio.TimeoutError:
                pass


def install_stored(documents: list[tuple[dict[str, Any], datetime]], catalogue: Catalogue = CATALOGUE) -> int:
    """Install stored documents (validated again, like any refresh); one that no longer passes is
    logged and the shipped snapshot stays. Returns how many books were installed."""
    installed = 0
    for document, fetched_at in documents:
        try:
            catalogue.install_document(document, fetched_at)
            installed += 1
        except (ValueError, KeyError) as exc:   # TableRejected is a ValueError
            log.warning("stored %s %s tables not used: %s", document.get("venue"), document.get("kind"), exc)
    return installed


def restore_from_file(path: Any) -> int:
    """`install_stored` for `riskbot ask` and `markets status`, which stay offline and never migrate a
    file: read-only, SQLite only, nothing when there is no file."""
    from pathlib import Path

    if not path or not Path(str(path)).is_file():
        return 0
    from bot.storage.sqlite.markets import read_documents

    return install_stored(read_documents(path))


def venue_http(base_urls: dict[str, str], **kwargs: Any) -> VenueHttp:
    return VenueHttp(base_urls, spacing=HOST_SPACING, **kwargs)
