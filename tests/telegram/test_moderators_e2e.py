"""Who is a moderator, and under which key each kind of sender is known.

A tiny dispatcher stands in for the moderator commands: it awaits `invocation.is_moderator()` and
answers with the verdict and the user key, so each test sees exactly what a command would. The
fake's `getChatMember` answers from `fake.members`, as Telegram would from the group's admin list.
"""

from __future__ import annotations

from html import unescape

import pytest
from telegram import Message
from telegram.error import TelegramError

from bot.telegram.delivery import ASK_AS_YOURSELF
from bot.telegram.invocation import from_message
from commands.context import Context
from commands.dispatch import FORBIDDEN, UNCHECKED
from commands.reply import Action, Line, Reply
from tests.telegram.conftest import ATTEMPTS, settle, stored_rows
from tests.telegram.fake_bot_api import ANONYMOUS_ADMIN, FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP, OTHER_GROUP, CHANNEL = -1001110001, -1002220002, -1003330003
ALICE = 701


async def who_asks(invocation, context) -> Reply:
    try:
        verdict = "yes" if await invocation.is_moderator() else "no"
    except TelegramError:
        verdict = "unchecked"
    return Reply(command="who", title="Who asks",
                 lines=(Line("Key", invocation.user_key), Line("Moderator", verdict)),
                 actions=(Action("Again", "/who"),))


def verdicts(fake: FakeBotApi, chat_id: int) -> list[tuple[str, str]]:
    out = []
    for sent in fake.sent_to(chat_id):
        lines = dict(line.split(": ", 1) for line in parse_html(sent["text"]).splitlines()[1:])
        out.append((lines["Key"], lines["Moderator"]))
    return out


@pytest.fixture
async def bot(start_bot):
    return await start_bot(dispatcher=who_asks)


@pytest.mark.parametrize("status, expected", [("creator", "yes"), ("administrator", "yes"),
                                              ("member", "no"), ("left", "no")])
async def test_group_members_are_asked_about_at_run_time(fake: FakeBotApi, bot, status, expected) -> None:
    fake.members[(GROUP, ALICE)] = status
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_for_sent(1)
    assert verdicts(fake, GROUP) == [(f"telegram:{ALICE}", expected)]
    [asked] = fake.requests("getChatMember")
    assert (int(asked["chat_id"]), int(asked["user_id"])) == (GROUP, ALICE)


async def test_a_demoted_admin_is_refused_at_once(fake: FakeBotApi, bot) -> None:
    fake.members[(GROUP, ALICE)] = "administrator"
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_for_sent(1)
    fake.members[(GROUP, ALICE)] = "member"
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_for_sent(2)
    assert [v for _, v in verdicts(fake, GROUP)] == ["yes", "no"]
    assert len(fake.requests("getChatMember")) == 2


async def test_when_telegram_cannot_be_asked_nobody_is_a_moderator(fake: FakeBotApi, bot) -> None:
    fake.members[(GROUP, ALICE)] = "administrator"
    fake.fail_next("getChatMember", 500, times=ATTEMPTS)
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_for_sent(1)
    assert verdicts(fake, GROUP) == [(f"telegram:{ALICE}", "unchecked")]


async def test_in_a_private_chat_nobody_is_a_moderator(fake: FakeBotApi, bot) -> None:
    fake.message("/help", user_id=ALICE)
    await fake.wait_for_sent(1)
    assert verdicts(fake, ALICE) == [(f"telegram:{ALICE}", "no")]
    assert fake.requests("getChatMember") == []


async def test_an_anonymous_admin_is_a_moderator_without_asking(fake: FakeBotApi, bot) -> None:
    fake.message("/help", chat_id=GROUP, chat_type="supergroup", sender_chat=GROUP)
    fake.message("/help", chat_id=OTHER_GROUP, chat_type="supergroup", sender_chat=OTHER_GROUP)
    await fake.wait_for_sent(2)
    assert verdicts(fake, GROUP) == [(f"telegram:chat{GROUP}", "yes")]
    # anonymous admins of another group share @GroupAnonymousBot, but not a key with these
    assert verdicts(fake, OTHER_GROUP) == [(f"telegram:chat{OTHER_GROUP}", "yes")]
    assert fake.requests("getChatMember") == []
    assert all("reply_markup" not in m for m in fake.sent)   # no person could ever press them


