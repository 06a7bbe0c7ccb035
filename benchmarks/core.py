"""Core throughput: `riskbot ask --json -` over 20,000 mixed commands, next to a bare Decimal loop.

The baseline reads the same lines, pulls the entry and leverage out with str.split and computes
the textbook liquidation price in Decimal: the least work any answer could take. The ratio
(riskbot commands/s ÷ baseline commands/s) is the figure to watch; the project aims at ≥ 0.25.
Both run in this session on this machine, so the ratio, not the absolute speed, carries over.

    .venv/bin/python benchmarks/core.py [N]
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def baseline(lines: list[str]) -> float:
    start = time.perf_counter()
    out = []
    for line in lines:
        words = line.split()
        entry = Decimal(words[3])
        lev = Decimal(words[4].rstrip("x")) if words[4].endswith("x") else Decimal(10)
        side = 1 if words[1] == "long" else -1
        out.append(str(entry * (1 - side / lev + side * Decimal("0.004"))))
    return time.perf_counter() - start


def riskbot(lines: list[str]) -> tuple[float, int]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    start = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv/bin/riskbot"), "ask", "--json", "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start, len(done.stdout.splitlines())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    lines = make_lines(n)
    base = min(baseline(lines) for _ in range(3))
    ours, answered = riskbot(lines)
    assert answered == n, f"{answered} answers for {n} lines"
    print(f"{'pipeline':<28}{'seconds':>10}{'commands/s':>14}")
    print(f"{'bare Decimal loop':<28}{base:>10.3f}{n / base:>14,.0f}")
    print(f"{'riskbot ask --json -':<28}{ours:>10.3f}{n / ours:>14,.0f}")
    print(f"ratio (riskbot / bare): {base / ours:.3f}   (aim >= 0.25)")


if __name__ == "__main__":
    main()
