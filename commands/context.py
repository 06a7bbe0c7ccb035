"""What a command may consult besides its own arguments: group defaults, thresholds, the store.

Built by the composition root (bot/main.py) and, per group, by the adapters; commands read it and
never reach for globals. `store` and `groups` are None when the bot runs without a database: saving
and moderator commands then say so, and calculations work as before. In a group, dispatch replaces
`default_venue` and `leverage_threshold` with the group's own settings (commands/groups/context.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from commands.alerts.port import AlertPreferences
from commands.saved.store_port import PositionStore
from commands.calculators.price_port import PriceFeed
from commands.language.prefs_port import LanguagePrefs

from commands.groups.nudge import NudgeGate

if TYPE_CHECKING:
    from commands.groups.store_port import GroupStore


@dataclass(frozen=True)
class Context:
    default_venue: str = "binance"
    leverage_threshold: Decimal = Decimal(20)
    # Charts in public answers in this group (/set charts=on); commands/charts/policy.py.
    group_charts: bool = False
    store: PositionStore | None = field(default=None, compare=False, repr=False)
    groups: GroupStore | None = field(default=None, compare=False, repr=False)
    nudges: NudgeGate = field(default_factory=NudgeGate, compare=False, repr=False)
    # The bot-wide context this one was derived from for a group, so /settings can tell the
    # group's choices from the bot's defaults.
    bot_defaults: Context | None = field(default=None, compare=False, repr=False)
    # Live mark prices (bot/prices/feed.py) and alert preferences (bot/storage/sqlite/alerts.py); None when
    # the bot runs without them: commands then ask for an entry price, /alerts says it is off.
    prices: PriceFeed | None = field(default=None, compare=False, repr=False)
    alerts: AlertPreferences | None = field(default=None, compare=False, repr=False)
    # Each user's own language choice (/lang); None without a store: the platform's language applies.
    languages: LanguagePrefs | None = field(default=None, compare=False, repr=False)
    # The time now, for what an answer says about age ("refreshed 3 h ago", a stale table): core has
    # no clock, so commands read it here; a test hands in a fixed clock.
    now: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc), compare=False, repr=False)

    @property
    def defaults(self) -> Context:
        return self.bot_defaults or self
