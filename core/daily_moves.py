"""Typical daily range per asset, for the "liquidation inside a normal day's move" warning.

A wick, not the close, liquidates, so the figure compared is the intraday range (high − low). The
numbers are approximate and period-dependent; the shipped table keeps its sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from core.tiers import snapshot_field


@dataclass(frozen=True)
class DailyRange:
    pct: Decimal
    generic: bool


@lru_cache(maxsize=1024)
def typical_range(symbol: str) -> DailyRange:
    assets: dict = snapshot_field("daily_moves.json", "assets")  # type: ignore[assignment]
    row = assets.get(symbol.upper())
    generic = row is None
    row = row or assets["other"]
    figure = row.get("avg_intraday_range_pct") or row["typical_daily_range_pct"][0]
    return DailyRange(Decimal(figure), generic)


def known_symbols() -> tuple[str, ...]:
    """Assets the bot has figures for: offered by symbol autocompletion on the platforms."""
    assets: dict = snapshot_field("daily_moves.json", "assets")  # type: ignore[assignment]
    return tuple(sorted(a for a in assets if a != "other"))
