"""Guard for speed work: riskbot's answers to the core benchmark's lines must not change by a byte.

A speed-up on the answer path is only a speed-up if every answer stays what it was. This script
feeds the same mixed lines that benchmarks/core.py times (same generator, same seed) through
`riskbot ask --json -` and either saves the output as a reference (`--save`, run it before
changing anything; keep the file outside the repository) or compares every line with that
reference and prints the first differences.

    .venv/bin/python benchmarks/same_output.py --save /tmp/core_reference.jsonl
    .venv/bin/python benchmarks/same_output.py /tmp/core_reference.jsonl
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

# benchmarks/core.py is loaded by path: the name `core` belongs to the domain package.
_spec = importlib.util.spec_from_file_location("core_benchmark", Path(__file__).resolve().parent / "core.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
ROOT, make_lines, timed_run = _bench.ROOT, _bench.make_lines, _bench.timed_run


def answers(n: int) -> list[str]:
    lines = make_lines(n)
    _, out = timed_run([str(ROOT / ".venv/bin/riskbot"), "ask", "--json", "-"], "\n".join(lines) + "\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("--save", action="store_true", help="write the reference instead of comparing")
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    out = answers(args.n)
    if args.save:
        args.reference.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"saved {len(out)} answers to {args.reference}")
        return 0
    expected = args.reference.read_text(encoding="utf-8").splitlines()
    differing = [i for i, (a, b) in enumerate(zip(out, expected)) if a != b]
    if len(out) != len(expected):
        print(f"{len(out)} answers, reference has {len(expected)}")
    for i in differing[:5]:
        print(f"line {i + 1}: {make_lines(args.n)[i]}\n  expected {expected[i]}\n  got      {out[i]}")
    same = not differing and len(out) == len(expected)
    print(f"{'identical' if same else f'{len(differing)} lines differ'}: {len(out)} answers")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
