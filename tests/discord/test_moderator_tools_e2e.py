"""Issue 6 through Discord: the real adapter, dispatcher and moderator commands against the fake,
with the server's settings in a real SQLite file.

A member with Manage Server changes the settings, a member without it is refused even though the
server opened the command to them, the scheduled warning is posted into the channel by the job
through the adapter (and again after a restart), and the nudge shows once per cooldown.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.jobs.schedules import ScheduledWarnings
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.groups import SqliteGroupStore
from commands.context import Context
from commands.dispatch import FORBIDDEN
from commands.groups.nudge import NudgeGate
from tests.support.doubles import WallClock
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import MEMBER, FakeDiscord

MODERATOR = str(int(MEMBER) | 1 << 5)   # Manage Server
ADMIN_ID, MEMBER_ID = "600000000000000001", "600000000000000002"


@pytest.fixture
def clock() -> WallClock:
    return WallClock(datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc))


def group_context(database: SqliteDatabase, clock: WallClock) -> Context:
    return Context(groups=SqliteGroupStore(database, clock), nudges=NudgeGate(clock.seconds))


async def ask(fake: FakeDiscord, name: str, *, moderator: bool = False, **options) -> tuple[str, bool]:
    sent = await fake.answer(await fake.command(
        name, user_id=ADMIN_ID if moderator else MEMBER_ID, member_permissions=MODERATOR if moderator else MEMBER,
        **options))
    return embed_text(sent.data) or sent.data.get("content", ""), sent.ephemeral


async def test_a_server_manager_changes_settings_and_a_member_is_refused(make_adapter, fake: FakeDiscord,
                                                                        tmp_path: Path, clock: WallClock) -> None:
    database = await SqliteDatabase.open(tmp_path / "riskbot.db")
    try:
        await make_adapter(context=group_context(database, clock))
        text, _ = await ask(fake, "set", moderator=True, venue="bybit", nudge="on",
                            warning="Please stay under 10x here")
        assert "Settings changed" in text
        refused, private = await ask(fake, "set", venue="okx")
        assert FORBIDDEN.format(name="set") in refused.replace("\\", "") and private
        shown, _ = await ask(fake, "settings")
        assert "Venue: **Bybit (set here)**" in shown
        liq, _ = await ask(fake, "liq", side="long", symbol="BTC", price=60000, leverage=50)
        assert "Bybit" in liq and "Please stay under 10x here" in liq           # the venue, and the nudge
        again, _ = await ask(fake, "liq", side="long", symbol="BTC", price=60000, leverage=50)
        assert "Please stay under 10x here" not in again                        # within the cooldown
        clock.now += timedelta(minutes=30)
        later, _ = await ask(fake, "liq", side="long", symbol="BTC", price=60000, leverage=50)
        assert "Please stay under 10x here" in later
        audit, private = await ask(fake, "audit", moderator=True)
        assert private and f"discord:{ADMIN_ID}: settings" in audit
    finally:
        await database.close()


async def test_a_scheduled_warning_is_posted_into_the_channel_and_survives_a_restart(
        make_adapter, fake: FakeDiscord, tmp_path: Path, clock: WallClock) -> None:
    path = tmp_path / "riskbot.db"
    database = await SqliteDatabase.open(path)
    context = group_context(database, clock)
    adapter = await make_adapter(context=context)
    text, _ = await ask(fake, "riskwarn", moderator=True, template="modes", every="6h")
    assert "Risk warning scheduled" in text
    job = ScheduledWarnings(context.groups, {adapter.platform: adapter}, context, clock)
    assert await job.tick() == 0
    clock.now += timedelta(hours=6)
    assert await job.tick() == 1
    [post] = fake.posted
    assert post.channel_id == fake.channel_id
    assert "isolated or cross" in embed_text(post.payload)
    assert post.payload["allowed_mentions"] == {"parse": []}
    await adapter.stop()
    await database.close()

    clock.now += timedelta(hours=6)
    database = await SqliteDatabase.open(path)
    try:
        context = group_context(database, clock)
        adapter = await make_adapter(context=context)
        assert await ScheduledWarnings(context.groups, {"discord": adapter}, context, clock).tick() == 1
        assert len(fake.posted) == 2
        stopped, _ = await ask(fake, "riskwarn", moderator=True, every="stop")
        assert "Schedule cancelled" in stopped
        clock.now += timedelta(hours=6)
        assert await ScheduledWarnings(context.groups, {"discord": adapter}, context, clock).tick() == 0
    finally:
        await database.close()
