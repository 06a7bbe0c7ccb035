"""The PostgreSQL half of `benchmarks/storage.py --backend postgresql`: the same figures as for SQLite,
on a throwaway schema of the server in RISKBOT_BENCH_POSTGRES (default: the test server), dropped
afterwards.

1. Acknowledged saves per second through `PostgresPositionStore.save` (each one a COMMIT the server
   has flushed: synchronous_commit=on), one at a time and as a burst of concurrent callers.
2. One user's positions (`store.list`) among 1,000,000 positions of 10,000 users, p99.
3. The alert job's search among 1,000,000 alerting positions over 200 markets: the markets (a
   recursive loose index scan) plus the indexed range search of every market in one statement, read only, as
   benchmarks/alerts.py times it for SQLite; and the same search on a SQLite file built by
   benchmarks/alerts.py, in the same run, so the two figures sit side by side.

Bulk loading uses COPY with the position triggers disabled (the alert-index rows are loaded
directly, as benchmarks/alerts.py does for SQLite); a benchmark shortcut only.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import alerts as sqlite_alerts  # noqa: E402  (benchmarks/alerts.py: its loader and its search)

from bot.storage.postgres import alert_index as pg_index  # noqa: E402
from bot.storage.postgres.database import PostgresDatabase, split_url  # noqa: E402
from bot.storage.postgres.positions import PostgresPositionStore  # noqa: E402
from bot.storage.sqlite.alert_index import IN_RANGE as SQLITE_IN_RANGE  # noqa: E402

SERVER = os.environ.get("RISKBOT_BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432/test")
POSITION_COLUMNS = ("owner", "venue", "symbol", "contract", "side", "margin_mode", "entry", "quantity", "leverage",
                    "created_at", "updated_at")


from storage import ms, pct  # noqa: E402  (benchmarks/storage.py, which calls this module)


async def saves(url: str, n: int, rounds: int, row) -> list[tuple[str, str]]:
    store = await PostgresPositionStore.open(url)
    await store.record_consent("telegram:1")
    single, many, latencies = [], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(n):
            t0 = time.perf_counter()
            await store.save("telegram:1", row)
            latencies.append(time.perf_counter() - t0)
        single.append(n / (time.perf_counter() - started))
        started = time.perf_counter()
        await asyncio.gather(*(store.save("telegram:1", row) for _ in range(n)))
        many.append(n / (time.perf_counter() - started))
    await store.close()
    median = sorted(single)[len(single) // 2]
    return [
        (f"postgresql: store.save, one at a time ({n}/round)", f"{median:,.0f} saves/s median "
         f"({min(single):,.0f}-{max(single):,.0f} over {rounds} rounds)"),
        ("postgresql: store.save latency p50 / p99", f"{ms(pct(latencies, .5))} / {ms(pct(latencies, .99))}"),
        (f"postgresql: store.save, {n} concurrent callers (pool of 8)",
         f"{sorted(many)[len(many) // 2]:,.0f} saves/s median"),
    ]


async def big(url: str, total: int, users: int, markets: int) -> list[tuple[str, str]]:
    database = await PostgresDatabase.open(url)   # schema via the migrations
    stamp = datetime(2026, 1, 1, tzinfo=timezone.utc)
    marks, alerting = sqlite_alerts.alerting_rows(total, markets, random.Random(8))
    chosen = list(marks)
    index_rows = ((pid, f"telegram:{pid % users}", *rest, False) for pid, _, *rest in alerting)

    started = time.perf_counter()
    async with database.pool.acquire() as conn:
        await conn.execute("ALTER TABLE positions DISABLE TRIGGER USER")
        await conn.copy_records_to_table("consents", records=[(f"telegram:{u}", stamp) for u in range(users)])
        await conn.copy_records_to_table("positions", columns=POSITION_COLUMNS, records=(
            (f"telegram:{i % users}", "binance", "BTC", "linear", "long" if i % 2 else "short", "isolated",
             f"{60000 + i % 997}.{i % 100:02d}", "0.5", "25", stamp, stamp) for i in range(total)))
        await conn.execute("ALTER TABLE positions ENABLE TRIGGER USER")
        await conn.copy_records_to_table("alert_index", records=index_rows, columns=(
            "position_id", "owner", "venue", "contract", "symbol", "side", "entry", "liq_price", "trigger", "rearm",
            "stale"))
        await conn.execute("INSERT INTO alert_settings (owner, enabled, updated_at) SELECT owner, true, $1"
                           " FROM consents", stamp)
        await conn.execute("VACUUM ANALYZE")
        load = time.perf_counter() - started
        plan = " ".join(r[0].strip() for r in await conn.fetch(
            "EXPLAIN SELECT * FROM positions WHERE owner = $1 ORDER BY id", "telegram:1"))
        range_plan = " ".join(r[0].strip() for r in await conn.fetch(
            "EXPLAIN " + pg_index.IN_RANGE, *pg_index.columns({chosen[0]: (1.0, 1.0)})))

    store = PostgresPositionStore(database)
    picks = [f"telegram:{u}" for u in random.Random(7).sample(range(users), min(users, 1000))]
    latencies, found = [], 0
    for user in picks:
        t0 = time.perf_counter()
        found += len(await store.list(user))
        latencies.append(time.perf_counter() - t0)

    async def find(conn) -> int:
        listed = await pg_index.markets(conn)
        return len(await conn.fetch(pg_index.IN_RANGE, *pg_index.columns({m: (marks[m], marks[m]) for m in listed})))

    finds = []
    for _ in range(5):
        t0 = time.perf_counter()
        in_range = await database.run(find)
        finds.append(time.perf_counter() - t0)
    await database.close()
    best = min(finds)
    return [
        (f"postgresql: bulk load {total:,} positions + alert rows (COPY)", f"{load:.1f} s"),
        (f"postgresql: store.list: one user's {found // len(picks)} positions", f"p50 {ms(pct(latencies, .5))}, "
         f"p99 {ms(pct(latencies, .99))} ({len(picks)} users)"),
        ("postgresql: list query plan", plan[:120]),
        (f"postgresql: alert find among {total:,} ({markets} markets, {in_range:,} in range)",
         f"{best * 1000:.1f} ms best of 5, median {sorted(finds)[2] * 1000:.1f} ms; target < 50 ms -> "
         f"{'met' if best < 0.05 else 'NOT met'}"),
        ("postgresql: range query plan", range_plan[:160]),
    ]


def sqlite_find(total: int, markets: int) -> list[tuple[str, str]]:
    """The same search on a SQLite file, built as benchmarks/alerts.py builds it."""
    from sqlite_utils import Database

    from bot.storage.sqlite import alert_index
    from bot.storage.sqlite.migrations import upgrade

    with tempfile.TemporaryDirectory() as folder:
        db = Database(str(Path(folder) / "bench.db"))
        db.conn.isolation_level = None
        db.enable_wal()
        upgrade(db)
        marks = sqlite_alerts.build(db, total, markets, random.Random(8))
        finds = []
        for _ in range(5):
            t0 = time.perf_counter()
            listed = alert_index.markets(db)
            sum(len(db.conn.execute(SQLITE_IN_RANGE, [m.venue, m.contract, m.symbol, marks[m]] * 2).fetchall())
                for m in listed)
            finds.append(time.perf_counter() - t0)
        db.close()
    return [(f"sqlite: alert find among {total:,} ({markets} markets)",
             f"{min(finds) * 1000:.1f} ms best of 5, median {sorted(finds)[2] * 1000:.1f} ms")]


async def results(total: int, users: int, n: int, rounds: int, row, markets: int = 200) -> list[tuple[str, str]]:
    schema = f"riskbot_bench_{secrets.token_hex(4)}"
    url = f"{SERVER}{'&' if '?' in SERVER else '?'}schema={schema}"
    try:
        out = await saves(url, n, rounds, row)
        out += await big(f"{SERVER}{'&' if '?' in SERVER else '?'}schema={schema}_big", total, users, markets)
    finally:
        dsn, _ = split_url(url)
        conn = await asyncpg.connect(dsn)
        for name in (schema, f"{schema}_big"):
            await conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        await conn.close()
    return out + sqlite_find(total, markets)
