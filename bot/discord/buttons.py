"""A reply's actions as Discord buttons, and which presses are ours to answer.

The token behind each button, and what a press may run and for whom, are bot/button_book.py's.
Discord adds two things: its size limits, below, and a prefix on every token (the adapter makes
its book with `TOKEN_PREFIX`). The adapter's interaction handler sees every interaction the bot
gets; the prefix is how it knows a press belongs to this book and is owed an answer, where any
other component is left alone.

discord.py's own view store is not used: it would hold a callback per message and drop presses it
does not know without an answer, where a refusal is owed. The adapter reads every component
interaction instead and asks the book to `redeem` it.
"""

from __future__ import annotations

import discord

from bot.button_book import ButtonBook
from bot.discord.render import clip, safe
from commands.reply import Action

TOKEN_PREFIX = "rb:"          # only presses carrying this are ours to answer
# Discord's limits (developers/components/reference.mdx): 5 buttons a row, 5 rows, labels of 80,
# custom_id of 100 (a token here is 25).
PER_ROW, ROWS, LABEL = 5, 5, 80


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
