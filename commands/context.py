"""What a command may consult besides its own arguments: group defaults and thresholds.

Built by the composition root (bot/main.py) and, per group, by the adapters; commands read it and
never reach for globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Context:
    default_venue: str = "binance"
    leverage_threshold: Decimal = Decimal(20)
