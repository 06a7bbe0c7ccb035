"""A user's positions are theirs alone: another user's id gets exactly the answer a nonexistent id
gets, and nothing of the owner's row changes (IDOR by id)."""

from __future__ import annotations

import re

import pytest

from commands.saved.store_port import PositionStore
from tests.positions.conftest import Chat

ALICE, BOB = "1001", "2002"


def _shape(reply) -> tuple:
    """The reply with the id number blanked, so two ids' answers can be compared."""
    message = re.sub(r"#\d+", "#N", reply.error.message) if reply.error else None
    return reply.ok, reply.error.code if reply.error else None, message, reply.private, reply.result


@pytest.mark.parametrize("template", [
    "/position {id}", "/update {id} sl=50000", "/add {id} 1@50000", "/close {id} exit=70000", "/delete {id}",
])
async def test_someone_elses_id_is_not_found_like_a_missing_one(chat: Chat, store: PositionStore, template: str) -> None:
    await chat.ok("/optin", ALICE)
    await chat.ok("/save long BTC 60000 25x qty=0.5 label=alice", ALICE)
    [row] = await store.list(f"telegram:{ALICE}")
    await chat.ok("/optin", BOB)

    theirs = await chat.say(template.format(id=row.id), BOB)
    missing = await chat.say(template.format(id=row.id + 1000), BOB)
    assert theirs.error is not None and theirs.error.code == "not_found"
    assert _shape(theirs) == _shape(missing)
    assert "alice" not in str(theirs) and "60,000" not in str(theirs)
    assert await store.list(f"telegram:{ALICE}") == [row]


async def test_lists_exports_and_forget_are_per_user(chat: Chat, store: PositionStore) -> None:
    for user, symbol in ((ALICE, "BTC 60000"), (BOB, "ETH 3000")):
        await chat.ok("/optin", user)
        await chat.ok(f"/save long {symbol} 10x qty=1", user)
    alice = await chat.ok("/positions", ALICE)
    assert [p["symbol"] for p in alice.result["positions"]] == ["BTC"]
    assert "ETH" not in (await chat.ok("/export", ALICE)).result["json"]
    await chat.ok("/forget confirm", ALICE)
    assert [p.symbol for p in await store.list(f"telegram:{BOB}")] == ["ETH"]


async def test_the_same_id_number_on_another_platform_is_another_user(chat: Chat, store: PositionStore) -> None:
    await chat.say("/optin", ALICE)
    await chat.ok("/save long BTC 60000 25x qty=0.5", ALICE)
    [row] = await store.list(f"telegram:{ALICE}")
    reply = await chat.say(f"/position {row.id}", ALICE, platform="discord")
    assert reply.error is not None and reply.error.code == "not_found"
