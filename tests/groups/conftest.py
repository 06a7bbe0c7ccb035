"""Fixtures for the moderator tools: a real SQLite file, a clock the test moves, and a group chat
whose members type commands through `commands.dispatch` with a moderator check the test controls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.storage.backends import open_database, stores
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.groups import SqliteGroupStore
from commands.context import Context
from commands.dispatch import dispatch
from commands.groups.nudge import NudgeGate
from commands.invocation import Invocation
from commands.reply import Reply
from tests.support import postgres
from tests.support.doubles import WallClock

GROUP_CHAT = "-1001"


Clock = WallClock  # UTC time that moves only when a test says so


@dataclass
class Group:
    """A group chat: `moderators` are the user ids the platform would confirm as moderators."""

    context: Context
    moderators: set[str] = field(default_factory=lambda: {"1"})
    asked: list[str] = field(default_factory=list)   # who the moderator check was run for

    async def say(self, text: str, user: str = "1", platform: str = "telegram", chat: str = GROUP_CHAT,
                  is_group: bool = True, channel: str | None = None) -> Reply:
        async def is_moderator() -> bool:
            self.asked.append(user)
            return user in self.moderators

        invocation = Invocation(text=text, platform=platform, user_id=user, chat_id=chat, is_group=is_group,
                                channel_id=channel, is_moderator=is_moderator)
        return await dispatch(invocation, self.context)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=postgres.backends("sqlite"))
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    """The SQLite file, and a fresh PostgreSQL schema: every moderator test runs on both."""
    if request.param == "postgresql":
        async with postgres.fresh_schema() as url:
            db = await open_database(url)
            yield db
            await db.close()
        return
    db = await SqliteDatabase.open(tmp_path / "riskbot.db")
    yield db
    await db.close()


@pytest.fixture
def groups(database: SqliteDatabase, clock: Clock) -> SqliteGroupStore:
    return stores(database, clock).groups


@pytest.fixture
def group(groups: SqliteGroupStore, clock: Clock) -> Group:
    return Group(Context(groups=groups, nudges=NudgeGate(clock.seconds)))
