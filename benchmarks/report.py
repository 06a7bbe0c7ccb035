"""Run every benchmark and print one table of the headline figures against the project's aims.

Each benchmark is its own script (and can be run alone for the full output); this runs them one
after another, never in parallel (they would measure each other), reads the figure each one prints,
and puts them in one table. A benchmark that fails or prints no figure shows as such; the others
still run. `--save DIR` keeps each script's whole output, for docs/benchmarks.md.

    .venv/bin/python benchmarks/report.py [--full] [--only core,startup] [--save DIR]

`--full` runs the storage benchmark at 1,000,000 positions (about a minute more) instead of the
quicker 200,000 that `make bench` uses.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Figure:
    label: str
    pattern: str          # first group: the number (commas allowed)
    unit: str
    aim: str = ""         # ">= 0.25", "< 250", or "" for context only

    def read(self, output: str) -> float | None:
        match = re.search(self.pattern, output, re.M)
        return None if match is None else float(match.group(1).replace(",", ""))

    def verdict(self, value: float) -> str:
        if not self.aim:
            return ""
        op, target = self.aim.split()
        met = value >= float(target) if op == ">=" else value < float(target)
        return "met" if met else "MISSED"


@dataclass(frozen=True)
class Bench:
    name: str
    args: tuple[str, ...]
    figures: tuple[Figure, ...]


def benches(full: bool) -> list[Bench]:
    listed = [
        Bench("core", ("core.py",), (
            Figure("riskbot ask --json -", r"^riskbot ask --json -\s+[\d.]+\s+([\d,]+)", "commands/s"),
            Figure("ratio to a bare Decimal program", r"core ratio \(riskbot / bare\): ([\d.]+)", "x", ">= 0.25"),
        )),
        Bench("telegram", ("telegram_bench.py",), (
            Figure("burst throughput vs bare PTB echo", r"\(burst\): throughput ([\d.]+)", "x", ">= 0.9"),
            Figure("burst CPU-bound throughput vs echo", r"\(burst\): throughput [\d.]+, CPU-bound throughput ([\d.]+)",
                   "x", ">= 0.9"),
            Figure("sequential p99, riskbot", r"^riskbot\s+sequential\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", "ms"),
        )),
        Bench("discord", ("discord_latency.py",), (
            Figure("ack p99 at 200 concurrent (worst warm)", r"worst warm end-to-end p99 ([\d.]+) ms", "ms", "< 250"),
        )),
        Bench("storage", ("storage.py", "--rows", "1000000" if full else "200000"), (
            Figure("acknowledged saves (fsync each)", r"store\.save, one at a time .*?([\d,]+) saves/s", "saves/s"),
            Figure("bare sqlite3, same pragmas", r"bare sqlite3 commit.*?([\d,]+) saves/s", "saves/s"),
            Figure("list one user's positions, p99", r"store\.list: .*p99 ([\d.]+) ms", "ms"),
            Figure("  ... among this many positions", r"bulk load ([\d,]+) positions", "rows"),
        )),
        Bench("startup", ("startup.py",), (
            Figure("start to ready, both adapters", r"^ready after\s+median ([\d.]+) s", "s", "< 1.5"),
            Figure("start to Discord gateway session", r"^Discord session median ([\d.]+) s", "s"),
            Figure("RSS at idle", r"^RSS at idle\s+median ([\d.]+) MB", "MB", "< 120"),
        )),
        Bench("hostile", ("hostile.py",), (
            Figure("slowest hostile input, parse", r"slowest hostile parse ([\d.]+) µs", "µs", "< 1000"),
            Figure("slowest hostile input, whole answer", r"slowest full answer ([\d.]+) µs", "µs"),
        )),
    ]
    if (HERE / "charts.py").exists():
        listed.append(Bench("charts", ("charts.py",), (
            Figure("price ladder, ms per image p50", r"^  price ladder\s+p50\s+([\d.]+) ms", "ms"),
            Figure("price ladder, ms per image p99", r"^  price ladder\s+p50\s+[\d.]+ ms\s+p99\s+([\d.]+) ms", "ms"),
            Figure("loop stall, 16 charts at once (1 process)", r"default \(1 process\) median round's worst stall: "
                   r"([\d.]+) ms", "ms", "< 20"),
            Figure("Telegram text answer p99, no charts", r"Telegram text answer p99 without charts ([\d.]+) ms", "ms"),
            Figure("Telegram text answer p99, with charts", r"Telegram text answer p99 .*?, with charts ([\d.]+) ms",
                   "ms"),
            Figure("Telegram chart answer p99", r"Telegram text answer p99 .*chart answer p99 ([\d.]+) ms", "ms"),
            Figure("Discord text answer p99, no charts", r"Discord text answer p99 without charts ([\d.]+) ms", "ms"),
            Figure("Discord text answer p99, with charts", r"Discord text answer p99 .*?, with charts ([\d.]+) ms",
                   "ms"),
            Figure("Discord chart answer p99", r"Discord text answer p99 .*chart answer p99 ([\d.]+) ms", "ms"),
        )))
    if (HERE / "alerts.py").exists():
        listed.append(Bench("alerts", ("alerts.py",), (
            Figure("alert tick: find among 1M positions", r"^find \(.*?\): ([\d.]+) ms", "ms", "< 50"),
        )))
    return listed


def run(bench: Bench, save: Path | None) -> tuple[str, float, str]:
    """(stdout, seconds, stderr). Some scripts exit 1 when they miss their own target; the figure
    they printed still counts, so only a missing figure is a failure."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / bench.args[0]), *bench.args[1:]], cwd=ROOT,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if save is not None:
        (save / f"{bench.name}.txt").write_text(done.stdout)
    return done.stdout, elapsed, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="storage at 1,000,000 positions")
    parser.add_argument("--only", help="comma-separated benchmark names")
    parser.add_argument("--save", type=Path, help="folder for each benchmark's whole output")
    args = parser.parse_args()
    chosen = [b for b in benches(args.full) if not args.only or b.name in args.only.split(",")]
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str, str]] = []
    failed = False
    for bench in chosen:
        print(f"running {bench.name} ...", file=sys.stderr, flush=True)
        output, elapsed, errors = run(bench, args.save)
        for number, figure in enumerate(bench.figures):
            value = figure.read(output)
            name = f"{bench.name} ({elapsed:.0f} s)" if number == 0 else ""
            if value is None:
                rows.append((name, figure.label, "no figure", figure.aim, "?"))
                print(f"{bench.name}: no '{figure.label}' in its output\n{errors[-1500:]}", file=sys.stderr)
                failed = True
            else:
                shown = f"{value:,.3f}".rstrip("0").rstrip(".") if value < 100 else f"{value:,.0f}"
                rows.append((name, figure.label, f"{shown} {figure.unit}", figure.aim, figure.verdict(value)))
    headers = ("benchmark", "measure", "result", "aim", "")
    widths = [max(len(r[i]) for r in (*rows, headers)) for i in range(5)]
    for row in (headers, tuple("-" * w for w in widths), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
