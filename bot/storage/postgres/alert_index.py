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

_MARKET_ROWS = ("SELECT a.position_id, a.owner, a.liq_price, a.entry, a.armed, a.last_alert_at, s.quiet_start,"
                " s.quiet_end FROM alert_index a JOIN alert_settings s ON s.owner = a.owner"
                " WHERE a.venue = $1 AND a.contract = $2 AND a.symbol = $3")
# Longs whose trigger is at or above the mark, shorts at or below: each half one seek on alert_index_range.
IN_RANGE = (_MARKET_ROWS + " AND a.side = 1 AND a.trigger >= $4 UNION ALL "
            + _MARKET_ROWS + " AND a.side = -1 AND a.trigger <= $4")
REARM = ("UPDATE alert_index SET armed = true WHERE venue = $1 AND contract = $2 AND symbol = $3 AND NOT armed"
         " AND NOT pending AND ((side = 1 AND rearm < $4) OR (side = -1 AND rearm > $4))")
CLAIM = ("UPDATE alert_index SET armed = false, pending = true WHERE position_id = ANY($1::bigint[])"
         " AND armed AND NOT pending RETURNING position_id")


async def markets(conn: asyncpg.Connection) -> list[Market]:
    return [Market(*row) for row in await conn.fetch(MARKETS)]


async def claim_due(conn: asyncpg.Connection, marks: dict[Market, float], now: datetime,
                    repeat: timedelta) -> list[DueAlert]:
    """Every position due an alert at these marks, claimed in one transaction for the whole tick."""
    cutoff = now - repeat
    candidates: dict[int, DueAlert] = {}
    for market, mark in marks.items():
        where = (market.venue, market.contract, market.symbol, mark)
        await conn.execute(REARM, *where)   # hysteresis first: back beyond the wider band re-arms
        for pid, owner, liq, entry, armed, last, start, end in await conn.fetch(IN_RANGE, *where):
            quiet = (start, end) if start is not None else None
            if armed and (last is None or last <= cutoff) and not in_quiet_hours(quiet, now.hour):
                candidates[pid] = DueAlert(pid, owner, liq, entry, market)
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
