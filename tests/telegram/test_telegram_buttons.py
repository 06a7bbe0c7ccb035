"""The Telegram side of buttons: the inline keyboard, and what Telegram limits (the book's own rules
are in tests/test_button_book.py; presses end to end in test_buttons_e2e.py)."""

from __future__ import annotations

from bot.button_book import EXPIRED, NOT_YOURS, ButtonBook
from bot.telegram.buttons import CALLBACK_DATA_BYTES, keyboard
from commands.reply import Action

ALICE = "telegram:1"
# Bot API, answerCallbackQuery: "Text of the notification ... 0-200 characters".
ANSWER_TEXT_LIMIT = 200


def test_no_actions_no_keyboard() -> None:
    book = ButtonBook()
    assert keyboard(book, (), ALICE) is None
    assert len(book) == 0, "no token issued for nothing"


def test_keyboard_has_one_button_a_row_with_distinct_short_tokens() -> None:
    book = ButtonBook()
    save = "/save long BTC 60000 25x qty=1 consent=yes " + "x" * 64   # longer than callback_data allows
    markup = keyboard(book, (Action("Yes", save), Action("No", "/help")), ALICE)
    assert markup is not None
    rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Yes"], ["No"]]
    data = [row[0].callback_data for row in rows]
    assert len(set(data)) == 2 and all(len(d.encode()) <= CALLBACK_DATA_BYTES for d in data)
    assert book.redeem(data[0], ALICE).command == save


def test_the_refusals_fit_a_callback_answer() -> None:
    assert all(0 < len(text) <= ANSWER_TEXT_LIMIT for text in (EXPIRED, NOT_YOURS))
