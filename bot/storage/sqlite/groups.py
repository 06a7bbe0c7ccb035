"""Group settings, the audit trail and risk-warning schedules in SQLite, behind `GroupStore`.

It shares the position store's `SqliteDatabase` (one file, one worker thread). Settings are read on
every command in a group, so they are cached here; the cache is written through on every change
and this process is the only writer of settings, so it cannot go stale. A settings change and its
audit entry commit together, as do a schedule's advance and its audit entry. The scheduled-warning
job claims a slot with `advance` before it posts (bot/jobs/schedules.py): the advance moves the due
time only from the one the job saw, so two claims of one slot cannot both succeed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from bot.storage.sqlite.worker import Clock, SqliteDatabase, utc_now, write
from commands.groups.args import span
from commands.groups.store_port import SETTING_NAMES, AuditEntry, GroupSettings, Schedule
from commands.saved.store_port import check_owner


class SqliteGroupStore:
    def __init__(self, database: SqliteDatabase, clock: Clock = utc_now) -> None:
        self.database, self._clock = database, clock
        self._cache: dict[str, GroupSettings] = {}

    async def settings(self, group: str) -> GroupSettings:
        cached = self._cache.get(group)
        if cached is None:
            cached = await self.database.run(_settings, check_owner(group))
            self._cache[group] = cached
        return cached

    async def change(self, group: str, actor: str, changes: dict[str, object]) -> GroupSettings:
        current = await self.settings(group)
        new = current.changed(**changes)
        detail = ", ".join(f"{name}={_shown(value)}" for name, value in changes.items())
        await self.database.run(_change, check_owner(group), check_owner(actor), new, self._clock(), detail)
        self._cache[group] = new
        return new

    async def audit(self, group: str, action: str, actor: str, detail: str) -> None:
        await self.database.run(_audit_only, check_owner(group), actor, self._clock(), action, detail)

    async def recent(self, group: str, limit: int) -> list[AuditEntry]:
        return await self.database.run(_recent, check_owner(group), limit)

    async def schedule(self, group: str, channel: str, template: str, every: timedelta,
                       actor: str) -> Schedule:
        now = self._clock()
        found = Schedule(check_owner(group), channel, template, every, now + every, check_owner(actor))
        await self.database.run(_schedule, found, now)
        return found

    async def unschedule(self, group: str, channel: str, actor: str) -> bool:
        return await self.database.run(_unschedule, check_owner(group), channel, check_owner(actor), self._clock())

    async def schedules(self, group: str) -> list[Schedule]:
        return await self.database.run(_schedules, SCHEDULES_OF_GROUP, check_owner(group))

    async def due(self, now: datetime) -> list[Schedule]:
        return await self.database.run(_schedules, SCHEDULES_DUE, _time(now))

    async def next_due(self) -> datetime | None:
        return await self.database.run(_next_due)

    async def advance(self, schedule: Schedule, next_at: datetime, action: str, detail: str) -> bool:
        return await self.database.run(_advance, schedule, next_at, self._clock(), action, detail)

    async def move_group(self, old: str, new: str, why: str) -> bool:
        moved = await self.database.run(_move, check_owner(old), check_owner(new), self._clock(), why)
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        return moved


def _shown(value: object) -> str:
    if value is None:
        return "default"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _time(moment: datetime) -> str:
    # One fixed-width UTC form, so text order is time order and `next_at <= ?` compares correctly.
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


# -- everything below runs on the worker thread --

# Written out, not built from SETTING_NAMES: no SQL here is ever assembled from strings.
SETTINGS_SQL = ("SELECT default_venue, leverage_threshold, nudge, warning_text, nudge_cooldown, charts, language, numbers "
                "FROM group_settings WHERE group_key = ?")
SCHEDULE_COLUMNS_SQL = "SELECT group_key, channel, template, every_seconds, next_at, created_by FROM schedules "
SCHEDULES_OF_GROUP = SCHEDULE_COLUMNS_SQL + "WHERE group_key = ? ORDER BY next_at, channel"
SCHEDULES_DUE = SCHEDULE_COLUMNS_SQL + "WHERE next_at <= ? ORDER BY next_at, group_key, channel"

def _settings(db: Database, group: str) -> GroupSettings:
    row = db.execute(SETTINGS_SQL, [group]).fetchone()
    if row is None:
        return GroupSettings()
    values: dict[str, Any] = dict(zip(SETTING_NAMES, row))
    if values["leverage_threshold"] is not None:
        values["leverage_threshold"] = Decimal(values["leverage_threshold"])
    for switch in ("nudge", "charts"):
        if values[switch] is not None:
            values[switch] = bool(values[switch])
    return GroupSettings(**values)


def _insert_audit(db: Database, group: str, actor: str, at: datetime, action: str, detail: str) -> None:
    db["audit"].insert({"group_key": group, "actor": actor, "at": _time(at), "action": action, "detail": detail})


def _change(db: Database, group: str, actor: str, new: GroupSettings, now: datetime, detail: str) -> None:
    row: dict[str, Any] = {name: getattr(new, name) for name in SETTING_NAMES}
    if row["leverage_threshold"] is not None:
        row["leverage_threshold"] = str(row["leverage_threshold"])
    for switch in ("nudge", "charts"):
        if row[switch] is not None:
            row[switch] = int(row[switch])
    with write(db):
        db["group_settings"].upsert({"group_key": group, **row, "updated_at": _time(now), "updated_by": actor},
                                    pk="group_key")
        _insert_audit(db, group, actor, now, "settings", detail)


def _audit_only(db: Database, group: str, actor: str, now: datetime, action: str, detail: str) -> None:
    with write(db):
        _insert_audit(db, group, actor, now, action, detail)


def _recent(db: Database, group: str, limit: int) -> list[AuditEntry]:
    rows = db.execute("SELECT id, group_key, actor, at, action, detail FROM audit WHERE group_key = ? "
                      "ORDER BY id DESC LIMIT ?", [group, limit]).fetchall()
    return [AuditEntry(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4], r[5]) for r in rows]


def _schedule(db: Database, s: Schedule, now: datetime) -> None:
    with write(db):
        db["schedules"].upsert({"group_key": s.group, "channel": s.channel, "template": s.template,
                                "every_seconds": int(s.every.total_seconds()), "next_at": _time(s.next_at),
                                "created_by": s.created_by, "created_at": _time(now)},
                               pk=("group_key", "channel"))
        _insert_audit(db, s.group, s.created_by, now, "schedule",
                      f"{s.template} every {span(s.every)} in channel {s.channel}")


def _unschedule(db: Database, group: str, channel: str, actor: str, now: datetime) -> bool:
    with write(db):
        gone = db.execute("DELETE FROM schedules WHERE group_key = ? AND channel = ?", [group, channel]).rowcount
        if gone:
            _insert_audit(db, group, actor, now, "unschedule", f"channel {channel}")
    return bool(gone)


def _schedules(db: Database, query: str, value: str) -> list[Schedule]:
    rows = db.execute(query, [value]).fetchall()
    return [Schedule(r[0], r[1], r[2], timedelta(seconds=r[3]), datetime.fromisoformat(r[4]), r[5]) for r in rows]


def _next_due(db: Database) -> datetime | None:
    row = db.execute("SELECT MIN(next_at) FROM schedules").fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def _advance(db: Database, s: Schedule, next_at: datetime, now: datetime, action: str, detail: str) -> bool:
    with write(db):
        moved = db.execute("UPDATE schedules SET next_at = ? WHERE group_key = ? AND channel = ? AND next_at = ?",
                           [_time(next_at), s.group, s.channel, _time(s.next_at)]).rowcount == 1
        if moved:
            _insert_audit(db, s.group, "riskbot", now, action, detail)
    return moved


def export_records(db: Database, actor: str) -> list[dict[str, Any]]:
    """Part of /export: every row that names the user as who acted, whole (the same rows that
    `forget_actor` rewrites): their audit lines, group settings they changed last, schedules they made."""
    tables = (("audit", "audit", "actor = ?", "id"), ("group_settings", "group_settings", "updated_by = ?", "group_key"),
              ("schedule", "schedules", "created_by = ?", "group_key, channel"))
    return [{"record": record, **row} for record, table, where, order in tables
            for row in db[table].rows_where(where, [actor], order_by=order)]


def _move(db: Database, old: str, new: str, now: datetime, why: str) -> bool:
    """Everything of group `old` now belongs to `new`, in one transaction; False if `old` had nothing.

    What `new` already has wins (it was set after the move): its settings row, and its schedule of
    a channel both have. Channels named after the old chat (`-123`, `-123/7`) follow it.
    """
    old_chat, new_chat = old.split(":", 1)[1], new.split(":", 1)[1]
    with write(db):
        audits = db.execute("UPDATE audit SET group_key = ? WHERE group_key = ?", [new, old]).rowcount
        db.execute("INSERT OR IGNORE INTO group_settings (group_key, default_venue, leverage_threshold, nudge,"
                   " warning_text, nudge_cooldown, charts, language, numbers, updated_at, updated_by) SELECT ?,"
                   " default_venue, leverage_threshold, nudge, warning_text, nudge_cooldown, charts, language,"
                   " numbers, updated_at, updated_by"
                   " FROM group_settings WHERE group_key = ?", [new, old])
        settings = db.execute("DELETE FROM group_settings WHERE group_key = ?", [old]).rowcount
        rows = db.execute("SELECT channel, template, every_seconds, next_at, created_by, created_at"
                          " FROM schedules WHERE group_key = ?", [old]).fetchall()
        for channel, *rest in rows:
            if channel == old_chat or channel.startswith(old_chat + "/"):
                channel = new_chat + channel[len(old_chat):]
            db.execute("INSERT OR IGNORE INTO schedules (group_key, channel, template, every_seconds, next_at,"
                       " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [new, channel, *rest])
        db.execute("DELETE FROM schedules WHERE group_key = ?", [old])
        if not (audits or settings or rows):
            return False
        _insert_audit(db, new, "riskbot", now, "moved",
                      f"{why}: moved from {old} (settings: {'yes' if settings else 'none'}, "
                      f"{audits} audit entries, {len(rows)} schedules)")
    return True


FORGOTTEN = "(forgotten user)"


def forget_actor(db: Database, actor: str) -> int:
    """Part of a user's /forget (inside its transaction): the group's record of what happened stays,
    but no longer says who did it, so nothing about the user remains in the file."""
    return sum(db.execute(sql, [FORGOTTEN, actor]).rowcount for sql in (
        "UPDATE audit SET actor = ? WHERE actor = ?",
        "UPDATE group_settings SET updated_by = ? WHERE updated_by = ?",
        "UPDATE schedules SET created_by = ? WHERE created_by = ?"))
