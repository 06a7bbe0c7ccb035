"""Forum topics: whatever riskbot sends into a group goes into the topic it was asked in.

Answers, the "sent you a DM" notice, the slow-down notice, an answer from a button press, a nudge
(part of the answer) and scheduled /riskwarn posts all carry the topic's `message_thread_id`; the
General topic has none. Each topic keeps its own schedule, and `/riskwarn stop` in a topic stops
that one only. The fake refuses a thread id in a chat that is no forum, as Telegram does.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from html import unescape

from bot.cooldown import SLOW_DOWN, Cooldown
from bot.jobs.schedules import ScheduledWarnings
from bot.telegram.delivery import SENT_BY_DM
from commands.dispatch import dispatch
from commands.reply import Action, Reply
from tests.telegram.conftest import group_context, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

FORUM = -1007770001
SIGNALS, RISK = 7, 9
ADMIN, MEMBER = 901, 902
LIQ = "/liq long BTC 60000 25x isolated"


def topic(sent: dict) -> int | None:
    return int(sent["message_thread_id"]) if "message_thread_id" in sent else None


def in_forum(fake: FakeBotApi, text: str, *, topic: int | None, user: int = MEMBER) -> None:
    if topic is None:
        fake.forums.add(FORUM)   # the General topic of a forum: a forum message with no thread
    fake.message(text, user_id=user, chat_id=FORUM, chat_type="supergroup", topic=topic)


async def test_an_answer_goes_back_into_its_topic(fake: FakeBotApi, bot) -> None:
    in_forum(fake, LIQ, topic=SIGNALS)
    [answer] = await fake.wait_for_sent(1)
    assert int(answer["chat_id"]) == FORUM and int(answer["message_thread_id"]) == SIGNALS
    assert "Liquidation" in answer["text"]


async def test_the_general_topic_has_no_thread_id(fake: FakeBotApi, bot) -> None:
    in_forum(fake, LIQ, topic=None)
    [answer] = await fake.wait_for_sent(1)
    assert int(answer["chat_id"]) == FORUM and "message_thread_id" not in answer


async def test_a_private_answer_leaves_its_notice_in_the_topic_and_the_dm_has_no_thread(
        fake: FakeBotApi, start_bot) -> None:
    async def private(invocation, context):
        return dataclasses.replace(await dispatch(invocation, context), private=True)

    await start_bot(dispatcher=private)
    in_forum(fake, LIQ, topic=RISK)
    await fake.wait_for_sent(2)
    [dm] = fake.sent_to(MEMBER)
    [notice] = fake.sent_to(FORUM)
    assert "message_thread_id" not in dm
    assert unescape(notice["text"]) == SENT_BY_DM and int(notice["message_thread_id"]) == RISK


async def test_slow_down_goes_into_the_topic(fake: FakeBotApi, start_bot) -> None:
    bot = await start_bot(cooldown=Cooldown(burst=1, window=60))
    in_forum(fake, LIQ, topic=SIGNALS)
    in_forum(fake, LIQ, topic=SIGNALS)
    await settle(fake, bot)
    _, slow = fake.sent_to(FORUM)
    assert unescape(slow["text"]) == SLOW_DOWN and int(slow["message_thread_id"]) == SIGNALS


async def test_a_button_pressed_in_a_topic_answers_in_that_topic(fake: FakeBotApi, start_bot) -> None:
    async def with_button(invocation, context):
        return Reply(command="help", title=f"asked: {invocation.text}", actions=(Action("Again", "/help"),))

    bot = await start_bot(dispatcher=with_button)
    in_forum(fake, "/help", topic=RISK)
    [first] = await fake.wait_for_sent(1)
    fake.press(first, user_id=MEMBER)
    await fake.wait_for_sent(2)
    await settle(fake, bot)
    assert [int(m["message_thread_id"]) for m in fake.sent_to(FORUM)] == [RISK, RISK]


async def test_the_nudge_reaches_the_topic_with_the_answer(fake: FakeBotApi, start_bot, database, clock) -> None:
    fake.members[(FORUM, ADMIN)] = "administrator"
    bot = await start_bot(context=group_context(database, clock))
    in_forum(fake, "/set nudge=on warning=Mods: 10x max in here", topic=RISK, user=ADMIN)
    await settle(fake, bot)
    in_forum(fake, "/liq long BTC 60000 50x", topic=SIGNALS)
    await settle(fake, bot)
    nudged = fake.sent_to(FORUM)[-1]
    assert "Mods: 10x max in here" in parse_html(nudged["text"]) and int(nudged["message_thread_id"]) == SIGNALS


async def test_each_topic_keeps_its_own_schedule_and_stop_stops_only_its_own(
        fake: FakeBotApi, start_bot, database, clock) -> None:
    fake.members[(FORUM, ADMIN)] = "administrator"
    context = group_context(database, clock)
    bot = await start_bot(context=context)
    for where, card in ((SIGNALS, "ladder"), (RISK, "basics"), (None, "modes")):
        in_forum(fake, f"/riskwarn {card} every=1h", topic=where, user=ADMIN)
        await settle(fake, bot)
    job = ScheduledWarnings(context.groups, {"telegram": bot}, context, clock)
    clock.now += timedelta(hours=1)
    before = len(fake.sent_to(FORUM))
    assert await job.tick() == 3
    posted = {topic(m): parse_html(m["text"]) for m in fake.sent_to(FORUM)[before:]}
    assert set(posted) == {SIGNALS, RISK, None}
    assert "leverage ladder" in posted[SIGNALS] and "leverage ladder" not in posted[RISK]

    in_forum(fake, "/riskwarn stop", topic=SIGNALS, user=ADMIN)
    await settle(fake, bot)
    stopped = fake.sent_to(FORUM)[-1]
    assert "Schedule cancelled" in parse_html(stopped["text"]) and int(stopped["message_thread_id"]) == SIGNALS
    remaining = {s.channel for s in await context.groups.schedules(f"telegram:{FORUM}")}
    assert remaining == {f"{FORUM}/{RISK}", str(FORUM)}
    clock.now += timedelta(hours=1)
    before = len(fake.sent_to(FORUM))
    assert await job.tick() == 2
    assert {topic(m) for m in fake.sent_to(FORUM)[before:]} == {RISK, None}


async def test_a_post_into_a_topic_that_is_no_forum_is_refused_by_telegram(fake: FakeBotApi, bot) -> None:
    # The fake holds riskbot to the rule: a thread id only where the chat is a forum.
    assert await bot.post(f"{FORUM}/{SIGNALS}", Reply(command="x", title="t")) is False
    fake.forums.add(FORUM)
    assert await bot.post(f"{FORUM}/{SIGNALS}", Reply(command="x", title="t")) is True
    assert int(fake.sent_to(FORUM)[-1]["message_thread_id"]) == SIGNALS


async def test_a_reply_thread_in_a_group_without_topics_is_not_a_topic(fake: FakeBotApi, bot) -> None:
    # Outside forums Telegram also sets message_thread_id (on replies), but is_topic_message is
    # absent; sending that id back would be refused ("message thread not found").
    fake.message(LIQ, user_id=MEMBER, chat_id=FORUM - 1, chat_type="supergroup", message_thread_id=55)
    [answer] = await fake.wait_for_sent(1)
    assert "message_thread_id" not in answer and "Liquidation" in answer["text"]
