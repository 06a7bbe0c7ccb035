"""The alert index's job side in PostgreSQL: which markets have alerting positions, and which
positions a mark price has reached, claimed before they are sent.

The range search is the SQLite one on the same partial index, `(venue, contract, symbol, side,
trigger) WHERE trigger IS NOT NULL`. Listing markets is a recursive "loose index scan": one index
seek per distinct market (PostgreSQL has no skip scan of its own, and `SELECT DISTINCT` would read
every alerting row).

Two leaders may overlap for a moment when one takes over from another it believes dead, so a claim
is a conditional update, `SET armed = false, pending = true ... WHERE armed AND NOT pending`,
returning the rows it changed: a row one leader claimed is not armed any more when the other's
update reaches it (READ COMMITTED re-checks the condition after waiting for the row), so each due
alert is sent by exactly one of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg

from bot.storage.sqlite.alert_index import DueAlert, Market
from commands.alerts.port import in_quiet_hours

MARKETS = """
WITH RECURSIVE m AS (
    (SELECT venue, contract, symbol FROM alert_index WHERE trigger IS NOT NULL
     ORDER BY venue, contract, symbol LIMIT 1)
    UNION ALL
    SELECT n.venue, n.contract, n.symbol FROM m CROSS JOIN LATERAL (
        SELECT venue, contract, symbol FROM alert_index
        WHERE trigger IS NOT NULL AND (venue, contract, symbol) > (m.venue, m.contract, m.symbol)
        ORDER BY venue, contract, symbol LIMIT 1) n
)
SELECT venue, contract, symbol FROM m
"""

# Every priced market in one statement (one round trip per tick, not one per market): the marks come
# as five parallel arrays, each market's (low, high) span of its last two ticks' marks (both the same
# for a single mark); per market, longs whose trigger even the high reached and shorts whose trigger
# even the low reached, each half one seek on alert_index_range. The owner's settings are looked up
# afterwards, for the few rows found, by primary key.
MARKS = ("unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[])"
         " AS m (venue, contract, symbol, low, high)")
_HALF = ("SELECT a.position_id, a.owner, a.liq_price, a.entry, a.armed, a.last_alert_at FROM alert_index a"
         " WHERE a.venue = m.venue AND a.contract = m.contract AND a.symbol = m.symbol AND a.side = {side}"
         " AND a.trigger {op}")
IN_RANGE = ("SELECT m.venue, m.contract, m.symbol, r.position_id, r.owner, r.liq_price, r.entry, r.armed,"
            " r.last_alert_at, s.quiet_start, s.quiet_end FROM " + MARKS + " CROSS JOIN LATERAL ("
            + _HALF.format(side=1, op=">= m.high") + " UNION ALL " + _HALF.format(side=-1, op="<= m.low")
            + ") r CROSS JOIN LATERAL (SELECT quiet_start, quiet_end FROM alert_settings WHERE owner = r.owner"
            " OFFSET 0) s")   # OFFSET 0: looked up per row found, never a hash of every user's settings
REARM = ("UPDATE alert_index a SET armed = true FROM " + MARKS + " WHERE a.venue = m.venue AND a.contract = m.contract"
         " AND a.symbol = m.symbol AND NOT a.armed AND NOT a.pending"
         " AND ((a.side = 1 AND a.rearm < m.low) OR (a.side = -1 AND a.rearm > m.high))")
CLAIM = ("UPDATE alert_index SET armed = false, pending = true WHERE position_id = ANY($1::bigint[])"
         " AND armed AND NOT pending RETURNING position_id")


def columns(marks: dict[Market, tuple[float, float]]) -> tuple[list[Any], ...]:
    """The (low, high) spans as the five arrays IN_RANGE and REARM take."""
    listed = list(marks)
    return ([m.venue for m in listed], [m.contract for m in listed], [m.symbol for m in listed],
            [marks[m][0] for m in listed], [marks[m][1] for m in listed])


async def markets(conn: asyncpg.Connection) -> list[Market]:
    return [Market(*row) for row in await conn.fetch(MARKETS)]


async def claim_due(conn: asyncpg.Connection, marks: dict[Market, tuple[float, float]], now: datetime,
                    repeat: timedelta) -> list[DueAlert]:
    """Every position due an alert at these (low, high) spans, claimed in one transaction for the
    whole tick: a long is due when even the high reached its trigger, a short when even the low did."""
    cutoff = now - repeat
    arrays = columns(marks)
    await conn.execute(REARM, *arrays)   # hysteresis first: back beyond the wider band re-arms
    candidates: dict[int, DueAlert] = {}
    for venue, contract, symbol, pid, owner, liq, entry, armed, last, start, end in await conn.fetch(IN_RANGE, *arrays):
        quiet = (start, end) if start is not None else None
        if armed and (last is None or last <= cutoff) and not in_quiet_hours(quiet, now.hour):
            candidates[pid] = DueAlert(pid, owner, liq, entry, Market(venue, contract, symbol))
    if not candidates:
        return []
    claimed = {row[0] for row in await conn.fetch(CLAIM, list(candidates))}
    return [alert for pid, alert in candidates.items() if pid in claimed]


async def confirm(conn: asyncpg.Connection, position_id: int, now: datetime) -> None:
    await conn.execute("UPDATE alert_index SET pending = false, last_alert_at = $2 WHERE position_id = $1",
                       position_id, now)


async def release(conn: asyncpg.Connection, position_id: int, attempted_at: datetime | None) -> None:
    await conn.execute("UPDATE alert_index SET pending = false, armed = true,"
                       " last_alert_at = coalesce($2, last_alert_at) WHERE position_id = $1",
                       position_id, attempted_at)


async def recover(conn: asyncpg.Connection) -> int:
    """Re-arm claims left pending by a leader that died mid-send. Only the leader calls this, when it
    takes over, so it cannot re-arm a claim a live process is still delivering."""
    status = await conn.execute("UPDATE alert_index SET pending = false, armed = true WHERE pending")
    return int(status.rsplit(" ", 1)[-1])


async def uncomputed(conn: asyncpg.Connection) -> list[tuple[int, str]]:
    """(position id, owner) of alerting users' rows with no liquidation price, never alerted: a
    delisted contract's position, whose owner is told once (the SQLite query's twin)."""
    return [(pid, owner) for pid, owner in await conn.fetch(
        "SELECT a.position_id, a.owner FROM alert_settings s JOIN alert_index a ON a.owner = s.owner"
        " WHERE s.enabled AND NOT a.stale AND a.liq_price IS NULL AND a.last_alert_at IS NULL"
        " AND NOT a.pending ORDER BY a.position_id LIMIT 100")]
