"""Holding back implausible mark prices before anyone sees or acts on them.

Why: one venue answer of BTC 0.00000001 (or 1e9) would be shown by /price, used by /liq, and in
the alert job would send a false "near liquidation" DM to every holder, then hide the real alert
behind the repeat window. Venues do glitch (a bad print, a half-deployed API, a maintenance page
with numbers in it), so the feed judges every fresh answer before serving it:

- A mark more than `bound` (25%) away from the last good mark of its market is held. BTC's whole
  intraday range is ~3% (core/data/daily_moves.json), so 25% between two polls seconds apart is a
  glitch far more often than a market. The next fresh answer decides: within `bound` of the last
  good mark, it is good and the spike is dropped; within `bound` of the held mark, the move is
  confirmed and becomes the good mark; otherwise it is held in turn.
- A market's first mark (or one whose last good mark is older than `max_age`, too old to compare
  "within one poll") is checked against the median of the other venues' recent good marks for the
  same asset, else against a price range the caller knows (`known_range`: no shipped table holds
  one yet), and held like a jump when off. With nothing to compare it is taken: the alert job's
  two-tick rule (bot/jobs/alerts.py) still stands between it and a DM.
- A held mark is logged and never served: the feed raises PriceUnavailable, so /price says it is
  waiting for confirmation, /liq asks for an entry price, and the alert job skips the market for
  that tick. Serving the last good mark instead would show a stale price as current exactly when
  the market may have moved.

One fresh answer is judged once (`fetch`: the feed numbers its answers), however many callers share it.
State is one entry per market the bot was asked about, the same bound as the feed's cache.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from typing import Callable

log = logging.getLogger(__name__)

BOUND = Decimal("0.25")
MAX_AGE = 600.0   # seconds: an older good mark says nothing about "within one poll"

Key = tuple[str, str, str]                     # (venue, contract, symbol)
Range = Callable[[str, str, str], "tuple[Decimal, Decimal] | None"]


def no_range(venue: str, contract: str, symbol: str) -> tuple[Decimal, Decimal] | None:
    return None


@dataclass
class _Market:
    good: Decimal | None = None
    good_seen: float = 0.0      # monotonic seconds of the fetch that gave `good`
    held: Decimal | None = None
    fetch: int | None = None    # the answer judged last


class MarkGuard:
    def __init__(self, bound: Decimal = BOUND, max_age: float = MAX_AGE, known_range: Range = no_range) -> None:
        self.bound, self.max_age, self.known_range = bound, max_age, known_range
        self._markets: dict[Key, _Market] = {}

    def accept(self, key: Key, price: Decimal, fetch: int, seen: float, label: str) -> bool:
        """True if `price` may be served; False while it is held. `fetch` numbers the venue answer
        it came in, `seen` is when (monotonic seconds); `label` names the market in the log."""
        state = self._markets.setdefault(key, _Market())
        if state.fetch == fetch:              # the same answer asked for again
            return state.held is None
        state.fetch = fetch
        recent = state.good is not None and seen - state.good_seen <= self.max_age
        if recent:
            plausible = self._near(price, state.good)
        else:
            plausible = self._first_is_plausible(key, price, seen)
        if plausible or (state.held is not None and self._near(price, state.held)):
            state.good, state.good_seen, state.held = price, seen, None
            return True
        state.held = price
        log.warning("price feed: held an implausible %s mark %s (%s); waiting for the next poll to confirm it",
                    label, format(price, "f"), f"last good {state.good:f}" if recent else "no recent mark to compare")
        return False

    def _near(self, price: Decimal, reference: Decimal | None) -> bool:
        return reference is not None and abs(price - reference) <= self.bound * reference

    def _first_is_plausible(self, key: Key, price: Decimal, seen: float) -> bool:
        venue, contract, symbol = key
        others = [m.good for k, m in self._markets.items()
                  if k != key and k[2] == symbol and m.good is not None and seen - m.good_seen <= self.max_age]
        if others:
            return self._near(price, median(others))
        known = self.known_range(venue, contract, symbol)
        return known is None or known[0] <= price <= known[1]
