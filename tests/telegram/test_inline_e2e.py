"""Inline mode (`@ThisBot liq ...` typed in any chat) runs only what is public and read-only.

Telegram sends an inline query on every keystroke, from any chat, with no chat to answer in. So a
command that reads or changes someone's data must not run there: typing `/delete 12` would delete
#1 on the way. The registry says which commands may (`Command.inline`); every other one gets a card
saying to ask in a DM, and the database does not change by one byte.
"""

from __future__ import annotations

import sqlite3
from html import unescape
from pathlib import Path

import pytest

from bot.cooldown import SLOW_DOWN, Cooldown
from bot.telegram.delivery import USE_A_DM
from commands.catalog import all_commands
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi

ALICE = 501


def every_row(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table in the file, read with plain sqlite3."""
    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def test_only_public_read_only_commands_are_declared_inline() -> None:
    assert sorted(c.name for c in all_commands() if c.inline) == ["avg", "help", "lev", "liq", "plan", "pnl", "price", "size",
                                                                 "venues"]


@pytest.mark.parametrize("query", [
    "/save long BTC 60000 25x qty=1 consent=yes",
    "/optin",
    "/delete 1",
    "/forget confirm",
    "/update 1 qty=3",
    "/add 1 qty=0.5 price=58000",
])
async def test_inline_commands_that_change_data_change_nothing(
        fake: FakeBotApi, saving_bot, db_path: Path, query: str) -> None:
    fake.message("/save long BTC 60000 25x qty=0.5 consent=yes", user_id=ALICE)   # in the DM: stored
    await settle(fake, saving_bot)
    before = every_row(db_path)
    assert before["positions"], "the DM save should have stored a row"

    fake.inline_query(query, user_id=ALICE)
    [answer] = await fake.wait_until(lambda: fake.requests("answerInlineQuery"))

    assert every_row(db_path) == before
    [card] = answer["results"]
    assert unescape(card["input_message_content"]["message_text"]) == USE_A_DM.format(
        command=query.split()[0].lstrip("/"))


async def test_inline_queries_count_against_the_per_user_cooldown(fake: FakeBotApi, start_bot) -> None:
    bot = await start_bot(cooldown=Cooldown(burst=2, window=60))
    for _ in range(4):
        fake.inline_query("liq long BTC 60000 25x", user_id=ALICE)
    await settle(fake, bot)
    answers = fake.requests("answerInlineQuery")
    texts = [unescape(a["results"][0]["input_message_content"]["message_text"]) for a in answers]
    # Two answered, one "slow down", then silence until the window clears.
    assert len(texts) == 3
    assert "Liquidation" in texts[0] and "Liquidation" in texts[1]
    assert texts[2] == SLOW_DOWN
