"""How long one alert tick takes to find the positions a mark price has reached, with 1M stored.

    .venv/bin/python benchmarks/alerts.py [--positions 1000000] [--markets 200]

The file is built with the real migrations (bot/storage/sqlite/migrations.py), then the alert index is filled
directly with N alerting rows (the positions table is not what a tick reads; its triggers are
tested in tests/alerts). The rows are spread over M markets (venue, contract, symbol), with
liquidation prices 2-40% from entry, and each market's mark is set so about 0.5% of its rows are
in range. One tick is then timed as the job runs it:

- `markets`: the skip scan listing the markets with alerting rows;
- `find`: the markets plus, per market, the indexed range search (read only): the issue's figure;
- `tick`: the same as the job runs it, claiming (disarming) every row found, in one transaction.

The baseline, in the same process on the same file, is what a job without the index would do:
read every alerting row once and compare it with its market's mark in Python. Printed: both
times and their ratios. Target (issue 8): find under 50 ms for 1M positions.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlite_utils import Database  # noqa: E402

from bot.storage.sqlite.migrations import upgrade  # noqa: E402
from bot.storage.sqlite import alert_index as index  # noqa: E402
from bot.storage.sqlite.alert_index import IN_RANGE, Market  # noqa: E402

VENUES = ("binance", "bybit", "okx", "hyperliquid", "bitmex")


def alerting_rows(positions: int, markets: int, rng: random.Random):
    """(marks, rows): `positions` alerting alert-index rows over `markets` markets, about 0.5% of them
    already in range of their market's mark. Shared with benchmarks/storage_postgres.py."""
    symbols = [f"S{i:03d}" for i in range(markets // len(VENUES) + 1)]
    chosen = [Market(v, "linear", s) for s in symbols for v in VENUES][:markets]
    marks = {m: rng.uniform(10, 60000) for m in chosen}

    def rows():
        for pid in range(1, positions + 1):
            market = chosen[pid % markets]
            mark = marks[market]
            side = 1 if pid % 2 else -1
            entry = mark * rng.uniform(0.95, 1.05)
            liq = entry * (1 - side * rng.uniform(0.02, 0.40))
            trigger = liq + 0.2 * (entry - liq)
            # about 0.5% of rows already have their trigger crossed by the market's mark
            if rng.random() < 0.005:
                trigger = mark * (1 + side * 0.001)
            elif (side == 1 and trigger >= mark) or (side == -1 and trigger <= mark):
                trigger = mark * (1 - side * 0.01)
            rearm = liq + 0.3 * (entry - liq)
            yield (pid, "bench:1", market.venue, market.contract, market.symbol, side, entry, liq, trigger, rearm)

    return marks, rows()


def build(db: Database, positions: int, markets: int, rng: random.Random) -> dict[Market, float]:
    marks, rows = alerting_rows(positions, markets, rng)
    db.execute("INSERT INTO alert_settings (owner, enabled, updated_at) VALUES ('bench:1', 1, '2026-01-01')")
    db.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO alert_index (position_id, owner, venue, contract, symbol, side, entry, liq_price, trigger,"
        " rearm, stale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", rows)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    return marks


def full_scan(db: Database, marks: dict[Market, float]) -> int:
    found = 0
    for venue, contract, symbol, side, trigger in db.execute(
            "SELECT venue, contract, symbol, side, trigger FROM alert_index NOT INDEXED WHERE trigger IS NOT NULL"):
        mark = marks[Market(venue, contract, symbol)]
        found += (side == 1 and trigger >= mark) or (side == -1 and trigger <= mark)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=1_000_000)
    parser.add_argument("--markets", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(str(Path(folder) / "bench.db"))
        db.conn.isolation_level = None
        db.enable_wal()
        upgrade(db)
        started = time.perf_counter()
        marks = build(db, args.positions, args.markets, rng)
        print(f"built {args.positions:,} alerting rows over {args.markets} markets in "
              f"{time.perf_counter() - started:.1f} s")

        baseline_started = time.perf_counter()
        expected = full_scan(db, marks)
        baseline = time.perf_counter() - baseline_started

        find_started = time.perf_counter()
        listed = index.markets(db)
        in_range = sum(len(db.conn.execute(IN_RANGE, [m.venue, m.contract, m.symbol, marks[m]] * 2).fetchall())
                       for m in listed)
        find = time.perf_counter() - find_started
        assert in_range == expected, (in_range, expected)
        print(f"find (markets + indexed range search, read only): {find * 1000:.1f} ms   "
              f"ratio scan / find: {baseline / find:.0f}x   target < 50 ms -> {'met' if find < 0.05 else 'NOT met'}")

        now = datetime(2026, 1, 1, tzinfo=timezone.utc)
        tick_started = time.perf_counter()
        listed = index.markets(db)
        listed_at = time.perf_counter()
        found = len(index.claim_due(db, {m: (marks[m], marks[m]) for m in listed}, now, timedelta(hours=6)))
        finished = time.perf_counter()
        tick = finished - tick_started
        assert len(listed) == args.markets, (len(listed), args.markets)
        assert found == expected, (found, expected)   # same answer as the scan, or the timing means nothing
        print(f"in range: {found:,} positions")
        print(f"tick (indexed): {tick * 1000:.1f} ms  = markets {1000 * (listed_at - tick_started):.1f} ms"
              f" + range search and claim {1000 * (finished - listed_at):.1f} ms")
        print(f"baseline (one full scan, compare in Python): {baseline * 1000:.1f} ms")
        print(f"ratio baseline / whole tick: {baseline / tick:.1f}x (the tick also disarms every row it found)")
        db.close()


if __name__ == "__main__":
    main()
