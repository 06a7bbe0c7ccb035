"""Run-wide hooks: the PostgreSQL test schemas are dropped at the end, and when the PostgreSQL
cases were left out (RISKBOT_TEST_POSTGRES=off) the summary says so, so a green run cannot hide it."""

from __future__ import annotations

import asyncio

import pytest

from tests.support import postgres


def pytest_sessionfinish(session: pytest.Session) -> None:
    asyncio.run(postgres.drop_leftovers())


def pytest_terminal_summary(terminalreporter) -> None:
    if not postgres.enabled():
        terminalreporter.write_line(f"PostgreSQL tests left out ({postgres.ENV}=off): the storage contract ran "
                                    "on memory and SQLite only.", yellow=True)
