"""The alert index's job side in SQLite: which markets have alerting positions, and which positions a
mark price has reached, claimed before they are sent.

Finding the positions a mark price has reached is one range search per symbol on a partial index
that holds only alerting rows, `(venue, contract, symbol, side, trigger) WHERE trigger IS NOT NULL`:
longs with `trigger >= mark`, shorts with `trigger <= mark`. Listing the symbols to poll walks the
same index one distinct symbol at a time (a skip scan), so neither depends on how many positions
are stored (benchmarks/alerts.py). The preferences side, and the refresh that fills the index, are
in bot/storage/sqlite/alerts.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlite_utils import Database

from bot.storage.sqlite.worker import write
from commands.alerts.port import in_quiet_hours


@dataclass(frozen=True)
class Market:
    venue: str
    contract: str
    symbol: str


@dataclass(frozen=True)
class DueAlert:
    position_id: int
    owner: str
    liquidation: float
    entry: float
    market: Market


_SEEK = "SELECT venue, contract, symbol FROM alert_index INDEXED BY alert_index_range WHERE trigger IS NOT NULL AND "
_ORDER = " ORDER BY venue, contract, symbol LIMIT 1"
_NEXT_SYMBOL = _SEEK + "venue = ? AND contract = ? AND symbol > ?" + _ORDER
_NEXT_CONTRACT = _SEEK + "venue = ? AND contract > ?" + _ORDER
_NEXT_VENUE = _SEEK + "venue > ?" + _ORDER


def markets(db: Database) -> list[Market]:
    """Every (venue, contract, symbol) with an alerting position: a skip scan of the range index,
    a few index seeks per distinct market instead of a pass over every row. Each seek has equality
    on the leading columns and a range on the next one, the form SQLite turns into one b-tree
    search (a row-value `(a, b, c) > (?, ?, ?)` would walk the rows of the market it starts in)."""
    steps = ((_NEXT_SYMBOL, 3), (_NEXT_CONTRACT, 2), (_NEXT_VENUE, 1))
    found: list[Market] = []
    key: tuple[str, ...] = ("", "", "")
    while True:
        row = None
        for query, width in steps:
            row = db.conn.execute(query, key[:width]).fetchone()
            if row is not None:
                break
        if row is None:
            return found
        found.append(Market(*row))
        key = row


def span(marks: Decimal | tuple[Decimal, Decimal]) -> tuple[float, float]:
    """(lowest, highest) of one mark or of two consecutive ticks' marks, as index keys."""
    both = marks if isinstance(marks, tuple) else (marks, marks)
    return float(min(both)), float(max(both))


def claim_due(db: Database, marks: dict[Market, tuple[float, float]], now: datetime,
              repeat: timedelta) -> list[DueAlert]:
    """Every position due an alert at these marks, claimed in one transaction for the whole tick.
    Each market's marks are a (low, high) span: a long is due when even the high reached its
    trigger, a short when even the low did, so the condition held at every mark in the span."""
    cutoff = (now - repeat).isoformat()
    due: list[DueAlert] = []
    with write(db):
        for market, (low, high) in marks.items():
            where = [market.venue, market.contract, market.symbol]
            # Hysteresis first: a row alerted earlier whose mark is back beyond its wider band re-arms.
            db.execute(
                "UPDATE alert_index SET armed = 1 WHERE venue = ? AND contract = ? AND symbol = ? AND armed = 0"
                " AND pending = 0 AND ((side = 1 AND rearm < ?) OR (side = -1 AND rearm > ?))", [*where, low, high])
            rows = db.execute(IN_RANGE, [*where, high, *where, low]).fetchall()
            for pid, owner, liq, entry, armed, last, start, end in rows:
                quiet = (start, end) if start is not None else None
                if armed and (last is None or last <= cutoff) and not in_quiet_hours(quiet, now.hour):
                    due.append(DueAlert(pid, owner, liq, entry, market))
        db.conn.executemany("UPDATE alert_index SET armed = 0, pending = 1 WHERE position_id = ?",
                            [(alert.position_id,) for alert in due])
    return due


_MARKET_ROWS = ("SELECT a.position_id, a.owner, a.liq_price, a.entry, a.armed, a.last_alert_at, s.quiet_start,"
                " s.quiet_end FROM alert_index a JOIN alert_settings s ON s.owner = a.owner"
                " WHERE a.venue = ? AND a.contract = ? AND a.symbol = ?")
# The range search: longs whose trigger is at or above the mark, shorts at or below; both halves
# are one seek on alert_index_range (venue, contract, symbol, side, trigger).
IN_RANGE = (_MARKET_ROWS + " AND a.side = 1 AND a.trigger >= ? UNION ALL "
            + _MARKET_ROWS + " AND a.side = -1 AND a.trigger <= ?")


def confirm(db: Database, position_id: int, now: datetime) -> None:
    with write(db):
        db.execute("UPDATE alert_index SET pending = 0, last_alert_at = ? WHERE position_id = ?",
                   [now.isoformat(), position_id])


def release(db: Database, position_id: int, attempted_at: datetime | None) -> None:
    with write(db):
        db.execute("UPDATE alert_index SET pending = 0, armed = 1, last_alert_at = coalesce(?, last_alert_at)"
                   " WHERE position_id = ?", [attempted_at.isoformat() if attempted_at else None, position_id])


def recover(db: Database) -> int:
    with write(db):
        return db.execute("UPDATE alert_index SET pending = 0, armed = 1 WHERE pending = 1").rowcount


def uncomputed(db: Database) -> list[tuple[int, str]]:
    """(position id, owner) of alerting users' rows that have no liquidation price and were never
    alerted: a saved position whose contract was delisted ends up here, and its owner is told once
    (the notice sets `last_alert_at`, so it is not repeated, restarts included)."""
    return [(pid, owner) for pid, owner in db.execute(
        "SELECT a.position_id, a.owner FROM alert_settings s JOIN alert_index a ON a.owner = s.owner"
        " WHERE s.enabled = 1 AND a.stale = 0 AND a.liq_price IS NULL AND a.last_alert_at IS NULL"
        " AND a.pending = 0 ORDER BY a.position_id LIMIT 100").fetchall()]
