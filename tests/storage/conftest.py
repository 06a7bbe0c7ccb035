"""Fixtures for the storage tests: both stores behind one `store` fixture, a ticking clock and a
position factory, so the contract suite reads the same for each backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from bot.storage.memory import MemoryPositionStore
from bot.storage.postgres.positions import PostgresPositionStore
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import NewPosition, PositionStore
from tests.support import postgres


class TickingClock:
    """One second later on every call: timestamps are distinct and the same for both stores."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1, microseconds=1)
        return self.now


def position(**overrides: object) -> NewPosition:
    fields: dict[str, object] = dict(
        venue="binance", symbol="BTC", contract="linear", side="long", margin_mode="isolated",
        entry=Decimal("60000.10"), quantity=Decimal("0.5"), leverage=Decimal("25"),
    )
    fields.update(overrides)
    return NewPosition(**fields)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "riskbot.db"  # parent does not exist yet: the store creates it


@pytest.fixture(params=postgres.backends("memory", "sqlite"))
async def store(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[PositionStore]:
    if request.param == "postgresql":
        async with postgres.fresh_schema() as url:
            made = await PostgresPositionStore.open(url, clock=TickingClock())
            yield made
            await made.close()
        return
    if request.param == "memory":
        made = MemoryPositionStore(TickingClock())
    else:
        made = await SqlitePositionStore.open(db_path, clock=TickingClock())
    yield made
    await made.close()


@pytest.fixture
async def sqlite_store(db_path: Path) -> AsyncIterator[SqlitePositionStore]:
    made = await SqlitePositionStore.open(db_path, clock=TickingClock())
    yield made
    await made.close()
