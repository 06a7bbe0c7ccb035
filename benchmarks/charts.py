"""Charts: milliseconds per image, and how long the event loop stalls while charts are drawn.

1. Per image: each of the three charts (and the largest ladder, eight targets) rendered
   `--images` times in this process after a warm-up; p50 and p99 of the wall time, and how much of
   it is the PNG encoding (the part Pillow runs without the GIL).
2. Loop stall: 16 charts submitted at once to `ChartRenderer`, `--rounds` times, while a probe
   wakes every millisecond (tests/charts/stall.py); the longest lateness is the stall. Compared:
   nothing drawn (the baseline: what the probe sees on an idle loop), drawing on the loop itself
   (what the executor is for), and thread and process pools of one and two workers. Each round's
   worst is kept; the median of those says more than the single worst on a shared machine, whose
   idle baseline alone has stalls of several ms. Aim: < 20 ms.
3. Answers (benchmarks/chart_answers.py): Telegram and Discord answer p50/p99 through the real
   adapters and the loopback fakes, text only and then with every other answer carrying a chart,
   in the same run. `--rate 0` skips it.

    .venv/bin/python benchmarks/charts.py [--images 200] [--rounds 20] [--rate 20 --seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # run as a script: import the package and the shared cases from this checkout

from bot.charts import canvas, render  # noqa: E402
from bot.charts.executor import ChartRenderer  # noqa: E402
from tests.charts import cases  # noqa: E402
from tests.charts.stall import worst_stall  # noqa: E402

AIM_MS = 20
BURST = 16


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def per_image(images: int) -> None:
    charts = {"price ladder": cases.typical_ladder(), "leverage ladder": cases.typical_leverage(),
              "positions overview": cases.typical_overview(),
              "ladder, eight targets": cases.extreme_ladders()["eight targets and a stop"]}
    print(f"per image, {images} each, one thread:")
    for name, chart in charts.items():
        render.render(chart)
        total, encode = [], []
        for _ in range(images):
            start = time.perf_counter()
            picture = render.image(chart)
            drawn = time.perf_counter()
            data = canvas.png(picture)
            done = time.perf_counter()
            total.append((done - start) * 1000)
            encode.append((done - drawn) * 1000)
        print(f"  {name:<22} p50 {percentile(total, .5):6.2f} ms  p99 {percentile(total, .99):6.2f} ms  "
              f"(encoding p50 {percentile(encode, .5):5.2f} ms)  {picture.width}x{picture.height}, "
              f"{len(data) / 1024:.0f} kB")


async def burst_on_loop(charts: list) -> None:
    for chart in charts:
        render.render(chart)
        await asyncio.sleep(0)


async def stalls(mode: str, rounds: int, workers: int) -> tuple[list[float], list[float]]:
    """Worst stall and wall time of each round of BURST charts; mode "loop" draws on the loop,
    mode "idle" draws nothing."""
    charts = [cases.typical_ladder(), cases.typical_leverage(), cases.typical_overview()] * 6
    charts = charts[:BURST]
    worst, walls = [], []
    renderer = ChartRenderer(mode, workers, max_pending=BURST, deadline=30) if workers else None
    if renderer is not None:
        await renderer.start()
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            if renderer is not None:
                results, stall = await worst_stall(asyncio.gather(*(renderer.render(c) for c in charts)))
                assert all(results), "a chart was skipped: the burst must fit the bound"
            elif mode == "idle":
                _, stall = await worst_stall(asyncio.sleep(0.2))
            else:
                _, stall = await worst_stall(burst_on_loop(charts))
            walls.append((time.perf_counter() - start) * 1000)
            worst.append(stall)
    finally:
        if renderer is not None:
            await renderer.close()
    return worst, walls


CONFIGS = (("idle", 0, "nothing drawn (baseline)"), ("loop", 0, "drawn on the loop"),
           ("thread", 1, "1 thread"), ("thread", 2, "2 threads"), ("process", 1, "1 process"),
           ("process", 2, "2 processes"))


async def loop_stalls(rounds: int) -> None:
    print(f"\nevent-loop stall while {BURST} charts render at once, {rounds} rounds:")
    medians = {}
    for mode, workers, name in CONFIGS:
        worst, walls = await stalls(mode, rounds, workers)
        medians[name] = statistics.median(worst)
        print(f"  {name:<26} longest stall {max(worst):6.2f} ms  median round's worst "
              f"{medians[name]:6.2f} ms  burst wall p50 {percentile(walls, .5):6.1f} ms")
    base = medians[CONFIGS[0][2]]
    print("\nmedian round's worst stall over the idle baseline: " + ", ".join(
        f"{name} {medians[name] / base:.2f}x" for _, _, name in CONFIGS[1:]))
    chosen = medians["1 process"]  # ChartRenderer's default
    print(f"default (1 process) median round's worst stall: {chosen:.2f} ms (aim < {AIM_MS} ms: "
          f"{'met' if chosen < AIM_MS else 'missed'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=20, help="/liq per second in the answer phases (0: skip)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each answer phase")
    args = parser.parse_args()
    per_image(args.images)
    asyncio.run(loop_stalls(args.rounds))
    if args.rate > 0:
        from benchmarks.chart_answers import answers

        asyncio.run(answers(args.rate, args.seconds))


if __name__ == "__main__":
    main()
