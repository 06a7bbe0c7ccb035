"""Chart inputs shared by the chart tests, benchmarks/charts.py and docs/make_charts.py: one
typical chart of each kind, and the extreme ones that break naive layouts. All are built from real
core results through `commands.charts.build`, so they carry what a command would put in them."""

from __future__ import annotations

from decimal import Decimal as D

from commands.charts import build
from commands.charts.model import PositionBar, PositionsOverview, PriceLadder, PriceLine
from core.liquidation import Liquidation, PositionSpec, liquidation


def position(side: int, entry: str, leverage: str, symbol: str = "BTC", venue: str = "binance",
             **extra: object) -> Liquidation:
    return liquidation(PositionSpec(venue=venue, symbol=symbol, side=side, entry=D(entry),
                                    leverage=D(leverage), **extra))


def typical_ladder() -> PriceLadder:
    """/liq long BTC 60000 25x sl=58500 with two targets: the docs' example."""
    return build.price_ladder(position(1, "60000", "25"), stop=D(58500), targets=(D(63000), D(66000)))


def typical_leverage():
    return build.leverage_ladder("binance")


def typical_overview() -> PositionsOverview:
    saved = [("#1", position(1, "60000", "25"), D(58500)), ("#2", position(-1, "3000", "10", "ETH"), None),
             ("#3", position(1, "60000", "3"), None), ("#4", position(1, "3000", "1", "ETH"), None),
             ("#5", position(-1, "60000", "60"), None)]
    return build.positions_overview(saved, threshold=D(20))


def extreme_ladders() -> dict[str, PriceLadder]:
    """The inputs the issue names: each must stay on the canvas with no label collision."""
    eight = tuple(D(60000) + D(750) * k for k in range(1, 9))
    sub_cent = PriceLadder(
        title="PEPE long 20x isolated", subtitle="Binance linear · generic maintenance", side=1,
        entry=D("0.00001234"), lines=(PriceLine("liquidation", "Liquidation", D("0.00001178")),
                                      PriceLine("bankruptcy", "Bankruptcy", D("0.00001172")),
                                      PriceLine("stop", "Stop", D("0.00001200")),
                                      PriceLine("target", "Target", D("0.00001300"))),
        daily_move_pct=D(10), daily_label="PEPE: one day's range ±10.00%")
    return {
        "1x long, no liquidation": build.price_ladder(position(1, "60000", "1")),
        "125x long, liquidation 0.4% away": build.price_ladder(position(1, "60000", "125"), stop=D(59900)),
        "125x short, liquidation 0.4% away": build.price_ladder(position(-1, "60000", "125"), stop=D(60100)),
        "sub-cent prices": sub_cent,
        "eight targets and a stop": build.price_ladder(position(1, "60000", "20"), stop=D(58000), targets=eight),
        "1x short, liquidation at double": build.price_ladder(position(-1, "60000", "1")),
        "long title, seven-figure prices": build.price_ladder(
            position(1, "1234567.89", "50", margin_mode="cross"), targets=(D("1300000"),)),
    }


def extreme_overview() -> PositionsOverview:
    """25 bars with long labels, every level, one without a liquidation."""
    levels = ("danger", "warn", "info", "ok")
    bars = tuple(PositionBar(f"#{i} a-very-long-label-for-position-{i} BTC long {i}x",
                             None if i == 3 else D(i) / 3, levels[i % 4], D("3.08")) for i in range(1, 26))
    return PositionsOverview(title="Your saved positions (40)", bars=bars, hidden=15)
