"""Console transcripts through the real entry point (`riskbot` in a subprocess), and the JSON
machine interface. The published examples are matched here too, through `riskbot ask --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RISKBOT = [sys.executable, "-m", "bot.main"]


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    return subprocess.run(RISKBOT + args, input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_piped_console_answers_each_line_and_exits_at_end_of_input():
    done = run(["console"], "/liq long BTC 60000 25x isolated\n/help\n")
    assert done.returncode == 0, done.stderr
    assert "Liquidation: 57,831.33" in done.stdout
    assert "/size" in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_run_without_tokens_starts_the_console():
    done = run(["run"], "/liq long BTC 60000 25x isolated\n")
    assert done.returncode == 0, done.stderr
    assert "Liquidation: 57,831.33" in done.stdout


def test_ask_json_stream_one_object_per_line_and_exit_zero_on_usage_errors():
    lines = ["/liq long BTC 60000 25x isolated", "/liq long BTC nan 25x", "/liq long BTC 60000 1x qty=1", "/size long BTC 60000"]
    done = run(["ask", "--json", "-"], "\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == 4
    first = answers[0]
    assert set(first) == {"ok", "command", "result", "warnings", "text", "error"}
    assert first["ok"] and first["command"] == "liq" and first["error"] is None
    assert first["result"]["liquidation_price"] == pytest.approx(57831.3253, rel=1e-9)
    for key in ("bankruptcy_price", "distance_pct", "venue", "contract", "side", "margin_mode", "entry_price",
                "leverage", "quantity", "notional", "margin", "mmr", "maintenance_amount"):
        assert key in first["result"]
    assert {"code", "level", "text"} <= set(first["warnings"][0])
    assert answers[1]["ok"] is False and answers[1]["error"]["code"] == "usage"
    assert answers[2]["result"]["liquidation_price"] is None
    assert any(w["code"] == "no_liquidation" for w in answers[2]["warnings"])
    assert answers[3]["error"]["code"] == "usage"


# Published examples that one command can express. Each row: command, expected LP, tolerance, source.
PUBLISHED = [
    ("/liq long BTCUSD 45000 binance inverse cross notional=10000000 balance=101 mmr=12.5% cum=11.605", 33599.4, 1e-4,
     "C1: Binance COIN-M calculator via dev.binance.vision"),
    ("/liq long BTC 20000 50x bybit qty=1 mmr=0.5%", 19700, 1e-4, "Y1: Bybit help 'Liquidation Price (USDT Contract)'"),
    ("/liq long BTCUSD 8000 bybit cross notional=10000 balance=0.5 mmr=0.5% fee=0.075%", 5739.5, 1e-4,
     "Y3: Bybit help 'How to calculate Liquidation Price (Inverse Contract)'"),
    ("/liq long BTC 62739 hyperliquid qty=0.00077 margin=24.137992 mmr=1%", 31708.03843631, 1e-4,
     "H2: exchange-reported, via freqtrade test_hyperliquid.py"),
    ("/liq long DOGE 0.11586 hyperliquid qty=437 margin=25.29769 mmr=2.5%", 0.05945697, 1e-4,
     "H3: exchange-reported, via freqtrade test_hyperliquid.py"),
    ("/liq short BTC 67400 hyperliquid qty=0.00031 margin=20.887308 mmr=1%", 133443.97317151, 1e-4,
     "H5: exchange-reported, via freqtrade test_hyperliquid.py"),
    ("/liq short BTC 10 okx 5x qty=1 mmr=1% fee=0.06%", 11.87413417771621, 1e-6, "O1: freqtrade test_get_liquidation_price"),
]


def test_published_examples_through_ask_json():
    done = run(["ask", "--json", "-"], "\n".join(row[0] for row in PUBLISHED) + "\n")
    assert done.returncode == 0, done.stderr
    for (command, expected, tolerance, source), line in zip(PUBLISHED, done.stdout.splitlines(), strict=True):
        answer = json.loads(line)
        assert answer["ok"], (source, answer["error"])
        assert answer["result"]["liquidation_price"] == pytest.approx(expected, rel=tolerance), source
