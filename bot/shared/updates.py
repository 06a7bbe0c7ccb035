"""Telegram updates handled once across processes: Telegram retries a webhook delivery on any non-2xx
answer or timeout, and behind a proxy the retry may reach another process. The first process to
record an `update_id` handles it; any other drops it. Recorded before handling, so a process that
dies mid-answer costs that one answer, never a double one; ids older than a day are swept (Telegram
gives up on an update long before)."""

from __future__ import annotations

import time
from typing import Any, Awaitable, Callable

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.storage.postgres.database import PostgresDatabase
from commands.saved.store_port import StorageUnavailable

KEEP_SECONDS = 24 * 3600.0
SWEEP_EVERY = 1000


class SharedUpdateLog:
    def __init__(self, database: PostgresDatabase, clock: Callable[[], float] = time.time) -> None:
        self.database, self.clock = database, clock
        self._seen = 0

    async def first_time(self, update_id: int) -> bool:
        """True for the first delivery of `update_id` anywhere; True also when the database cannot
        say (answering twice beats not answering)."""
        self._seen += 1
        try:
            return await self.database.run(_record, update_id, self.clock(), self._seen % SWEEP_EVERY == 0)
        except StorageUnavailable:
            return True


async def _record(conn, update_id: int, now: float, sweep: bool) -> bool:
    if sweep:
        await conn.execute("DELETE FROM telegram_updates WHERE seen_at < $1", now - KEEP_SECONDS)
    return await conn.fetchval("INSERT INTO telegram_updates (update_id, seen_at) VALUES ($1, $2)"
                               " ON CONFLICT (update_id) DO NOTHING RETURNING 1", update_id, now) is not None


def drop_repeats(first_time: Callable[[int], Awaitable[bool]]) -> Callable[[Update, Any], Awaitable[None]]:
    """A python-telegram-bot handler for the group before every other: it stops an update already
    handled elsewhere from reaching the command handlers."""
    async def handler(update: Update, ctx: Any) -> None:
        if not await first_time(update.update_id):
            raise ApplicationHandlerStop
    return handler
