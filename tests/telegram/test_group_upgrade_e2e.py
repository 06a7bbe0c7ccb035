"""A Telegram group upgraded to a supergroup keeps its settings, audit trail and schedules.

The upgrade gives the chat a new id. Telegram then sends `migrate_to_chat_id` in the old chat and
`migrate_from_chat_id` in the new one; either may come first and updates can repeat. Whatever
arrives, the group's data ends up under the new id once, with one audit line saying so, and the
group carries on: its venue applies, its scheduled warning posts into the new chat.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.jobs.schedules import ScheduledWarnings
from commands.reply import Reply
from tests.telegram.conftest import group_context, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

OLD, NEW = -4001, -1004001
ADMIN, MEMBER = 911, 912


def rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


def group_keys(db_path: Path) -> dict[str, set[str]]:
    return {table: {r[0] for r in rows(db_path, f"SELECT group_key FROM {table}")}
            for table in ("group_settings", "audit", "schedules")}


@pytest.mark.parametrize("order", ["to,from", "from,to", "to,from,to,from", "from"])
async def test_the_group_moves_to_its_new_id_once(fake: FakeBotApi, start_bot, database, clock,
                                                  tmp_path: Path, order: str) -> None:
    db_path = tmp_path / "riskbot.db"
    fake.members[(OLD, ADMIN)] = fake.members[(NEW, ADMIN)] = "administrator"
    context = group_context(database, clock)
    bot = await start_bot(context=context)
    for text in ("/set venue=bybit threshold=20", "/riskwarn ladder every=6h"):
        fake.message(text, user_id=ADMIN, chat_id=OLD, chat_type="group")
        await settle(fake, bot)
    trail_before = rows(db_path, "SELECT id, actor, action, detail FROM audit ORDER BY id")
    assert group_keys(db_path) == {t: {f"telegram:{OLD}"} for t in ("group_settings", "audit", "schedules")}

    fake.upgrade(OLD, NEW, user_id=ADMIN, order=order)
    await settle(fake, bot)

    assert group_keys(db_path) == {t: {f"telegram:{NEW}"} for t in ("group_settings", "audit", "schedules")}
    trail = rows(db_path, "SELECT id, actor, action, detail FROM audit ORDER BY id")
    assert trail[:-1] == trail_before                      # the old trail, intact, in order
    [moved] = [r for r in trail if r[2] == "moved"]        # audited once, however many updates came
    assert moved == trail[-1] and f"moved from telegram:{OLD}" in moved[3] and "1 schedules" in moved[3]
    assert rows(db_path, "SELECT channel FROM schedules") == [(str(NEW),)]

    fake.message("/liq long BTC 60000 25x", user_id=MEMBER, chat_id=NEW, chat_type="supergroup")
    await settle(fake, bot)
    assert "Bybit" in parse_html(fake.sent_to(NEW)[-1]["text"])   # the group's venue still applies
    job = ScheduledWarnings(context.groups, {"telegram": bot}, context, clock)
    clock.now += timedelta(hours=6)
    assert await job.tick() == 1
    assert parse_html(fake.sent_to(NEW)[-1]["text"]).startswith("Risk warning: the leverage ladder on Bybit")


async def test_an_upgrade_of_a_group_with_nothing_set_writes_nothing(
        fake: FakeBotApi, start_bot, database, clock, tmp_path: Path) -> None:
    bot = await start_bot(context=group_context(database, clock))
    fake.upgrade(OLD, NEW, order="to,from")
    await settle(fake, bot)
    assert group_keys(tmp_path / "riskbot.db") == {"group_settings": set(), "audit": set(), "schedules": set()}


async def test_what_the_new_group_already_set_is_kept(fake: FakeBotApi, start_bot, database, clock,
                                                      tmp_path: Path) -> None:
    fake.members[(OLD, ADMIN)] = fake.members[(NEW, ADMIN)] = "administrator"
    bot = await start_bot(context=group_context(database, clock))
    fake.message("/set venue=bybit", user_id=ADMIN, chat_id=OLD, chat_type="group")
    await settle(fake, bot)
    fake.upgrade(OLD, NEW, order="from")   # the message in the new chat arrives...
    await settle(fake, bot)
    fake.message("/set venue=okx", user_id=ADMIN, chat_id=NEW, chat_type="supergroup")
    await settle(fake, bot)
    fake.upgrade(OLD, NEW, order="to")     # ...and the old chat's one much later: nothing moves back
    await settle(fake, bot)
    [(venue,)] = rows(tmp_path / "riskbot.db", "SELECT default_venue FROM group_settings")
    assert venue == "okx"


async def test_messages_for_the_old_id_reach_the_supergroup(fake: FakeBotApi, bot) -> None:
    # The service messages were missed (say the bot was down for a day): Telegram still refuses the
    # old id with the new one in `parameters.migrate_to_chat_id`, and riskbot sends there instead.
    fake.migrated[OLD] = NEW
    fake.chat(NEW, "supergroup")
    assert await bot.post(str(OLD), Reply(command="riskwarn", title="Risk warning")) is True
    fake.message("/liq long BTC 60000 25x", user_id=MEMBER, chat_id=OLD, chat_type="group")
    await settle(fake, bot)
    posted, answer = fake.sent_to(NEW)
    assert parse_html(posted["text"]) == "Risk warning" and "Liquidation" in answer["text"]
    assert fake.sent_to(OLD) == []
