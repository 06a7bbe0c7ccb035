"""Every example riskbot shows a user answers without an error: the registry's examples (what
/help and /help <command> print) and the command tables of the README and docs/, each run through dispatch with
the real stores (SQLite), live prices from the fake venues, and a caller who has opted in, saved
five positions and moderates the group, so an example about position 3 has a position 3."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.main import bot_context
from bot.prices.feed import HttpPriceFeed
from bot.settings import Settings
from bot.storage.sqlite.worker import SqliteDatabase
from commands.catalog import all_commands
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text
from tests.prices.fake_venues import FakeVenues

ROOT = Path(__file__).resolve().parents[2]
# The README's command table and the guides' (saved positions, moderators, alerts) in docs/.
README = "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
TABLE_ROW = re.compile(r"^\| `/[^|]*\| (.*?) \|", re.M)   # a command table's examples column

# Five positions, #3 and #5 cross (`/position 3 balance=5000` is about a cross wallet).
SETUP = ("/optin", "/save long BTC 60000 25x qty=0.5", "/save short ETH 3000 10x qty=2",
         "/save long BTC 62000 10x cross qty=0.1", "/save long BTC 58000 5x qty=0.2",
         "/save short ETH 3100 3x cross qty=1")
MARKS = (("binance_usdm", "BTCUSDT", "60000"), ("bybit", "linear:ETHUSDT", "3000"), ("okx", "BTC-USD-SWAP", "60000"))


def registry_examples() -> set[str]:
    return {example for command in all_commands() for example in command.examples}


def readme_examples() -> set[str]:
    found = set()
    for cell in TABLE_ROW.findall(README):
        found |= {text for text in re.findall(r"`(/[^`]+)`", cell) if "…" not in text}
    return found


async def _moderator() -> bool:
    return True


def test_the_readme_tables_are_read():
    assert {"/liq long BTC 60000 25x isolated", "/delete 3", "/audit 25"} <= readme_examples()


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """One file for the module (opening one costs ~0.1 s); each example gets its own user and group.
    The database runs on its own thread, so it outlives the loop that opened it (as in bot/main.py)."""
    opened = asyncio.run(SqliteDatabase.open(tmp_path_factory.mktemp("examples") / "riskbot.db"))
    yield opened
    asyncio.run(opened.close())


@pytest.fixture
async def context(database) -> Context:
    venues = await FakeVenues().start()
    for host, instrument, mark in MARKS:
        venues.set_mark(host, instrument, mark)
    async with HttpPriceFeed(venues.base_urls()) as feed:
        yield replace(bot_context(Settings(_env_file=None), database), prices=feed)
    await venues.stop()


EXAMPLES = sorted(registry_examples() | readme_examples())


@pytest.mark.parametrize("example", EXAMPLES)
async def test_example_answers(example: str, context: Context):
    who = str(100 + EXAMPLES.index(example))   # a user and a group of its own

    async def say(text: str):
        return await dispatch(Invocation(text=text, platform="discord", user_id=who, chat_id=who, is_group=True,
                                         channel_id=f"{who}1", is_moderator=_moderator), context)

    saved = []
    for step in SETUP:
        reply = await say(step)
        assert reply.error is None, step
        saved += [reply.result["id"]] if "id" in reply.result else []
    # Ids are numbered across the database: "#3" in an example is this user's third position.
    reply = await say(re.sub(r"^(/\w+) (\d)\b", lambda m: f"{m[1]} {saved[int(m[2]) - 1]}", example))
    assert reply.error is None, (example, plain_text(reply))
