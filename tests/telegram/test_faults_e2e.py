"""When the Bot API misbehaves: 429, 500, going away, a bad token; and the token never in the logs."""

from __future__ import annotations

import asyncio
import logging
import time
from html import unescape

import pytest
from telegram.error import InvalidToken

from bot.log_redaction import REDACTED
from bot.settings import Settings
from bot.telegram.adapter import TelegramAdapter
from commands.context import Context
from commands.dispatch import APOLOGY
from commands.reply import Action, Attachment, Reply
from tests.telegram.conftest import ATTEMPTS, TOKEN
from tests.telegram.fake_bot_api import FakeBotApi

LIQ = "/liq long BTC 60000 25x isolated"
GROUP = -1006660001


async def test_429_is_waited_out_and_the_reply_delivered_once(fake: FakeBotApi, bot) -> None:
    fake.fail_next("sendMessage", 429, retry_after=1)
    began = time.monotonic()
    fake.message(LIQ, user_id=42)
    [sent] = await fake.wait_for_sent(1, timeout=5)
    assert time.monotonic() - began >= 1.0
    attempts = fake.requests("sendMessage", ok_only=False)
    assert len(attempts) == 2 and attempts[0]["text"] == sent["text"]


async def test_a_refused_answer_is_logged_with_traceback_and_the_user_gets_an_apology(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 400, description="Bad Request: message is too long")   # our bug: a traceback
    fake.message(LIQ, user_id=42)
    [apology] = await fake.wait_for_sent(1)
    assert unescape(apology["text"]) == APOLOGY
    [record] = [r for r in caplog.records if r.name == "bot.telegram.adapter" and r.levelno == logging.ERROR]
    assert record.exc_info is not None


async def test_polling_resumes_when_the_api_comes_back(fake: FakeBotApi, bot) -> None:
    fake.message("/help", user_id=42)
    await fake.wait_for_sent(1)
    await fake.go_down()
    fake.message(LIQ, user_id=42)       # queued while the API is unreachable
    await asyncio.sleep(0.2)            # let at least one poll fail against the closed port
    await fake.come_back()
    [_, sent] = await fake.wait_for_sent(2, timeout=5)
    assert "Liquidation" in sent["text"]
    fake.message("/help", user_id=43)
    await fake.wait_for_sent(3)


async def test_a_wrong_token_fails_start_cleanly(fake: FakeBotApi) -> None:
    settings = Settings(_env_file=None, telegram_token="123456789:WRONGtoken-abcdefghijklmnopqrstu",
                        telegram_api_base_url=fake.base_url)
    adapter = TelegramAdapter(settings, Context())
    with pytest.raises(InvalidToken):
        await adapter.start()
    assert not adapter.app.running


async def test_the_token_never_reaches_the_logs(fake: FakeBotApi, start_bot,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    await start_bot()   # PTB logs the API URL while the bot is built
    fake.message(LIQ, user_id=42)
    await fake.wait_for_sent(1)
    fake.fail_next("sendMessage", 400)                      # an error handler traceback
    fake.message("/help", user_id=43)
    await fake.wait_for_sent(2)
    await fake.go_down()                                    # network errors while polling
    await asyncio.sleep(0.2)
    await fake.come_back()
    fake.message("/help", user_id=44)
    await fake.wait_for_sent(3, timeout=5)
    logging.getLogger("telegram.ext").exception("an error mentioning %s", TOKEN,
                                                exc_info=RuntimeError(f"url /bot{TOKEN}/getMe"))

    text = caplog.text
    assert REDACTED in text, "the test did not exercise a record that carried the token"
    assert TOKEN not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in (record.exc_text or "")


async def test_the_token_stays_out_of_the_logs_of_buttons_files_and_member_checks(
        fake: FakeBotApi, start_bot, caplog: pytest.LogCaptureFixture) -> None:
    async def checked_reply_with_extras(invocation, context) -> Reply:
        moderator = await invocation.is_moderator()   # a failure here reaches the error handler
        return Reply(command="help", title=f"moderator={moderator}", actions=(Action("Again", "/help"),),
                     attachment=Attachment("a.json", b"{}"))

    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    bot = await start_bot(dispatcher=checked_reply_with_extras)
    fake.fail_next("getChatMember", 500, times=ATTEMPTS)
    fake.message("/help", user_id=42, chat_id=GROUP, chat_type="supergroup")
    [apology] = await fake.wait_for_sent(1)
    assert unescape(apology["text"]) == APOLOGY
    fake.message("/help", user_id=42, chat_id=GROUP, chat_type="supergroup")
    [_, answer] = await fake.wait_for_sent(2)
    fake.press(answer, user_id=42)
    await fake.wait_until(lambda: len(fake.documents()) == 2)   # both answers, files included
    fake.fail_next("sendDocument", 500, times=ATTEMPTS)
    assert await bot.post(str(GROUP), Reply(command="x", title="t", attachment=Attachment("b.json", b"{}"))) is False

    text = caplog.text
    for method in ("getChatMember", "sendDocument", "answerCallbackQuery", "editMessageReplyMarkup"):
        assert f"{REDACTED}/{method}" in text, f"no log line of a {method} call was checked"
    assert TOKEN not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and TOKEN not in (record.exc_text or "")


async def test_telegram_unreachable_at_start_is_retried_in_the_background(
        fake: FakeBotApi, start_bot, caplog: pytest.LogCaptureFixture) -> None:
    await fake.go_down()
    began = time.monotonic()
    bot = await start_bot()   # no exception: it waited FAST.start_wait, and goes on trying
    assert time.monotonic() - began < 1.0 and not bot.app.running
    assert await bot.post(str(GROUP), Reply(command="x", title="t")) is False   # not connected yet: refused
    await asyncio.sleep(0.2)   # a few more attempts fail
    await fake.come_back()
    fake.message(LIQ, user_id=42)
    [sent] = await fake.wait_for_sent(1, timeout=5)
    assert "Liquidation" in sent["text"] and bot.app.running
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    assert any("still trying in the background" in r.getMessage() for r in caplog.records)


async def test_stopping_while_still_trying_to_connect_is_clean(fake: FakeBotApi, start_bot) -> None:
    await fake.go_down()
    bot = await start_bot()
    await asyncio.wait_for(bot.stop(), 1.0)
    assert not bot.app.running
