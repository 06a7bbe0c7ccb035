"""Fixtures for the saved-position commands: every test talks to the real dispatcher, once with the
in-memory store and once with the SQLite store on a temporary file.

Tests that need the store to keep `mmr=`/`cum=` carry `needs_overrides` and run as soon as
`NewPosition` has those fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.saved.store_port import EDITABLE, PositionStore
from commands.reply import Reply
from tests.storage.conftest import store  # noqa: F401  (both backends, one fixture for both suites)

needs_overrides = pytest.mark.skipif(
    "mmr" not in EDITABLE, reason="the position store cannot keep mmr=/cum= yet (NewPosition has no such fields)")


@dataclass
class Chat:
    """Users typing commands at one bot. `say` goes through `commands.dispatch`, parser included."""

    store: PositionStore | None
    replies: list[Reply] = field(default_factory=list)

    async def say(self, text: str, user: str = "1001", platform: str = "telegram") -> Reply:
        invocation = Invocation(text=text, platform=platform, user_id=user, chat_id="-100", is_group=True)
        reply = await dispatch(invocation, Context(store=self.store))
        self.replies.append(reply)
        return reply

    async def ok(self, text: str, user: str = "1001") -> Reply:
        reply = await self.say(text, user)
        assert reply.ok, (text, reply.error)
        return reply


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "riskbot.db"


@pytest.fixture
def chat(store: PositionStore) -> Chat:
    return Chat(store)


@pytest.fixture
async def opted_in(chat: Chat) -> Chat:
    await chat.ok("/optin")
    return chat
