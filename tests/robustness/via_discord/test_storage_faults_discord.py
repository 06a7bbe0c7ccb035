"""The database fails under the running Discord bot: a second writer holds the lock, or the disk is
full. The bot keeps answering /liq, says plainly (and privately) that the save failed, and loses
nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from commands.context import Context
from tests.discord.conftest import embed_text, stored
from tests.discord.fake_discord import FakeDiscord
from tests.robustness.storage_faults import full_store, hold_write_lock, locked_store

ALICE = "600000000000000006"
OWNER = f"discord:{ALICE}"
POSITION = dict(side="long", symbol="BTC", price=60000, leverage=25, qty=0.5)
LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")


async def _final_text(fake: FakeDiscord, interaction_id: str, timeout: float = 3.0) -> tuple[str, bool]:
    """The answer the user ends up seeing (after a deferral, if the bot deferred) and whether it is
    private (ephemeral)."""
    async def shown():
        while True:
            answers = [s for s in fake.sent(interaction_id) if s.kind != "delete" and s.data.get("embeds")]
            if answers:
                return answers[-1]
            await asyncio.sleep(0.01)
    sent = await asyncio.wait_for(shown(), timeout)
    return embed_text(sent.data), sent.ephemeral


async def test_locked_database_the_save_says_so_and_liq_still_answers(make_adapter, fake: FakeDiscord,
                                                                      db_path: Path) -> None:
    store = await locked_store(db_path)
    try:
        await store.record_consent(OWNER)
        await make_adapter(context=Context(store=store))
        other = hold_write_lock(db_path)
        try:
            save = await fake.command("save", user_id=ALICE, **POSITION)
            liq = await fake.command("liq", user_id=ALICE, **LIQ)
            failed, private = await _final_text(fake, save)
            answered, _ = await _final_text(fake, liq)
            assert failed.startswith("Couldn't save") and "Nothing was lost" in failed and private
            assert "Liquidation: 57,831.33" in answered.splitlines()[:2]
            assert stored(db_path, "positions", OWNER) == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        saved, _ = await _final_text(fake, await fake.command("save", user_id=ALICE, **POSITION))
        assert "Saved #1" in saved and len(stored(db_path, "positions", OWNER)) == 1
    finally:
        await store.close()


async def test_full_disk_the_save_says_so_and_nothing_is_lost(make_adapter, fake: FakeDiscord,
                                                              db_path: Path) -> None:
    store, saved = await full_store(db_path, OWNER)
    try:
        await make_adapter(context=Context(store=store))
        failed, private = await _final_text(fake, await fake.command("save", user_id=ALICE, **POSITION))
        answered, _ = await _final_text(fake, await fake.command("liq", user_id=ALICE, **LIQ))
        assert failed.startswith("Couldn't save") and "try again" in failed and private
        assert "Liquidation: 57,831.33" in answered.splitlines()[:2]
        assert len(stored(db_path, "positions", OWNER)) == saved
    finally:
        await store.close()
