"""Answers per second on the Telegram webhook path with one `riskbot run` process and with two, over
one PostgreSQL schema (RISKBOT_BENCH_POSTGRES, default the test server), behind the loopback proxy of
tests/shared/processes.py. `--updates` distinct users each send one /liq at once; the time is from
the first delivery to the last answer at the Telegram fake.

With the global send budget on (as in production), both figures sit at Telegram's ~30 messages a
second per bot: more processes add room to compute and survive a crash, not answers per second.

    .venv/bin/python benchmarks/webhook_processes.py [--updates 150]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402

from tests.shared.processes import SECRET, Proxy, Riskbot, WebhookFake, free_port, post, telegram_env  # noqa: E402

SERVER = os.environ.get("RISKBOT_BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432/test")


async def run(processes: int, updates: int, folder: Path) -> float:
    schema = f"riskbot_bench_{secrets.token_hex(4)}"
    url = f"{SERVER}{'&' if '?' in SERVER else '?'}schema={schema}"
    fake = WebhookFake()
    await fake.start()
    proxy = Proxy([free_port() for _ in range(processes)])
    await proxy.start()
    public = f"http://127.0.0.1:{proxy.port}/telegram"
    bots = [Riskbot(f"bench{processes}_{i}", telegram_env(fake, url, port, public), folder)
            for i, port in enumerate(proxy.ports)]
    try:
        for bot in bots:
            await bot.wait_for_line("riskbot running on")
        users = [9000 + i for i in range(updates)]
        bodies = []
        for user in users:
            fake.message("/liq long BTC 60000 25x isolated", user_id=user)
            bodies.append(json.dumps(fake.outbox.pop()).encode())
        async with aiohttp.ClientSession() as session:
            started = time.perf_counter()
            await asyncio.gather(*(post(session, proxy.port, "/telegram", body,
                                        {"X-Telegram-Bot-Api-Secret-Token": SECRET}) for body in bodies))
            await fake.wait_until(lambda: all(fake.sent_to(u) for u in users), timeout=120)
            return updates / (time.perf_counter() - started)
    finally:
        for bot in bots:
            bot.stop()
        await proxy.stop()
        await fake.stop()
        conn = await asyncpg.connect(SERVER)
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for processes in (1, 2):
            rate = await run(processes, args.updates, Path(folder))
            print(f"{processes} process{'es' if processes > 1 else ''}: {rate:.1f} answers/s "
                  f"({args.updates} users at once, global send budget on)")


if __name__ == "__main__":
    asyncio.run(main())
