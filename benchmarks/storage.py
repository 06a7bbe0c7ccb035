"""How fast the SQLite position store is where it matters; not part of pytest.

1. Acknowledged saves per second (WAL, synchronous=FULL: every save is fsynced before `save`
   returns), one at a time and as a burst of concurrent callers, with the event loop's lag.
2. Listing one user's positions when the file holds 1,000,000 positions of 10,000 users, each
   user's rows scattered through the table as they would be after months of interleaved saves.

    .venv/bin/python benchmarks/storage.py [--rows 1000000] [--users 10000] [--saves 1000]
                                           [--rounds 5] [--dir PATH] [--backend postgresql]

With `--backend postgresql` the same run adds the PostgreSQL figures next to SQLite's, and the alert
range search at `--rows` positions on both (benchmarks/storage_postgres.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.storage.sqlite.positions import SqlitePositionStore  # noqa: E402
from commands.saved.store_port import NewPosition  # noqa: E402

ROW = NewPosition(venue="binance", symbol="BTC", contract="linear", side="long",
                  margin_mode="isolated", entry=Decimal("60000.10"), quantity=Decimal("0.5"),
                  leverage=Decimal("25"), stop=Decimal("58000"), label="benchmark")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def raw_commits(folder: Path, n: int) -> float:
    """The floor under our numbers: bare sqlite3, same pragmas, one INSERT per transaction."""
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, owner TEXT, entry TEXT)")
    started = time.perf_counter()
    for _ in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (owner, entry) VALUES (?, ?)", ("telegram:1", "60000.10"))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return n / elapsed


async def one_by_one(store: SqlitePositionStore, n: int) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        await store.save("telegram:1", ROW)
        latencies.append(time.perf_counter() - t0)
    return n / (time.perf_counter() - started), latencies


async def burst(store: SqlitePositionStore, n: int) -> tuple[float, list[float]]:
    lags: list[float] = []
    done = False

    async def ticker() -> None:
        while not done:
            t0 = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - t0 - 0.001)

    beat = asyncio.create_task(ticker())
    started = time.perf_counter()
    await asyncio.gather(*(store.save("telegram:1", ROW) for _ in range(n)))
    rate = n / (time.perf_counter() - started)
    done = True
    await beat
    return rate, lags


def summary(latencies: list[float]) -> str:
    return (f"p50 {ms(pct(latencies, .5))}, p99 {ms(pct(latencies, .99))}, "
            f"mean {ms(statistics.fmean(latencies))} ({len(latencies)} users)")


def spread(rates: list[float]) -> str:
    return (f"{statistics.median(rates):,.0f} saves/s median "
            f"({min(rates):,.0f}-{max(rates):,.0f} over {len(rates)} rounds)")


async def bench_saves(folder: Path, n: int, rounds: int) -> list[tuple[str, str]]:
    """Rounds are interleaved with a bare-sqlite3 run, because fsync time on a virtual disk
    swings several-fold from one second to the next."""
    store = await SqlitePositionStore.open(folder / "saves.db")
    await store.record_consent("telegram:1")
    raw, single, many, latencies, lags = [], [], [], [], []
    for _ in range(rounds):
        raw.append(raw_commits(folder, n))
        rate, times = await one_by_one(store, n)
        single.append(rate)
        latencies += times
        rate, times = await burst(store, n)
        many.append(rate)
        lags += times
    await store.close()
    return [
        (f"bare sqlite3 commit, same pragmas ({n}/round)", spread(raw)),
        (f"store.save, one at a time ({n}/round)", spread(single)),
        ("store.save latency p50 / p99", f"{ms(pct(latencies, .5))} / {ms(pct(latencies, .99))}"),
        (f"store.save, {n} concurrent callers", spread(many)),
        ("event-loop lag p99 during the bursts", ms(pct(lags, .99))),
    ]


def rows(total: int, users: int) -> Iterator[dict[str, object]]:
    stamp = "2026-01-01T00:00:00+00:00"
    for i in range(total):
        yield {"owner": f"telegram:{i % users}", "venue": "binance", "symbol": "BTC",
               "contract": "linear", "side": "long" if i % 2 else "short",
               "margin_mode": "isolated", "entry": f"{60000 + i % 997}.{i % 100:02d}",
               "quantity": "0.5", "leverage": "25", "margin": None, "stop": None,
               "take_profit": None, "label": None, "created_at": stamp, "updated_at": stamp}


async def bench_list(folder: Path, total: int, users: int) -> list[tuple[str, str]]:
    path = folder / "big.db"
    store = await SqlitePositionStore.open(path)                 # schema via the migrations
    await store.close()
    started = time.perf_counter()
    with Database(path) as db:
        # Bulk-load shortcuts, for the benchmark only: no fsync, and the owner index (taken
        # verbatim from the migrated schema) rebuilt once at the end instead of row by row.
        db.execute("PRAGMA synchronous = OFF")
        index_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                               ["positions_owner"]).fetchone()[0]
        db.execute("DROP INDEX positions_owner")
        db["consents"].insert_all(({"owner": f"telegram:{u}", "consented_at": "2026-01-01"}
                                   for u in range(users)), batch_size=1000)
        db["positions"].insert_all(rows(total, users), batch_size=1000)
        db.execute(index_sql)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM positions WHERE owner = ? "
                          "ORDER BY id", ["telegram:1"]).fetchall()
    load = time.perf_counter() - started

    started = time.perf_counter()
    store = await SqlitePositionStore.open(path)                 # includes PRAGMA quick_check
    opened = time.perf_counter() - started
    picks = [f"telegram:{u}" for u in random.Random(7).sample(range(users), min(users, 1000))]
    latencies, found = [], 0
    for user in picks:
        t0 = time.perf_counter()
        found += len(await store.list(user))
        latencies.append(time.perf_counter() - t0)
    await store.close()
    bare = []
    conn = sqlite3.connect(path)
    for user in picks:                          # the same query without Python objects or a thread
        t0 = time.perf_counter()
        conn.execute("SELECT * FROM positions WHERE owner = ? ORDER BY id", [user]).fetchall()
        bare.append(time.perf_counter() - t0)
    conn.close()
    return [
        (f"bulk load {total:,} positions (insert_all)", f"{load:.1f} s, "
         f"{total / load:,.0f} rows/s, file {path.stat().st_size / 2**20:,.0f} MiB"),
        (f"open the {total:,}-row file (quick_check)", f"{opened:.2f} s"),
        (f"store.list: one user's {found // len(picks)} positions", summary(latencies)),
        ("same SELECT, bare sqlite3 (floor)", summary(bare)),
        ("query plan", "; ".join(str(step[-1]) for step in plan)),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="where to put the files (default: a temp dir)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                        help="postgresql: also measure PostgreSQL (RISKBOT_BENCH_POSTGRES) in the same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        results = await bench_saves(Path(tmp), args.saves, args.rounds)
        results += await bench_list(Path(tmp), args.rows, args.users)
    if args.backend == "postgresql":
        from storage_postgres import results as postgres_results

        results += await postgres_results(args.rows, args.users, args.saves, args.rounds, ROW)
    width = max(len(name) for name, _ in results)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 40}")
    for name, value in results:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
