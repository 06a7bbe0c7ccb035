"""Near-liquidation alert state in SQLite: users' preferences, and the alert index the job searches.

It shares the position store's `SqliteDatabase` (one file, one worker thread). The tables and the
triggers that keep `alert_index` in step with `positions` are in bot/storage/sqlite/migrations.py (m005): saving,
editing or deleting a position marks or removes its index row, so no position command knows about
alerts. A changed row is `stale` until `refresh` recomputes its liquidation price with the same
core calculation the position card uses, and sets its trigger and re-arm prices.

Finding the positions a mark price has reached is one range search per symbol on a partial index
that holds only alerting rows, `(venue, contract, symbol, side, trigger) WHERE trigger IS NOT NULL`:
longs with `trigger >= mark`, shorts with `trigger <= mark`. Listing the symbols to poll walks the
same index one distinct symbol at a time (a skip scan), so neither depends on how many positions
are stored (benchmarks/alerts.py).

Delivery is claimed before it is attempted and confirmed after: `claim_due` disarms the rows it
returns and marks them `pending` in the same transaction that found them, `confirm` records the
send time, `release` re-arms a row whose message could not be delivered. A row still pending at
start-up (the process died mid-send) is re-armed by `recover`, so a crash can cost at most a
duplicate, never a lost alert; a restart otherwise repeats nothing, because armed state and the
last alert time are in the file.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Callable, Mapping

from sqlite_utils import Database

from bot.storage import alert_rules as rules
from bot.storage.sqlite.worker import Clock, SqliteDatabase, utc_now, write
from bot.storage.sqlite import alert_index as index
from bot.storage.sqlite.alert_index import DueAlert, Market
from bot.storage.sqlite.rows import decode_position
from commands.alerts.port import AlertSettings, PositionAlert
from commands.context import Context
from commands.errors import UsageError
from commands.saved.store_port import StoredPosition, check_owner, is_possible_id
from commands.saved.common import compute, stored_args

log = logging.getLogger(__name__)

Liquidator = Callable[[StoredPosition], "Decimal | None"]
REFRESH_BATCH = 500
SETTING_FIELDS = ("enabled", "level", "within", "quiet")
POSITION_FIELDS = ("level", "within", "muted")


def liquidation_price(position: StoredPosition) -> Decimal | None:
    """The saved position's liquidation price, as its card shows it; None if it has none (a 1x
    long) or cannot be computed any more (a tier table that no longer lists the symbol)."""
    try:
        return compute(stored_args(position), Context(), f"/position {position.id}").liquidation_price
    except UsageError as exc:
        log.info("position %s has no computable liquidation price: %s", position.id, exc.message)
    except Exception:
        log.exception("computing the liquidation price of position %s failed", position.id)
    return None


class SqliteAlertStore:
    """The `AlertPreferences` port for /alerts, plus the queries the alert job runs."""

    def __init__(self, database: SqliteDatabase, clock: Clock = utc_now,
                 liquidator: Liquidator = liquidation_price) -> None:
        self.database, self._clock, self._liquidator = database, clock, liquidator

    # -- the AlertPreferences port --------------------------------------------------------------
    async def settings(self, owner: str) -> AlertSettings:
        return await self.database.run(_settings, check_owner(owner))

    async def change_settings(self, owner: str, **changes: Any) -> AlertSettings:
        _only(changes, SETTING_FIELDS)
        return await self.database.run(_change_settings, check_owner(owner), changes, self._clock(),
                                       self._liquidator)

    async def change_position(self, owner: str, position_id: int, **changes: Any) -> PositionAlert | None:
        _only(changes, POSITION_FIELDS)
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return None
        return await self.database.run(_change_position, owner, position_id, changes, self._liquidator)

    async def positions(self, owner: str) -> list[PositionAlert]:
        return await self.database.run(_positions, check_owner(owner), self._liquidator)

    # -- for the job ------------------------------------------------------------------------------
    async def refresh(self, limit: int = REFRESH_BATCH) -> int:
        """Recompute up to `limit` stale rows of users with alerts on; returns how many."""
        return await self.database.run(_refresh, None, limit, self._liquidator)

    async def markets(self) -> list[Market]:
        return await self.database.run(index.markets)

    async def claim_due(self, marks: Mapping[Market, Decimal | tuple[Decimal, Decimal]], now: datetime,
                        repeat: timedelta) -> list[DueAlert]:
        """Disarm and return every position these marks have reached (see the module docstring). A
        market's mark may be the (previous, current) marks of two consecutive ticks: a position is
        then due only if both reached its trigger, and re-arms only if both are beyond its band."""
        return await self.database.run(index.claim_due, {m: index.span(p) for m, p in marks.items()}, now, repeat)

    async def confirm(self, position_id: int, now: datetime) -> None:
        await self.database.run(index.confirm, position_id, now)

    async def uncomputed(self) -> list[tuple[int, str]]:
        """Alerting rows without a liquidation price, never alerted (see `alert_index.uncomputed`)."""
        return await self.database.run(index.uncomputed)

    async def release(self, position_id: int, attempted_at: datetime | None = None) -> None:
        """Re-arm an unsent alert; with `attempted_at` (the user could not be reached) it waits out
        the repeat window before the next try instead of failing again every poll."""
        await self.database.run(index.release, position_id, attempted_at)

    async def recover(self) -> int:
        return await self.database.run(index.recover)


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise TypeError(f"not an alert setting: {', '.join(unknown)}")


# -- everything below runs on the worker thread --

_decimal, _text = rules.decimal, rules.text


def _settings(db: Database, owner: str) -> AlertSettings:
    row = db.execute("SELECT enabled, level, within, quiet_start, quiet_end FROM alert_settings WHERE owner = ?",
                     [owner]).fetchone()
    if row is None:
        return AlertSettings()
    enabled, level, within, start, end = row
    return AlertSettings(bool(enabled), _decimal(level), _decimal(within),
                         (start, end) if start is not None else None)


def _change_settings(db: Database, owner: str, changes: dict[str, Any], now: datetime,
                     liquidator: Liquidator) -> AlertSettings:
    with write(db):
        new = rules.merged_settings(_settings(db, owner), changes)
        quiet = new.quiet
        db.execute(
            "INSERT INTO alert_settings (owner, enabled, level, within, quiet_start, quiet_end, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET enabled = excluded.enabled,"
            " level = excluded.level, within = excluded.within, quiet_start = excluded.quiet_start,"
            " quiet_end = excluded.quiet_end, updated_at = excluded.updated_at",
            [owner, int(new.enabled), _text(new.level), _text(new.within),
             quiet[0] if quiet else None, quiet[1] if quiet else None, now.isoformat()])
        # Nothing may alert on the old settings, even for a moment: off means off at once.
        db.execute("UPDATE alert_index SET stale = 1, trigger = NULL WHERE owner = ?", [owner])
        _refresh_rows(db, owner, None, liquidator)
    return _settings(db, owner)


def _change_position(db: Database, owner: str, position_id: int, changes: dict[str, Any],
                     liquidator: Liquidator) -> PositionAlert | None:
    with write(db):
        row = db.execute("SELECT level, within, muted FROM alert_index WHERE position_id = ? AND owner = ?",
                         [position_id, owner]).fetchone()
        if row is None:
            return None
        level, within, muted = rules.position_choice(*row, changes)
        db.execute("UPDATE alert_index SET level = ?, within = ?, muted = ?, stale = 1, trigger = NULL"
                   " WHERE position_id = ?", [level, within, int(muted), position_id])
        _refresh_rows(db, owner, None, liquidator)
    return next((a for a in _select_alerts(db, owner) if a.position_id == position_id), None)


def _positions(db: Database, owner: str, liquidator: Liquidator) -> list[PositionAlert]:
    if db.execute("SELECT 1 FROM alert_index WHERE owner = ? AND stale = 1 LIMIT 1", [owner]).fetchone():
        with write(db):
            _refresh_rows(db, owner, None, liquidator)
    return _select_alerts(db, owner)


def _select_alerts(db: Database, owner: str) -> list[PositionAlert]:
    rows = db.execute(
        "SELECT position_id, symbol, side, liq_price, trigger, level, within, muted, armed, last_alert_at"
        " FROM alert_index WHERE owner = ? ORDER BY position_id", [owner]).fetchall()
    return [PositionAlert(pid, symbol, side, liq, trigger, _decimal(level), _decimal(within), bool(muted),
                          bool(armed), datetime.fromisoformat(last) if last else None)
            for pid, symbol, side, liq, trigger, level, within, muted, armed, last in rows]


def _refresh(db: Database, owner: str | None, limit: int | None, liquidator: Liquidator) -> int:
    with write(db):
        return _refresh_rows(db, owner, limit, liquidator)


def _refresh_rows(db: Database, owner: str | None, limit: int | None, liquidator: Liquidator) -> int:
    """Recompute stale rows (one owner's, or those of every user with alerts on). Inside a write."""
    if owner is not None:
        stale = db.execute("SELECT position_id FROM alert_index WHERE owner = ? AND stale = 1", [owner]).fetchall()
    else:
        stale = db.execute(
            "SELECT a.position_id FROM alert_settings s JOIN alert_index a ON a.owner = s.owner AND a.stale = 1"
            " WHERE s.enabled = 1 LIMIT ?", [limit or -1]).fetchall()
    settings_of: dict[str, AlertSettings] = {}
    for (position_id,) in stale:
        position = decode_position(db["positions"].get(position_id))
        level, within, muted = db.execute("SELECT level, within, muted FROM alert_index WHERE position_id = ?",
                                          [position_id]).fetchone()
        user = settings_of.setdefault(position.owner, _settings(db, position.owner))
        liquidation = liquidator(position)
        trigger, rearm = rules.trigger_prices(position, liquidation, user, level, within, bool(muted))
        db.execute("UPDATE alert_index SET entry = ?, liq_price = ?, trigger = ?, rearm = ?, stale = 0"
                   " WHERE position_id = ?",
                   [float(position.entry), _float(liquidation), trigger, rearm, position_id])
    return len(stale)


_float = rules.as_float


def export_records(db: Database, owner: str) -> list[dict[str, Any]]:
    """What /export shows of a user's alerts: their settings, and each position's choices and state."""
    records: list[dict[str, Any]] = []
    row = db.execute("SELECT enabled, level, within, quiet_start, quiet_end, updated_at FROM alert_settings"
                     " WHERE owner = ?", [owner]).fetchone()
    if row is not None:
        records.append(rules.settings_record(owner, *row))
    # Once the user has touched /alerts, every position's alert state; before, a row holds only
    # figures derived from the position (exported above it), unless it carries a choice of theirs.
    for pid, level, within, muted, last, liquidation, trigger, armed, pending in db.execute(
            "SELECT position_id, level, within, muted, last_alert_at, liq_price, trigger, armed, pending"
            " FROM alert_index WHERE owner = ? AND (? OR level IS NOT NULL OR within IS NOT NULL OR muted = 1"
            " OR last_alert_at IS NOT NULL) ORDER BY position_id", [owner, row is not None]).fetchall():
        records.append(rules.position_record(owner, pid, level, within, muted, last, liquidation, trigger,
                                             armed, pending))
    return records


def forget(db: Database, owner: str) -> int:
    """Part of /forget (inside its transaction): the settings row; index rows go with positions."""
    return db.execute("DELETE FROM alert_settings WHERE owner = ?", [owner]).rowcount
