"""Near-liquidation alert state in PostgreSQL: users' preferences (the `AlertPreferences` port) and
the refresh that fills the alert index; the job's claims are in bot/storage/postgres/alert_index.py.

The tables and the trigger that keeps `alert_index` in step with `positions` are in
migrations/0003_alerts.sql; the rules (levels, hysteresis, quiet hours) are the SQLite store's,
imported rather than copied. Stale rows are refreshed under `FOR UPDATE SKIP LOCKED`, so two
processes refreshing at once split the work instead of waiting on each other.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Mapping

import asyncpg

from bot.storage import alert_rules as rules
from bot.storage.postgres import alert_index as index
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.rows import COLUMNS, count, decode
from bot.storage.sqlite.alert_index import DueAlert, Market, span
from bot.storage.sqlite.alerts import (
    POSITION_FIELDS, REFRESH_BATCH, SETTING_FIELDS, Liquidator, _only, liquidation_price,
)
from bot.storage.sqlite.worker import Clock, utc_now
from commands.alerts.port import AlertSettings, PositionAlert
from commands.saved.store_port import check_owner, is_possible_id


class PostgresAlertStore:
    """The `AlertPreferences` port for /alerts, plus the queries the alert job runs."""

    def __init__(self, database: PostgresDatabase, clock: Clock = utc_now,
                 liquidator: Liquidator = liquidation_price) -> None:
        self.database, self._clock, self._liquidator = database, clock, liquidator

    async def settings(self, owner: str) -> AlertSettings:
        return await self.database.run(_settings, check_owner(owner))

    async def change_settings(self, owner: str, **changes: Any) -> AlertSettings:
        _only(changes, SETTING_FIELDS)
        return await self.database.write(_change_settings, check_owner(owner), changes, self._clock(),
                                         self._liquidator)

    async def change_position(self, owner: str, position_id: int, **changes: Any) -> PositionAlert | None:
        _only(changes, POSITION_FIELDS)
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return None
        return await self.database.write(_change_position, owner, position_id, changes, self._liquidator)

    async def positions(self, owner: str) -> list[PositionAlert]:
        owner = check_owner(owner)
        if await self.database.run(_has_stale, owner):
            await self.database.write(_refresh_rows, owner, None, self._liquidator)
        return await self.database.run(_select_alerts, owner)

    # -- for the job ------------------------------------------------------------------------------
    async def refresh(self, limit: int = REFRESH_BATCH) -> int:
        return await self.database.write(_refresh_rows, None, limit, self._liquidator)

    async def markets(self) -> list[Market]:
        return await self.database.run(index.markets)

    async def claim_due(self, marks: Mapping[Market, Decimal | tuple[Decimal, Decimal]], now: datetime,
                        repeat: timedelta) -> list[DueAlert]:
        """As the SQLite store's: a market's mark may be its last two ticks' (previous, current) marks."""
        return await self.database.write(index.claim_due, {m: span(p) for m, p in marks.items()}, now, repeat)

    async def confirm(self, position_id: int, now: datetime) -> None:
        await self.database.run(index.confirm, position_id, now)

    async def uncomputed(self) -> list[tuple[int, str]]:
        return await self.database.run(index.uncomputed)

    async def release(self, position_id: int, attempted_at: datetime | None = None) -> None:
        await self.database.run(index.release, position_id, attempted_at)

    async def recover(self) -> int:
        return await self.database.run(index.recover)


_decimal, _text, _float = rules.decimal, rules.text, rules.as_float


async def _settings(conn: asyncpg.Connection, owner: str) -> AlertSettings:
    row = await conn.fetchrow("SELECT enabled, level, within, quiet_start, quiet_end FROM alert_settings"
                              " WHERE owner = $1", owner)
    if row is None:
        return AlertSettings()
    enabled, level, within, start, end = row
    return AlertSettings(enabled, _decimal(level), _decimal(within), (start, end) if start is not None else None)


async def _change_settings(conn: asyncpg.Connection, owner: str, changes: dict[str, Any], now: datetime,
                           liquidator: Liquidator) -> AlertSettings:
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('riskbot alerts ' || $1))", owner)
    new = rules.merged_settings(await _settings(conn, owner), changes)
    quiet = new.quiet
    await conn.execute(
        "INSERT INTO alert_settings (owner, enabled, level, within, quiet_start, quiet_end, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (owner) DO UPDATE SET enabled = excluded.enabled,"
        " level = excluded.level, within = excluded.within, quiet_start = excluded.quiet_start,"
        " quiet_end = excluded.quiet_end, updated_at = excluded.updated_at",
        owner, new.enabled, _text(new.level), _text(new.within),
        quiet[0] if quiet else None, quiet[1] if quiet else None, now)
    # Nothing may alert on the old settings, even for a moment: off means off at once.
    await conn.execute("UPDATE alert_index SET stale = true, trigger = NULL WHERE owner = $1", owner)
    await _refresh_rows(conn, owner, None, liquidator)
    return await _settings(conn, owner)


