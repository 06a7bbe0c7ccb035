"""The database fails under the running Telegram bot: a second writer holds the lock, or the disk is
full. The bot keeps answering calculations, says plainly that the save failed, and loses nothing."""

from __future__ import annotations

from pathlib import Path

from commands.context import Context
from tests.robustness.storage_faults import full_store, hold_write_lock, locked_store
from tests.telegram.conftest import stored_rows
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

USER = 4242
OWNER = f"telegram:{USER}"
SAVE = "/save long BTC 60000 25x qty=0.5"
LIQ = "/liq long BTC 60000 25x isolated"


def _texts(fake: FakeBotApi) -> list[str]:
    return [parse_html(message["text"]) for message in fake.sent]


async def test_locked_database_the_save_says_so_and_liq_still_answers(fake: FakeBotApi, start_bot,
                                                                      db_path: Path) -> None:
    store = await locked_store(db_path)
    try:
        await start_bot(context=Context(store=store))
        fake.message("/optin", user_id=USER)
        await fake.wait_for_sent(1)
        other = hold_write_lock(db_path)
        try:
            fake.message(SAVE, user_id=USER)
            fake.message(LIQ, user_id=USER)
            await fake.wait_for_sent(3, timeout=5)       # both answered while the lock is held
            failed, answered = sorted(_texts(fake)[1:], key=lambda t: not t.startswith("Couldn't"))
            assert failed.startswith("Couldn't save") and "Nothing was lost" in failed
            assert answered.startswith("Liquidation: 57,831.33")
            assert stored_rows(db_path, OWNER) == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        fake.message(SAVE, user_id=USER)                 # the same bot saves once the lock is gone
        await fake.wait_for_sent(4, timeout=5)
        assert len(stored_rows(db_path, OWNER)) == 1
    finally:
        await store.close()


async def test_full_disk_the_save_says_so_and_nothing_is_lost(fake: FakeBotApi, start_bot,
                                                              db_path: Path) -> None:
    store, saved = await full_store(db_path, OWNER)
    try:
        await start_bot(context=Context(store=store))
        fake.message(SAVE, user_id=USER)
        await fake.wait_for_sent(1, timeout=5)
        fake.message(LIQ, user_id=USER)
        await fake.wait_for_sent(2, timeout=5)
        failed, answered = _texts(fake)
        assert failed.startswith("Couldn't save") and "try again" in failed
        assert answered.startswith("Liquidation: 57,831.33")
        assert len(stored_rows(db_path, OWNER)) == saved
        fake.message("/positions", user_id=USER)
        await fake.wait_for_sent(3, timeout=5)
        assert f"Your saved positions ({saved})" in _texts(fake)[-1]   # every earlier save is still there
    finally:
        await store.close()
