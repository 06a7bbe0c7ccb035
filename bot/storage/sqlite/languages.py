"""Each user's own /lang choice in SQLite, behind `LanguagePrefs` (commands/language/prefs_port.py).

Dispatch asks for it on every command, so answers are cached in this process (choices and "none
chosen" alike). One process is the only writer of its SQLite file, so the cache cannot go stale:
`set_language` writes through, and `/forget` (the position store's, which erases the row in its own
transaction) drops the entry from the same cache, which lives on the shared `SqliteDatabase`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.storage.sqlite.worker import Clock, SqliteDatabase, utc_now, write
from commands.language.prefs_port import check_language
from commands.saved.store_port import check_owner


# The cache holds "none chosen" for every user who ever asked, so a busy bot would grow it without
# end; past this many users it starts again (a miss is one indexed read).
CACHE_LIMIT = 50_000


class SqliteLanguagePrefs:
    def __init__(self, database: SqliteDatabase, clock: Clock = utc_now) -> None:
        self.database, self._clock = database, clock

    async def language_of(self, user: str) -> str | None:
        cache = self.database.user_languages
        if user in cache:
            return cache[user]
        found = await self.database.run(_language_of, check_owner(user))
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[user] = found
        return found

    async def set_language(self, user: str, language: str | None) -> None:
        user, language = check_owner(user), check_language(language)
        await self.database.run(_set_language, user, language, self._clock())
        self.database.user_languages[user] = language


# -- everything below runs on the worker thread --

def _language_of(db: Database, user: str) -> str | None:
    row = db.execute("SELECT language FROM user_languages WHERE owner = ?", [user]).fetchone()
    return row[0] if row else None


def _set_language(db: Database, user: str, language: str | None, now: datetime) -> None:
    with write(db):
        if language is None:
            db.execute("DELETE FROM user_languages WHERE owner = ?", [user])
        else:
            db.execute("INSERT INTO user_languages (owner, language, updated_at) VALUES (?, ?, ?) ON CONFLICT"
                       " (owner) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
                       [user, language, now.isoformat()])


def export_records(db: Database, owner: str) -> list[dict[str, Any]]:
    """Part of /export: the user's language choice, if they made one."""
    row = db.execute("SELECT language, updated_at FROM user_languages WHERE owner = ?", [owner]).fetchone()
    return [language_record(owner, row[0], row[1])] if row else []


def language_record(owner: str, language: str, updated_at: str) -> dict[str, Any]:
    return {"record": "language", "owner": owner, "language": language, "updated_at": updated_at}


def forget(db: Database, owner: str) -> int:
    """Part of /forget (inside its transaction)."""
    return db.execute("DELETE FROM user_languages WHERE owner = ?", [owner]).rowcount
