"""The once-per-cooldown gate on a group's risk nudge (commands/groups/context.py applies the nudge).

Its own module because two sides need it: the bot-wide `Context` holds one gate, and the group
context consults it; neither has to import the other. Several processes share one gate instead
(bot/shared/nudges.py): the same `allow(group, cooldown)`, awaited, because it asks the database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class NudgeGate:
    """When each group was last nudged (in memory: a restart may nudge once more, nothing worse)."""

    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def allow(self, group: str, cooldown: int) -> bool:
        now = self.clock()
        last = self._last.get(group)
        if last is not None and now - last < cooldown:
            return False
        self._last[group] = now
        return True
