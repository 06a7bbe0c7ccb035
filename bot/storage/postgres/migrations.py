"""The PostgreSQL schema, as numbered SQL files in bot/storage/postgres/migrations/ (0001_*.sql, ...).

Each file is applied once, in order, and recorded in `riskbot_migrations`; files are only ever
appended, never edited, so any older schema can be brought forward. All pending files are applied
in one transaction that first takes a transaction-level advisory lock keyed on the schema, so two
processes starting together queue, and the second finds nothing left to do (PostgreSQL's DDL is
transactional: a failed step leaves the schema as it was). A schema that records a step this code
does not have was written by a newer riskbot and is refused, as the SQLite side does.
"""

from __future__ import annotations

from importlib import resources

import asyncpg

from commands.saved.store_port import StorageUnavailable

NEWER = "The database was written by a newer riskbot; saving is off."


def steps() -> list[tuple[str, str]]:
    """(name, SQL) of every migration file, in order."""
    folder = resources.files("bot.storage.postgres") / "migrations"
    found = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return [(name.removesuffix(".sql"), (folder / name).read_text(encoding="utf-8")) for name in found]


KNOWN_STEPS = [name for name, _ in steps()]


async def upgrade(conn: asyncpg.Connection) -> list[str]:
    """Apply pending steps; returns the names applied (empty if the schema is current)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('riskbot migrate ' || current_schema()))")
        await conn.execute("CREATE TABLE IF NOT EXISTS riskbot_migrations ("
                           " name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        applied = {row["name"] for row in await conn.fetch("SELECT name FROM riskbot_migrations")}
        if applied - set(KNOWN_STEPS):
            raise StorageUnavailable(NEWER)
        pending = [(name, sql) for name, sql in steps() if name not in applied]
        for name, sql in pending:
            await conn.execute(sql)
            await conn.execute("INSERT INTO riskbot_migrations (name) VALUES ($1)", name)
    return [name for name, _ in pending]
