"""The baseline for benchmarks/core.py: the smallest honest program that does riskbot's job.

It reads one command per line from stdin, splits it, picks the side, the entry (the first bare
number) and the leverage (`25x`), computes the textbook isolated liquidation price in Decimal with
one maintenance rate, LP = EP·(1 − s/L) / (1 − s·MMR), and writes one JSON object per line. No
tiers, no venues, no validation beyond "did I find the numbers", no reply text: everything riskbot
does on top of this is what the ratio measures.

    .venv/bin/python benchmarks/bare_liquidation.py < lines.txt
"""

import json
import sys
from decimal import Decimal, InvalidOperation

MMR = Decimal("0.004")  # Binance USDⓈ-M BTCUSDT first tier
ONE = Decimal(1)


def answer(line: str) -> dict:
    words = line.split()
    side = 1 if len(words) > 1 and words[1] in ("long", "buy") else -1
    entry = leverage = None
    try:
        for word in words[2:]:
            if word[-1] == "x" and leverage is None:
                leverage = Decimal(word[:-1])
            elif entry is None and word[0].isdigit():
                entry = Decimal(word)
    except InvalidOperation:
        entry = None
    if entry is None or leverage is None or not entry.is_finite() or leverage < 1:
        return {"ok": False, "error": "not understood"}
    price = entry * (ONE - side / leverage) / (ONE - side * MMR)
    return {"ok": True, "liquidation_price": float(price)}


def main() -> None:
    write = sys.stdout.write
    for line in sys.stdin:
        write(json.dumps(answer(line)) + "\n")


if __name__ == "__main__":
    main()
