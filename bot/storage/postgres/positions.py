"""Saved positions and consent in PostgreSQL, behind the same `PositionStore` port as SQLite.

The pool and the error translation live in bot/storage/postgres/database.py. A save checks consent
with `FOR SHARE` on the consent row inside its transaction, so a concurrent /forget in another
process (which deletes that row) either runs first and the save is refused, or waits for it.
Deleted rows are gone from every query at once, but PostgreSQL keeps the old row versions in its
files until VACUUM reuses the space, and in any base backup or WAL archive the operator keeps;
/privacy and /forget say so (`ERASURE` below).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres import alerts as storage_alerts
from bot.storage.postgres import groups as storage_groups
from bot.storage.postgres import languages as storage_languages
from bot.storage.postgres.rows import COLUMNS, count, decode
from bot.storage.sqlite.worker import Clock, utc_now
from core.i18n import N_
from commands.saved.store_port import (
    EDITABLE, Consent, ConsentRequired, ExportList, NewPosition, PositionList,
    StoredPosition, check_changes, check_new, check_owner, consent_record, is_possible_id,
)

ERASURE = N_("This bot keeps its data in a PostgreSQL database: erased rows are gone from every answer at once, "
           "but the server keeps their old bytes in its files until it vacuums them, and in any backups its "
           "operator keeps until those expire.")


class PostgresPositionStore:
    """Over a shared `PostgresDatabase`, or `await PostgresPositionStore.open(url)` owning its own."""

    erasure = ERASURE

    def __init__(self, database: PostgresDatabase, clock: Clock = utc_now, *, owns_database: bool = False) -> None:
        self.database, self._clock, self._owns = database, clock, owns_database

    @classmethod
    async def open(cls, url: str, *, clock: Clock = utc_now) -> PostgresPositionStore:
        return cls(await PostgresDatabase.open(url), clock, owns_database=True)

    async def close(self) -> None:
        if self._owns:
            await self.database.close()

    async def has_consented(self, owner: str) -> bool:
        return await self.database.run(_consent, check_owner(owner)) is not None

    async def record_consent(self, owner: str) -> Consent:
        return await self.database.write(_record_consent, check_owner(owner), self._clock())

    async def save(self, owner: str, position: NewPosition) -> StoredPosition:
        return await self.database.write(_save, check_owner(owner), check_new(position), self._clock())

    async def get(self, owner: str, position_id: int) -> StoredPosition | None:
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return None
        return await self.database.run(_get, owner, position_id)

    async def list(self, owner: str) -> PositionList:
        return await self.database.run(_list, check_owner(owner))

    async def update(self, owner: str, position_id: int, **changes: Any) -> StoredPosition | None:
        owner, changes, now = check_owner(owner), check_changes(changes), self._clock()
        if not is_possible_id(position_id):
            return None
        return await self.database.write(_update, owner, position_id, changes, now)

    async def delete(self, owner: str, position_id: int) -> bool:
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return False
        return await self.database.write(_delete, owner, position_id)

    async def forget(self, owner: str) -> int:
        return await self.database.write(_forget, check_owner(owner))

    async def export(self, owner: str) -> ExportList:
        return await self.database.run(_export, check_owner(owner))


def _encode(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


async def _consent(conn: asyncpg.Connection, owner: str, lock: str = "") -> Consent | None:
    at = await conn.fetchval("SELECT consented_at FROM consents WHERE owner = $1" + lock, owner)
    return Consent(owner, at) if at is not None else None


async def _record_consent(conn: asyncpg.Connection, owner: str, now: datetime) -> Consent:
    # The no-op update makes RETURNING give the existing row's time: the first consent is kept.
    at = await conn.fetchval("INSERT INTO consents (owner, consented_at) VALUES ($1, $2) ON CONFLICT (owner)"
                             " DO UPDATE SET owner = excluded.owner RETURNING consented_at", owner, now)
    return Consent(owner, at)


async def _save(conn: asyncpg.Connection, owner: str, position: NewPosition, now: datetime) -> StoredPosition:
    if await _consent(conn, owner, " FOR SHARE") is None:
        raise ConsentRequired(owner)
    values = {name: getattr(position, name) for name in EDITABLE}
    names = ", ".join(("owner", *EDITABLE, "created_at", "updated_at"))
    marks = ", ".join(f"${i}" for i in range(1, len(EDITABLE) + 4))
    new_id = await conn.fetchval(f"INSERT INTO positions ({names}) VALUES ({marks}) RETURNING id",
                                 owner, *(_encode(values[n]) for n in EDITABLE), now, now)
    return StoredPosition(**values, id=new_id, owner=owner, created_at=now, updated_at=now)


async def _get(conn: asyncpg.Connection, owner: str, position_id: int, lock: str = "") -> StoredPosition | None:
    row = await conn.fetchrow(f"SELECT {COLUMNS} FROM positions WHERE id = $1 AND owner = $2" + lock,
                              position_id, owner)
    return decode(row) if row is not None else None


async def _list(conn: asyncpg.Connection, owner: str) -> PositionList:
    return [decode(row) for row in await conn.fetch(f"SELECT {COLUMNS} FROM positions WHERE owner = $1 ORDER BY id",
                                                    owner)]


async def _update(conn: asyncpg.Connection, owner: str, position_id: int, changes: dict[str, Any],
                  now: datetime) -> StoredPosition | None:
    found = await _get(conn, owner, position_id, " FOR UPDATE")
    if found is None or not changes:
        return found
    names = list(changes)   # checked against EDITABLE by check_changes: no SQL from user strings
    sets = ", ".join(f"{name} = ${i}" for i, name in enumerate(names, start=3))
    await conn.execute(f"UPDATE positions SET updated_at = $2, {sets} WHERE id = $1",
                       position_id, now, *(_encode(changes[n]) for n in names))
    return replace(found, **changes, updated_at=now)


async def _delete(conn: asyncpg.Connection, owner: str, position_id: int) -> bool:
    return await conn.execute("DELETE FROM positions WHERE id = $1 AND owner = $2", position_id, owner) == "DELETE 1"


async def _forget(conn: asyncpg.Connection, owner: str) -> int:
    removed = count(await conn.execute("DELETE FROM positions WHERE owner = $1", owner))
    removed += count(await conn.execute("DELETE FROM consents WHERE owner = $1", owner))
    removed += await storage_groups.forget_actor(conn, owner)   # moderators' audit lines stay, without who did it
    removed += await storage_alerts.forget(conn, owner)   # alert_index rows went with the positions
    removed += await storage_languages.forget(conn, owner)
    return removed


async def _export(conn: asyncpg.Connection, owner: str) -> ExportList:
    async with conn.transaction(isolation="repeatable_read", readonly=True):   # one snapshot
        consent, positions = await _consent(conn, owner), await _list(conn, owner)
        others = (await storage_languages.export_records(conn, owner) + await storage_alerts.export_records(conn, owner)
                  + await storage_groups.export_records(conn, owner))
    return ([consent_record(consent)] if consent else []) + [p.as_dict() for p in positions] + others
