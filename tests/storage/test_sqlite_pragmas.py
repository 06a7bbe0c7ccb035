"""The durability settings actually in force on a real file, opened the way `riskbot run` opens it.

A kill -9 test cannot tell `synchronous=FULL` from NORMAL or OFF (the OS still holds the writes; only
a power cut loses them), and a missing busy timeout only shows under contention, so both are read
back from the connection the stores use, and WAL from a second, independent connection to the file.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.main import _open_database
from bot.storage.sqlite.worker import SqliteDatabase

FULL = 2   # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def pragmas(database: SqliteDatabase) -> dict[str, object]:
    def read(db) -> dict[str, object]:
        return {name: db.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "busy_timeout", "secure_delete")}

    async def on_the_worker() -> dict[str, object]:
        return await database.run(read)

    return asyncio.run(on_the_worker())


def test_the_bots_connection_runs_wal_full_sync_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "riskbot.db"
    database = asyncio.run(_open_database(path))   # bot/main.py's own path to the file
    assert database is not None
    try:
        found = pragmas(database)
        assert found["journal_mode"] == "wal"
        assert found["synchronous"] == FULL
        assert found["busy_timeout"] == 5000          # ms: SqliteDatabase.open's default of 5 s
        assert found["secure_delete"] == 1            # /forget overwrites, see positions.py
    finally:
        asyncio.run(database.close())
    with sqlite3.connect(path) as other:              # WAL is a property of the file, not the connection
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_a_chosen_busy_timeout_is_the_one_in_force(tmp_path: Path) -> None:
    async def opened() -> dict[str, object]:
        database = await SqliteDatabase.open(tmp_path / "riskbot.db", busy_timeout=0.75)
        try:
            return await database.run(lambda db: db.execute("PRAGMA busy_timeout").fetchone()[0])
        finally:
            await database.close()

    assert asyncio.run(opened()) == 750
