"""Child process for test_crash.py: saves positions forever, printing each id once `save` returned.

A printed id is an acknowledged save: the parent SIGKILLs this process at a random moment and
then checks that every printed id is in the file.
"""

from __future__ import annotations

import asyncio
import sys
from decimal import Decimal

from bot.storage.postgres.database import is_postgres_url
from bot.storage.postgres.positions import PostgresPositionStore
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import NewPosition

OWNER = "telegram:31337"


async def main(path: str) -> None:
    if is_postgres_url(path):   # the PostgreSQL twin (test_crash.py): a RISKBOT_DB URL, not a file
        store = await PostgresPositionStore.open(path)
    else:
        store = await SqlitePositionStore.open(path)
    await store.record_consent(OWNER)
    n = 0
    while True:
        n += 1
        saved = await store.save(OWNER, NewPosition(
            venue="bybit", symbol="ETH", contract="linear", side="short", margin_mode="cross",
            entry=Decimal(f"3000.{n:04d}"), quantity=Decimal(n), label=f"save {n}"))
        print(saved.id, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
