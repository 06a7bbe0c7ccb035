"""`/forget` must leave nothing behind in the files on disk, not only in query results.

SQLite normally just unlinks deleted rows (the bytes stay in free pages) and keeps older page
versions in the WAL; the store turns on secure_delete and checkpoints after forgetting. These tests
read the raw bytes to prove it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.storage.sqlite.positions import SqlitePositionStore
from tests.storage.conftest import position

GONE, KEPT = "telegram:7777777771", "telegram:5555555552"
GONE_LABEL, KEPT_LABEL = "gone-label-q8z", "kept-label-k3w"


def raw_bytes(db_path: Path) -> bytes:
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def text_cells(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        cells = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # names from sqlite_master
                cells += [str(value) for value in row]
    conn.close()
    return cells


async def test_forget_leaves_no_bytes_of_the_user(sqlite_store: SqlitePositionStore,
                                                  db_path: Path) -> None:
    for owner, label in ((GONE, GONE_LABEL), (KEPT, KEPT_LABEL)):
        await sqlite_store.record_consent(owner)
        for _ in range(20):
            await sqlite_store.save(owner, position(label=label))
    before = raw_bytes(db_path)
    assert GONE.encode() in before and GONE_LABEL.encode() in before    # the check can fail

    assert await sqlite_store.forget(GONE) == 21

    after = raw_bytes(db_path)
    assert GONE.encode() not in after and GONE_LABEL.encode() not in after
    assert KEPT.encode() in after and KEPT_LABEL.encode() in after
    cells = text_cells(db_path)
    assert GONE not in cells and GONE_LABEL not in cells and KEPT in cells

    await sqlite_store.close()
    assert GONE.encode() not in raw_bytes(db_path)


async def test_forget_twice_and_for_a_stranger_changes_nothing(sqlite_store: SqlitePositionStore,
                                                               db_path: Path) -> None:
    await sqlite_store.record_consent(KEPT)
    await sqlite_store.save(KEPT, position())
    assert await sqlite_store.forget(GONE) == 0
    assert await sqlite_store.forget(GONE) == 0
    assert len(await sqlite_store.list(KEPT)) == 1
