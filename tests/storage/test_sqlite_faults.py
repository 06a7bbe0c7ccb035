"""What the SQLite store does when the world misbehaves: another writer holds the lock, the disk
fills, the file is damaged, the store is closed. Each failure surfaces as StorageUnavailable with a
short reason, and the store keeps serving once the cause is gone (reliability.md F09-F12)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import StorageUnavailable
from tests.storage.conftest import position

A = "telegram:1001"


def hold_write_lock(db_path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_a_lock_held_past_busy_timeout_is_unavailable_then_recovers(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path, busy_timeout=0.2)
    await store.record_consent(A)
    first = await store.save(A, position())
    other = hold_write_lock(db_path)
    started = time.monotonic()
    with pytest.raises(StorageUnavailable, match="busy"):
        await store.save(A, position())
    assert time.monotonic() - started >= 0.15                    # it waited, then gave up
    assert await store.list(A) == [first]                        # WAL: reads go on meanwhile
    other.execute("ROLLBACK")
    other.close()
    again = await store.save(A, position())                      # same store, working again
    assert await store.list(A) == [first, again]
    await store.close()


async def test_a_short_lock_is_waited_out_without_blocking_the_loop(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path, busy_timeout=5)
    await store.record_consent(A)
    other = hold_write_lock(db_path)
    threading.Timer(0.3, lambda: (other.execute("ROLLBACK"), other.close())).start()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    beat = asyncio.create_task(ticker())
    started = time.monotonic()
    saved = await store.save(A, position())                      # BEGIN IMMEDIATE waits here
    beat.cancel()
    assert time.monotonic() - started >= 0.25 and saved.id > 0
    assert ticks >= 10                                           # the event loop kept running
    await store.close()


async def test_every_write_takes_the_write_lock_first(db_path: Path) -> None:
    """F10: a deferred read-then-write can hit SQLITE_BUSY at once, whatever the timeout."""
    statements: list[str] = []
    store = await SqlitePositionStore.open(
        db_path, on_connect=lambda conn: conn.set_trace_callback(statements.append))
    await store.record_consent(A)
    saved = await store.save(A, position())
    await store.update(A, saved.id, label="x")
    await store.delete(A, saved.id)
    await store.forget(A)
    await store.close()
    transaction = None
    writes = 0
    for sql in statements:
        word = sql.lstrip().split(None, 1)[0].upper()
        if word == "BEGIN":
            transaction = sql.strip().upper()
        elif word in ("COMMIT", "ROLLBACK", "END"):
            transaction = None
        elif word in ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "REPLACE"):
            writes += 1
            assert transaction == "BEGIN IMMEDIATE", sql
    assert writes >= 8


async def test_a_full_disk_is_unavailable_and_the_store_stays_up(db_path: Path) -> None:
    # max_page_count caps the file at a few pages beyond its schema: SQLite then reports SQLITE_FULL.
    store = await SqlitePositionStore.open(db_path)
    await store.database.run(lambda db: db.execute(
        f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0] + 8}"))
    await store.record_consent(A)
    saved = 0
    with pytest.raises(StorageUnavailable, match="disk is full"):
        for _ in range(1000):
            await store.save(A, position(label="x" * 400))
            saved += 1
    kept = await store.list(A)
    assert len(kept) == saved > 0                                # the failed save left nothing
    for stale in kept[-3:]:
        assert await store.delete(A, stale.id)                   # space freed by the user
    await store.save(A, position(label="x" * 400))
    assert len(await store.list(A)) == saved - 2
    await store.close()


async def test_garbage_file_at_start_up_is_unavailable(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database, just some text " * 200)
    with pytest.raises(StorageUnavailable, match="damaged"):
        await SqlitePositionStore.open(db_path)
    assert db_path.read_bytes().startswith(b"not a database")   # left as found, for an admin


async def test_damaged_pages_at_start_up_are_unavailable(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path)
    await store.close()
    with Database(db_path) as db:                                # fill a dozen pages at once
        db["consents"].insert_all({"owner": f"telegram:{n}", "consented_at": "x" * 300}
                                  for n in range(200))
    data = bytearray(db_path.read_bytes())
    assert len(data) > 8 * 4096
    data[3 * 4096:6 * 4096] = b"\xa5" * (3 * 4096)               # scribble over three pages
    db_path.write_bytes(bytes(data))
    with pytest.raises(StorageUnavailable, match="damaged"):
        await SqlitePositionStore.open(db_path)


@pytest.mark.parametrize("make_unreadable", ["path_is_a_folder", "parent_is_a_file"])
async def test_unreachable_path_at_start_up_is_unavailable(tmp_path: Path,
                                                           make_unreadable: str) -> None:
    if make_unreadable == "path_is_a_folder":
        path = tmp_path / "riskbot.db"
        path.mkdir()
    else:
        (tmp_path / "data").write_text("a file where the folder should be")
        path = tmp_path / "data" / "riskbot.db"
    with pytest.raises(StorageUnavailable) as raised:
        await SqlitePositionStore.open(path)
    assert raised.value.message and raised.value.__cause__ is not None


async def test_a_closed_store_says_so(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path)
    await store.close()
    await store.close()                                          # twice is fine
    with pytest.raises(StorageUnavailable, match="closed"):
        await store.has_consented(A)
