"""One SQLite file, one worker thread: the connection every riskbot store shares.

Why it is built this way:
- A sqlite3 connection may only be used on the thread that opened it, and two transactions
  interleaved on one connection would commit each other's half-work. So one worker thread
  (`ThreadPoolExecutor(max_workers=1)`) opens and owns the connection, every call is queued to it,
  and the event loop never blocks on the disk. Positions, group settings and alert state are
  separate stores over this one `SqliteDatabase`, so they share the queue and never contend for
  the file among themselves.
- WAL with `synchronous=FULL`: an acknowledged write survives a killed process and a power cut, at
  ~3k commits/s, far above what chat rate limits allow.
- Every write is `BEGIN IMMEDIATE` (`write(db)`): the write lock is taken before anything is read,
  so a second writer waits up to `busy_timeout` instead of failing at once halfway through.
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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.storage.sqlite.migrations import upgrade
from commands.saved.store_port import StorageUnavailable

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


class SqliteDatabase:
    """Use `await SqliteDatabase.open(path)`; `await database.close()` when done."""

    def __init__(self, executor: ThreadPoolExecutor, db: Database, path: Path) -> None:
        self._executor, self._db, self.path = executor, db, path
        self._closed = False
        # Users' /lang choices read so far (bot/storage/sqlite/languages.py): kept here, beside the
        # one connection, so the position store's /forget drops an entry from the same cache.
        self.user_languages: dict[str, str | None] = {}

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout: float = 5.0,
                   on_connect: Callable[[sqlite3.Connection], None] | None = None) -> SqliteDatabase:
        """Open (creating folder and file if needed), check and upgrade the database.

        Raises StorageUnavailable if the file is locked, unreadable or damaged; the bot then
        runs with saving disabled. `on_connect` gets the raw connection first (tests use it to
        cap the file size or trace SQL).
        """
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="riskbot-sqlite")
        loop = asyncio.get_running_loop()
        try:
            db = await loop.run_in_executor(executor, _connect, Path(path), busy_timeout, on_connect)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(executor, db, Path(path))

    async def close(self) -> None:
        """Finish queued work, then close the connection (SQLite checkpoints the WAL)."""
        if self._closed:
            return
        self._closed = True
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._db.close)
        finally:
            self._executor.shutdown(wait=False)

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run `job(db, *args)` on the worker thread; sqlite3/OS errors become StorageUnavailable."""
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
def write(db: Database) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")
