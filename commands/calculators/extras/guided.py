"""Guided input: when /liq, /size or /pnl lacks only the side or only the leverage, the answer offers
buttons (`long` / `short`; `5x 10x 20x 25x 50x`) that send the same command with that word added.

The buttons are ordinary reply actions, so each adapter binds them to the caller as it does every
button (bot/button_book.py: one press, by the person who asked, within 15 minutes); the console
shows the commands to copy. Anything else missing gets the usual usage message. The question is
spoken in the asker's language, and so are the side buttons' labels; the words they add to the
command stay as typed (`long`, `25x`: input syntax).
"""

from __future__ import annotations

from typing import Any

from commands.invocation import Invocation
from commands.reply import Action, ErrorInfo, Reply
from core.i18n import N_, _

SIDE_CHOICES = ("long", "short")
LEVERAGE_CHOICES = ("5x", "10x", "20x", "25x", "50x")
SIDE_LABELS = {"long": N_("long"), "short": N_("short")}
QUESTIONS = {"side": N_("Long or short? Pick one to finish the command."),
             "leverage": N_("Which leverage? Pick one to finish the command, or send it again with yours.")}


def offer(command: str, args: dict[str, Any], needed: tuple[str, ...], invocation: Invocation,
          example: str, max_leverage: int | None = None) -> Reply | None:
    """The buttons for the one missing word, or None when something else is missing too (or nothing)."""
    missing = [name for name in needed if name not in args]
    if len(missing) != 1 or missing[0] not in QUESTIONS:
        return None
    if missing[0] == "side":
        words = SIDE_CHOICES
    else:
        words = tuple(w for w in LEVERAGE_CHOICES if max_leverage is None or int(w[:-1]) <= max_leverage)
    text = invocation.text.strip()
    return Reply(command=command, error=ErrorInfo("usage", _(QUESTIONS[missing[0]])), example=example,
                 actions=tuple(Action(_(SIDE_LABELS[word]) if word in SIDE_LABELS else word, f"{text} {word}")
                                  for word in words))
