"""Stopping the Discord adapter (SIGTERM in production) while answers are in flight: they get a
few seconds to finish; any placeholder still open is edited to say riskbot is restarting."""

from __future__ import annotations

import asyncio

from bot.discord.adapter import RESTARTING
from commands.dispatch import dispatch
from tests.discord.conftest import settled
from tests.discord.fake_discord import CALLBACK_DEFER, FakeDiscord

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25)


async def test_an_answer_in_flight_is_finished_before_stopping(make_adapter, fake: FakeDiscord) -> None:
    async def slowish(invocation, context):
        await asyncio.sleep(0.15)
        return await dispatch(invocation, context)

    adapter = await make_adapter(dispatcher=slowish, defer_after=0.01, drain_seconds=2.0)
    interaction = await fake.command("liq", **LIQ)
    assert (await fake.answer(interaction)).payload["type"] == CALLBACK_DEFER
    await adapter.stop()
    sent = fake.sent(interaction)
    assert [s.kind for s in sent] == ["callback", "edit"] and sent[1].data["embeds"]


async def test_a_placeholder_still_open_says_riskbot_is_restarting(make_adapter, fake: FakeDiscord) -> None:
    never = asyncio.Event()

    async def stuck(invocation, context):
        await never.wait()

    adapter = await make_adapter(dispatcher=stuck, defer_after=0.01, drain_seconds=0.05)
    interaction = await fake.command("liq", **LIQ)
    assert (await fake.answer(interaction)).payload["type"] == CALLBACK_DEFER
    await adapter.stop()
    edit = (await settled(fake, interaction, 2))[1]
    assert edit.kind == "edit" and edit.data["content"] == RESTARTING and not edit.data.get("embeds")
