"""The button book on its own, with a clock the test moves: owner, single use, lifetime, bound, prefix.

The platform tests (tests/telegram, tests/discord) press real buttons through the adapters; these
pin the rules both platforms share.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from bot.button_book import EXPIRED, LIFETIME, NOT_YOURS, ButtonBook, Redeemed

ALICE, BOB = "telegram:1", "discord:2"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_token_runs_its_command_for_its_owner_once() -> None:
    book = ButtonBook(clock=Clock())
    token = book.issue(ALICE, "/forget confirm")
    assert book.redeem(token, ALICE) == Redeemed(command="/forget confirm")
    assert book.redeem(token, ALICE) == Redeemed(refusal=EXPIRED)
    assert len(book) == 0


def test_a_strangers_press_is_refused_and_leaves_the_token_for_its_owner() -> None:
    book = ButtonBook(clock=Clock())
    token = book.issue(ALICE, "/save long BTC 60000 25x consent=yes")
    assert book.redeem(token, BOB) == Redeemed(refusal=NOT_YOURS)
    assert book.redeem(token, BOB) == Redeemed(refusal=NOT_YOURS), "refusing did not spend it"
    assert book.redeem(token, ALICE) == Redeemed(command="/save long BTC 60000 25x consent=yes")


def test_a_token_lasts_fifteen_minutes_to_the_second() -> None:
    clock = Clock()
    book = ButtonBook(clock=clock)
    early, late = book.issue(ALICE, "/a"), book.issue(ALICE, "/b")
    assert LIFETIME == 15 * 60
    clock.now += LIFETIME - 1
    assert book.redeem(early, ALICE).command == "/a"
    clock.now += 1
    assert book.redeem(late, ALICE) == Redeemed(refusal=EXPIRED)


def test_an_expired_token_is_refused_as_expired_even_to_a_stranger() -> None:
    clock = Clock()
    book = ButtonBook(lifetime=10, clock=clock)
    token = book.issue(ALICE, "/a")
    clock.now += 10
    assert book.redeem(token, BOB) == Redeemed(refusal=EXPIRED)


def test_unknown_empty_and_missing_tokens_are_expired_buttons() -> None:
    book = ButtonBook(prefix="rb:")
    issued = book.issue(ALICE, "/forget confirm")
    for forged in ("rb:" + "A" * 22, "/forget confirm", "", None):
        assert book.redeem(forged, ALICE) == Redeemed(refusal=EXPIRED), forged
    assert book.redeem(issued, ALICE).command == "/forget confirm"


def test_the_book_is_bounded_drops_the_oldest_and_forgets_expired_tokens() -> None:
    clock = Clock()
    book = ButtonBook(max_kept=3, clock=clock)
    tokens = [book.issue(ALICE, f"/c{n}") for n in range(5)]
    assert len(book) == 3
    assert book.redeem(tokens[0], ALICE) == Redeemed(refusal=EXPIRED), "the oldest went first"
    assert book.redeem(tokens[4], ALICE).command == "/c4"
    clock.now += LIFETIME
    book.issue(ALICE, "/fresh")
    assert len(book) == 1


def test_tokens_are_distinct_opaque_and_carry_the_prefix() -> None:
    plain, prefixed = ButtonBook(), ButtonBook(prefix="rb:")
    tokens = {plain.issue(ALICE, "/save long BTC 60000") for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) == 22 and t.isascii() and "save" not in t and ALICE not in t for t in tokens)
    token = prefixed.issue(ALICE, "/help")
    assert token.startswith("rb:") and len(token) == 25
    assert plain.redeem(token, ALICE) == Redeemed(refusal=EXPIRED), "books do not share tokens"


def test_the_refusals_state_the_rules_with_the_lifetime_in_force() -> None:
    assert f"{LIFETIME / 60:g} minutes" in EXPIRED and "once" in EXPIRED
    assert "whoever got the reply" in NOT_YOURS


def test_the_book_imports_the_standard_library_only() -> None:
    # And core (itself standard-library only, tests/test_architecture.py) for `N_`, which marks the
    # refusals for the catalogue: the adapters speak them in the presser's language.
    tree = ast.parse((Path(__file__).resolve().parents[1] / "bot" / "button_book.py").read_text("utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__", "core"}, imported
