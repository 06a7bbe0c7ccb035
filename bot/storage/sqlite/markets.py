"""Refreshed tier tables in SQLite (bot/markets/stored.py says what is kept and why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.markets.stored import documents, rows_to_write
from bot.storage.sqlite.worker import SqliteDatabase, write

SELECT = "SELECT venue, kind, symbol, rows, details, source, as_of, fetched_at FROM market_tables ORDER BY venue, kind, symbol"


class SqliteMarketStore:
    def __init__(self, database: SqliteDatabase) -> None:
        self.database = database

    async def save(self, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None:
        await self.database.run(_save, document, accepted, listed, fetched_at)

    async def documents(self) -> list[tuple[dict[str, Any], datetime]]:
        return await self.database.run(_documents)


def _save(db: Database, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None:
    venue, kind = document["venue"], document["kind"]
    with write(db):
        stored = {row[0] for row in db.execute(
            "SELECT symbol FROM market_tables WHERE venue = ? AND kind = ?", [venue, kind]).fetchall()}
        db.conn.executemany("DELETE FROM market_tables WHERE venue = ? AND kind = ? AND symbol = ?",
                            [(venue, kind, symbol) for symbol in stored - listed])
        db.conn.executemany(
            "INSERT OR REPLACE INTO market_tables (venue, kind, symbol, rows, details, source, as_of, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, fetched_at.isoformat()) for row in rows_to_write(document, accepted)])


def _documents(db: Database) -> list[tuple[dict[str, Any], datetime]]:
    return documents((*row[:7], datetime.fromisoformat(row[7])) for row in db.execute(SELECT).fetchall())


def read_documents(path) -> list[tuple[dict[str, Any], datetime]]:
    """The stored tables, read without writing (for `riskbot ask`, which stays offline and never
    migrates a file); empty when the file or the table is not there."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        return _documents(Database(conn))
    except sqlite3.Error:
        return []
    finally:
        conn.close()
