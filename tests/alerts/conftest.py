"""Fixtures for the alert tests: a real SQLite file in tmp_path shared by the position and alert
stores (as in production), the real HTTP price feed against fake venues on loopback, a clock the
test moves, and a Messenger that records what it was asked to send.

The recording Messenger stands in for a platform only in the job tests; tests/alerts/test_alerts_e2e.py
sends through the real Telegram and Discord adapters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from bot.jobs.alerts import AlertJob
from bot.prices.feed import HttpPriceFeed
from bot.storage.backends import open_database, stores
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.alerts import SqliteAlertStore
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.context import Context
from commands.saved.store_port import NewPosition
from tests.prices.conftest import Monotonic, venues  # noqa: F401  (a fixture, shared)
from tests.support import postgres
from tests.support.doubles import RecordingMessenger, WallClock
from tests.prices.fake_venues import FakeVenues

OWNER = "telegram:1001"


def btc_long(**overrides: object) -> NewPosition:
    """Binance BTCUSDT long 25x at 60,000, first tier (MMR 0.4%): liquidation 57,831.33 by the
    worked example in core/liquidation.py (Binance's USDⓈ-M FAQ formula)."""
    fields: dict[str, object] = dict(venue="binance", symbol="BTC", contract="linear", side="long",
                                     margin_mode="isolated", entry=Decimal("60000"), quantity=Decimal("0.1"),
                                     leverage=Decimal("25"))
    fields.update(overrides)
    return NewPosition(**fields)  # type: ignore[arg-type]


@dataclass
class World:
    database: SqliteDatabase
    positions: SqlitePositionStore
    alerts: SqliteAlertStore
    feed: HttpPriceFeed
    venues: FakeVenues
    clock: WallClock
    messenger: RecordingMessenger
    job: AlertJob
    context: Context

    async def saved(self, position: NewPosition | None = None, owner: str = OWNER) -> int:
        await self.positions.record_consent(owner)
        return (await self.positions.save(owner, position or btc_long())).id

    def mark(self, price: str, instrument: str = "BTCUSDT", host: str = "binance_usdm") -> None:
        self.venues.set_mark(host, instrument, price)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "riskbot.db"


@pytest.fixture(params=postgres.backends("sqlite"))
async def database(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[SqliteDatabase]:
    """The SQLite file, and a fresh PostgreSQL schema: the alert store and job run on both."""
    if request.param == "postgresql":
        async with postgres.fresh_schema() as url:
            yield await open_database(url)
        return
    yield await SqliteDatabase.open(db_path)


@pytest.fixture
async def world(database: SqliteDatabase, venues: FakeVenues) -> AsyncIterator[World]:
    clock, ticks = WallClock(datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)), Monotonic()
    made = stores(database, clock)
    positions, alerts = made.positions, made.alerts
    feed = HttpPriceFeed(venues.base_urls(), monotonic=ticks)
    feed.ttl = -1   # every tick asks again; caching has its own tests in tests/prices
    messenger = RecordingMessenger()
    context = Context(store=positions, alerts=alerts, prices=feed)
    job = AlertJob(alerts, positions, feed, {"telegram": messenger}, context, clock=clock, poll_seconds=30)
    yield World(database, positions, alerts, feed, venues, clock, messenger, job, context)
    await feed.close()
    await database.close()
