"""Core throughput: `riskbot ask --json -` over 20,000 mixed commands, next to a bare Decimal program.

Both sides are whole processes fed the same lines on stdin and writing one JSON line per answer on
stdout, so start-up, reading and writing count on both. The baseline (benchmarks/bare_liquidation.py)
splits each line, computes the textbook isolated liquidation price in Decimal and writes a small
JSON object: the least work an answer could take. riskbot parses strictly, looks up the venue's tier
table, writes the whole reply (text, warnings, result) and flushes after each line, as a coprocess
reading answers one by one needs. The ratio (baseline seconds ÷ riskbot seconds) is the figure to
watch; the project aims at ≥ 0.25. The two take turns `--repeat` times and the best run of each
counts, because the machine is shared and noise only ever adds time.

`--profile` also runs the same lines in-process (dispatch + as_json) under cProfile and prints the
functions that take the most time: the place to start when the ratio drops. Before changing the
answer path for speed, save its answers with benchmarks/same_output.py and compare after each step.

    .venv/bin/python benchmarks/core.py [--n 20000] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = Path(__file__).resolve().parent / "bare_liquidation.py"
TEMPLATES = [
    "/liq long BTC {p} {l}x isolated", "/liq short ETH {p} {l}x qty=2", "/liq long BTC {p} {l}x cross balance=10000",
    "/liq short BTC {p} {l}x okx qty=0.5", "/liq long BTC {p} {l}x hyperliquid qty=0.1",
    "/liq long BTCUSD {p} {l}x inverse qty=1", "/liq long BTC {p} {l}x bybit qty=1 sl={s}",
    "/size long BTC {p} sl={s} risk=1% balance=10000 {l}x", "/pnl long BTC {p} {l}x qty=0.5 exit={t}",
    "/liq long BTC {p} {l}x nan",
]


def make_lines(n: int) -> list[str]:
    rng = random.Random(7)
    lines = []
    for _ in range(n):
        p = rng.randint(20000, 90000)
        lines.append(rng.choice(TEMPLATES).format(p=p, l=rng.randint(2, 20), s=int(p * 0.97), t=int(p * 1.05)))
    return lines


def timed_run(argv: list[str], text: str) -> tuple[float, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    start = time.perf_counter()
    done = subprocess.run(argv, input=text, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start, done.stdout.splitlines()


def profile(lines: list[str], top: int = 25) -> None:
    import asyncio
    import cProfile
    import io
    import pstats

    sys.path.insert(0, str(ROOT))
    from bot.console.adapter import _answer_lines
    from commands.context import Context

    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(_answer_lines(lines, io.StringIO(), Context(), True, False))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    lines = make_lines(args.n)
    text = "\n".join(lines) + "\n"
    riskbot = [str(ROOT / ".venv/bin/riskbot"), "ask", "--json", "-"]
    bare_runs, ours_runs = [], []
    for _ in range(args.repeat):
        seconds, out = timed_run([sys.executable, str(BARE)], text)
        assert len(out) == args.n, f"baseline: {len(out)} answers for {args.n} lines"
        bare_runs.append(seconds)
        seconds, out = timed_run(riskbot, text)
        assert len(out) == args.n, f"riskbot: {len(out)} answers for {args.n} lines"
        ours_runs.append(seconds)
    base, ours = min(bare_runs), min(ours_runs)
    print(f"{'pipeline (whole process, best of ' + str(args.repeat) + ')':<44}{'seconds':>9}{'commands/s':>12}"
          f"{'µs/command':>12}")
    for name, seconds in (("bare Decimal program", base), ("riskbot ask --json -", ours)):
        print(f"{name:<44}{seconds:>9.3f}{args.n / seconds:>12,.0f}{seconds / args.n * 1e6:>12.1f}")
    print(f"core ratio (riskbot / bare): {base / ours:.3f}   (aim >= 0.25)")
    if args.profile:
        profile(lines)


if __name__ == "__main__":
    main()
