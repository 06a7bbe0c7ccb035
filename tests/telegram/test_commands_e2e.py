"""Commands end to end: the real python-telegram-bot application against the fake Bot API."""

from __future__ import annotations

from html import unescape

from bot.cooldown import SLOW_DOWN, Cooldown
from commands.catalog import all_commands
from tests.support.same_numbers import assert_same_numbers
from tests.telegram.conftest import BOT_USERNAME, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

LIQ = "/liq long BTC 60000 25x isolated"
GROUP = -1001234567890


async def test_private_command_gets_html_answer_with_console_figures(fake: FakeBotApi, bot) -> None:
    fake.message(LIQ, user_id=42)
    [sent] = await fake.wait_for_sent(1)
    assert int(sent["chat_id"]) == 42
    assert sent["parse_mode"] == "HTML"
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert "reply_parameters" not in sent   # a private chat needs no quote
    assert sent["text"].startswith("<b>Liquidation")
    await assert_same_numbers(LIQ, sent["text"])


async def test_menu_is_set_from_the_registry(fake: FakeBotApi, bot) -> None:
    # one default menu (no language_code), then one per language (tests/telegram/test_menus_e2e.py)
    [request] = [r for r in fake.requests("setMyCommands") if not r.get("language_code")]
    menu = [(c["command"], c["description"]) for c in request["commands"]]
    assert menu == [(command.name, command.summary) for command in all_commands()]


async def test_group_command_addressed_to_this_bot_quotes_the_command(fake: FakeBotApi, bot) -> None:
    message = fake.message(f"/liq@{BOT_USERNAME} long BTC 60000 25x", user_id=7, chat_id=GROUP,
                           chat_type="supergroup")
    [sent] = await fake.wait_for_sent(1)
    assert int(sent["chat_id"]) == GROUP
    assert sent["reply_parameters"]["message_id"] == message["message_id"]
    assert "Liquidation" in sent["text"]


async def test_command_addressed_to_another_bot_is_ignored(fake: FakeBotApi, bot) -> None:
    fake.message("/liq@some_other_bot long BTC 60000 25x", user_id=7, chat_id=GROUP,
                 chat_type="supergroup")
    await settle(fake, bot)
    assert fake.sent == []


async def test_edited_command_is_not_answered_twice(fake: FakeBotApi, bot) -> None:
    original = fake.message(LIQ, user_id=42)
    await fake.wait_for_sent(1)
    fake.message("/liq long BTC 61000 25x isolated", user_id=42, edited_from=original)
    await settle(fake, bot)
    assert len(fake.sent) == 1
    # and Telegram is not even asked for edits
    assert all("edited_message" not in r.get("allowed_updates", []) for r in fake.requests("getUpdates"))


async def test_automatic_forward_from_linked_channel_is_ignored(fake: FakeBotApi, bot) -> None:
    fake.message(LIQ, user_id=777000, chat_id=GROUP, chat_type="supergroup",
                 is_automatic_forward=True)
    await settle(fake, bot)
    assert fake.sent == []


async def test_bad_input_gets_the_usage_text(fake: FakeBotApi, bot) -> None:
    fake.message("/liq long BTC", user_id=42)
    [sent] = await fake.wait_for_sent(1)
    visible = parse_html(sent["text"])
    assert "Missing an entry price" in visible
    assert "Try: /liq long BTC 60000 25x isolated" in visible


async def test_html_in_user_input_is_escaped_and_delivered(fake: FakeBotApi, bot) -> None:
    hostile = ['<b>x</b>', '<a href="https://evil.example">Binance</a>', "a&b", "</code>"]
    for user, symbol in enumerate(hostile, start=100):
        fake.message(f"/liq long {symbol} 60000 25x", user_id=user)
    await fake.wait_for_sent(len(hostile))
    assert all(call.status == 200 for call in fake.calls if call.method == "sendMessage")
    texts = "\n".join(m["text"] for m in fake.sent)
    assert "<a " not in texts and "<b>x" not in texts
    assert "&lt;b&gt;x&lt;/b&gt;" in texts
    assert "'a&b' is not a symbol" in unescape(texts)


async def test_flood_gets_one_slow_down_then_silence(fake: FakeBotApi, start_bot) -> None:
    bot = await start_bot(cooldown=Cooldown(burst=2, window=60))
    for _ in range(6):
        fake.message("/help", user_id=9)
    await settle(fake, bot)
    texts = [unescape(m["text"]) for m in fake.sent]
    assert len(texts) == 3
    assert texts.count(SLOW_DOWN) == 1
    fake.message("/help", user_id=10)  # someone else is not slowed down
    await fake.wait_for_sent(4)
    assert unescape(fake.sent[-1]["text"]) != SLOW_DOWN
