"""Where answers go: inline mode, private answers asked for in a group, long answers, webhooks."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from html import unescape

import aiohttp
from pydantic import SecretStr

from bot.telegram.delivery import SENT_BY_DM, START_A_DM, START_LINK
from commands.dispatch import dispatch
from commands.reply import Line, Reply
from tests.telegram.conftest import BOT_USERNAME, make_settings, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -100555


async def private_dispatch(invocation, context) -> Reply:
    """The real dispatcher, with the answer marked private (as a saved-positions answer will be)."""
    return dataclasses.replace(await dispatch(invocation, context), private=True)


async def test_inline_query_answers_one_article_with_the_rendered_reply(fake: FakeBotApi, bot) -> None:
    fake.inline_query("liq long BTC 60000 25x", user_id=42)
    [answer] = await fake.wait_until(lambda: fake.requests("answerInlineQuery"))
    [article] = answer["results"]
    assert article["type"] == "article"
    assert article["title"] == "BTC long 25x isolated · Binance linear"
    assert article["description"].startswith("Liquidation: ")
    content = article["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("<b>Liquidation: ")
    assert int(answer["cache_time"]) <= 10


async def test_inline_query_with_bad_input_answers_the_usage_text(fake: FakeBotApi, bot) -> None:
    fake.inline_query("liq long BTC", user_id=42)
    [answer] = await fake.wait_until(lambda: fake.requests("answerInlineQuery"))
    [article] = answer["results"]
    assert "Missing an entry price" in article["description"]
    assert "Try: /liq long" in parse_html(article["input_message_content"]["message_text"])


async def test_private_answer_in_a_group_goes_by_dm(fake: FakeBotApi, start_bot) -> None:
    await start_bot(dispatcher=private_dispatch)
    fake.message("/liq long BTC 60000 25x", user_id=5, chat_id=GROUP, chat_type="group")
    await fake.wait_for_sent(2)
    [dm] = fake.sent_to(5)
    [notice] = fake.sent_to(GROUP)
    assert "Liquidation" in dm["text"]
    assert unescape(notice["text"]) == SENT_BY_DM


async def test_private_answer_when_dm_is_refused_tells_the_group_without_the_data(
        fake: FakeBotApi, start_bot) -> None:
    await start_bot(dispatcher=private_dispatch)
    fake.blocked_chats.add(5)
    fake.message("/liq long BTC 60000 25x", user_id=5, chat_id=GROUP, chat_type="group")
    [notice] = await fake.wait_for_sent(1)
    assert int(notice["chat_id"]) == GROUP
    assert parse_html(notice["text"]) == START_A_DM.format(link=START_LINK)
    assert "57," not in notice["text"]


async def test_private_answer_in_a_private_chat_is_just_answered(fake: FakeBotApi, start_bot) -> None:
    await start_bot(dispatcher=private_dispatch)
    fake.message("/liq long BTC 60000 25x", user_id=5)
    [sent] = await fake.wait_for_sent(1)
    assert int(sent["chat_id"]) == 5 and "Liquidation" in sent["text"]


async def test_a_long_answer_arrives_in_several_valid_messages(fake: FakeBotApi, start_bot) -> None:
    lines = tuple(Line(f"Row {i} <&>", f"{i:,}.00") for i in range(400))

    async def long_dispatch(invocation, context) -> Reply:
        return Reply(command="liq", title="Long", lines=lines, notes=("n " * 300,) * 5)

    bot = await start_bot(dispatcher=long_dispatch)
    fake.message("/liq", user_id=5)
    await settle(fake, bot)
    pieces = [parse_html(m["text"]) for m in fake.sent]
    assert len(pieces) >= 3
    assert all(call.status == 200 for call in fake.calls if call.method == "sendMessage")
    shown = "\n".join(pieces)
    assert all(f"Row {i} <&>: {i:,}.00" in shown for i in range(400))


async def test_one_slow_chat_does_not_hold_up_another(fake: FakeBotApi, start_bot) -> None:
    release = asyncio.Event()

    async def slow_for_user_1(invocation, context) -> Reply:
        if invocation.user_id == "1":
            await release.wait()
        return await dispatch(invocation, context)

    await start_bot(dispatcher=slow_for_user_1)
    fake.message("/help", user_id=1)
    fake.message("/liq long BTC 60000 25x", user_id=2)
    [first] = await fake.wait_for_sent(1)
    assert int(first["chat_id"]) == 2
    release.set()
    await fake.wait_for_sent(2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_checks_the_secret_and_answers(fake: FakeBotApi, start_bot) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hooks/telegram"
    settings = make_settings(fake, telegram_webhook_url=url, telegram_webhook_port=port,
                             telegram_webhook_secret=SecretStr("s3cret-value"))
    await start_bot(settings)
    [hook] = fake.requests("setWebhook")
    assert hook["url"] == url and hook["secret_token"] == "s3cret-value"
    update = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"},
        "from": fake.user(42), "text": "/liq long BTC 60000 25x",
        "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}
    async with aiohttp.ClientSession() as http:
        wrong = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "no"})
        assert wrong.status == 403
        right = await http.post(url, json=update,
                                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"})
        assert right.status == 200
    [sent] = await fake.wait_for_sent(1)
    assert "Liquidation" in sent["text"]


async def test_bot_name_in_a_group_command_is_matched_case_insensitively(fake: FakeBotApi, bot) -> None:
    fake.message(f"/liq@{BOT_USERNAME.upper()}   long BTC 60000 25x", user_id=3, chat_id=GROUP,
                 chat_type="supergroup")
    [sent] = await fake.wait_for_sent(1)
    assert "Liquidation" in sent["text"]
