"""Chart inputs: built from core results with the numbers the text answer prints, validated, and
free of Pillow and of `bot`, so a command can build one and a worker process can receive one."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from commands.charts import build
from commands.charts.model import MAX_BARS, PositionBar, PositionsOverview, PriceLadder, PriceLine
from core.daily_moves import typical_range
from tests.charts import cases

CHARTS = Path(__file__).resolve().parents[2] / "commands" / "charts"


def test_price_ladder_carries_the_positions_numbers():
    liq = cases.position(1, "60000", "25")
    chart = build.price_ladder(liq, stop=D(58500), targets=(D(63000), D(66000)))
    prices = {line.label: line.price for line in chart.lines}
    assert prices == {"TP1": D(63000), "TP2": D(66000), "Stop": D(58500),
                      "Liquidation": liq.liquidation_price, "Bankruptcy": liq.bankruptcy_price}
    assert chart.entry == D(60000) and chart.side == 1 and chart.liquidation() == liq.liquidation_price
    assert chart.title == "BTC long 25x isolated"
    assert chart.subtitle == f"Binance linear · tiers as of {liq.table.as_of}"
    assert chart.daily_move_pct == typical_range("BTC").pct and "BTC" in chart.daily_label


def test_a_single_target_is_called_target_and_no_liquidation_is_noted():
    chart = build.price_ladder(cases.position(1, "60000", "1"), targets=(D(61000),))
    assert [line.label for line in chart.lines] == ["Target"]
    assert chart.note.startswith("No liquidation")


def test_an_unlisted_asset_says_its_range_is_generic():
    assert "typical altcoin" in build.daily_label("ZZZ", typical_range("ZZZ"))


def test_overview_levels_come_from_the_positions_warnings():
    chart = cases.typical_overview()
    levels = {bar.label.split()[0]: bar.level for bar in chart.bars}
    assert levels["#1"] == "warn"     # 25x, above the threshold of 20x; 3.6% is beyond a 3.1% day
    assert levels["#3"] == "ok"       # 3x: far from liquidation, below the threshold
    assert levels["#4"] == "info"     # 1x long: no liquidation
    assert levels["#5"] == "danger"   # 60x
    assert chart.bars[3].distance_pct is None


def test_overview_caps_the_bars_and_counts_the_rest():
    saved = [(f"#{i}", cases.position(1, "60000", "5"), None) for i in range(MAX_BARS + 3)]
    chart = build.positions_overview(saved)
    assert len(chart.bars) == MAX_BARS and chart.hidden == 3 and chart.title.endswith(f"({MAX_BARS + 3})")


@pytest.mark.parametrize("bad", [
    lambda: PriceLine("moon", "Moon", D(1)),
    lambda: PriceLine("stop", "Stop", D("-1")),
    lambda: PriceLine("stop", "Stop", D("NaN")),
    lambda: PriceLadder("t", "s", 0, D(1)),
    lambda: PriceLadder("t", "s", 1, D(0)),
    lambda: PriceLadder("t", "s", 1, D(1), (PriceLine("entry", "Entry", D(1)),)),
    lambda: PositionBar("x", D(1), "panic"),
    lambda: PositionsOverview("t", ()),
])
def test_malformed_inputs_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_inputs_pickle_for_a_worker_process():
    for chart in (cases.typical_ladder(), cases.typical_leverage(), cases.typical_overview()):
        assert pickle.loads(pickle.dumps(chart)) == chart


def test_inputs_import_neither_pillow_nor_the_rest_of_bot():
    """A command builds the inputs: `commands` may not import `bot`, and the command path must not
    load Pillow (the renderer in `bot/charts` does, in its worker)."""
    for name in ("model.py", "build.py"):
        tree = ast.parse((CHARTS / name).read_text("utf-8"))
        modules = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not any(m.split(".")[0] == "bot" for m in modules), modules
        assert not any(m.split(".")[0] == "PIL" for m in modules)
    probe = "import sys, commands.charts.build; print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=CHARTS.parents[1])
    assert out.stdout.strip() == "False"
