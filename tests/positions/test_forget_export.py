"""/export hands over everything stored; /forget asks, then erases everything, opt-in included."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import PositionStore
from tests.positions.conftest import Chat

OWNER = "telegram:1001"


async def test_export_returns_the_users_data_as_json_text(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save long BTC 60000.10 25x qty=0.5 sl=57000")
    reply = await opted_in.ok("/export")
    assert reply.private and reply.result["records"] == 2 and reply.result["positions"] == 1
    data = json.loads(reply.result["json"])
    assert data["owner"] == OWNER and data["records"] == await store.export(OWNER)
    consent, position = data["records"]
    assert consent["record"] == "consent" and position["entry"] == "60000.10" and position["stop"] == "57000"
    assert any("file" in note for note in reply.notes)      # says the attachment is still to come


async def test_export_before_opting_in_is_empty(chat: Chat) -> None:
    reply = await chat.ok("/export")
    assert json.loads(reply.result["json"])["records"] == [] and reply.result["records"] == 0


async def test_forget_without_confirm_deletes_nothing(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save long BTC 60000 25x qty=0.5")
    reply = await opted_in.ok("/forget")
    assert reply.private and reply.result == {"deleted": 0, "confirm_needed": True}
    assert "/forget confirm" in " ".join(reply.notes)
    assert len(await store.list(OWNER)) == 1 and await store.has_consented(OWNER)


async def test_forget_with_nothing_stored(chat: Chat) -> None:
    assert (await chat.ok("/forget")).result == {"deleted": 0}


async def test_forget_confirm_erases_everything_and_counts_rows(opted_in: Chat, store: PositionStore) -> None:
    await opted_in.ok("/save long BTC 60000 25x qty=0.5 label=a")
    await opted_in.ok("/save short ETH 3000 10x qty=2 label=b")
    await opted_in.ok("/optin", "2002")
    await opted_in.ok("/save long BTC 61000 5x qty=1", "2002")
    reply = await opted_in.ok("/forget confirm")
    assert reply.private and reply.result == {"deleted": 3} and reply.headline.value == "3 rows"
    assert await store.list(OWNER) == [] and await store.export(OWNER) == []
    assert not await store.has_consented(OWNER)
    assert (await opted_in.ok("/export")).result["records"] == 0
    again = await opted_in.ok("/save long BTC 60000 25x qty=0.5")
    assert again.result["consent_required"] is True              # consent went too
    assert len(await store.list("telegram:2002")) == 1


async def test_after_forget_the_database_file_holds_nothing_about_the_user(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path)
    chat = Chat(store)
    await chat.ok("/optin")
    await chat.ok("/save long BTC 60000 25x qty=0.5 label=secretlabel")
    await chat.ok("/forget confirm")
    await store.close()
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT owner FROM consents UNION ALL SELECT owner FROM positions").fetchall()
    conn.close()
    assert rows == []
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert OWNER.encode() not in raw and b"secretlabel" not in raw


async def test_privacy_and_forget_say_what_erasing_means_on_this_backend(opted_in: Chat, store: PositionStore) -> None:
    """SQLite overwrites erased rows in place; PostgreSQL keeps old row versions until it vacuums, and
    backups keep everything: each backend's replies say its own truth, never the other's."""
    truths = {"SqlitePositionStore": "overwritten in the file", "PostgresPositionStore": "until it vacuums",
              "MemoryPositionStore": "in memory only"}
    expected = truths[type(store).__name__]
    privacy = await opted_in.ok("/privacy")
    assert expected in dict((line.label, line.value) for line in privacy.lines)["Erasure"]
    await opted_in.ok("/save long BTC 60000 25x qty=0.5")
    forgotten = await opted_in.ok("/forget confirm")
    assert any(expected in note for note in forgotten.notes)
    assert not any(other in " ".join(forgotten.notes) for other in set(truths.values()) - {expected})
