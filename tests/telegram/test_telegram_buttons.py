"""The button book on its own, with a clock the test moves: lifetime, single use, owner, bound."""

from __future__ import annotations

from bot.telegram_buttons import EXPIRED, LIFETIME, NOT_YOURS, ButtonBook, Claim
from commands.reply import Action

ALICE, BOB = "telegram:1", "telegram:2"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_token_runs_its_command_for_its_owner_once() -> None:
    book = ButtonBook(clock=Clock())
    token = book.mint(ALICE, "/forget confirm")
    assert book.claim(token, BOB) == Claim(refusal=NOT_YOURS)
    assert book.claim(token, ALICE) == Claim(command="/forget confirm")
    assert book.claim(token, ALICE) == Claim(refusal=EXPIRED)


def test_a_token_lasts_fifteen_minutes() -> None:
    clock = Clock()
    book = ButtonBook(clock=clock)
    early, late = book.mint(ALICE, "/a"), book.mint(ALICE, "/b")
    assert LIFETIME == 15 * 60
    clock.now += LIFETIME - 1
    assert book.claim(early, ALICE).command == "/a"
    clock.now += 1
    assert book.claim(late, ALICE) == Claim(refusal=EXPIRED)


def test_unknown_and_missing_data_are_expired_buttons() -> None:
    book = ButtonBook()
    assert book.claim("made-up", ALICE) == Claim(refusal=EXPIRED)
    assert book.claim(None, ALICE) == Claim(refusal=EXPIRED)


def test_the_book_is_bounded_and_forgets_expired_tokens() -> None:
    clock = Clock()
    book = ButtonBook(max_tokens=3, clock=clock)
    tokens = [book.mint(ALICE, f"/c{i}") for i in range(5)]
    assert len(book) == 3
    assert book.claim(tokens[0], ALICE) == Claim(refusal=EXPIRED)   # the oldest went first
    assert book.claim(tokens[4], ALICE).command == "/c4"
    clock.now += LIFETIME
    book.mint(ALICE, "/fresh")
    assert len(book) == 1


def test_keyboard_has_one_button_a_row_with_distinct_short_tokens() -> None:
    book = ButtonBook()
    assert book.keyboard((), ALICE) is None
    markup = book.keyboard((Action("Yes", "/save long BTC 60000 25x qty=1 consent=yes"), Action("No", "/help")), ALICE)
    assert markup is not None
    rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Yes"], ["No"]]
    data = [row[0].callback_data for row in rows]
    assert len(set(data)) == 2 and all(len(d.encode()) <= 64 for d in data)
    assert book.claim(data[0], ALICE).command == "/save long BTC 60000 25x qty=1 consent=yes"
