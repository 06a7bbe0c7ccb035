"""One SQLite database per module, with a user who opted in and saved two positions, for running
every command's examples in each language."""

from __future__ import annotations

import asyncio

import pytest

from bot.main import bot_context
from bot.settings import Settings
from bot.storage.sqlite.worker import SqliteDatabase
from commands.dispatch import dispatch
from commands.invocation import Invocation

SETUP = ("/optin", "/save long BTC 60000 25x qty=0.5 label=swing", "/save short ETH 3000 10x qty=2")


async def _yes() -> bool:
    return True


def asked(text: str, locale: str = "qps") -> Invocation:
    """A moderator in a Telegram group, whose app is set to `locale`."""
    return Invocation(text=text, platform="telegram", user_id="7", chat_id="-1007", is_group=True,
                      is_moderator=_yes, locale=locale)


def inputs(command) -> tuple[str, ...]:
    """A command's registry examples, less those that would erase the setup."""
    return tuple(e for e in command.examples if not e.startswith(("/forget", "/delete")))


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    database = asyncio.run(SqliteDatabase.open(tmp_path_factory.mktemp("language") / "riskbot.db"))
    made = bot_context(Settings(_env_file=None), database)
    for text in SETUP:
        assert asyncio.run(dispatch(asked(text), made)).error is None, text
    yield made
    asyncio.run(database.close())
