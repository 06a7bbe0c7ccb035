"""Refreshed tier tables in SQLite: what the refresher last accepted, per venue and contract.

A refresh writes only the contracts whose tables passed validation (the catalogue keeps the
previous table of a rejected one, and so does this store: its row is left alone), and removes the
contracts the venue no longer lists. At start-up `documents()` gives back one document per
(venue, kind) in the shipped layout, for `Catalogue.install_document`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.storage.sqlite.worker import SqliteDatabase, write


class SqliteMarketStore:
    def __init__(self, database: SqliteDatabase) -> None:
        self.database = database

    async def save(self, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None:
        await self.database.run(_save, document, accepted, listed, fetched_at)

    async def documents(self) -> list[tuple[dict[str, Any], datetime]]:
        return await self.database.run(_documents)


def _save(db: Database, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None:
    venue, kind = document["venue"], document["kind"]
    details = document.get("contracts") or {}
    with write(db):
        stored = {row[0] for row in db.execute(
            "SELECT symbol FROM market_tables WHERE venue = ? AND kind = ?", [venue, kind]).fetchall()}
        gone = stored - listed
        db.conn.executemany("DELETE FROM market_tables WHERE venue = ? AND kind = ? AND symbol = ?",
                            [(venue, kind, symbol) for symbol in gone])
        db.conn.executemany(
            "INSERT OR REPLACE INTO market_tables (venue, kind, symbol, rows, details, source, as_of, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(venue, kind, symbol, json.dumps(document["symbols"].get(symbol, [])),
              json.dumps(details[symbol]) if symbol in details else None,
              document["source"], document["as_of"], fetched_at.isoformat()) for symbol in sorted(accepted)])


def _documents(db: Database) -> list[tuple[dict[str, Any], datetime]]:
    docs: dict[tuple[str, str], dict[str, Any]] = {}
    fetched: dict[tuple[str, str], datetime] = {}
    for venue, kind, symbol, rows, details, source, as_of, at in db.execute(
            "SELECT venue, kind, symbol, rows, details, source, as_of, fetched_at FROM market_tables"
            " ORDER BY venue, kind, symbol").fetchall():
        doc = docs.setdefault((venue, kind), {"venue": venue, "kind": kind, "source": source, "as_of": as_of,
                                              "complete": True, "symbols": {}, "contracts": {}})
        doc["symbols"][symbol] = json.loads(rows)
        if details:
            doc["contracts"][symbol] = json.loads(details)
        when = datetime.fromisoformat(at)
        fetched[(venue, kind)] = min(fetched.get((venue, kind), when), when)
    return [(doc, fetched[key]) for key, doc in docs.items()]


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
