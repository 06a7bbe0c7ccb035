"""Group settings, the audit trail and risk-warning schedules in PostgreSQL, behind `GroupStore`.

Unlike the SQLite store, settings are not cached: another process may change them, and one primary
key lookup is cheaper than a stale answer. A settings change and its audit entry commit together,
as do a schedule's advance and its "posted" entry. `claim_due` is for a leader that may overlap
another for a moment (bot/storage/postgres/leader.py): it takes due schedules with `FOR UPDATE SKIP
LOCKED` and moves each one's `next_at` before anything is posted, so two leaders never post the same
slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.rows import count
from bot.storage.sqlite.groups import FORGOTTEN, _shown
from bot.storage.sqlite.worker import Clock, utc_now
from commands.groups.args import span
from commands.groups.store_port import SETTING_NAMES, AuditEntry, GroupSettings, Schedule
from commands.saved.store_port import check_owner

SETTINGS_SQL = ("SELECT default_venue, leverage_threshold, nudge, warning_text, nudge_cooldown "
                "FROM group_settings WHERE group_key = $1")
SCHEDULE_COLUMNS = "SELECT group_key, channel, template, every_seconds, next_at, created_by FROM schedules "
SCHEDULES_OF_GROUP = SCHEDULE_COLUMNS + "WHERE group_key = $1 ORDER BY next_at, channel"
SCHEDULES_DUE = SCHEDULE_COLUMNS + "WHERE next_at <= $1 ORDER BY next_at, group_key, channel"


class PostgresGroupStore:
    def __init__(self, database: PostgresDatabase, clock: Clock = utc_now) -> None:
        self.database, self._clock = database, clock

    async def settings(self, group: str) -> GroupSettings:
        return await self.database.run(_settings, check_owner(group))

    async def change(self, group: str, actor: str, changes: dict[str, object]) -> GroupSettings:
        GroupSettings().changed(**changes)   # unknown names are a TypeError before any I/O
        detail = ", ".join(f"{name}={_shown(value)}" for name, value in changes.items())
        return await self.database.write(_change, check_owner(group), check_owner(actor), changes,
                                         self._clock(), detail)

    async def audit(self, group: str, action: str, actor: str, detail: str) -> None:
        await self.database.run(_insert_audit, check_owner(group), actor, self._clock(), action, detail)

    async def recent(self, group: str, limit: int) -> list[AuditEntry]:
        rows = await self.database.run(_fetch, "SELECT id, group_key, actor, at, action, detail FROM audit"
                                       " WHERE group_key = $1 ORDER BY id DESC LIMIT $2", check_owner(group), limit)
        return [AuditEntry(*row) for row in rows]

    async def schedule(self, group: str, channel: str, template: str, every: timedelta,
                       actor: str) -> Schedule:
        now = self._clock()
        found = Schedule(check_owner(group), channel, template, every, now + every, check_owner(actor))
        await self.database.write(_schedule, found, now)
        return found

    async def unschedule(self, group: str, channel: str, actor: str) -> bool:
        return await self.database.write(_unschedule, check_owner(group), channel, check_owner(actor), self._clock())

    async def schedules(self, group: str) -> list[Schedule]:
        return _decoded(await self.database.run(_fetch, SCHEDULES_OF_GROUP, check_owner(group)))

    async def due(self, now: datetime) -> list[Schedule]:
        return _decoded(await self.database.run(_fetch, SCHEDULES_DUE, now))

    async def next_due(self) -> datetime | None:
        return await self.database.run(_fetchval, "SELECT min(next_at) FROM schedules")

    async def advance(self, schedule: Schedule, next_at: datetime, action: str, detail: str) -> None:
        await self.database.write(_advance, schedule, next_at, self._clock(), action, detail)

    async def claim_due(self, now: datetime, following: Any, platforms: list[str]) -> list[Schedule]:
        """Due schedules of these platforms (the ones this process can post to; the others stay due),
        each moved to `following(schedule, now)` in the transaction that locked it (`FOR UPDATE SKIP
        LOCKED`): what one leader claimed, another skips."""
        return await self.database.write(_claim_due, now, following, platforms)


async def _fetch(conn: asyncpg.Connection, sql: str, *args: Any) -> list[asyncpg.Record]:
    return await conn.fetch(sql, *args)


async def _fetchval(conn: asyncpg.Connection, sql: str, *args: Any) -> Any:
    return await conn.fetchval(sql, *args)


def _decoded(rows: list[asyncpg.Record]) -> list[Schedule]:
    return [Schedule(r[0], r[1], r[2], timedelta(seconds=r[3]), r[4], r[5]) for r in rows]


async def _settings(conn: asyncpg.Connection, group: str) -> GroupSettings:
    row = await conn.fetchrow(SETTINGS_SQL, group)
    if row is None:
        return GroupSettings()
    values: dict[str, Any] = dict(zip(SETTING_NAMES, row))
    if values["leverage_threshold"] is not None:
        values["leverage_threshold"] = Decimal(values["leverage_threshold"])
    return GroupSettings(**values)


async def _insert_audit(conn: asyncpg.Connection, group: str, actor: str, at: datetime, action: str,
                        detail: str) -> None:
    await conn.execute("INSERT INTO audit (group_key, actor, at, action, detail) VALUES ($1, $2, $3, $4, $5)",
                       group, actor, at, action, detail)


async def _change(conn: asyncpg.Connection, group: str, actor: str, changes: dict[str, object],
                  now: datetime, detail: str) -> GroupSettings:
    # Read under a row lock, so two moderators changing different settings in two processes both land.
    await conn.execute("INSERT INTO group_settings (group_key, updated_at, updated_by) VALUES ($1, $2, $3)"
                       " ON CONFLICT (group_key) DO NOTHING", group, now, actor)
    await conn.execute("SELECT 1 FROM group_settings WHERE group_key = $1 FOR UPDATE", group)
    new = (await _settings(conn, group)).changed(**changes)
    threshold = str(new.leverage_threshold) if new.leverage_threshold is not None else None
    await conn.execute("UPDATE group_settings SET default_venue = $2, leverage_threshold = $3, nudge = $4,"
                       " warning_text = $5, nudge_cooldown = $6, updated_at = $7, updated_by = $8"
                       " WHERE group_key = $1", group, new.default_venue, threshold, new.nudge,
                       new.warning_text, new.nudge_cooldown, now, actor)
    await _insert_audit(conn, group, actor, now, "settings", detail)
    return new


async def _schedule(conn: asyncpg.Connection, s: Schedule, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO schedules (group_key, channel, template, every_seconds, next_at, created_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (group_key, channel) DO UPDATE SET"
        " template = excluded.template, every_seconds = excluded.every_seconds, next_at = excluded.next_at,"
        " created_by = excluded.created_by, created_at = excluded.created_at",
        s.group, s.channel, s.template, int(s.every.total_seconds()), s.next_at, s.created_by, now)
    await _insert_audit(conn, s.group, s.created_by, now, "schedule",
                        f"{s.template} every {span(s.every)} in channel {s.channel}")


async def _unschedule(conn: asyncpg.Connection, group: str, channel: str, actor: str, now: datetime) -> bool:
    gone = await conn.execute("DELETE FROM schedules WHERE group_key = $1 AND channel = $2", group, channel)
    if gone == "DELETE 1":
        await _insert_audit(conn, group, actor, now, "unschedule", f"channel {channel}")
        return True
    return False


async def _advance(conn: asyncpg.Connection, s: Schedule, next_at: datetime, now: datetime, action: str,
                   detail: str) -> None:
    await conn.execute("UPDATE schedules SET next_at = $3 WHERE group_key = $1 AND channel = $2",
                       s.group, s.channel, next_at)
    await _insert_audit(conn, s.group, "riskbot", now, action, detail)


async def _claim_due(conn: asyncpg.Connection, now: datetime, following: Any, platforms: list[str]) -> list[Schedule]:
    due = _decoded(await conn.fetch(SCHEDULE_COLUMNS + "WHERE next_at <= $1 AND split_part(group_key, ':', 1) = ANY($2)"
                                    " ORDER BY next_at, group_key, channel FOR UPDATE SKIP LOCKED", now, platforms))
    for s in due:
        await conn.execute("UPDATE schedules SET next_at = $3 WHERE group_key = $1 AND channel = $2",
                           s.group, s.channel, following(s, now))
    return due


async def forget_actor(conn: asyncpg.Connection, actor: str) -> int:
    """Part of a user's /forget (inside its transaction): the group's record of what happened stays,
    but no longer says who did it."""
    total = 0
    for sql in ("UPDATE audit SET actor = $1 WHERE actor = $2",
                "UPDATE group_settings SET updated_by = $1 WHERE updated_by = $2",
                "UPDATE schedules SET created_by = $1 WHERE created_by = $2"):
        total += count(await conn.execute(sql, FORGOTTEN, actor))
    return total
