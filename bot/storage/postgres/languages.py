"""Each user's own /lang choice in PostgreSQL, behind `LanguagePrefs`.

Several riskbot processes share this database and any of them may take a user's /lang, so there is
no cache here: every command reads the row (one primary-key lookup on a pooled connection).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.rows import count
from bot.storage.sqlite.languages import language_record
from bot.storage.sqlite.worker import Clock, utc_now
from commands.language.prefs_port import check_language
from commands.saved.store_port import check_owner


class PostgresLanguagePrefs:
    def __init__(self, database: PostgresDatabase, clock: Clock = utc_now) -> None:
        self.database, self._clock = database, clock

    async def language_of(self, user: str) -> str | None:
        return await self.database.run(_language_of, check_owner(user))

    async def set_language(self, user: str, language: str | None) -> None:
        await self.database.run(_set_language, check_owner(user), check_language(language), self._clock())


async def _language_of(conn: asyncpg.Connection, user: str) -> str | None:
    return await conn.fetchval("SELECT language FROM user_languages WHERE owner = $1", user)


async def _set_language(conn: asyncpg.Connection, user: str, language: str | None, now: datetime) -> None:
    if language is None:
        await conn.execute("DELETE FROM user_languages WHERE owner = $1", user)
    else:
        await conn.execute("INSERT INTO user_languages (owner, language, updated_at) VALUES ($1, $2, $3)"
                           " ON CONFLICT (owner) DO UPDATE SET language = excluded.language,"
                           " updated_at = excluded.updated_at", user, language, now)


async def export_records(conn: asyncpg.Connection, owner: str) -> list[dict[str, Any]]:
    """Part of /export, as the SQLite store's."""
    row = await conn.fetchrow("SELECT language, updated_at FROM user_languages WHERE owner = $1", owner)
    return [language_record(owner, row[0], row[1].isoformat())] if row else []


async def forget(conn: asyncpg.Connection, owner: str) -> int:
    """Part of /forget (inside its transaction)."""
    return count(await conn.execute("DELETE FROM user_languages WHERE owner = $1", owner))
