"""The group nudge gate several processes share, in PostgreSQL: a group is nudged once per cooldown
however many processes answer it. One statement decides and records it: the upsert only touches
the row when the cooldown has passed, and returns it only then."""

from __future__ import annotations

import time
from typing import Callable

from bot.storage.postgres.database import PostgresDatabase
from commands.saved.store_port import StorageUnavailable

ALLOW = ("INSERT INTO nudges (group_key, last_at) VALUES ($1, $2) ON CONFLICT (group_key)"
         " DO UPDATE SET last_at = excluded.last_at WHERE nudges.last_at <= $2 - $3 RETURNING 1")


class SharedNudgeGate:
    def __init__(self, database: PostgresDatabase, clock: Callable[[], float] = time.time) -> None:
        self.database, self.clock = database, clock

    async def allow(self, group: str, cooldown: int) -> bool:
        """True when this group may be nudged now (and it counts as nudged); False when the database
        cannot say: a missing nudge is better than a repeated one."""
        try:
            return await self.database.run(_allow, group, self.clock(), float(cooldown))
        except StorageUnavailable:
            return False


async def _allow(conn, group: str, now: float, cooldown: float) -> bool:
    return await conn.fetchval(ALLOW, group, now, cooldown) is not None
