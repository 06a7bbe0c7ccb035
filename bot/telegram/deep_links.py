"""Private answers that could not be delivered, held for a deep link into the asker's DM.

A private answer asked for in a group goes to the asker's DM; Telegram refuses that until they
have pressed Start in a chat with the bot. The group is then told so with a link,
`https://t.me/<bot>?start=<token>`: opening it and pressing Start sends the bot `/start <token>`
from the DM, and the answer that could not be delivered is shown there.

The token is opaque (random, 16 URL-safe characters; Telegram allows up to 64 of
`A-Za-z0-9_-`), never user data, because the link is shown to the whole group. It is bound to the
asker: anyone else opening the same link gets the ordinary /start greeting, and the answer stays
held for its owner. It is shown once, and held for 15 minutes at most; the table is bounded.
Held in memory: a restart loses what is held, and the user asks again.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from typing import Callable

from commands.reply import Reply

HOLD_SECONDS = 15 * 60
MAX_HELD = 10_000


class HeldAnswers:
    def __init__(self, hold_seconds: float = HOLD_SECONDS, max_held: int = MAX_HELD,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.hold_seconds, self.max_held, self.clock = hold_seconds, max_held, clock
        self._held: OrderedDict[str, tuple[int, float, Reply]] = OrderedDict()

    def hold(self, user_id: int, reply: Reply) -> str:
        """Keep `reply` for `user_id`; returns the token for the deep link."""
        self._expire()
        token = secrets.token_urlsafe(12)
        self._held[token] = (user_id, self.clock() + self.hold_seconds, reply)
        while len(self._held) > self.max_held:
            self._held.popitem(last=False)
        return token

    def take(self, token: str, user_id: int) -> Reply | None:
        """The answer held under `token` for `user_id`, once; None for anyone else, or too late."""
        self._expire()
        held = self._held.get(token)
        if held is None or held[0] != user_id:
            return None
        del self._held[token]
        return held[2]

    def _expire(self) -> None:
        now = self.clock()
        while self._held and next(iter(self._held.values()))[1] <= now:
            self._held.popitem(last=False)

    def __len__(self) -> int:
        return len(self._held)

    def __bool__(self) -> bool:
        return True   # an empty table is still the table: `held or HeldAnswers()` must keep it


def start_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
