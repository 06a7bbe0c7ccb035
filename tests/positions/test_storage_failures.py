"""When storage fails or is absent: a short answer, never a traceback, nothing lost, and the
calculations keep working."""

from __future__ import annotations

from typing import Any

import pytest

from commands.saved.store_port import PositionStore, StorageUnavailable
from commands.render_text import plain_text
from tests.positions.conftest import Chat

OWNER = "telegram:1001"
COMMANDS = ["/optin", "/privacy", "/positions", "/export", "/forget", "/forget confirm", "/portfolio balance=1000",
            "/save long BTC 60000 25x qty=0.5", "/save long BTC 60000 25x qty=0.5 consent=yes", "/position 1",
            "/update 1 sl=50000", "/add 1 1@50000", "/close 1 exit=61000", "/delete 1"]


class FailingStore:
    """A test fake: the real store, except that the named methods raise StorageUnavailable."""

    def __init__(self, inner: PositionStore, *failing: str) -> None:
        self.inner, self.failing = inner, set(failing)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)
        if name not in self.failing:
            return method

        async def fail(*args: Any, **kwargs: Any) -> Any:
            raise StorageUnavailable("The database is busy. Try again in a moment.")
        return fail


ALL = ("has_consented", "record_consent", "save", "get", "list", "update", "delete", "forget", "export")


@pytest.mark.parametrize("text", COMMANDS)
async def test_storage_unavailable_gets_a_short_storage_reply(store: PositionStore, text: str) -> None:
    await store.record_consent(OWNER)
    reply = await Chat(FailingStore(store, *ALL)).say(text)
    assert reply.error is not None and reply.error.code == "storage", (text, reply)
    assert reply.private and "try again" in reply.error.message and "Traceback" not in plain_text(reply)
    assert len(reply.error.message) < 120


async def test_a_failed_save_loses_nothing(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save long BTC 60000 25x qty=0.5")
    before = await store.export(OWNER)
    reply = await Chat(FailingStore(store, "save")).say("/save short ETH 3000 10x qty=2")
    assert reply.error.code == "storage" and "Couldn't save" in reply.error.message
    assert await store.export(OWNER) == before
    assert (await opted_in.ok("/save short ETH 3000 10x qty=2")).result["saved"] is True   # and it works again


@pytest.mark.parametrize("text", COMMANDS)
async def test_without_a_store_saving_is_disabled_and_says_so(text: str) -> None:
    reply = await Chat(None).say(text)
    if text == "/privacy":
        assert reply.ok and reply.result == {"storage": False, "consented": False}
        assert "disabled" in " ".join(reply.notes)
    else:
        assert reply.ok and reply.result == {"storage": False} and reply.title == "Saving is disabled on this bot"
        assert "/liq" in " ".join(reply.notes)
    assert reply.private


async def test_calculations_work_without_a_store() -> None:
    reply = await Chat(None).say("/liq long BTC 60000 25x")
    assert reply.ok and reply.result["liquidation_price"] == pytest.approx(57831.33, abs=0.01)
