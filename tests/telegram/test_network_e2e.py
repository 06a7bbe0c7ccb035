"""Answers that must not get lost: retries that cannot send twice, gateway pages, hangs, bad HTML.

Telegram has no idempotency key, so the rule under test is: send again only when Telegram cannot
have acted on the first attempt (no connection was made; a 5xx said it was not done), never when
it may have (the connection dropped after the request went out; no answer in time).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from html import unescape

import pytest

from commands.dispatch import dispatch
from tests.telegram.conftest import ATTEMPTS, FAST, settle
from tests.telegram.fake_bot_api import FakeBotApi

LIQ = "/liq long BTC 60000 25x isolated"
ALICE, BOB = 501, 502


def quiet(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Records that would page someone: an ERROR or any traceback, from any logger (PTB's too)."""
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info or r.exc_text]


async def test_a_5xx_is_retried_and_the_answer_arrives_once(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail_next("sendMessage", 502, html=True)   # the gateway's page
    fake.fail_next("sendMessage", 500)              # the Bot API's own "ok": false
    fake.message(LIQ, user_id=ALICE)
    [answer] = await fake.wait_for_sent(1)
    await settle(fake, bot)
    assert "Liquidation" in answer["text"]
    attempts = fake.requests("sendMessage", ok_only=False)
    assert len(attempts) == 3 and {a["text"] for a in attempts} == {answer["text"]}
    assert len(fake.sent) == 1
    assert quiet(caplog) == []


async def test_a_connection_that_cannot_be_made_is_retried(fake: FakeBotApi, start_bot) -> None:
    async def then_an_outage(invocation, context):
        reply = await dispatch(invocation, context)
        await fake.go_down()   # the answer is ready; Telegram is unreachable for a moment
        asyncio.get_running_loop().call_later(0.05, lambda: asyncio.ensure_future(fake.come_back()))
        return reply

    # Room for the fake to come back even on a loaded machine: retries at +0.05, +0.25 and +0.75 s.
    await start_bot(dispatcher=then_an_outage, transport=dataclasses.replace(FAST, retry_delays=(0.05, 0.2, 0.5)))
    fake.message(LIQ, user_id=ALICE)
    [answer] = await fake.wait_for_sent(1, timeout=5)
    assert "Liquidation" in answer["text"]
    # Refused connections never reach the server: the one request it saw is the one delivered.
    assert len(fake.requests("sendMessage", ok_only=False)) == 1


async def test_a_connection_dropped_after_the_request_went_out_is_not_retried(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    fake.drop_next("sendMessage")   # Telegram may have posted it: sending again could show it twice
    fake.message(LIQ, user_id=ALICE)
    await fake.wait_until(lambda: fake.requests("sendMessage", ok_only=False))
    await settle(fake, bot)
    await asyncio.sleep(sum(FAST.retry_delays))   # any retry would have happened by now
    assert len(fake.requests("sendMessage", ok_only=False)) == 1
    assert fake.sent == []   # and no apology: the answer may well be on the user's screen
    assert quiet(caplog) == []
    assert any("handling an update failed" in r.getMessage() for r in caplog.records)


async def test_retries_are_bounded(fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 503, html=True, times=ATTEMPTS + 5)
    fake.message(LIQ, user_id=ALICE)
    await fake.wait_until(lambda: len(fake.requests("sendMessage", ok_only=False)) >= ATTEMPTS)
    await settle(fake, bot)
    await asyncio.sleep(sum(FAST.retry_delays))
    # The answer's attempts, then one apology attempt (a 503 says nothing was posted), also failing.
    assert len(fake.requests("sendMessage", ok_only=False)) == 2 * ATTEMPTS
    assert fake.sent == [] and quiet(caplog) == []


async def test_a_gateway_page_while_polling_logs_one_warning_and_no_traceback(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail_next("getUpdates", 502, html=True)
    fake.message("/help", user_id=ALICE)
    await fake.wait_for_sent(1, timeout=5)   # polling carried on after its backoff
    assert quiet(caplog) == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "polling failed" in warnings[0] and "Bad Gateway (502)" in warnings[0]
    assert len(warnings[0]) < 300, "the gateway's whole page does not belong in the log"


async def test_a_hanging_api_times_out_cleanly_and_other_chats_are_served(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    fake.hung_chats.add(ALICE)   # accepts the connection, never answers
    began = time.monotonic()
    fake.message(LIQ, user_id=ALICE)
    await fake.wait_until(lambda: fake.requests("sendMessage", ok_only=False))
    fake.message(LIQ, user_id=BOB)
    [answer] = await fake.wait_for_sent(1)
    assert int(answer["chat_id"]) == BOB
    assert time.monotonic() - began < FAST.read_timeout   # Bob did not wait for Alice's hang
    await fake.wait_until(lambda: any("handling an update failed" in r.getMessage() for r in caplog.records),
                          timeout=FAST.read_timeout + 2)
    # Timed out after the request went out: it may have arrived, so neither a retry nor an apology.
    assert len([m for m in fake.requests("sendMessage", ok_only=False) if int(m["chat_id"]) == ALICE]) == 1
    assert quiet(caplog) == []


async def test_html_telegram_cannot_parse_is_sent_again_as_plain_text(
        fake: FakeBotApi, bot, caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 400, description="Bad Request: can't parse entities: Unsupported start "
                                                   "tag \"b\" at byte offset 0")
    fake.message(LIQ, user_id=ALICE)
    [plain] = await fake.wait_for_sent(1)
    [refused, _] = fake.requests("sendMessage", ok_only=False)
    assert refused["parse_mode"] == "HTML" and "<b>Liquidation: " in refused["text"]
    assert "parse_mode" not in plain
    assert plain["text"].startswith("Liquidation: ") and "<" not in plain["text"]
    assert unescape(refused["text"]).replace("<b>", "").startswith(plain["text"].split("\n")[0])
    [logged] = [r for r in caplog.records if "plain text" in r.getMessage()]
    assert refused["text"] in logged.getMessage().replace("\\n", "\n")
