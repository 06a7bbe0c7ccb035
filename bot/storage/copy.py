"""`riskbot db copy FROM TO`: move an install between backends (a SQLite file and PostgreSQL, either
way), every table, ids kept, then the row counts of both sides compared.

Each row is upserted by its primary key, so a second run changes nothing and a run interrupted
halfway is finished by the next one. Rows are read whole into memory: an install of riskbot's size
(saved positions of chat users) is megabytes, and one read is one consistent snapshot. The target
is migrated first, so its triggers create alert-index rows as positions arrive; the index rows
copied after them overwrite those with the source's state (armed, last alert, levels).
Values are converted on the way: times are ISO text in SQLite and timestamptz in PostgreSQL,
flags 0/1 and booleans.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.backends import describe, open_database
from commands.saved.store_port import StorageUnavailable


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    times: tuple[str, ...] = ()
    seconds: bool = False        # SQLite keeps these times at whole seconds, so text order is time order
    flags: tuple[str, ...] = ()


_POSITION = ("id", "owner", "venue", "symbol", "contract", "side", "margin_mode", "entry", "quantity",
             "leverage", "margin", "stop", "take_profit", "label", "created_at", "updated_at", "mmr", "cum", "fee",
             "targets", "funding")
TABLES = (   # in an order that satisfies PostgreSQL's foreign key (alert_index -> positions)
    Table("consents", ("owner",), ("owner", "consented_at"), ("consented_at",)),
    Table("positions", ("id",), _POSITION, ("created_at", "updated_at")),
    Table("alert_settings", ("owner",), ("owner", "enabled", "level", "within", "quiet_start", "quiet_end",
                                         "updated_at"), ("updated_at",), flags=("enabled",)),
    Table("alert_index", ("position_id",), ("position_id", "owner", "venue", "contract", "symbol", "side", "entry",
                                            "liq_price", "trigger", "rearm", "stale", "armed", "pending",
                                            "last_alert_at", "level", "within", "muted"),
          ("last_alert_at",), flags=("stale", "armed", "pending", "muted")),
    Table("group_settings", ("group_key",), ("group_key", "default_venue", "leverage_threshold", "nudge",
                                             "warning_text", "nudge_cooldown", "charts", "language", "numbers",
                                             "updated_at", "updated_by"),
          ("updated_at",), True, ("nudge", "charts")),
    Table("audit", ("id",), ("id", "group_key", "actor", "at", "action", "detail"), ("at",), True),
    Table("schedules", ("group_key", "channel"), ("group_key", "channel", "template", "every_seconds", "next_at",
                                                  "created_by", "created_at"), ("next_at", "created_at"), True),
    Table("user_languages", ("owner",), ("owner", "language", "updated_at"), ("updated_at",)),
    Table("market_tables", ("venue", "kind", "symbol"), ("venue", "kind", "symbol", "rows", "details", "source",
                                                         "as_of", "fetched_at"), ("fetched_at",)),
)


def _is_pg(database: Any) -> bool:
    return getattr(database, "backend", "sqlite") == "postgresql"


def _convert(table: Table, row: tuple[Any, ...], to_pg: bool) -> tuple[Any, ...]:
    out = []
    for name, value in zip(table.columns, row):
        if value is not None and name in table.times:
            if to_pg:
                value = value if isinstance(value, datetime) else datetime.fromisoformat(value)
            elif isinstance(value, datetime):
                value = value.isoformat(timespec="seconds") if table.seconds else value.isoformat()
        elif value is not None and name in table.flags:
            value = bool(value) if to_pg else int(value)
        out.append(value)
    return tuple(out)


def _sql(table: Table, pg: bool) -> tuple[str, str]:
    """(the SELECT of every row, the upsert of one) for `table` on one backend. Names are constants."""
    cols = ", ".join(table.columns)
    marks = ", ".join(f"${i}" for i in range(1, len(table.columns) + 1)) if pg else ", ".join("?" * len(table.columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in table.columns if c not in table.key)
    upsert = (f"INSERT INTO {table.name} ({cols}) VALUES ({marks}) ON CONFLICT ({', '.join(table.key)})"
              f" DO UPDATE SET {updates}")
    return f"SELECT {cols} FROM {table.name} ORDER BY {', '.join(table.key)}", upsert


async def _read(database: Any, table: Table) -> list[tuple[Any, ...]]:
    select, _ = _sql(table, _is_pg(database))
    if _is_pg(database):
        return [tuple(r) for r in await database.run(lambda conn: conn.fetch(select))]
    return await database.run(lambda db: db.execute(select).fetchall())


async def _count(database: Any, table: Table) -> int:
    sql = f"SELECT count(*) FROM {table.name}"
    if _is_pg(database):
        return await database.run(lambda conn: conn.fetchval(sql))
    return await database.run(lambda db: db.execute(sql).fetchone()[0])


async def _write(database: Any, rows: dict[Table, list[tuple[Any, ...]]]) -> None:
    if _is_pg(database):
        async def job(conn: Any) -> None:
            for table, values in rows.items():
                await conn.executemany(_sql(table, True)[1], values)
            for name in ("positions", "audit"):   # ids copied explicitly: move the identity past them
                await conn.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                                   f" greatest((SELECT max(id) FROM {name}), 1))")
        await database.write(job)
        return
    from bot.storage.sqlite.worker import write

    def sqlite_job(db: Any) -> None:
        with write(db):   # AUTOINCREMENT follows explicit ids on its own
            for table, values in rows.items():
                db.conn.executemany(_sql(table, False)[1], values)
    await database.run(sqlite_job)


async def copy(source: str, target: str) -> dict[str, int]:
    """Copy every row of `source` into `target`; returns rows per table. Raises StorageUnavailable
    when either side cannot be used, ValueError when the counts disagree afterwards."""
    src = await open_database(source)
    try:
        dst = await open_database(target)
        try:
            to_pg = _is_pg(dst)
            rows = {t: [_convert(t, r, to_pg) for r in await _read(src, t)] for t in TABLES}
            await _write(dst, rows)
            counts = {t.name: len(v) for t, v in rows.items()}
            differ = [f"{t.name} {counts[t.name]} -> {n}" for t in TABLES if (n := await _count(dst, t)) != counts[t.name]]
            if differ:
                raise ValueError("the target holds rows the source does not: " + "; ".join(differ))
            return counts
        finally:
            await dst.close()
    finally:
        await src.close()


def main_copy(source: str, target: str) -> int:
    """The CLI: one line per outcome, no traceback."""
    try:
        counts = asyncio.run(copy(source, target))
    except StorageUnavailable as exc:
        print(f"riskbot db copy: {exc.message}")
        return 1
    except ValueError as exc:
        print(f"riskbot db copy: {exc}")
        return 1
    print(f"copied {describe(source)} -> {describe(target)}: "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + " (row counts checked)")
    return 0
