"""The per-user cooldown several processes share, in PostgreSQL: a user flooding commands through a
proxy that spreads them over two processes is slowed exactly as one process would slow them.

The rule is bot/cooldown.py's `judge`; each check reads the user's recent hits under a row lock and
writes them back in one transaction, so two processes counting the same user queue on that row.
Times are wall-clock Unix seconds, the only clock several machines share; a clock jump can at
worst forgive or prolong one window.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable

from bot.cooldown import Verdict, judge
from bot.storage.postgres.database import PostgresDatabase
from commands.saved.store_port import StorageUnavailable

SWEEP_EVERY = 1000


class SharedCooldown:
    def __init__(self, database: PostgresDatabase, burst: int = 5, window: float = 10.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.database, self.burst, self.window, self.clock = database, burst, window, clock
        self._checks = 0

    async def admit(self, user_key: str) -> Verdict:
        """ALLOW, WARN or DROP; ALLOW when the database cannot answer (a cooldown is not worth an outage)."""
        self._checks += 1
        try:
            return await self.database.write(self._judge, user_key, self.clock(), self._checks % SWEEP_EVERY == 0)
        except StorageUnavailable:
            return Verdict.ALLOW

    def __bool__(self) -> bool:
        return True

    async def _judge(self, conn, user_key: str, now: float, sweep: bool) -> Verdict:
        if sweep:
            await conn.execute("DELETE FROM cooldowns WHERE last_at <= $1", now - self.window)
        await conn.execute("INSERT INTO cooldowns (user_key, hits, last_at) VALUES ($1, '{}', $2)"
                           " ON CONFLICT (user_key) DO NOTHING", user_key, now)
        hits, warned = await conn.fetchrow("SELECT hits, warned FROM cooldowns WHERE user_key = $1 FOR UPDATE",
                                           user_key)
        times = deque(hits)
        verdict, warned = judge(times, warned, now, self.burst, self.window)
        await conn.execute("UPDATE cooldowns SET hits = $2, warned = $3, last_at = $4 WHERE user_key = $1",
                           user_key, list(times), warned, now)
        return verdict
