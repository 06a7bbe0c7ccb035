"""PostgreSQL going away under a running store: each failure is one short StorageUnavailable, never a
driver exception, and the store recovers on its own once the server answers again (the pool
replaces connections the server closed, as after a restart or a failover)."""

from __future__ import annotations

import asyncpg
import pytest

from bot.storage.postgres.database import split_url
from bot.storage.postgres.positions import PostgresPositionStore
from commands.saved.store_port import StorageUnavailable
from tests.storage.conftest import position
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
A = "telegram:1001"


async def end_sessions(url: str) -> int:
    """What a server restart does to its clients: every session of this schema's riskbot ends."""
    dsn, schema = split_url(url)
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                   " WHERE application_name = $1", f"riskbot {schema}"[:63])
    finally:
        await conn.close()


async def test_sessions_ended_by_the_server_cost_a_short_error_then_the_store_recovers() -> None:
    async with postgres.fresh_schema() as url:
        store = await PostgresPositionStore.open(url)
        await store.record_consent(A)
        saved = await store.save(A, position())
        assert await end_sessions(url) >= 1
        answers = []
        for _ in range(3):
            try:
                answers.append(await store.list(A))
            except StorageUnavailable as exc:
                answers.append(exc.message)
        await store.close()
    assert answers[-1] == [saved]                                   # recovered without a restart
    assert all(a == [saved] or a == "The database server is shutting down or restarting." or
               a == "The database server cannot be reached." for a in answers), answers


async def test_an_unreachable_server_is_one_short_error() -> None:
    with pytest.raises(StorageUnavailable, match="cannot be reached"):
        await PostgresPositionStore.open("postgresql://root@127.0.0.1:1/test")
