"""The adapter as a `Messenger` (bot/messenger.py): posts and DMs from background jobs.

They render exactly as command answers do, and a refusal is a False, never an exception.
"""

from __future__ import annotations

import json
import logging

import pytest

from bot.messenger import Messenger
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.reply import Action, Attachment, Line, Reply
from tests.telegram.conftest import ATTEMPTS, TOKEN
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1005550001
ALICE = 801
LIQ = "/liq long BTC 60000 25x isolated"
WARNING = Reply(command="alert", title="Near liquidation <b>&",
                lines=(Line("Mark", "57,900.00"), Line("Label", "<a href='x'>swing</a>")),
                actions=(Action("Show it", "/help"),),
                attachment=Attachment("alert.json", json.dumps({"id": 3}).encode()))


async def test_the_adapter_is_a_messenger(bot) -> None:
    messenger: Messenger = bot
    assert messenger.platform == "telegram"


async def test_a_post_reads_exactly_like_the_command_answer(fake: FakeBotApi, bot) -> None:
    fake.message(LIQ, user_id=ALICE)
    [answered] = await fake.wait_for_sent(1)
    reply = await dispatch(Invocation(LIQ, platform="telegram"))
    assert await bot.post(str(GROUP), reply) is True
    [posted] = fake.sent_to(GROUP)
    assert posted["text"] == answered["text"] and posted["parse_mode"] == "HTML"


async def test_a_post_escapes_carries_the_file_and_no_buttons(fake: FakeBotApi, bot) -> None:
    assert await bot.post(str(GROUP), WARNING) is True
    [posted] = fake.sent_to(GROUP)
    shown = parse_html(posted["text"])   # the fake refuses invalid HTML, so this was delivered
    assert "Near liquidation <b>&" in shown and "<a href='x'>swing</a>" in shown
    assert "reply_markup" not in posted   # bound to nobody, nobody could press it
    [document] = fake.documents(GROUP)
    assert document["document"].filename == "alert.json" and json.loads(document["document"].data) == {"id": 3}


async def test_a_direct_message_has_buttons_for_that_user(fake: FakeBotApi, bot) -> None:
    assert await bot.direct(str(ALICE), WARNING) is True
    [sent] = fake.sent_to(ALICE)
    assert fake.keyboard(sent) == ["Show it"]
    assert len(fake.documents(ALICE)) == 1
    fake.press(sent, user_id=ALICE)
    [_, helped] = await fake.wait_for_sent(2)
    assert int(helped["chat_id"]) == ALICE and "/liq" in parse_html(helped["text"])


async def test_refusals_are_false_and_nothing_is_raised(fake: FakeBotApi, bot,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake.blocked_chats.add(ALICE)
    fake.missing_chats.add(GROUP)
    assert await bot.direct(str(ALICE), WARNING) is False      # never pressed Start
    assert await bot.post(str(GROUP), WARNING) is False        # chat not found
    fake.fail_next("sendMessage", 500, times=ATTEMPTS)
    assert await bot.post("-1009999", WARNING) is False        # Telegram itself failed, retries used up
    assert fake.documents() == []
    assert "chat not found" in caplog.text.lower() and TOKEN not in caplog.text


async def test_ids_that_are_no_chat_send_nothing(fake: FakeBotApi, bot) -> None:
    before = len(fake.calls)
    assert await bot.direct(f"chat{GROUP}", WARNING) is False   # a group speaking as itself has no DM
    assert await bot.post("general", WARNING) is False
    assert [c.method for c in fake.calls[before:] if c.method != "getUpdates"] == []


async def test_a_long_post_arrives_whole_in_several_messages(fake: FakeBotApi, bot) -> None:
    rows = tuple(Line(f"Position {i}", f"{i},000.00") for i in range(300))
    assert await bot.post(str(GROUP), Reply(command="alert", title="Many", lines=rows)) is True
    shown = "\n".join(parse_html(m["text"]) for m in fake.sent_to(GROUP))
    assert len(fake.sent_to(GROUP)) >= 2 and all(f"Position {i}: {i},000.00" in shown for i in range(300))
