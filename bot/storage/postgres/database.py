"""One PostgreSQL schema, one asyncpg pool: what every riskbot store shares when several processes do.

Why it is built this way:
- asyncpg, not psycopg 3: it is one wheel with no dependencies of its own, speaks the binary
  protocol, and its pool is part of it (psycopg needs psycopg-pool and, for speed, psycopg-c or
  psycopg-binary next to libpq). riskbot needs nothing asyncpg lacks: no COPY-from-Python-objects
  beyond what it has, no server-side cursors.
- A pool of a few connections per process: the stores are called from the event loop directly, so
  two commands' transactions run side by side on two connections, never interleaved on one.
- `search_path` is set per connection to the configured schema (`?schema=` in RISKBOT_DB, default
  `public`), so tests and several installs can share one database; JIT is off (`session_settings`).
- Every write is one transaction (`async with database.transaction() as conn`); PostgreSQL's
  default `synchronous_commit=on` means an acknowledged save is on the server's disk.
- Any asyncpg or network error becomes `StorageUnavailable` with a short reason, like the SQLite
  side, so commands answer "couldn't save, try again" and calculations keep working.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from commands.saved.store_port import StorageUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_UNREACHABLE = "The database server cannot be reached."
_REASONS = {
    "53": "The database server is out of resources (disk full or too many connections).",
    "57": "The database server is shutting down or restarting.",
    "08": _UNREACHABLE,
    "40": "The database is busy. Try again in a moment.",
    "42": "The database schema does not match this riskbot.",
    "28": "The database refused riskbot's credentials.",
}


def unavailable(exc: BaseException) -> StorageUnavailable:
    """The one exception callers see, with a reason a person can act on."""
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str):
        return StorageUnavailable(_REASONS.get(state[:2], "Storage is unavailable right now."))
    return StorageUnavailable(_UNREACHABLE)


# InternalClientError: what asyncpg raises on a connection the server closed mid-use (seen after
# pg_terminate_backend); the pool discards that connection, so the next call gets a fresh one.
ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError, TimeoutError)


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def split_url(url: str) -> tuple[str, str]:
    """(the DSN asyncpg connects with, the schema) from `postgresql://...?schema=name`."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    schema = next((v for k, v in query if k == "schema"), "public")
    if not _SCHEMA_NAME.fullmatch(schema):
        raise ValueError("the schema in RISKBOT_DB must be lower-case letters, digits and _")
    dsn = urlunsplit(parts._replace(query=urlencode([(k, v) for k, v in query if k != "schema"])))
    return dsn, schema


def redacted(url: str) -> str:
    """The URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def session_settings(schema: str) -> dict[str, str]:
    """Per connection: the schema, a name an operator recognises in pg_stat_activity, and no JIT. riskbot's queries are all short; the planner's
    estimate for the alert search (an unnest of every market) is large enough to trigger JIT
    compilation, measured at ~90 ms of a 105 ms search at 1,000,000 positions, for nothing."""
    return {"search_path": schema, "jit": "off", "application_name": f"riskbot {schema}"[:63]}


class PostgresDatabase:
    """Use `await PostgresDatabase.open(url)`; `await database.close()` when done."""

    backend = "postgresql"

    def __init__(self, pool: asyncpg.Pool, dsn: str, schema: str, url: str = "") -> None:
        self.pool, self.dsn, self.schema, self.url = pool, dsn, schema, url
        self._closed = False

    @classmethod
    async def open(cls, url: str, *, min_size: int = 1, max_size: int = 8,
                   migrate: bool = True) -> PostgresDatabase:
        """Connect, create the schema if needed and bring it up to date (under an advisory lock, so
        processes starting together migrate once). Raises StorageUnavailable when the server does
        not answer, refuses, or holds a schema from a newer riskbot."""
        from bot.storage.postgres.migrations import upgrade

        dsn, schema = split_url(url)
        try:
            await _ensure_schema(dsn, schema)
            # Timeouts: a server that stops answering costs a command 10 s and a short error, not a hang.
            pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=10,
                                             timeout=10, server_settings=session_settings(schema))
        except ERRORS as exc:
            log.warning("cannot open database %s: %s", redacted(url), exc)
            raise unavailable(exc) from exc
        database = cls(pool, dsn, schema, url)
        try:
            applied = await database.run(upgrade)
        except BaseException:
            await database.close()
            raise
        if applied:
            log.info("database schema %s upgraded: %s", schema, ", ".join(applied))
        return database

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self.pool.close()

    async def run(self, job: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`await job(conn, *args)` on a pooled connection; driver errors become StorageUnavailable."""
        if self._closed:
            raise StorageUnavailable("Storage is closed.")
        try:
            async with self.pool.acquire() as conn:
                return await job(conn, *args)
        except ERRORS as exc:
            log.warning("storage error: %s", exc)
            raise unavailable(exc) from exc

    async def write(self, job: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Like `run`, inside one transaction: all of `job` commits, or none of it."""
        async def in_transaction(conn: asyncpg.Connection) -> T:
            async with conn.transaction():
                return await job(conn, *args)
        return await self.run(in_transaction)

    @asynccontextmanager
    async def dedicated(self, settings: dict[str, str] | None = None) -> AsyncIterator[asyncpg.Connection]:
        """A connection outside the pool, for what must live on one session (the leader lock)."""
        conn = await asyncpg.connect(self.dsn, server_settings={**session_settings(self.schema), **(settings or {})})
        try:
            yield conn
        finally:
            await conn.close()


async def _ensure_schema(dsn: str, schema: str) -> None:
    """Create the schema if it is missing. Looked up first: CREATE SCHEMA IF NOT EXISTS checks the
    CREATE privilege on the database even when the schema exists, which a locked-down role lacks."""
    conn = await asyncpg.connect(dsn)
    try:
        if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema):
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')   # name checked by split_url
    except asyncpg.UniqueViolationError:
        pass   # two processes created it at the same moment
    finally:
        await conn.close()