async def _change_position(conn: asyncpg.Connection, owner: str, position_id: int, changes: dict[str, Any],
                           liquidator: Liquidator) -> PositionAlert | None:
    row = await conn.fetchrow("SELECT level, within, muted FROM alert_index WHERE position_id = $1 AND owner = $2"
                              " FOR UPDATE", position_id, owner)
    if row is None:
        return None
    level, within, muted = rules.position_choice(*row, changes)
    await conn.execute("UPDATE alert_index SET level = $2, within = $3, muted = $4, stale = true, trigger = NULL"
                       " WHERE position_id = $1", position_id, level, within, muted)
    await _refresh_rows(conn, owner, None, liquidator)
    return next((a for a in await _select_alerts(conn, owner) if a.position_id == position_id), None)


async def _has_stale(conn: asyncpg.Connection, owner: str) -> bool:
    return await conn.fetchval("SELECT EXISTS (SELECT 1 FROM alert_index WHERE owner = $1 AND stale)", owner)


async def _select_alerts(conn: asyncpg.Connection, owner: str) -> list[PositionAlert]:
    rows = await conn.fetch(
        "SELECT position_id, symbol, side, liq_price, trigger, level, within, muted, armed, last_alert_at"
        " FROM alert_index WHERE owner = $1 ORDER BY position_id", owner)
    return [PositionAlert(pid, symbol, side, liq, trigger, _decimal(level), _decimal(within), muted, armed, last)
            for pid, symbol, side, liq, trigger, level, within, muted, armed, last in rows]


_STALE_OF_OWNER = ("SELECT position_id, level, within, muted FROM alert_index WHERE owner = $1 AND stale"
                   " FOR UPDATE SKIP LOCKED")
_STALE_OF_ENABLED = ("SELECT a.position_id, a.level, a.within, a.muted FROM alert_settings s"
                     " JOIN alert_index a ON a.owner = s.owner AND a.stale WHERE s.enabled LIMIT $1"
                     " FOR UPDATE OF a SKIP LOCKED")


async def _refresh_rows(conn: asyncpg.Connection, owner: str | None, limit: int | None,
                        liquidator: Liquidator) -> int:
    """Recompute stale rows (one owner's, or up to `limit` of users with alerts on). In a transaction."""
    stale = await (conn.fetch(_STALE_OF_OWNER, owner) if owner is not None
                   else conn.fetch(_STALE_OF_ENABLED, limit or REFRESH_BATCH))
    if not stale:
        return 0
    positions = {p.id: p for p in map(decode, await conn.fetch(
        f"SELECT {COLUMNS} FROM positions WHERE id = ANY($1::bigint[])", [r[0] for r in stale]))}
    settings_of: dict[str, AlertSettings] = {}
    updates = []
    for position_id, level, within, muted in stale:
        position = positions[position_id]
        user = settings_of.get(position.owner) or settings_of.setdefault(
            position.owner, await _settings(conn, position.owner))
        liquidation = liquidator(position)
        trigger, rearm = rules.trigger_prices(position, liquidation, user, level, within, muted)
        updates.append((position_id, float(position.entry), _float(liquidation), trigger, rearm))
    await conn.executemany("UPDATE alert_index SET entry = $2, liq_price = $3, trigger = $4, rearm = $5,"
                           " stale = false WHERE position_id = $1", updates)
    return len(stale)


async def export_records(conn: asyncpg.Connection, owner: str) -> list[dict[str, Any]]:
    """What /export shows of a user's alerts: the same records as the SQLite store's."""
    records: list[dict[str, Any]] = []
    row = await conn.fetchrow("SELECT enabled, level, within, quiet_start, quiet_end, updated_at"
                              " FROM alert_settings WHERE owner = $1", owner)
    if row is not None:
        records.append(rules.settings_record(owner, *row[:5], row[5].isoformat()))
    # Once the user has touched /alerts, every position's alert state; before, only rows carrying a
    # choice of theirs (as the SQLite store does).
    for pid, level, within, muted, last, liquidation, trigger, armed, pending in await conn.fetch(
            "SELECT position_id, level, within, muted, last_alert_at, liq_price, trigger, armed, pending"
            " FROM alert_index WHERE owner = $1 AND ($2 OR level IS NOT NULL OR within IS NOT NULL OR muted"
            " OR last_alert_at IS NOT NULL) ORDER BY position_id", owner, row is not None):
        records.append(rules.position_record(owner, pid, level, within, muted, last.isoformat() if last else None,
                                             liquidation, trigger, armed, pending))
    return records


async def forget(conn: asyncpg.Connection, owner: str) -> int:
    """Part of /forget (inside its transaction): the settings row; index rows go with positions."""
    return count(await conn.execute("DELETE FROM alert_settings WHERE owner = $1", owner))
