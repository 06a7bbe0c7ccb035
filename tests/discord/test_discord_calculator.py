"""Issue 16 through real discord.py and the fake: the message command "Plan this trade" on a posted
signal, and a slash command with a typed tp= list."""

from __future__ import annotations

from pathlib import Path

from bot.discord.adapter import DiscordAdapter
from bot.discord.command_tree import PLAN_THIS_TRADE
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import CALLBACK_MESSAGE, FakeDiscord

SIGNALS = Path(__file__).parents[1] / "commands" / "signals"


async def test_plan_this_trade_is_a_message_command(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    menus = [c for scope in fake.commands.values() for c in scope if c.get("type") == 3]
    assert [c["name"] for c in menus] == [PLAN_THIS_TRADE]
    assert not menus[0].get("description") and not menus[0].get("options")
    assert fake.problems == []


async def test_plan_this_trade_reads_the_target_message(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    signal = (SIGNALS / "02_cornix_full.txt").read_text()
    sent = await fake.answer(await fake.message_command(PLAN_THIS_TRADE, signal))
    assert sent.kind == "callback" and sent.payload["type"] == CALLBACK_MESSAGE
    assert not sent.data.get("flags", 0)   # public, as /plan's answer is everywhere
    text = embed_text(sent.data)
    assert "Read entry" in text and "3050" in text and "3200" in text
    # ETH short, entries 3,050 and 3,100 -> 3,075; 10x isolated on Binance tier 1 (MMR 0.4%... the
    # catalogue's ETHUSDT tier): no risk= here, so no size, and the answer says how to get one.
    assert "Liquidation at 10x" in text and "risk=1% balance=1000" in text


async def test_plan_this_trade_on_a_chat_message(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    sent = await fake.answer(await fake.message_command(PLAN_THIS_TRADE, "anyone long here? <@123> @everyone"))
    assert "I couldn't find an entry and a stop in that message." in embed_text(sent.data)
    assert sent.data["allowed_mentions"] == {"parse": []}


async def test_a_slash_command_with_a_target_list(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    sent = await fake.answer(await fake.command("pnl", side="long", symbol="BTC", price=60000, leverage=10,
                                                qty=1, sl=58000, tp="62000:50%, 64000:50%"))
    text = embed_text(sent.data)
    # Worked by hand (Binance taker 0.05%): half at 62,000 nets 0.5·2,000 − 0.0005·0.5·122,000 = 969.50,
    # half at 64,000 nets 1,969.00; total 2,938.50 against a loss at the stop of 2,059 -> 1 : 1.43.
    assert "969.50" in text and "1,969.00" in text and "2,938.50" in text and "1 : 1.43" in text
