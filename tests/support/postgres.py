"""PostgreSQL for the tests: a fresh schema per test in the server RISKBOT_TEST_POSTGRES names
(default postgresql://root@127.0.0.1:5432/test), dropped after the test; every schema of this run
is named riskbot_test_<run>_<n>, and whatever a crashed test left is dropped at the end of the run.

When no server answers, the PostgreSQL cases fail with one line saying how to point them at one.
They never skip: `RISKBOT_TEST_POSTGRES=off` is the only way to leave them out, and then the test
summary says so (tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest

ENV = "RISKBOT_TEST_POSTGRES"
DEFAULT = "postgresql://root@127.0.0.1:5432/test"
RUN = secrets.token_hex(4)
_numbers = itertools.count(1)
_reachable: str | None = None   # None: not checked yet; "": answered; else why not


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() != "off"


def server() -> str:
    return os.environ.get(ENV, "").strip() or DEFAULT


def backends(*others: str) -> list[str]:
    """The backend names a parametrized fixture runs over: `others`, plus PostgreSQL unless off."""
    return [*others, "postgresql"] if enabled() else list(others)


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


async def _check() -> None:
    global _reachable
    if _reachable is None:
        try:
            conn = await asyncpg.connect(server(), timeout=5)
            await conn.close()
            _reachable = ""
        except Exception as exc:   # any refusal is the same answer: no server for the tests
            _reachable = f"{type(exc).__name__}: {exc}".splitlines()[0]
    if _reachable:
        pytest.fail(f"PostgreSQL at {server()} did not answer ({_reachable}); point the tests at a server with "
                    f"{ENV}=postgresql://user@host:port/db, or set {ENV}=off to leave them out", pytrace=False)


@asynccontextmanager
async def fresh_schema() -> AsyncIterator[str]:
    """A RISKBOT_DB URL naming a new, empty schema; dropped on the way out."""
    await _check()
    schema = f"riskbot_test_{RUN}_{next(_numbers)}"
    try:
        yield with_schema(server(), schema)
    finally:
        conn = await asyncpg.connect(server())
        try:
            await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        finally:
            await conn.close()


async def drop_leftovers() -> int:
    """Drop every schema of this run still there (a test killed halfway); returns how many."""
    if _reachable != "":
        return 0
    conn = await asyncpg.connect(server())
    try:
        names = [r[0] for r in await conn.fetch("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1",
                                                f"riskbot\\_test\\_{RUN}\\_%")]
        for name in names:
            await conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        return len(names)
    finally:
        await conn.close()
