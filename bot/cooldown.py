"""Per-user flood control shared by every adapter.

A user who sends commands faster than `burst` per `window` seconds is told once to slow down and
then ignored until the window clears, rather than silently dropped or answered 30 times. Uses
`time.monotonic()` so a wall-clock jump cannot produce negative or huge waits, and the table is
bounded (oldest users evicted) so 10,000 distinct users cannot grow it without limit.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from enum import Enum
from typing import Callable

from core.i18n import N_


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"      # answer once with "slow down"
    DROP = "drop"      # already warned in this window: stay quiet


SLOW_DOWN = N_("Slow down a little: too many commands in a short time. Try again in a few seconds.")


def judge(times: deque[float], warned: bool, now: float, burst: int, window: float) -> tuple[Verdict, bool]:
    """The rule, for this table and the shared one: drop hits older than `window` from `times` (in
    place), then allow and record this one, warn once, or drop. Returns (verdict, warned now)."""
    while times and now - times[0] >= window:
        times.popleft()
    if not times:
        warned = False
    if len(times) < burst:
        times.append(now)
        return Verdict.ALLOW, warned
    if warned:
        return Verdict.DROP, True
    return Verdict.WARN, True


class Cooldown:
    def __init__(self, burst: int = 5, window: float = 10.0, max_users: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.window = window
        self.max_users = max_users
        self.clock = clock
        self._seen: OrderedDict[str, tuple[deque[float], list[bool]]] = OrderedDict()

    def check(self, user_key: str) -> Verdict:
        times, warned = self._seen.pop(user_key, (deque(), [False]))
        self._seen[user_key] = (times, warned)
        if len(self._seen) > self.max_users:
            self._seen.popitem(last=False)
        verdict, warned[0] = judge(times, warned[0], self.clock(), self.burst, self.window)
        return verdict

    async def admit(self, user_key: str) -> Verdict:
        """`check`, awaitable: the adapters call this, so a cooldown shared by several processes
        (bot/shared/cooldown.py, over PostgreSQL) can stand in for this one."""
        return self.check(user_key)

    def __len__(self) -> int:
        return len(self._seen)

    def __bool__(self) -> bool:
        # An empty table is still a cooldown: `cooldown or Cooldown()` must not discard it.
        return True
