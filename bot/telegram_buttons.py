"""Buttons under a Telegram answer: what a press may run, and for whom.

A `Reply`'s actions become an inline keyboard, but the command text never goes to Telegram: a
button carries only a random token, and this book maps the token to (user key, command) on our
side. Three reasons. `callback_data` is at most 64 bytes, shorter than many commands; anyone in a
group can press any button, so the press must be checked against who the answer was for; and a
client can send any `callback_data` it likes, so the data must not be something we would run.

A token is good for one successful press, for 15 minutes. A press by someone else does not use it
up (a stranger must not be able to spoil the button for its owner). The book is bounded: the
oldest tokens go first when it is full, which only means those buttons expire early.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from commands.reply import Action

LIFETIME = 15 * 60.0
MAX_TOKENS = 10_000
EXPIRED = "This button has expired. Send the command again."
NOT_YOURS = "This button is for the person who asked. Send the command yourself."


@dataclass(frozen=True)
class Claim:
    """The outcome of a press: the command to run, or why nothing runs (`refusal`)."""

    command: str | None = None
    refusal: str | None = None


class ButtonBook:
    def __init__(self, lifetime: float = LIFETIME, max_tokens: int = MAX_TOKENS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime, self.max_tokens, self.clock = lifetime, max_tokens, clock
        self._tokens: OrderedDict[str, tuple[float, str, str]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._tokens)

    def mint(self, user_key: str, command: str) -> str:
        """A new token (22 URL-safe characters, well under the 64-byte limit) for one press."""
        self._drop_expired()
        while len(self._tokens) >= self.max_tokens:
            self._tokens.popitem(last=False)
        token = secrets.token_urlsafe(16)
        self._tokens[token] = (self.clock() + self.lifetime, user_key, command)
        return token

    def claim(self, token: str | None, user_key: str) -> Claim:
        entry = self._tokens.get(token or "")
        if entry is None or entry[0] <= self.clock():
            self._tokens.pop(token or "", None)
            return Claim(refusal=EXPIRED)
        _, owner, command = entry
        if owner != user_key:
            return Claim(refusal=NOT_YOURS)
        del self._tokens[token]
        return Claim(command=command)

    def keyboard(self, actions: tuple[Action, ...], user_key: str) -> InlineKeyboardMarkup | None:
        """One button per row (labels stay readable on a phone), each bound to `user_key`."""
        if not actions:
            return None
        return InlineKeyboardMarkup([[InlineKeyboardButton(a.label, callback_data=self.mint(user_key, a.command))]
                                     for a in actions])

    def _drop_expired(self) -> None:
        # Tokens are minted in time order with one lifetime, so the expired ones are at the front.
        now = self.clock()
        while self._tokens:
            token, (expires, _, _) = next(iter(self._tokens.items()))
            if expires > now:
                break
            del self._tokens[token]
