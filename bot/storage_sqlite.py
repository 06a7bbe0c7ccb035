"""Saved positions in one SQLite file, behind the `PositionStore` port.

Why it is built this way:
- A sqlite3 connection may only be used on the thread that opened it, and two transactions
  interleaved on one connection would commit each other's half-work. So one worker thread
  (`ThreadPoolExecutor(max_workers=1)`) opens and owns the connection, every call is queued to it,
  and the event loop never blocks on the disk.
- WAL with `synchronous=FULL`: a "saved" reply survives a killed process and a power cut, at ~3k
  commits/s, far above what chat rate limits allow.
- Every write is `BEGIN IMMEDIATE`: the write lock is taken before anything is read, so a second
  writer waits up to `busy_timeout` instead of failing at once halfway through.
- `secure_delete` plus a WAL checkpoint after `/forget`: the erased rows are overwritten in the
  file and the log, not merely unlinked.
- Any sqlite3 or OS error becomes `StorageUnavailable` with a short reason; the transaction is
  rolled back and the connection stays usable for the next call.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.migrations import upgrade
from commands.position_store import (
    DECIMALS, EDITABLE, Consent, ConsentRequired, ExportList, NewPosition, PositionList,
    StorageUnavailable, StoredPosition, check_changes, check_new, check_owner, consent_record,
    is_possible_id,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
Clock = Callable[[], datetime]

_BUSY = "The database is busy. Try again in a moment."
_DAMAGED = "The database file is damaged or not a database; saving is off until it is repaired."
_REASONS = {
    sqlite3.SQLITE_BUSY: _BUSY,
    sqlite3.SQLITE_LOCKED: _BUSY,
    sqlite3.SQLITE_FULL: "The disk is full, so nothing was saved.",
    sqlite3.SQLITE_CORRUPT: _DAMAGED,
    sqlite3.SQLITE_NOTADB: _DAMAGED,
    sqlite3.SQLITE_CANTOPEN: "The database file cannot be opened.",
    sqlite3.SQLITE_READONLY: "The database file is read-only.",
    sqlite3.SQLITE_PERM: "The database file is read-only.",
    sqlite3.SQLITE_IOERR: "The disk reported an error.",
}


def unavailable(exc: BaseException) -> StorageUnavailable:
    """The one exception callers see, with a reason a person can act on."""
    if isinstance(exc, OSError):
        return StorageUnavailable("The database file or its folder cannot be reached.")
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    return StorageUnavailable(_REASONS.get(primary, "Storage is unavailable right now."))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SqlitePositionStore:
    """Use `await SqlitePositionStore.open(path)`; `await store.close()` when done."""

    def __init__(self, executor: ThreadPoolExecutor, db: Database, clock: Clock) -> None:
        self._executor, self._db, self._clock = executor, db, clock
        self._closed = False

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout: float = 5.0, clock: Clock = utc_now,
                   on_connect: Callable[[sqlite3.Connection], None] | None = None,
                   ) -> SqlitePositionStore:
        """Open (creating folder and file if needed), check and upgrade the database.

        Raises StorageUnavailable if the file is locked, unreadable or damaged; the bot then
        runs with saving disabled. `on_connect` gets the raw connection first (tests use it to
        cap the file size or trace SQL).
        """
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="riskbot-sqlite")
        loop = asyncio.get_running_loop()
        try:
            db = await loop.run_in_executor(executor, _connect, Path(path), busy_timeout,
                                            on_connect)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(executor, db, clock)

    async def close(self) -> None:
        """Finish queued work, then close the connection (SQLite checkpoints the WAL)."""
        if self._closed:
            return
        self._closed = True
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._db.close)
        finally:
            self._executor.shutdown(wait=False)

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
        return await self._run(_forget, check_owner(owner))

    async def export(self, owner: str) -> ExportList:
        return await self._run(_export, check_owner(owner))

    async def _run(self, job: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise StorageUnavailable("Storage is closed.")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _guarded, self._db, job, args)


# -- everything below runs on the worker thread --

def _connect(path: Path, busy_timeout: float,
             on_connect: Callable[[sqlite3.Connection], None] | None) -> Database:
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; the only ones are those opened here.
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        if on_connect:
            on_connect(conn)
        db = Database(conn, execute_plugins=False)
        db.enable_wal()
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA secure_delete = ON")
        if db.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise StorageUnavailable(_DAMAGED)
        applied = upgrade(db)
        if applied:
            log.info("database %s upgraded: %s", path, ", ".join(applied))
        return db
    except StorageUnavailable as exc:
        _close_quietly(conn)
        log.warning("cannot use database %s: %s", path, exc)
        raise
    except (sqlite3.Error, OSError) as exc:
        _close_quietly(conn)
        log.warning("cannot open database %s: %s", path, exc)
        raise unavailable(exc) from exc


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with suppress(sqlite3.Error):
            conn.close()


def _guarded(db: Database, job: Callable[..., T], args: tuple[Any, ...]) -> T:
    try:
        return job(db, *args)
    except (sqlite3.Error, OSError) as exc:
        if db.conn.in_transaction:
            with suppress(sqlite3.Error):
                db.conn.execute("ROLLBACK")
        log.warning("storage error: %s", exc)
        raise unavailable(exc) from exc


@contextmanager
def _write(db: Database) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def _has_consented(db: Database, owner: str) -> bool:
    return _consent(db, owner) is not None


def _consent(db: Database, owner: str) -> Consent | None:
    row = db.execute("SELECT consented_at FROM consents WHERE owner = ?", [owner]).fetchone()
    return Consent(owner, datetime.fromisoformat(row[0])) if row else None


def _record_consent(db: Database, owner: str, now: datetime) -> Consent:
    with _write(db):
        existing = _consent(db, owner)
        if existing:
            return existing
        db["consents"].insert({"owner": owner, "consented_at": now.isoformat()})
    return Consent(owner, now)


def _save(db: Database, owner: str, position: NewPosition, now: datetime) -> StoredPosition:
    with _write(db):
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
    return next((_decode(row) for row in rows), None)


def _list(db: Database, owner: str) -> PositionList:
    return [_decode(row) for row in db["positions"].rows_where("owner = ?", [owner],
                                                                order_by="id")]


def _update(db: Database, owner: str, position_id: int, changes: dict[str, Any],
            now: datetime) -> StoredPosition | None:
    with _write(db):
        found = _get(db, owner, position_id)
        if found is None or not changes:
            return found
        db["positions"].update(position_id, _encode({**changes, "updated_at": now.isoformat()}))
    return replace(found, **changes, updated_at=now)


def _delete(db: Database, owner: str, position_id: int) -> bool:
    with _write(db):
        cursor = db.execute("DELETE FROM positions WHERE id = ? AND owner = ?",
                            [position_id, owner])
    return cursor.rowcount == 1


def _forget(db: Database, owner: str) -> int:
    with _write(db):
        removed = db.execute("DELETE FROM positions WHERE owner = ?", [owner]).rowcount
        removed += db.execute("DELETE FROM consents WHERE owner = ?", [owner]).rowcount
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
    db.execute("BEGIN")  # one snapshot, so consent and positions agree
    consent, positions = _consent(db, owner), _list(db, owner)
    db.execute("COMMIT")
    return ([consent_record(consent)] if consent else []) + [p.as_dict() for p in positions]


def _encode(row: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def _decode(row: dict[str, Any]) -> StoredPosition:
    values = dict(row)
    for name in DECIMALS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    values["created_at"] = datetime.fromisoformat(values["created_at"])
    values["updated_at"] = datetime.fromisoformat(values["updated_at"])
    return StoredPosition(**values)
