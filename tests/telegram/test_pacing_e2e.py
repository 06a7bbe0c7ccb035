"""Outbound pacing, measured where Telegram would measure it: the arrival times at the fake.

Production holds a private chat to one message a second and a group to 20 a rolling minute
(bot/telegram/pacing.py); here the same limiter runs with windows a few hundred milliseconds
long, so the suite stays fast and the rule is the same.
"""

from __future__ import annotations

import pytest

from bot.telegram.pacing import PacedRateLimiter, is_message
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi

PRIVATE, GROUP_WINDOW = (1, 0.15), (3, 0.4)
GROUP = -1004440001
LIQ = "/liq long BTC 60000 25x isolated"


def arrivals(fake: FakeBotApi, chat_id: int) -> list[float]:
    return [c.at for c in fake.delivered if int(c.params["chat_id"]) == chat_id]


def most_in_any_window(times: list[float], period: float) -> int:
    return max(sum(1 for t in times if start <= t < start + period) for start in times)


@pytest.fixture
async def paced_bot(start_bot):
    return await start_bot(rate_limiter=PacedRateLimiter(private=PRIVATE, group=GROUP_WINDOW))


async def test_a_private_chat_gets_at_most_one_message_per_interval(fake: FakeBotApi, paced_bot) -> None:
    for _ in range(4):
        fake.message(LIQ, user_id=501)
    await fake.wait_for_sent(4, timeout=5)
    times = arrivals(fake, 501)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == 4 and min(gaps) >= PRIVATE[1], gaps


async def test_a_group_gets_at_most_its_limit_in_any_rolling_window(fake: FakeBotApi, paced_bot) -> None:
    for user in range(601, 608):   # seven people, one command each: seven answers into one group
        fake.message(LIQ, user_id=user, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_for_sent(7, timeout=5)
    times = arrivals(fake, GROUP)
    assert len(times) == 7
    assert most_in_any_window(times, GROUP_WINDOW[1]) == GROUP_WINDOW[0]
    # Held to the limit, not slower: the 4th waits one window, the 7th two.
    assert times[6] - times[0] < 2 * GROUP_WINDOW[1] + 0.3


async def test_one_busy_chat_does_not_hold_up_another(fake: FakeBotApi, paced_bot) -> None:
    for user in range(601, 607):
        fake.message(LIQ, user_id=user, chat_id=GROUP, chat_type="supergroup")
    fake.message(LIQ, user_id=700)
    await fake.wait_for_sent(7, timeout=5)
    [dm] = arrivals(fake, 700)
    assert dm < arrivals(fake, GROUP)[-1]   # answered while the group's queue still waited


async def test_only_messages_count() -> None:
    assert is_message("sendMessage") and is_message("sendDocument") and is_message("editMessageReplyMarkup")
    assert not is_message("getChatMember") and not is_message("answerCallbackQuery")
    assert not is_message("sendChatAction")


async def test_the_table_of_chats_is_bounded(fake: FakeBotApi, start_bot) -> None:
    limiter = PacedRateLimiter(private=(1, 0.001), group=(20, 0.01), max_chats=3)
    bot = await start_bot(rate_limiter=limiter)
    for number, user in enumerate(range(801, 809), start=1):
        fake.message("/help", user_id=user)
        await fake.wait_for_sent(number)
        await settle(fake, bot)
    assert len(limiter) <= 3


async def test_a_flooded_chat_drops_what_would_queue_too_long(fake: FakeBotApi, start_bot, caplog) -> None:
    bot = await start_bot(rate_limiter=PacedRateLimiter(private=PRIVATE, group=(1, 0.3), max_waiting=2))
    for user in range(601, 606):   # five people at once into a group that takes one message per 0.3 s
        fake.message(LIQ, user_id=user, chat_id=GROUP, chat_type="supergroup")
    await settle(fake, bot, timeout=5)
    # Two held in the chat's queue (one sending, one waiting), the rest dropped at once, each
    # logged as one line, and no apology queued behind them.
    assert len(arrivals(fake, GROUP)) == 2
    assert len(fake.requests("sendMessage", ok_only=False)) == 2
    dropped = [r for r in caplog.records if "already wait for this chat" in r.getMessage()]
    assert len(dropped) == 3 and all(r.exc_info is None for r in dropped)
