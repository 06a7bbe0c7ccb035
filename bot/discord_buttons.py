"""Reply buttons on Discord: what a button may do, kept on our side, and who may press it.

A button's `custom_id` travels to every client that shows the message and comes back on a press,
so it must say nothing and grant nothing by itself: it is a random token. The command it stands
for, and the one user allowed to run it, stay in this book for 15 minutes (the life of the
interaction token the reply was sent with) and are spent by the first press of their owner. Anyone
else's press, a token we never issued, or one from before a restart is refused; nothing runs.

discord.py's own view store is not used: it would hold a callback per message and drop presses it
does not know without an answer, where a refusal is owed. The adapter reads every component
interaction instead and asks `redeem`.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

import discord

from bot.discord_render import clip, safe
from commands.reply import Action

TOKEN_PREFIX = "rb:"          # only presses carrying this are ours to answer
LIFETIME = 15 * 60.0          # seconds; Discord's interaction tokens live as long
MAX_KEPT = 20_000             # bounds memory if replies come faster than tokens expire
# Discord's limits (developers/components/reference.mdx): 5 buttons a row, 5 rows, labels of 80.
PER_ROW, ROWS, LABEL = 5, 5, 80

NOT_YOURS = "That button belongs to whoever got the reply; it did nothing. Run the command yourself."
EXPIRED = "That button has expired (they last 15 minutes and work once). Run the command again."


@dataclass(frozen=True)
class Redeemed:
    """A press's outcome: the command to run, or why nothing runs."""

    command: str | None = None
    refusal: str | None = None


class ButtonBook:
    """token -> (owner's user key, command text, expiry). In memory: a restart voids every button."""

    def __init__(self, lifetime: float = LIFETIME, clock: Callable[[], float] = time.monotonic,
                 max_kept: int = MAX_KEPT) -> None:
        self.lifetime, self._clock, self._max_kept = lifetime, clock, max_kept
        self._entries: OrderedDict[str, tuple[str, str, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def issue(self, owner: str, command: str) -> str:
        self._drop_expired()
        while len(self._entries) >= self._max_kept:
            self._entries.popitem(last=False)
        token = TOKEN_PREFIX + secrets.token_urlsafe(16)
        self._entries[token] = (owner, command, self._clock() + self.lifetime)
        return token

    def redeem(self, token: str, user_key: str) -> Redeemed:
        """Spend `token` if `user_key` owns it; a stranger's press leaves it for the owner."""
        self._drop_expired()
        entry = self._entries.get(token)
        if entry is None:
            return Redeemed(refusal=EXPIRED)
        owner, command, _ = entry
        if owner != user_key:
            return Redeemed(refusal=NOT_YOURS)
        del self._entries[token]
        return Redeemed(command=command)

    def _drop_expired(self) -> None:
        # Every entry lives equally long, so insertion order is expiry order.
        now = self._clock()
        while self._entries and next(iter(self._entries.values()))[2] <= now:
            self._entries.popitem(last=False)


def is_ours(custom_id: object) -> bool:
    return isinstance(custom_id, str) and custom_id.startswith(TOKEN_PREFIX)


def button_view(actions: tuple[Action, ...], owner: str, book: ButtonBook) -> discord.ui.View | None:
    """The reply's actions as a row of buttons, or None when it has none.

    The view is stopped before it is sent: discord.py then sends its components but does not keep
    it in its view store, which would otherwise also receive the presses."""
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for number, action in enumerate(actions[:PER_ROW * ROWS]):
        view.add_item(discord.ui.Button(
            label=clip(safe(action.label), LABEL), custom_id=book.issue(owner, action.command),
            style=discord.ButtonStyle.primary if number == 0 else discord.ButtonStyle.secondary,
            row=number // PER_ROW))
    view.stop()
    return view
