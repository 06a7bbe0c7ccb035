"""Ways to break the SQLite file under a running bot, shared by the Telegram and Discord fault tests
(reliability.md F09 and F11): another process holding the write lock past the busy timeout, and a
disk with no room left (the file capped with PRAGMA max_page_count, which SQLite reports as
SQLITE_FULL exactly as it does for a full filesystem)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import StorageUnavailable
from tests.storage.conftest import position

BUSY_TIMEOUT = 0.2  # seconds the bot's writer waits for the lock before giving up


def hold_write_lock(db_path: Path) -> sqlite3.Connection:
    """Another writer, as a second process would be: its own connection inside BEGIN IMMEDIATE."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


async def locked_store(db_path: Path) -> SqlitePositionStore:
    return await SqlitePositionStore.open(db_path, busy_timeout=BUSY_TIMEOUT)


async def full_store(db_path: Path, owner: str) -> tuple[SqlitePositionStore, int]:
    """A store whose file cannot grow, already filled with `owner`'s positions until a save failed
    for lack of room. Returns the store and how many positions it holds."""
    fresh = await SqlitePositionStore.open(db_path)         # the schema, via the migrations
    await fresh.close()
    with sqlite3.connect(db_path) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    cap = pages + 3
    store = await SqlitePositionStore.open(
        db_path, on_connect=lambda conn: conn.execute(f"PRAGMA max_page_count = {cap}"))
    await store.record_consent(owner)
    saved = 0
    try:
        for _ in range(2000):
            await store.save(owner, position(label="x" * 32))
            saved += 1
    except StorageUnavailable as full:
        assert "full" in full.message
    else:
        raise AssertionError("the capped file never filled up")
    return store, saved
