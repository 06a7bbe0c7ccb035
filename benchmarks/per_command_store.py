"""What a database adds to each command now that dispatch asks for the user's /lang choice (and, in
a group, the group's settings) before answering: in-process `dispatch` of the same `/liq` lines with
no database, with SQLite (the language store's in-process cache on, and emptied before every command
to show what a read costs), and with PostgreSQL (several processes share it: read every time).

    .venv/bin/python benchmarks/per_command_store.py [--n 5000] [--repeat 3] [--postgres URL]

The best of `--repeat` runs counts (the machine is shared; noise only adds time). On the 2-core
shared machine (load ~8) when the language store was added, `--n 2000`: no database 63-74 µs,
SQLite with the cache 66-70 µs, SQLite reading the file each time 183-198 µs, PostgreSQL 485-636 µs
per command; hence the SQLite store's cache.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.storage.backends import open_database, stores  # noqa: E402
from commands.context import Context  # noqa: E402
from commands.dispatch import dispatch  # noqa: E402
from commands.invocation import Invocation  # noqa: E402

LINES = [f"/liq long BTC {60000 + i % 500} {5 + i % 40}x qty=0.5" for i in range(1000)]


async def run(context: Context, n: int, before_each=None) -> float:
    invocations = [Invocation(LINES[i % len(LINES)], platform="telegram", user_id=str(i % 200)) for i in range(n)]
    for invocation in invocations[:200]:          # warm: catalogues, tier tables, caches
        await dispatch(invocation, context)
    start = time.perf_counter()
    for invocation in invocations:
        if before_each is not None:
            before_each()
        await dispatch(invocation, context)
    return (time.perf_counter() - start) / n * 1e6


async def with_database(target: str, n: int, cold: bool) -> float:
    database = await open_database(target)
    made = stores(database)
    context = Context(store=made.positions, groups=made.groups, alerts=made.alerts, languages=made.languages)
    for user in range(0, 200, 2):                 # half the users chose a language
        await made.languages.set_language(f"telegram:{user}", "en")
    try:
        empty = getattr(database, "user_languages", None)
        return await run(context, n, empty.clear if cold and empty is not None else None)
    finally:
        await database.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="postgresql://... (with ?schema=name) to include PostgreSQL")
    args = parser.parse_args()
    rows: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            rows.setdefault("no database", []).append(await run(Context(), args.n))
            rows.setdefault("SQLite, language cache on", []).append(
                await with_database(str(Path(tmp) / "a.db"), args.n, cold=False))
            rows.setdefault("SQLite, every read from the file", []).append(
                await with_database(str(Path(tmp) / "b.db"), args.n, cold=True))
        if args.postgres:
            rows.setdefault("PostgreSQL (read every time)", []).append(await with_database(args.postgres, args.n, False))
    for name, values in rows.items():
        print(f"{name:36} {min(values):8.1f} µs/command")


if __name__ == "__main__":
    asyncio.run(main())
