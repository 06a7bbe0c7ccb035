"""The button book several processes share, in PostgreSQL: a button one process issued can be pressed
through any other (webhook updates are spread across them by a proxy).

The rules are bot/button_book.py's: one successful press by its owner within the lifetime; a press
by anyone else is refused and leaves the token for its owner. Spending is one conditional DELETE
(`... WHERE token = $1 AND owner = $2 AND expires_at > now RETURNING command`), so two presses
arriving at two processes at once run the command once.

`issue` stays synchronous, because replies are rendered synchronously: the token is made here and
its row written by a task started at once; a press of that token in this process waits for the
write, and in another process it cannot come sooner, since the message carrying the button is
sent only after `issue` returned (one local INSERT against one HTTP round trip to the platform).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import Callable

from bot.button_book import EXPIRED, LIFETIME, NOT_YOURS, Redeemed
from bot.storage.postgres.database import PostgresDatabase
from commands.saved.store_port import StorageUnavailable

log = logging.getLogger(__name__)
SWEEP_EVERY = 500   # issues between deletions of expired tokens


class SharedButtonBook:
    def __init__(self, database: PostgresDatabase, lifetime: float = LIFETIME, prefix: str = "",
                 clock: Callable[[], float] = time.time) -> None:
        self.database, self.lifetime, self.prefix, self.clock = database, lifetime, prefix, clock
        self._writes: dict[str, asyncio.Task[None]] = {}
        self._issued = 0

    def issue(self, owner: str, command: str) -> str:
        token = self.prefix + secrets.token_urlsafe(16)
        self._issued += 1
        sweep = self._issued % SWEEP_EVERY == 0
        task = asyncio.get_running_loop().create_task(self._write(token, owner, command, self.clock(), sweep))
        self._writes[token] = task
        task.add_done_callback(lambda _: self._writes.pop(token, None))
        return token

    async def _write(self, token: str, owner: str, command: str, now: float, sweep: bool) -> None:
        try:
            await self.database.run(_insert, token, owner, command, now + self.lifetime, now if sweep else None)
        except StorageUnavailable as exc:   # the button will answer "expired", like after a restart
            log.warning("buttons: token not stored (%s)", exc.message)

    async def take(self, token: str | None, user_key: str) -> Redeemed:
        if token is None:
            return Redeemed(refusal=EXPIRED)
        pending = self._writes.get(token)
        if pending is not None:
            await asyncio.shield(pending)
        try:
            command, owner = await self.database.run(_spend, token, user_key, self.clock())
        except StorageUnavailable:
            return Redeemed(refusal=EXPIRED)
        if command is not None:
            return Redeemed(command=command)
        return Redeemed(refusal=NOT_YOURS if owner is not None else EXPIRED)

    async def flush(self) -> None:
        """Wait for every token write still in flight (tests, and shutdown)."""
        if self._writes:
            await asyncio.gather(*list(self._writes.values()), return_exceptions=True)


async def _insert(conn, token: str, owner: str, command: str, expires_at: float, sweep_before: float | None) -> None:
    await conn.execute("INSERT INTO button_tokens (token, owner, command, expires_at) VALUES ($1, $2, $3, $4)",
                       token, owner, command, expires_at)
    if sweep_before is not None:
        await conn.execute("DELETE FROM button_tokens WHERE expires_at <= $1", sweep_before)


async def _spend(conn, token: str, user_key: str, now: float) -> tuple[str | None, str | None]:
    """(the command, when this press spent the token; else None and the owner of a live token)."""
    command = await conn.fetchval("DELETE FROM button_tokens WHERE token = $1 AND owner = $2 AND expires_at > $3"
                                  " RETURNING command", token, user_key, now)
    if command is not None:
        return command, user_key
    owner = await conn.fetchval("SELECT owner FROM button_tokens WHERE token = $1 AND expires_at > $2", token, now)
    return None, owner
