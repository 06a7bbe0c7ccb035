"""Fixtures: a fake Bot API on loopback and the real Telegram adapter pointed at it.

`start_bot(...)` builds `TelegramAdapter` exactly as bot/main.py does (settings and a context),
plus optional keyword arguments for the seams a test needs (a cooldown, a dispatcher, a button
book with its own clock), starts it, and stops it after the test however the test ended.
`store` is the real SQLite position store on a file in the test's tmp_path; `stored_rows` reads
that file directly, with no riskbot code in between. `database` is the shared SQLite file for the
group store, and `group_context(database, clock)` the context with group settings, schedules and
the nudge gate on it, on a `clock` that moves only when the test says so.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

import pytest

from bot.settings import Settings
from bot.storage.sqlite.groups import SqliteGroupStore
from bot.storage.sqlite.positions import SqlitePositionStore
from bot.storage.sqlite.worker import SqliteDatabase
from bot.telegram.adapter import TelegramAdapter
from bot.telegram.pacing import PacedRateLimiter
from bot.telegram.requests import Transport
from commands.context import Context
from commands.groups.nudge import NudgeGate
from tests.support.doubles import WallClock
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456789:TESTtoken-never-in-logs_abcdefghijklmnop"
BOT_USERNAME = "riskbot_test_bot"

StartBot = Callable[..., Awaitable[TelegramAdapter]]
# Production's timeouts and retry delays, shrunk so a test of a failure takes milliseconds.
FAST = Transport(connect_timeout=1.0, read_timeout=1.0, write_timeout=1.0, retry_delays=(0.02, 0.05, 0.1),
                 start_wait=0.3, reconnect_delays=(0.05, 0.1))
ATTEMPTS = len(FAST.retry_delays) + 1   # a fault queued this many times outlasts every retry


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns on every RetryAfter unless opted in to its future timedelta behaviour.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(TOKEN, username=BOT_USERNAME)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


def make_settings(fake: FakeBotApi, **overrides: Any) -> Settings:
    return Settings(_env_file=None, telegram_token=TOKEN, telegram_api_base_url=fake.base_url,
                    **overrides)


@pytest.fixture
async def start_bot(fake: FakeBotApi) -> AsyncIterator[StartBot]:
    started: list[TelegramAdapter] = []

    async def start(settings: Settings | None = None, context: Context | None = None,
                    **kwargs: Any) -> TelegramAdapter:
        kwargs.setdefault("transport", FAST)
        # Telegram's pacing (1 a second per DM, 20 a minute per group) in miniature; test_pacing_e2e.py
        # measures it.
        kwargs.setdefault("rate_limiter", PacedRateLimiter(private=(1, 0.005), group=(20, 0.05)))
        adapter = TelegramAdapter(settings or make_settings(fake), context or Context(), **kwargs)
        await adapter.start()
        started.append(adapter)
        return adapter

    try:
        yield start
    finally:
        for adapter in reversed(started):
            await adapter.stop()


@pytest.fixture
async def bot(start_bot: StartBot) -> TelegramAdapter:
    return await start_bot()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "riskbot.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqlitePositionStore]:
    opened = await SqlitePositionStore.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def saving_bot(start_bot: StartBot, store: SqlitePositionStore) -> TelegramAdapter:
    """The real adapter and dispatcher, saving to the SQLite file."""
    return await start_bot(context=Context(store=store))


@pytest.fixture
def clock() -> WallClock:
    return WallClock(datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    db = await SqliteDatabase.open(tmp_path / "riskbot.db")
    yield db
    await db.close()


def group_context(database: SqliteDatabase, clock: WallClock) -> Context:
    return Context(groups=SqliteGroupStore(database, clock), nudges=NudgeGate(clock.seconds))


def stored_rows(db_path: Path, owner: str | None = None) -> list[dict[str, Any]]:
    """The saved positions in the file (of `owner`, if given), read with plain sqlite3."""
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM positions ORDER BY id").fetchall()
    return [dict(row) for row in rows if owner is None or row["owner"] == owner]


async def settle(fake: FakeBotApi, adapter: TelegramAdapter, timeout: float = 3.0) -> None:
    """Wait until the bot has fetched every queued update and finished handling all of them.

    This is how a test asserts that something was *not* answered without sleeping: once the
    update is fetched and the application's queue is drained, any answer would already be sent.
    """
    await fake.wait_until(fake.all_fetched, timeout)
    await asyncio.wait_for(adapter.app.update_queue.join(), timeout)
