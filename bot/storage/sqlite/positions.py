"""Saved positions and consent in SQLite, behind the `PositionStore` port.

The connection, its worker thread and the error translation live in bot/storage/sqlite/worker.py; this
module holds only the position queries. `secure_delete` (set at connect) plus a WAL checkpoint after
`/forget` mean erased rows are overwritten in the file and the log, not merely unlinked.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from sqlite_utils import Database

from bot.storage.sqlite.worker import Clock, SqliteDatabase, T, utc_now, write
from bot.storage.sqlite import alerts as storage_alerts
from bot.storage.sqlite import groups as storage_groups
from bot.storage.sqlite import languages as storage_languages
from bot.storage.sqlite.rows import decode_position
from core.i18n import N_
from commands.saved.store_port import (
    EDITABLE, Consent, ConsentRequired, ExportList, NewPosition, PositionList,
    StoredPosition, check_changes, check_new, check_owner, consent_record, is_possible_id,
)

log = logging.getLogger(__name__)


class SqlitePositionStore:
    """Over a shared `SqliteDatabase`, or `await SqlitePositionStore.open(path)` owning its own
    (then `await store.close()` closes the file too)."""

    erasure = N_("This bot keeps its data in one SQLite file: erased rows are overwritten in the file and its "
               "write-ahead log at once; copies in any backups its operator keeps stay until those expire.")

    def __init__(self, database: SqliteDatabase, clock: Clock = utc_now, *, owns_database: bool = False) -> None:
        self.database, self._clock, self._owns = database, clock, owns_database

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout: float = 5.0, clock: Clock = utc_now,
                   on_connect: Callable[[sqlite3.Connection], None] | None = None,
                   ) -> SqlitePositionStore:
        """A store with its own connection (see `SqliteDatabase.open` for what can go wrong)."""
        database = await SqliteDatabase.open(path, busy_timeout=busy_timeout, on_connect=on_connect)
        return cls(database, clock, owns_database=True)

    async def close(self) -> None:
        if self._owns:
            await self.database.close()

    async def has_consented(self, owner: str) -> bool:
        return await self._run(_has_consented, check_owner(owner))

    async def record_consent(self, owner: str) -> Consent:
        return await self._run(_record_consent, check_owner(owner), self._clock())

    async def save(self, owner: str, position: NewPosition) -> StoredPosition:
        return await self._run(_save, check_owner(owner), check_new(position), self._clock())

    async def get(self, owner: str, position_id: int) -> StoredPosition | None:
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return None
        return await self._run(_get, owner, position_id)

    async def list(self, owner: str) -> PositionList:
        return await self._run(_list, check_owner(owner))

    async def update(self, owner: str, position_id: int, **changes: Any) -> StoredPosition | None:
        owner, changes, now = check_owner(owner), check_changes(changes), self._clock()
        if not is_possible_id(position_id):
            return None
        return await self._run(_update, owner, position_id, changes, now)

    async def delete(self, owner: str, position_id: int) -> bool:
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return False
        return await self._run(_delete, owner, position_id)

    async def forget(self, owner: str) -> int:
        owner = check_owner(owner)
        try:
            return await self._run(_forget, owner)
        finally:
            self.database.user_languages.pop(owner, None)   # read again: erased, or kept if the forget failed

    async def export(self, owner: str) -> ExportList:
        return await self._run(_export, check_owner(owner))

    async def _run(self, job: Callable[..., T], *args: Any) -> T:
        return await self.database.run(job, *args)


# -- everything below runs on the worker thread --

def _has_consented(db: Database, owner: str) -> bool:
    return _consent(db, owner) is not None


def _consent(db: Database, owner: str) -> Consent | None:
    row = db.execute("SELECT consented_at FROM consents WHERE owner = ?", [owner]).fetchone()
    return Consent(owner, datetime.fromisoformat(row[0])) if row else None


def _record_consent(db: Database, owner: str, now: datetime) -> Consent:
    with write(db):
        existing = _consent(db, owner)
        if existing:
            return existing
        db["consents"].insert({"owner": owner, "consented_at": now.isoformat()})
    return Consent(owner, now)


def _save(db: Database, owner: str, position: NewPosition, now: datetime) -> StoredPosition:
    with write(db):
        # Checked inside the write lock, so a concurrent /forget cannot slip in between.
        if _consent(db, owner) is None:
            raise ConsentRequired(owner)
        values = {name: getattr(position, name) for name in EDITABLE}
        row = {**values, "owner": owner, "created_at": now.isoformat(),
               "updated_at": now.isoformat()}
        new_id = db["positions"].insert(_encode(row)).last_rowid
    # Decimal -> str -> Decimal and datetime -> ISO -> datetime are exact, so this is the row.
    return StoredPosition(**values, id=new_id, owner=owner, created_at=now, updated_at=now)


def _get(db: Database, owner: str, position_id: int) -> StoredPosition | None:
    rows = db["positions"].rows_where("id = ? AND owner = ?", [position_id, owner])
    return next((decode_position(row) for row in rows), None)


def _list(db: Database, owner: str) -> PositionList:
    return [decode_position(row) for row in db["positions"].rows_where("owner = ?", [owner],
                                                                order_by="id")]


def _update(db: Database, owner: str, position_id: int, changes: dict[str, Any],
            now: datetime) -> StoredPosition | None:
    with write(db):
        found = _get(db, owner, position_id)
        if found is None or not changes:
            return found
        db["positions"].update(position_id, _encode({**changes, "updated_at": now.isoformat()}))
    return replace(found, **changes, updated_at=now)


def _delete(db: Database, owner: str, position_id: int) -> bool:
    with write(db):
        cursor = db.execute("DELETE FROM positions WHERE id = ? AND owner = ?",
                            [position_id, owner])
    return cursor.rowcount == 1


def _forget(db: Database, owner: str) -> int:
    with write(db):
        removed = db.execute("DELETE FROM positions WHERE owner = ?", [owner]).rowcount
        removed += db.execute("DELETE FROM consents WHERE owner = ?", [owner]).rowcount
        removed += storage_groups.forget_actor(db, owner)   # moderators' audit lines stay, without who did it
        removed += storage_alerts.forget(db, owner)   # alert_index rows went with the positions (m005 triggers)
        removed += storage_languages.forget(db, owner)
    if removed:
        _scrub_wal(db)
    return removed


def _scrub_wal(db: Database) -> None:
    """Copy the zeroed pages into the file and empty the WAL, whose older frames still hold the
    deleted rows. The rows are already gone for every query, so a failure here is only logged:
    a reader in another process can hold the checkpoint back, and the next one finishes it."""
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error as exc:
        busy = exc
    if busy:
        log.warning("WAL not emptied after a forget (%s); it will be at the next checkpoint", busy)


def _export(db: Database, owner: str) -> ExportList:
    db.execute("BEGIN")  # one snapshot, so every part agrees
    consent, positions = _consent(db, owner), _list(db, owner)
    others = (storage_languages.export_records(db, owner) + storage_alerts.export_records(db, owner)
              + storage_groups.export_records(db, owner))
    db.execute("COMMIT")
    return ([consent_record(consent)] if consent else []) + [p.as_dict() for p in positions] + others


def _encode(row: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in row.items()}
