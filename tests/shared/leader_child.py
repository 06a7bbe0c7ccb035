"""A process that becomes the jobs leader on the schema in argv[1], says so on stdout, and runs until
killed: the leader a test kills with SIGKILL."""

from __future__ import annotations

import asyncio
import sys

from bot.shared.leader import Leadership
from bot.storage.postgres.database import PostgresDatabase


async def main(url: str) -> None:
    database = await PostgresDatabase.open(url)
    leadership = Leadership(database, lambda stop: [], retry=0.2)
    runner = asyncio.create_task(leadership.run(asyncio.Event()))
    await leadership.leading.wait()
    print("leading", flush=True)
    await runner


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
