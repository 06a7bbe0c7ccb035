"""The PostgreSQL schema's versioning: numbered SQL files applied once, under an advisory lock so
processes starting together migrate once, and a schema from a newer riskbot refused."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.storage.postgres.database import PostgresDatabase, split_url
from bot.storage.postgres.migrations import KNOWN_STEPS
from bot.storage.postgres.positions import PostgresPositionStore
from commands.saved.store_port import StorageUnavailable
from tests.storage.conftest import position
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
A = "telegram:1001"


async def applied(url: str) -> list[str]:
    dsn, schema = split_url(url)
    conn = await asyncpg.connect(dsn)
    try:
        return [r[0] for r in await conn.fetch(f"SELECT name FROM {schema}.riskbot_migrations ORDER BY name")]
    finally:
        await conn.close()


async def test_the_files_are_numbered_and_applied_in_order() -> None:
    assert KNOWN_STEPS[:3] == ["0001_positions", "0002_groups", "0003_alerts"]
    assert KNOWN_STEPS == sorted(KNOWN_STEPS)
    async with postgres.fresh_schema() as url:
        database = await PostgresDatabase.open(url)
        await database.close()
        assert await applied(url) == KNOWN_STEPS


async def test_processes_starting_together_migrate_once_and_keep_data() -> None:
    async with postgres.fresh_schema() as url:
        opened = await asyncio.gather(*(PostgresDatabase.open(url) for _ in range(6)))
        for database in opened:
            await database.close()
        assert await applied(url) == KNOWN_STEPS      # one row per step: nothing ran twice
        store = await PostgresPositionStore.open(url)
        await store.record_consent(A)
        saved = await store.save(A, position())
        await store.close()
        again = await PostgresPositionStore.open(url)   # reopening changes nothing
        assert await again.list(A) == [saved]
        await again.close()


async def test_a_schema_from_a_newer_riskbot_is_refused() -> None:
    async with postgres.fresh_schema() as url:
        await (await PostgresDatabase.open(url)).close()
        dsn, schema = split_url(url)
        conn = await asyncpg.connect(dsn)
        await conn.execute(f"INSERT INTO {schema}.riskbot_migrations (name) VALUES ('9999_from_the_future')")
        await conn.close()
        with pytest.raises(StorageUnavailable, match="newer riskbot"):
            await PostgresDatabase.open(url)
