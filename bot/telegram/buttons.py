"""A reply's actions as a Telegram inline keyboard, each button carrying a token from the book.

What a press may run, and for whom, is decided by bot/button_book.py. Telegram only adds its
size rule: `callback_data` is at most 64 bytes, and a token without a prefix is 22 ASCII
characters. No prefix is needed either: every callback query our bot receives comes from a
keyboard we sent.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.button_book import ButtonBook
from commands.reply import Action

CALLBACK_DATA_BYTES = 64   # Bot API, InlineKeyboardButton.callback_data


def keyboard(book: ButtonBook, actions: tuple[Action, ...], user_key: str) -> InlineKeyboardMarkup | None:
    """One button per row (labels stay readable on a phone), each bound to `user_key`; None if no actions."""
    if not actions:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(a.label, callback_data=book.issue(user_key, a.command))]
                                 for a in actions])
