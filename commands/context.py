"""What a command may consult besides its own arguments: group defaults, thresholds, the store.

Built by the composition root (bot/main.py) and, per group, by the adapters; commands read it and
never reach for globals. `store` is None when the bot runs without a database: saving commands then
say so, and calculations work as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from commands.position_store import PositionStore


@dataclass(frozen=True)
class Context:
    default_venue: str = "binance"
    leverage_threshold: Decimal = Decimal(20)
    store: PositionStore | None = field(default=None, compare=False, repr=False)