async def test_a_post_as_a_channel_is_not_a_moderator(fake: FakeBotApi, bot) -> None:
    fake.message("/help", chat_id=GROUP, chat_type="supergroup", sender_chat=CHANNEL)
    await fake.wait_for_sent(1)
    assert verdicts(fake, GROUP) == [(f"telegram:chat{CHANNEL}", "no")]
    assert fake.requests("getChatMember") == []


async def test_an_automatic_forward_is_not_a_moderator(fake: FakeBotApi, bot) -> None:
    # The adapter does not answer automatic forwards at all (tests/telegram/test_commands_e2e.py);
    # should one reach it anyway, it must not count as the group speaking.
    payload = {"message_id": 1, "date": 1, "chat": {"id": GROUP, "type": "supergroup", "title": "T"},
               "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"}, "text": "/help",
               "sender_chat": {"id": GROUP, "type": "supergroup", "title": "T"}, "is_automatic_forward": True}
    asked = from_message(bot.app.bot, Message.de_json(payload, bot.app.bot))
    assert asked is not None and not await asked.invocation.is_moderator()


async def test_a_button_press_is_checked_as_the_person_who_pressed(fake: FakeBotApi, bot) -> None:
    fake.members[(GROUP, ALICE)] = "administrator"
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    [first] = await fake.wait_for_sent(1)
    fake.members[(GROUP, ALICE)] = "member"
    fake.press(first, user_id=ALICE)
    await fake.wait_for_sent(2)
    assert [v for _, v in verdicts(fake, GROUP)] == ["yes", "no"]


async def test_a_private_answer_for_a_chat_sender_goes_nowhere_but_a_notice(
        fake: FakeBotApi, start_bot, store) -> None:
    bot = await start_bot(context=Context(store=store))
    fake.message("/save long BTC 60000 25x qty=0.5", chat_id=GROUP, chat_type="supergroup", sender_chat=GROUP)
    fake.message("/positions", chat_id=GROUP, chat_type="supergroup", sender_chat=CHANNEL)
    await settle(fake, bot)
    assert [unescape(m["text"]) for m in fake.sent] == [ASK_AS_YOURSELF, ASK_AS_YOURSELF]
    assert {int(m["chat_id"]) for m in fake.sent} == {GROUP}
    assert ANONYMOUS_ADMIN["id"] not in {int(c.params.get("chat_id", 0)) for c in fake.calls}


async def test_the_real_dispatcher_refuses_a_moderator_command_to_a_member(fake: FakeBotApi, start_bot) -> None:
    # /audit is a moderator command (commands/groups/audit.py); dispatch awaits the check built here.
    bot = await start_bot()
    fake.members[(GROUP, ALICE)] = "administrator"
    fake.fail_next("getChatMember", 500, times=ATTEMPTS)
    for _ in range(2):   # Telegram fails, then says administrator
        fake.message("/audit", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
        await settle(fake, bot)
    fake.message("/audit", user_id=ALICE + 1, chat_id=GROUP, chat_type="supergroup")
    await settle(fake, bot)   # answers to one group go one at a time, in the order they are ready
    fake.message("/audit", chat_id=GROUP, chat_type="supergroup", sender_chat=CHANNEL)
    await settle(fake, bot)
    unchecked, admin, member, channel = [unescape(m["text"]) for m in fake.sent_to(GROUP)]
    assert unchecked == UNCHECKED
    assert admin not in (UNCHECKED, FORBIDDEN.format(name="audit"))
    assert member == FORBIDDEN.format(name="audit")
    assert channel == ASK_AS_YOURSELF   # /audit answers privately, and a chat has no DM: nothing runs


async def test_a_chat_sender_cannot_store_anything(fake: FakeBotApi, start_bot, store, db_path) -> None:
    """It could never read, export or forget it, nor receive an alert about it."""
    bot = await start_bot(context=Context(store=store))
    fake.message("/save long BTC 60000 25x qty=0.5 consent=yes", chat_id=GROUP, chat_type="supergroup",
                 sender_chat=GROUP)
    fake.message("/optin", chat_id=GROUP, chat_type="supergroup", sender_chat=CHANNEL)
    await settle(fake, bot)
    assert [unescape(m["text"]) for m in fake.sent] == [ASK_AS_YOURSELF, ASK_AS_YOURSELF]
    assert stored_rows(db_path) == []
    assert not await store.has_consented(f"telegram:chat{GROUP}")
    assert not await store.has_consented(f"telegram:chat{CHANNEL}")
