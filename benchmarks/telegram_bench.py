"""What the Telegram adapter costs: riskbot against a bare python-telegram-bot echo bot.

Both bots run the real PTB stack (long polling, handler dispatch, the rate limiter, HTTP) against
the same loopback fake Bot API (tests/telegram/fake_bot_api.py), in the same process, with the same
builder settings. The echo bot answers `/liq ...` with a canned copy of riskbot's answer (so both
send the same bytes and the fake does the same work for each); riskbot computes it for real
(cooldown, parse, compute, render, split). The ratio of the two is what the adapter and the core
add on top of the library. Absolute numbers are harness-bound: the fake and the bot share one
event loop, and Telegram itself allows about 30 messages a second, so the rate limiter's throttles
are switched off here (for both bots) to measure the code, not the limit.

Two runs per bot: a burst (N commands from N users queued at once: throughput, and latency from
queueing to delivery, which is mostly time spent waiting in the queue) and a sequential run (one
command, wait for its answer, repeat: the round trip). The bots take turns, `--repeat` times, and
the table shows the median run of each.

    .venv/bin/python benchmarks/telegram_bench.py [--n 2000] [--sequential 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

# Run as a script, this file's folder heads sys.path; put the repository root there instead so
# `bot` and `commands` import from this checkout.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import LinkPreviewOptions, Update  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import AIORateLimiter, Application, CommandHandler, Defaults, filters  # noqa: E402

from bot.settings import Settings  # noqa: E402
from bot.telegram.render import render_html  # noqa: E402
from commands.dispatch import dispatch  # noqa: E402
from commands.invocation import Invocation  # noqa: E402
from bot.telegram.adapter import TelegramAdapter  # noqa: E402
from commands.context import Context  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402

TOKEN = "123456789:BENCHtoken-abcdefghijklmnopqrstuvwx"
COMMAND = "/liq long BTC 60000 25x isolated"
CONCURRENCY = 16


def unthrottled() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


class EchoBot:
    """The baseline: the same builder settings, one handler, no work."""

    canned = ""

    def __init__(self, fake: FakeBotApi) -> None:
        defaults = Defaults(parse_mode=ParseMode.HTML,
                            link_preview_options=LinkPreviewOptions(is_disabled=True))
        self.app = (Application.builder().token(TOKEN).base_url(fake.base_url).defaults(defaults)
                    .concurrent_updates(CONCURRENCY).rate_limiter(unthrottled()).build())
        self.app.add_handler(CommandHandler("liq", self._echo, filters=filters.UpdateType.MESSAGE))

    async def _echo(self, update: Update, ctx: Any) -> None:
        await ctx.bot.send_message(update.message.chat_id, self.canned)

    async def start(self) -> None:
        await self.app.initialize()
        await self.app.start()
        await self.app.updater.start_polling(allowed_updates=[Update.MESSAGE])

    async def stop(self) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()


def riskbot(fake: FakeBotApi) -> TelegramAdapter:
    settings = Settings(_env_file=None, telegram_token=TOKEN, telegram_api_base_url=fake.base_url)
    return TelegramAdapter(settings, Context(), rate_limiter=unthrottled(),
                           concurrent_updates=CONCURRENCY)


Run = tuple[float, float, list[float]]   # wall seconds, CPU seconds, per-command latencies


async def burst(fake: FakeBotApi, n: int, first_user: int) -> Run:
    """Queue n commands from n users at once."""
    start, cpu, done = time.perf_counter(), time.process_time(), len(fake.delivered)
    pushed = {}
    for user in range(first_user, first_user + n):
        pushed[user] = time.perf_counter()
        fake.message(COMMAND, user_id=user)
    await fake.wait_until(lambda: len(fake.delivered) >= done + n, timeout=300)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies = [call.at - pushed[int(call.params["chat_id"])] for call in fake.delivered[done:]]
    return wall, cpu, latencies


async def sequential(fake: FakeBotApi, n: int, first_user: int) -> Run:
    start, cpu, latencies = time.perf_counter(), time.process_time(), []
    for user in range(first_user, first_user + n):
        began, done = time.perf_counter(), len(fake.delivered)
        fake.message(COMMAND, user_id=user)
        await fake.wait_until(lambda: len(fake.delivered) > done, timeout=30)
        latencies.append(fake.delivered[-1].at - began)
    return time.perf_counter() - start, time.process_time() - cpu, latencies


async def measure(make: Callable[[FakeBotApi], Any], n: int, seq: int) -> dict[str, Run]:
    fake = FakeBotApi(TOKEN)
    await fake.start()
    bot = make(fake)
    await bot.start()
    try:
        await burst(fake, 100, first_user=1)              # warm up: imports, caches, connections
        results = {"burst": await burst(fake, n, first_user=10_000)}
        results["sequential"] = await sequential(fake, seq, first_user=100_000)
        return results
    finally:
        await bot.stop()
        await fake.stop()


def row(name: str, mode: str, run: Run) -> tuple[str, str, int, float, float, float, float]:
    wall, cpu, latencies = run
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return name, mode, len(ms), len(ms) / wall, 1000 * cpu / len(ms), statistics.median(ms), p99


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="commands in the burst run")
    parser.add_argument("--sequential", type=int, default=300, help="commands in the sequential run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per bot; the median is shown")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    EchoBot.canned = render_html(await dispatch(Invocation(COMMAND, platform="telegram")))

    bots: list[tuple[str, Callable[[FakeBotApi], Any]]] = [("bare PTB echo", EchoBot), ("riskbot", riskbot)]
    runs: dict[tuple[str, str], list[tuple]] = {}
    for _ in range(args.repeat):
        for name, make in bots:
            for mode, run in (await measure(make, args.n, args.sequential)).items():
                runs.setdefault((name, mode), []).append(row(name, mode, run))
    rows = [sorted(found, key=lambda r: r[3])[len(found) // 2] for found in runs.values()]

    print(f"{'bot':<14} {'mode':<10} {'n':>5} {'cmd/s':>7} {'CPU ms/cmd':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for name, mode, n, rate, cpu, p50, p99 in sorted(rows, key=lambda r: (r[1], r[0])):
        print(f"{name:<14} {mode:<10} {n:>5} {rate:>7.0f} {cpu:>10.2f} {p50:>8.2f} {p99:>8.2f}")
    by = {(name, mode): (rate, cpu) for name, mode, _, rate, cpu, _, _ in rows}
    for mode in ("burst", "sequential"):
        (mine, my_cpu), (base, base_cpu) = by["riskbot", mode], by["bare PTB echo", mode]
        print(f"riskbot / echo ({mode}): throughput {mine / base:.2f}, CPU-bound throughput "
              f"{base_cpu / my_cpu:.2f}")
    print("(the CPU figure is less disturbed by other processes on the machine than cmd/s)")


if __name__ == "__main__":
    asyncio.run(main())
