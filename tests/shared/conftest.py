"""Two "processes" over one fresh PostgreSQL schema: two separate pools, as two riskbot processes
would have, so nothing can be shared through Python memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.storage.postgres.database import PostgresDatabase
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")


@pytest.fixture
async def two() -> AsyncIterator[tuple[PostgresDatabase, PostgresDatabase]]:
    async with postgres.fresh_schema() as url:
        first, second = await PostgresDatabase.open(url), await PostgresDatabase.open(url)
        yield first, second
        await first.close()
        await second.close()
