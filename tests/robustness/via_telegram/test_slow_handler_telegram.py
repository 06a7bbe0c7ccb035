"""Reliability catalogue F19: one slow answer must not stall other chats. The adapter runs updates
concurrently (PTB's default is one at a time), so a 2-second handler in one chat leaves another
chat's answer unaffected."""

from __future__ import annotations

import asyncio
import time

from commands.dispatch import dispatch
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi

SLOW_USER, QUICK_USER = 9101, 9102


async def test_a_slow_chat_does_not_hold_up_another(fake: FakeBotApi, start_bot) -> None:
    answered: dict[str, float] = {}

    async def one_slow_chat(invocation, context):
        if invocation.user_id == str(SLOW_USER):
            await asyncio.sleep(2.0)
        answered[invocation.user_id] = time.perf_counter()
        return await dispatch(invocation, context)

    bot = await start_bot(dispatcher=one_slow_chat)
    began = time.perf_counter()
    fake.message("/liq long BTC 60000 25x", user_id=SLOW_USER)
    await fake.wait_until(lambda: fake.last_update_id >= 1)
    fake.message("/liq long BTC 60000 25x", user_id=QUICK_USER)
    await fake.wait_until(lambda: len(fake.sent_to(QUICK_USER)) == 1, timeout=1.5)
    assert fake.sent_to(SLOW_USER) == []                     # still sleeping: the quick one went first
    await settle(fake, bot, timeout=5)
    assert answered[str(QUICK_USER)] - began < 1.5 <= answered[str(SLOW_USER)] - began
    assert len(fake.sent_to(SLOW_USER)) == 1
