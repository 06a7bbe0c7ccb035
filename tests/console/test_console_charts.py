"""`riskbot ask --chart FILE.png` through the real entry point: the chart is drawn and written as a
PNG that decodes, and a JSON answer names the attachment instead of inlining it."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from bot.console.adapter import CHART_COMMAND, CHART_HINT
from tests.console.test_console import run


def test_ask_chart_writes_a_png_that_decodes(tmp_path: Path) -> None:
    out = tmp_path / "ladder.png"
    done = run(["ask", "--chart", str(out), "/liq long BTC 60000 25x sl=58000 tp=66000 chart"])
    assert done.returncode == 0, done.stderr
    assert "Liquidation: 57,831.33" in done.stdout and f"written to {out}" in done.stdout
    with Image.open(out) as image:
        image.load()
        assert (image.format, image.size) == ("PNG", (800, 1000))


def test_a_json_answer_names_the_attachment(tmp_path: Path) -> None:
    out = tmp_path / "ladder.png"
    done = run(["ask", "--json", "--chart", str(out), "/riskwarn ladder"])
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["attachment"] == {"filename": "leverage-ladder.png", "media_type": "image/png",
                                    "bytes": out.stat().st_size, "path": str(out)}
    with Image.open(out) as image:
        assert image.format == "PNG"


def test_without_chart_the_console_says_how_to_get_one(tmp_path: Path) -> None:
    done = run(["ask", "--json", "/liq long BTC 60000 25x chart"])
    answer = json.loads(done.stdout)
    assert "attachment" not in answer and CHART_HINT.format(command=CHART_COMMAND) in answer["text"]
    assert list(tmp_path.iterdir()) == []
