"""What a reply's button may run, and for whom: kept here, never in the button itself.

A button's id (Telegram's `callback_data`, Discord's `custom_id`) is shown to every client that
displays the message and is sent back, as the client chooses, when someone presses it. So it must
neither say what it does nor be trusted to: it is a random token, and this book maps the token to
the command and to the one user it was made for. That also keeps ids short, which matters on
Telegram, where `callback_data` is capped at 64 bytes and many commands are longer.

The rules, the same on every platform:
- a token is good for one successful press, within `lifetime` (15 minutes, the life of the Discord
  interaction token a reply is sent with; one rule everywhere is easier to explain);
- a press by anyone but the owner is refused and does NOT spend the token: in a group anyone can
  press any button, and a stranger must not be able to spoil it for the person it is for;
- the book holds at most `max_kept` tokens and drops the oldest first, so replies arriving faster
  than tokens expire cannot grow memory without end; a dropped token just expires early;
- it lives in memory: a restart voids every button, which is refused like any expired one. Several
  processes share one book in PostgreSQL instead (bot/shared/buttons.py).

Platform-neutral on purpose: the Telegram and Discord modules turn tokens into buttons.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from core.i18n import N_

LIFETIME = 15 * 60.0   # seconds
MAX_KEPT = 20_000

EXPIRED = N_("That button has expired: a button works once, for 15 minutes. Send the command again.")
NOT_YOURS = N_("That button works only for whoever got the reply; it did nothing. Send the command yourself.")


@dataclass(frozen=True)
class Redeemed:
    """A press's outcome: the command to run, or why nothing runs (`refusal`)."""

    command: str | None = None
    refusal: str | None = None   # an N_ template (EXPIRED, NOT_YOURS): speak it with `_`


class ButtonBook:
    """token -> (owner's user key, command text, expiry), in issue order (which is expiry order)."""

    def __init__(self, lifetime: float = LIFETIME, max_kept: int = MAX_KEPT,
                 clock: Callable[[], float] = time.monotonic, prefix: str = "") -> None:
        """`prefix` starts every token, for a platform that must tell our buttons from others'."""
        self.lifetime, self.max_kept, self.prefix = lifetime, max_kept, prefix
        self.clock = clock
        self._entries: OrderedDict[str, tuple[str, str, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def issue(self, owner: str, command: str) -> str:
        """A fresh token for one press by `owner`: `prefix` plus 22 URL-safe characters (128 bits)."""
        self._drop_expired()
        while len(self._entries) >= self.max_kept:
            self._entries.popitem(last=False)
        token = self.prefix + secrets.token_urlsafe(16)
        self._entries[token] = (owner, command, self.clock() + self.lifetime)
        return token

    def redeem(self, token: str | None, user_key: str) -> Redeemed:
        """Spend `token` if `user_key` owns it. Unknown, used, expired or missing: EXPIRED."""
        self._drop_expired()
        if token is None or (entry := self._entries.get(token)) is None:
            return Redeemed(refusal=EXPIRED)
        owner, command, _expiry = entry
        if owner != user_key:
            return Redeemed(refusal=NOT_YOURS)   # left in place for its owner
        del self._entries[token]
        return Redeemed(command=command)

    async def take(self, token: str | None, user_key: str) -> Redeemed:
        """`redeem`, awaitable: the adapters call this, so a book shared by several processes
        (bot/shared/buttons.py, over PostgreSQL) can stand in for this one."""
        return self.redeem(token, user_key)

    def _drop_expired(self) -> None:
        # One lifetime for all, so the entries expire in the order they were issued.
        now = self.clock()
        while self._entries and next(iter(self._entries.values()))[2] <= now:
            self._entries.popitem(last=False)
