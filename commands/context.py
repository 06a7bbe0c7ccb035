"""What a command may consult besides its own arguments: group defaults, thresholds, the store.

Built by the composition root (bot/main.py) and, per group, by the adapters; commands read it and
never reach for globals. `store` and `groups` are None when the bot runs without a database: saving
and moderator commands then say so, and calculations work as before. In a group, dispatch replaces
`default_venue` and `leverage_threshold` with the group's own settings (commands/group_context.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from commands.alert_port import AlertPreferences
from commands.position_store import PositionStore
from commands.price_port import PriceFeed

if TYPE_CHECKING:
    from commands.group_context import NudgeGate
    from commands.group_store import GroupStore


def _nudge_gate() -> NudgeGate:
    from commands.group_context import NudgeGate  # group_context imports this module

    return NudgeGate()


@dataclass(frozen=True)
class Context:
    default_venue: str = "binance"
    leverage_threshold: Decimal = Decimal(20)
    store: PositionStore | None = field(default=None, compare=False, repr=False)
    groups: GroupStore | None = field(default=None, compare=False, repr=False)
    nudges: NudgeGate = field(default_factory=_nudge_gate, compare=False, repr=False)
    # The bot-wide context this one was derived from for a group, so /settings can tell the
    # group's choices from the bot's defaults.
    bot_defaults: Context | None = field(default=None, compare=False, repr=False)
    # Live mark prices (bot/price_feed.py) and alert preferences (bot/storage_alerts.py); None when
    # the bot runs without them: commands then ask for an entry price, /alerts says it is off.
    prices: PriceFeed | None = field(default=None, compare=False, repr=False)
    alerts: AlertPreferences | None = field(default=None, compare=False, repr=False)

    @property
    def defaults(self) -> Context:
        return self.bot_defaults or self
