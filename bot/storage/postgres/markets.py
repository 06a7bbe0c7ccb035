"""Refreshed tier tables in PostgreSQL (bot/markets/stored.py says what is kept and why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from bot.markets.stored import documents, rows_to_write
from bot.storage.postgres.database import PostgresDatabase

SELECT = "SELECT venue, kind, symbol, rows, details, source, as_of, fetched_at FROM market_tables ORDER BY venue, kind, symbol"


class PostgresMarketStore:
    def __init__(self, database: PostgresDatabase) -> None:
        self.database = database

    async def save(self, document: dict[str, Any], accepted: set[str], listed: set[str], fetched_at: datetime) -> None:
        await self.database.write(_save, document, accepted, listed, fetched_at)

    async def documents(self) -> list[tuple[dict[str, Any], datetime]]:
        return await self.database.run(_documents)


async def _save(conn: asyncpg.Connection, document: dict[str, Any], accepted: set[str], listed: set[str],
                fetched_at: datetime) -> None:
    await conn.execute("DELETE FROM market_tables WHERE venue = $1 AND kind = $2 AND NOT (symbol = ANY($3::text[]))",
                       document["venue"], document["kind"], sorted(listed))
    await conn.executemany(
        "INSERT INTO market_tables (venue, kind, symbol, rows, details, source, as_of, fetched_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (venue, kind, symbol) DO UPDATE SET"
        " rows = EXCLUDED.rows, details = EXCLUDED.details, source = EXCLUDED.source, as_of = EXCLUDED.as_of,"
        " fetched_at = EXCLUDED.fetched_at", [(*row, fetched_at) for row in rows_to_write(document, accepted)])


async def _documents(conn: asyncpg.Connection) -> list[tuple[dict[str, Any], datetime]]:
    return documents(tuple(row) for row in await conn.fetch(SELECT))
