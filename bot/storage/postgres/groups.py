"""Group settings, the audit trail and risk-warning schedules in PostgreSQL, behind `GroupStore`.

Unlike the SQLite store, settings are not cached: another process may change them, and one primary
key lookup is cheaper than a stale answer. A settings change and its audit entry commit together,
as do a schedule's advance and its "posting" entry. The advance is the claim the scheduled-warning
job makes before it posts (bot/jobs/schedules.py), and it holds across processes as it does in one:
it moves `next_at` only from the value the job saw (`WHERE ... AND next_at = $4`); a second leader
overlapping the first for a moment waits for the first's row lock, then finds `next_at` moved (READ
COMMITTED re-checks the condition on the new row) and posts nothing, so no slot is posted twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
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

SETTINGS_SQL = ("SELECT default_venue, leverage_threshold, nudge, warning_text, nudge_cooldown, charts, language, numbers "
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

    async def advance(self, schedule: Schedule, next_at: datetime, action: str, detail: str) -> bool:
        return await self.database.write(_advance, schedule, next_at, self._clock(), action, detail)

    async def move_group(self, old: str, new: str, why: str) -> bool:
        return await self.database.write(_move, check_owner(old), check_owner(new), self._clock(), why)


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
                       " warning_text = $5, nudge_cooldown = $6, charts = $7, language = $8, numbers = $9,"
                       " updated_at = $10, updated_by = $11 WHERE group_key = $1", group, new.default_venue,
                       threshold, new.nudge, new.warning_text, new.nudge_cooldown, new.charts, new.language,
                       new.numbers, now, actor)
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
                   detail: str) -> bool:
    moved = await conn.execute("UPDATE schedules SET next_at = $3 WHERE group_key = $1 AND channel = $2"
                               " AND next_at = $4", s.group, s.channel, next_at, s.next_at)
    if moved != "UPDATE 1":
        return False   # claimed by another process, or cancelled since it was listed as due
    await _insert_audit(conn, s.group, "riskbot", now, action, detail)
    return True


async def _move(conn: asyncpg.Connection, old: str, new: str, now: datetime, why: str) -> bool:
    """Everything of group `old` now belongs to `new`, in one transaction (see the SQLite store's
    `_move`): what `new` already has wins; channels named after the old chat follow it."""
    old_chat, new_chat = old.split(":", 1)[1], new.split(":", 1)[1]
    # Two moves at once (both processes saw the migration): the second waits here, then finds nothing.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('riskbot move ' || $1))", old)
    audits = count(await conn.execute("UPDATE audit SET group_key = $1 WHERE group_key = $2", new, old))
    await conn.execute("INSERT INTO group_settings (group_key, default_venue, leverage_threshold, nudge, warning_text,"
                       " nudge_cooldown, charts, language, numbers, updated_at, updated_by) SELECT $1, default_venue,"
                       " leverage_threshold, nudge, warning_text, nudge_cooldown, charts, language, numbers,"
                       " updated_at, updated_by"
                       " FROM group_settings WHERE group_key = $2 ON CONFLICT (group_key) DO NOTHING", new, old)
    settings = count(await conn.execute("DELETE FROM group_settings WHERE group_key = $1", old))
    rows = await conn.fetch("DELETE FROM schedules WHERE group_key = $1 RETURNING channel, template,"
                            " every_seconds, next_at, created_by, created_at", old)
    for channel, *rest in rows:
        if channel == old_chat or channel.startswith(old_chat + "/"):
            channel = new_chat + channel[len(old_chat):]
        await conn.execute("INSERT INTO schedules (group_key, channel, template, every_seconds, next_at, created_by,"
                           " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                           new, channel, *rest)
    if not (audits or settings or rows):
        return False
    await _insert_audit(conn, new, "riskbot", now, "moved",
                        f"{why}: moved from {old} (settings: {'yes' if settings else 'none'}, "
                        f"{audits} audit entries, {len(rows)} schedules)")
    return True


EXPORTED = (("audit", "SELECT * FROM audit WHERE actor = $1 ORDER BY id"),
            ("group_settings", "SELECT * FROM group_settings WHERE updated_by = $1 ORDER BY group_key"),
            ("schedule", "SELECT * FROM schedules WHERE created_by = $1 ORDER BY group_key, channel"))


async def export_records(conn: asyncpg.Connection, actor: str) -> list[dict[str, Any]]:
    """Part of /export, as the SQLite store's: every row that names the user as who acted, whole
    (the rows `forget_actor` rewrites), times in the same UTC text form the SQLite file holds."""
    return [{"record": record, **{name: _plain(value) for name, value in row.items()}}
            for record, sql in EXPORTED for row in await conn.fetch(sql, actor)]


def _plain(value: object) -> object:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if isinstance(value, datetime) else value


async def forget_actor(conn: asyncpg.Connection, actor: str) -> int:
    """Part of a user's /forget (inside its transaction): the group's record of what happened stays,
    but no longer says who did it."""
    total = 0
    for sql in ("UPDATE audit SET actor = $1 WHERE actor = $2",
                "UPDATE group_settings SET updated_by = $1 WHERE updated_by = $2",
                "UPDATE schedules SET created_by = $1 WHERE created_by = $2"):
        total += count(await conn.execute(sql, FORGOTTEN, actor))
    return total
