"""Scheduled risk warnings: posted when due and only then, audited, surviving a restart, and sane
after downtime or a refused post. The messenger here records what a platform adapter would send;
the adapters' own post() is tested against the platform fakes in tests/telegram and tests/discord."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.jobs.schedules import ScheduledWarnings
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.groups import SqliteGroupStore
from commands.context import Context
from tests.groups.conftest import GROUP_CHAT, Clock, Group
from tests.support.doubles import RecordingMessenger

GROUP = f"telegram:{GROUP_CHAT}"


async def actions(store: SqliteGroupStore) -> list[tuple[str, str]]:
    return [(e.action, e.detail) for e in await store.recent(GROUP, 25)][::-1]


async def test_a_warning_is_posted_when_due_and_only_then(group: Group, groups: SqliteGroupStore,
                                                          clock: Clock) -> None:
    scheduled = await group.say(f"/riskwarn ladder every=6h")
    assert scheduled.ok and scheduled.result["next_at"] == "2026-11-23T15:00:00+00:00"
    telegram = RecordingMessenger()
    job = ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock)
    clock.advance(hours=5, minutes=59)
    assert await job.tick() == 0
    clock.advance(minutes=1)
    assert await job.tick() == 1
    assert await job.tick() == 0                          # the same moment again: nothing twice
    [(channel, card)] = telegram.posts
    assert channel == GROUP_CHAT and card.result["template"] == "ladder" and not card.private
    assert (await groups.schedules(GROUP))[0].next_at.isoformat() == "2026-11-23T21:00:00+00:00"
    assert (await actions(groups))[-1] == ("posted", f"ladder in channel {GROUP_CHAT}")


async def test_schedules_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "riskbot.db"
    first = await SqliteDatabase.open(path)
    group = Group(Context(groups=SqliteGroupStore(first, clock)))
    assert (await group.say("/riskwarn modes every=2h")).ok
    await first.close()                                   # the bot stops before it is due

    clock.advance(hours=2)
    again = await SqliteDatabase.open(path)
    try:
        store = SqliteGroupStore(again, clock)
        telegram = RecordingMessenger()
        assert await ScheduledWarnings(store, {"telegram": telegram}, Context(groups=store), clock).tick() == 1
        assert telegram.posts[0][1].result["template"] == "modes"
    finally:
        await again.close()


async def test_after_downtime_one_post_then_the_rhythm_restarts(group: Group, groups: SqliteGroupStore,
                                                                clock: Clock) -> None:
    await group.say("/riskwarn every=1h")
    telegram = RecordingMessenger()
    job = ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock)
    clock.advance(hours=30)                               # down for 30 intervals
    assert await job.tick() == 1
    assert await job.tick() == 0
    assert (await groups.schedules(GROUP))[0].next_at == clock.now.replace(hour=16)


async def test_a_refused_post_is_audited_and_tried_at_the_next_interval(group: Group, groups: SqliteGroupStore,
                                                                       clock: Clock) -> None:
    await group.say("/riskwarn liq every=3h")
    telegram = RecordingMessenger(reachable=False)
    job = ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock)
    clock.advance(hours=3)
    assert await job.tick() == 0
    assert await job.tick() == 0 and len(telegram.posts) == 1          # not retried in a loop
    assert (await actions(groups))[-1] == ("post_failed", f"liq in channel {GROUP_CHAT}")
    telegram.reachable = True
    clock.advance(hours=3)
    assert await job.tick() == 1


async def test_a_platform_that_is_not_running_keeps_its_schedules_due(group: Group, groups: SqliteGroupStore,
                                                                     clock: Clock) -> None:
    await group.say("/riskwarn every=1h")
    clock.advance(hours=1)
    assert await ScheduledWarnings(groups, {}, group.context, clock).tick() == 0
    telegram = RecordingMessenger()
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 1


async def test_a_custom_card_whose_text_was_removed_is_skipped_and_audited(group: Group, groups: SqliteGroupStore,
                                                                          clock: Clock) -> None:
    await group.say("/set warning=Stops on every trade, please")
    assert (await group.say("/riskwarn custom every=1h")).ok
    await group.say("/set warning=default")
    clock.advance(hours=1)
    telegram = RecordingMessenger()
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 0
    assert telegram.posts == []
    action, detail = (await actions(groups))[-1]
    assert action == "post_failed" and "no custom warning" in detail


async def test_stop_cancels_only_this_channel(group: Group, groups: SqliteGroupStore, clock: Clock) -> None:
    await group.say("/riskwarn every=1h", channel="a")
    await group.say("/riskwarn every=1h", channel="b")
    assert (await group.say("/riskwarn stop", user="2", channel="a")).error.code == "forbidden"
    assert (await group.say("/riskwarn stop", channel="a")).result == {"cancelled": True}
    assert (await group.say("/riskwarn stop", channel="a")).result == {"cancelled": False}
    clock.advance(hours=1)
    telegram = RecordingMessenger()
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 1
    assert [channel for channel, _ in telegram.posts] == ["b"]


async def test_forget_removes_the_moderators_name_but_keeps_the_record(tmp_path: Path, clock: Clock) -> None:
    from bot.storage.sqlite.positions import SqlitePositionStore

    path = tmp_path / "riskbot.db"
    database = await SqliteDatabase.open(path)
    groups = SqliteGroupStore(database, clock)
    group = Group(Context(groups=groups, store=SqlitePositionStore(database)), moderators={"777001"})
    await group.say("/set nudge=on", user="777001")
    await group.say("/riskwarn every=2h", user="777001", channel="c")
    assert (await group.say("/forget confirm", user="777001")).ok
    entries = await groups.recent(GROUP, 10)
    assert [e.action for e in entries] == ["schedule", "settings"]
    assert {e.actor for e in entries} == {"(forgotten user)"}
    await database.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"777001" not in raw


class ProcessDied(BaseException):
    """What a kill does to the job mid-post: nothing after this point runs (not even `except Exception`)."""


class DiesWhilePosting(RecordingMessenger):
    async def post(self, channel_id: str, reply) -> bool:
        await super().post(channel_id, reply)   # the message went out...
        raise ProcessDied()                     # ...and the process died before recording it


async def test_a_post_that_dies_after_claiming_is_not_posted_again(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "riskbot.db"
    first = await SqliteDatabase.open(path)
    store = SqliteGroupStore(first, clock)
    assert (await Group(Context(groups=store)).say("/riskwarn liq every=3h")).ok
    clock.advance(hours=3)
    dying = DiesWhilePosting()
    try:
        await ScheduledWarnings(store, {"telegram": dying}, Context(groups=store), clock).tick()
    except ProcessDied:
        pass
    await first.close()
    assert len(dying.posts) == 1

    again = await SqliteDatabase.open(path)          # the restarted process
    try:
        store = SqliteGroupStore(again, clock)
        telegram = RecordingMessenger()
        assert await ScheduledWarnings(store, {"telegram": telegram}, Context(groups=store), clock).tick() == 0
        assert telegram.posts == []                  # at most once: the slot was claimed before the post
        [entry, *_] = await store.recent(GROUP, 5)
        assert (entry.action, entry.detail) == ("posting", f"liq in channel {GROUP_CHAT}")   # the trace it left
        clock.advance(hours=3)
        assert await ScheduledWarnings(store, {"telegram": telegram}, Context(groups=store), clock).tick() == 1
    finally:
        await again.close()


class Broken(RecordingMessenger):
    async def post(self, channel_id: str, reply) -> bool:
        raise ConnectionResetError("connection reset by peer")


async def test_a_failed_post_leaves_an_audit_line_and_the_others_still_post(group: Group, groups: SqliteGroupStore,
                                                                          clock: Clock) -> None:
    await groups.schedule(GROUP, "a", "retired", timedelta(hours=1), "telegram:1")   # no card by that name any more
    await group.say("/riskwarn liq every=1h", channel="b")
    clock.advance(hours=1)
    telegram = RecordingMessenger()
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 1
    assert [channel for channel, _ in telegram.posts] == ["b"]
    trail = await actions(groups)
    assert ("post_failed", "retired in channel a: KeyError") in trail and ("posted", "liq in channel b") in trail
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 0   # not in a loop

    clock.advance(hours=1)
    assert await ScheduledWarnings(groups, {"telegram": Broken()}, group.context, clock).tick() == 0
    assert ("post_failed", "liq in channel b: ConnectionResetError") in await actions(groups)


async def test_a_claim_fails_on_a_schedule_cancelled_since_it_was_listed(group: Group, groups: SqliteGroupStore,
                                                                      clock: Clock) -> None:
    await group.say("/riskwarn every=1h")
    clock.advance(hours=1)
    [listed] = await groups.due(clock())
    assert (await group.say("/riskwarn stop")).result == {"cancelled": True}
    assert await groups.advance(listed, clock() + timedelta(hours=1), "posting", "x") is False
    assert [e.action for e in await groups.recent(GROUP, 5)][0] == "unschedule"


async def test_a_scheduled_card_speaks_the_groups_language_but_the_moderators_text_stays_theirs(
        group: Group, groups: SqliteGroupStore, clock: Clock) -> None:
    await groups.change(GROUP, "telegram:1", {"language": "qps"})
    await group.say("/set warning=Stops on every trade, please")
    assert (await group.say("/riskwarn custom every=1h")).ok
    clock.advance(hours=1)
    telegram = RecordingMessenger()
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 1
    [(_, card)] = telegram.posts
    assert card.speech.language == "qps"                  # the adapter renders it in the group's language
    assert card.notes == ("Stops on every trade, please",)


async def test_a_refusal_in_a_group_with_a_language_is_audited_in_english(group: Group, groups: SqliteGroupStore,
                                                                         clock: Clock) -> None:
    await groups.change(GROUP, "telegram:1", {"language": "qps"})
    await group.say("/set warning=Stops on every trade, please")
    assert (await group.say("/riskwarn custom every=1h")).ok
    await group.say("/set warning=default")
    clock.advance(hours=1)
    assert await ScheduledWarnings(groups, {"telegram": RecordingMessenger()}, group.context, clock).tick() == 0
    action, detail = (await actions(groups))[-1]
    assert action == "post_failed" and "This group has no custom warning yet" in detail


async def test_a_scheduled_post_speaks_the_groups_language(group: Group, groups: SqliteGroupStore,
                                                           clock: Clock) -> None:
    """Nobody asked, so nobody's own language applies: the group's (/set lang=), with its numbers."""
    from commands.language.catalogues import speech_for

    assert (await group.say("/riskwarn ladder every=6h")).ok
    await groups.change(GROUP, "telegram:1", {"language": "qps", "numbers": "regional"})
    telegram = RecordingMessenger()
    clock.advance(hours=6)
    assert await ScheduledWarnings(groups, {"telegram": telegram}, group.context, clock).tick() == 1
    [(_channel, card)] = telegram.posts
    assert card.speech is speech_for("qps", True) and card.result["template"] == "ladder"
