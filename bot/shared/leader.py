"""Background jobs in one leader among several processes: alerts and scheduled warnings must run once
across all of them, not once per process.

The leader is whoever holds a PostgreSQL session advisory lock, taken with `pg_try_advisory_lock` on
a connection of its own (not the pool's: a session lock belongs to the connection, and a pooled
connection would carry it into unrelated work). The others retry every `retry` seconds. The lock is
the server's: when the leader dies, even by kill -9, its connection closes, the server ends the
session and drops the lock, and the next follower to retry takes it, so the jobs resume within
`retry` seconds (2 s by default; the issue asks for 10). A leader whose host vanishes without
closing the socket is noticed by TCP keepalives set on that connection (5 s idle, 1 s apart, 3
probes). The leader checks its connection every `check` seconds and stops its jobs the moment it is
lost, since the lock went with it.

Two leaders can still overlap for a moment (an old one not yet aware its connection is gone), so
the jobs' claims are idempotent on their own: an alert is claimed by a conditional update before it
is sent (bot/storage/postgres/alert_index.py), a schedule slot with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress

from bot.storage.postgres.database import ERRORS, PostgresDatabase

log = logging.getLogger(__name__)
StartJobs = Callable[[asyncio.Event], list[asyncio.Task[None]]]
LOCK = "SELECT pg_try_advisory_lock(hashtext('riskbot leader ' || current_schema()))"
KEEPALIVES = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "1", "tcp_keepalives_count": "3"}


class Leadership:
    def __init__(self, database: PostgresDatabase, start_jobs: StartJobs, *, retry: float = 2.0,
                 check: float = 1.0) -> None:
        self.database, self.start_jobs, self.retry, self.check = database, start_jobs, retry, check
        self.leading = asyncio.Event()
        self.session_pid: int | None = None   # the server process holding the lock, while leading

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: wait to become leader, run the jobs while leading, start over if the lock is lost."""
        while not stop.is_set():
            try:
                await self._term(stop)
            except ERRORS as exc:
                log.warning("jobs: lost the database connection (%s); jobs stopped until leader again", exc)
            except Exception:   # never let leadership end for good: the jobs would stop everywhere
                log.exception("jobs: leadership failed; trying again")
            await _nap(stop, self.retry)

    async def _term(self, stop: asyncio.Event) -> None:
        async with self.database.dedicated(KEEPALIVES) as conn:
            while not await conn.fetchval(LOCK):
                if await _nap(stop, self.retry):
                    return
            log.info("jobs: this process is the leader (alerts, scheduled warnings)")
            jobs_stop = asyncio.Event()
            jobs = self.start_jobs(jobs_stop)
            self.session_pid = conn.get_server_pid()
            self.leading.set()
            try:
                while not await _nap(stop, self.check):
                    await conn.fetchval("SELECT 1", timeout=max(1.0, self.check))
            finally:
                self.leading.clear()
                jobs_stop.set()
                for job in jobs:
                    with suppress(Exception):
                        await asyncio.wait_for(job, 5)


async def _nap(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep up to `seconds`; True when `stop` was set meanwhile."""
    with suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


def job_tasks(context, start_jobs: StartJobs, stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """The background jobs: started at once on SQLite (one process), under leadership on PostgreSQL."""
    from bot.shared.wiring import shared_database

    database = shared_database(context)
    if database is None:
        return start_jobs(stop)
    return [asyncio.create_task(Leadership(database, start_jobs).run(stop), name="job-leadership")]
