"""Start-up: time from `riskbot run` being launched to "riskbot running on ...", and memory at idle.

The bot runs as a real process with both tokens set: Telegram and Discord adapters log in to the
loopback fakes the tests use (tests/telegram/fake_bot_api.py, tests/discord/fake_discord.py),
served from this process. The clock starts just before the process is spawned (interpreter start
and every import count) and stops when its log line saying it is ready arrives. Then the bot is
left idle for a moment and its resident memory is read from /proc/<pid>/status (VmRSS). Aims:
ready in under 1.5 s, under 120 MB at idle.

The time to the Discord gateway session is shown too: after it, discord.py waits
`guild_ready_timeout` for guild data before it calls the bot ready (the adapter sets 0.2 s instead
of discord.py's 2 s, since riskbot reads no guild state).

`--importtime` runs one more start with `python -X importtime` and lists the imports that cost
the most (cumulative), to see what is worth keeping off the start-up path.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--idle 2] [--importtime]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # run as a script: import the fakes from this checkout

from tests.discord.fake_discord import FakeDiscord  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402

TELEGRAM_TOKEN = "123456789:STARTUPbench-abcdefghijklmnopqrstuv"
READY = "riskbot running on"
CONNECTED = "connected to Gateway"  # discord.py: the gateway session is up and interactions flow
AIM_SECONDS, AIM_MB = 1.5, 120
NOWHERE = "http://127.0.0.1:9"  # market-data hosts: loopback, closed; the bench must not go online


def bot_environment(telegram: FakeBotApi, discord: FakeDiscord, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN") and not k.endswith("_BASE_URL")}
    env.update(TELEGRAM_TOKEN=TELEGRAM_TOKEN, TELEGRAM_API_BASE_URL=telegram.base_url,
               DISCORD_TOKEN=discord.token, DISCORD_API_BASE_URL=discord.api_base,
               DISCORD_GATEWAY_URL=discord.gateway_url, RISKBOT_DB=str(db), LOG_LEVEL="INFO")
    for host in ("BINANCE_USDM", "BINANCE_COINM", "BYBIT", "OKX", "HYPERLIQUID", "BITMEX"):
        env[f"{host}_BASE_URL"] = NOWHERE
    return env


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024  # type: ignore[union-attr]


async def one_start(folder: Path, idle: float, extra_args: tuple[str, ...] = ()) -> tuple[float, float, float, str]:
    """(seconds to the Discord gateway session, seconds to ready, MB resident at idle, everything
    the bot wrote to stderr)."""
    telegram = FakeBotApi(TELEGRAM_TOKEN)
    await telegram.start()
    discord = await FakeDiscord().start()
    env = bot_environment(telegram, discord, folder / f"riskbot-{time.monotonic_ns()}.db")
    log: list[str] = []
    connected = float("nan")
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, *extra_args, "-m", "bot.main", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        assert process.stderr is not None
        while True:
            line = await asyncio.wait_for(process.stderr.readline(), 30)
            if not line:
                raise RuntimeError("riskbot exited before it was ready:\n" + "".join(log[-30:]))
            log.append(line.decode(errors="replace"))
            if CONNECTED in log[-1]:
                connected = time.perf_counter() - began
            if READY in log[-1]:
                ready = time.perf_counter() - began
                break
        drain = asyncio.create_task(_drain(process.stderr, log))
        await asyncio.sleep(idle)
        memory = rss_mb(process.pid)
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 15)
        await drain
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await discord.close()
        await telegram.stop()
    return connected, ready, memory, "".join(log)


async def _drain(stream: asyncio.StreamReader, log: list[str]) -> None:
    while line := await stream.readline():
        log.append(line.decode(errors="replace"))


def slowest_imports(log: str, top: int = 12) -> list[tuple[float, str]]:
    """`-X importtime` lines are `import time: self | cumulative | name`; keep top-level packages."""
    found = []
    for match in re.finditer(r"^import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", log, re.M):
        cumulative, indent, name = int(match.group(1)), len(match.group(2)), match.group(3)
        if indent <= 2:
            found.append((cumulative / 1e6, name))
    return sorted(found, reverse=True)[:top]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=2.0, help="seconds idle before reading memory")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [await one_start(Path(tmp), args.idle) for _ in range(args.runs)]
        connected, times, memory = [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs]
        print(f"riskbot run, Telegram + Discord against loopback fakes, {args.runs} starts")
        print(f"Discord session median {statistics.median(connected):.2f} s  (min {min(connected):.2f}, "
              f"max {max(connected):.2f})   imports, database, Telegram up, gateway connected")
        print(f"ready after     median {statistics.median(times):.2f} s  (min {min(times):.2f}, "
              f"max {max(times):.2f})   aim < {AIM_SECONDS} s")
        print(f"RSS at idle     median {statistics.median(memory):.1f} MB  (min {min(memory):.1f}, "
              f"max {max(memory):.1f})   aim < {AIM_MB} MB")
        if args.importtime:
            *_, log = await one_start(Path(tmp), 0.1, ("-X", "importtime"))
            print("slowest imports on the start-up path (cumulative):")
            for seconds, name in slowest_imports(log):
                print(f"  {seconds * 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    asyncio.run(main())
