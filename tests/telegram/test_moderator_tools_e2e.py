"""Issue 6 through Telegram: the real adapter and dispatcher, the moderator commands and the
scheduled-warning job, against the fake Bot API, with group settings in a real SQLite file.

An admin changes the group's settings, a member is refused, an anonymous admin (posting as the
group) is accepted and audited under the group's own key, a scheduled warning is posted by the
job through the adapter when a controllable clock says it is due, and again after a restart of
both the bot and the database; the nudge shows once per cooldown.
"""

from __future__ import annotations

from datetime import timedelta

from bot.jobs.schedules import ScheduledWarnings
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.groups import SqliteGroupStore
from commands.dispatch import FORBIDDEN
from tests.telegram.conftest import group_context, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1004440004
ADMIN, MEMBER = 801, 802


async def say(fake: FakeBotApi, adapter, text: str, user: int = MEMBER, **extra) -> str:
    """Send `text` in the group; returns the visible text of the one answer in the group."""
    before = len(fake.sent_to(GROUP))
    fake.message(text, user_id=user, chat_id=GROUP, chat_type="supergroup", **extra)
    await settle(fake, adapter)
    answers = fake.sent_to(GROUP)[before:]
    assert len(answers) == 1, answers
    return parse_html(answers[0]["text"])


async def test_an_admin_changes_settings_and_a_member_is_refused(fake: FakeBotApi, start_bot, database, clock):
    fake.members[(GROUP, ADMIN)] = "administrator"
    adapter = await start_bot(context=group_context(database, clock))
    assert (await say(fake, adapter, "/set venue=okx threshold=10", user=ADMIN)).startswith("Settings changed")
    refused = await say(fake, adapter, "/set venue=bybit", user=MEMBER)
    assert refused.startswith(FORBIDDEN.format(name="set"))
    assert "Venue: OKX (set here)" in await say(fake, adapter, "/settings", user=MEMBER)
    assert "OKX" in await say(fake, adapter, "/liq long BTC 60000 15x")     # the group's venue
    asked = {(int(r["chat_id"]), int(r["user_id"])) for r in fake.requests("getChatMember")}
    assert asked == {(GROUP, ADMIN), (GROUP, MEMBER)}                      # only for /set


async def test_an_anonymous_admin_is_accepted_and_audited_as_the_group(fake: FakeBotApi, start_bot, database, clock):
    adapter = await start_bot(context=group_context(database, clock))
    changed = await say(fake, adapter, "/set nudge=on", sender_chat=GROUP)
    assert changed.startswith("Settings changed")
    assert fake.requests("getChatMember") == []                 # no call needed for the group itself
    channel_post = await say(fake, adapter, "/set nudge=off", sender_chat=-1009990009)
    assert channel_post.startswith(FORBIDDEN.format(name="set"))
    store = SqliteGroupStore(database, clock)
    [entry] = await store.recent(f"telegram:{GROUP}", 10)
    assert (entry.actor, entry.detail) == (f"telegram:chat{GROUP}", "nudge=on")


async def test_the_nudge_is_shown_once_per_cooldown(fake: FakeBotApi, start_bot, database, clock):
    fake.members[(GROUP, ADMIN)] = "creator"
    adapter = await start_bot(context=group_context(database, clock))
    await say(fake, adapter, "/set nudge=on cooldown=15m warning=Mods: 10x max in here", user=ADMIN)
    assert "Mods: 10x max in here" in await say(fake, adapter, "/liq long BTC 60000 50x")
    assert "Mods: 10x max in here" not in await say(fake, adapter, "/liq short ETH 3000 50x")
    clock.now += timedelta(minutes=15)
    assert "Mods: 10x max in here" in await say(fake, adapter, "/liq long BTC 60000 50x")


async def test_a_scheduled_warning_fires_and_survives_a_restart(fake: FakeBotApi, start_bot, tmp_path, clock):
    fake.members[(GROUP, ADMIN)] = "administrator"
    path = tmp_path / "restart.db"
    first = await SqliteDatabase.open(path)
    context = group_context(first, clock)
    adapter = await start_bot(context=context)
    scheduled = await say(fake, adapter, "/riskwarn ladder every=6h", user=ADMIN)
    assert "Risk warning scheduled" in scheduled and "2026-11-23 18:00 UTC" in scheduled
    job = ScheduledWarnings(context.groups, {adapter.platform: adapter}, context, clock)
    clock.now += timedelta(hours=6)
    assert await job.tick() == 1
    posted = parse_html(fake.sent_to(GROUP)[-1]["text"])
    assert posted.startswith("Risk warning: the leverage ladder on Binance") and "25x:" in posted
    assert await job.tick() == 0
    await adapter.stop()
    await first.close()

    clock.now += timedelta(hours=6)                             # due again while the bot is down
    again = await SqliteDatabase.open(path)
    try:
        context = group_context(again, clock)
        adapter = await start_bot(context=context)
        job = ScheduledWarnings(context.groups, {"telegram": adapter}, context, clock)
        before = len(fake.sent_to(GROUP))
        assert await job.tick() == 1
        assert len(fake.sent_to(GROUP)) == before + 1
        audit = await say(fake, adapter, "/audit", user=ADMIN)   # private: the group gets a notice
        assert "private message" in audit
        [dm] = fake.sent_to(ADMIN)
        assert parse_html(dm["text"]).count("riskbot: posted ladder") == 2
    finally:
        await again.close()
