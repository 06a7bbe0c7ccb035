"""Issue 16 through the real python-telegram-bot: /plan as a reply to a posted signal (the bot reads
the command message's `reply_to_message` only), and a guided button that completes a command."""

from __future__ import annotations

from pathlib import Path

from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1009988776655
ALICE, MALLORY = 701, 702
SIGNALS = Path(__file__).parents[1] / "commands" / "signals"


def posted(fake: FakeBotApi, text: str, user_id: int) -> dict:
    """A message as it sits in the chat, to be replied to (not pushed as an update of its own)."""
    return {"message_id": 9000 + user_id, "date": 0, "chat": fake.chat(GROUP, "supergroup"),
            "from": fake.user(user_id), "text": text}


async def test_plan_as_a_reply_reads_the_signal_it_replies_to(fake: FakeBotApi, bot) -> None:
    signal = (SIGNALS / "01_cornix_basic.txt").read_text()
    fake.message("/plan risk=1% balance=1000", user_id=ALICE, chat_id=GROUP, chat_type="supergroup",
                 reply_to_message=posted(fake, signal, MALLORY))
    [sent] = await fake.wait_for_sent(1)
    visible = parse_html(sent["text"])
    assert "Read entry: Entry: 60000 - 61000" in visible and "Read stop: Stop: 58000" in visible
    # Size for the risk at the range's average: 10 USDT / (60,500 − 58,000) = 0.004 BTC.
    assert "0.004 BTC" in visible and "Liquidation at 20x" in visible


async def test_a_reply_to_a_chat_message_is_not_a_signal(fake: FakeBotApi, bot) -> None:
    fake.message("/plan", user_id=ALICE, chat_id=GROUP, chat_type="supergroup",
                 reply_to_message=posted(fake, "gm everyone, BTC looks strong today", MALLORY))
    [sent] = await fake.wait_for_sent(1)
    assert "I couldn't find an entry and a stop in that message." in parse_html(sent["text"])


async def test_guided_side_buttons_complete_the_command_for_the_caller(fake: FakeBotApi, bot) -> None:
    fake.message("/liq BTC 60000 10x", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    [question] = await fake.wait_for_sent(1)
    assert "Long or short?" in parse_html(question["text"])
    assert fake.keyboard(question) == ["long", "short"]
    fake.press(question, user_id=MALLORY, button=1)   # not hers: nothing runs
    await settle(fake, bot)
    assert len(fake.sent) == 1
    fake.press(question, user_id=ALICE, button=1)
    [_, answer] = await fake.wait_for_sent(2)
    visible = parse_html(answer["text"])
    # Short 10x on Binance tier 1: 60,000·(1 + 1/10)/(1 + 0.004) = 65,737.05.
    assert "BTC short 10x isolated" in visible and "65,737.05" in visible


async def test_guided_leverage_buttons(fake: FakeBotApi, bot) -> None:
    fake.message("/pnl long BTC 60000 qty=1 exit=65000", user_id=ALICE)
    [question] = await fake.wait_for_sent(1)
    assert fake.keyboard(question) == ["5x", "10x", "20x", "25x", "50x"]
    fake.press(question, user_id=ALICE, button=3)
    [_, answer] = await fake.wait_for_sent(2)
    visible = parse_html(answer["text"])
    # 25x: margin 60,000/25 = 2,400; PnL 5,000; ROE 5,000/2,400 = 208.33%.
    assert "BTC long 25x" in visible and "+208.33%" in visible
