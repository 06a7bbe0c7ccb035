"""What goes wrong around a command: gateway drops, failures, floods, slow answers, bad tokens."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import discord
import pytest
from discord import app_commands

from bot.cooldown import SLOW_DOWN, Cooldown
from bot.settings import ConfigurationError
from bot.discord.adapter import DiscordAdapter
from commands.dispatch import APOLOGY, dispatch
from tests.discord.conftest import embed_text, settings_for, settled
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord
from tests.support.same_numbers import assert_same_numbers

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")
LIQ_TEXT = "/liq long BTC 60000 25x isolated"


@pytest.mark.parametrize("close_code", [4000, 1000, 1011])
async def test_gateway_drop_resumes_and_answers_each_interaction_once(
        bot: DiscordAdapter, fake: FakeDiscord, close_code: int) -> None:
    before = await fake.command("liq", **LIQ)
    await fake.answer(before)
    await fake.drop(close_code)
    during = await fake.command("liq", **LIQ)      # sent while down: replayed on RESUME
    await asyncio.wait_for(fake.resumed.wait(), 5)
    after = await fake.command("liq", **LIQ)
    for interaction_id in (before, during, after):
        await fake.answer(interaction_id)
    await asyncio.sleep(0.05)                       # room for a duplicate to show up
    assert [len(fake.sent(i)) for i in (before, during, after)] == [1, 1, 1]
    assert (fake.identifies, fake.resumes) == (1, 1)
    await assert_same_numbers(LIQ_TEXT, embed_text(fake.sent(after)[0].data))


async def test_a_failing_command_gets_a_private_apology(bot: DiscordAdapter, fake: FakeDiscord,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    @app_commands.command(name="boom", description="fails on purpose (test only)")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    bot.tree.add_command(boom)
    await bot.sync()
    with caplog.at_level(logging.ERROR, logger="bot.discord.adapter"):
        sent = await fake.answer(await fake.command("boom"))
    assert sent.data["content"] == APOLOGY and sent.ephemeral
    assert "kaboom" not in str(sent.payload)
    assert any(r.exc_info and "kaboom" in repr(r.exc_info[1].__cause__) for r in caplog.records)
    await assert_same_numbers(LIQ_TEXT, embed_text((await fake.answer(await fake.command("liq", **LIQ))).data))


async def test_every_throttled_interaction_is_told_to_slow_down(make_adapter, fake: FakeDiscord) -> None:
    """Discord shows "The application did not respond" for an interaction left unanswered, so each
    one over the limit gets the (ephemeral, cheap) slow-down line, not only the first (#13 item 8)."""
    await make_adapter(cooldown=Cooldown(burst=2, window=60))
    flood = [await fake.command("liq", user_id="400000000000000004", **LIQ) for _ in range(4)]
    other = await fake.command("liq", user_id="400000000000000005", **LIQ)
    await fake.answer(other)                        # handled after every flood interaction
    answered = [fake.sent(i) for i in flood]
    assert [len(s) for s in answered] == [1, 1, 1, 1]
    assert all(s[0].data["embeds"] for s in answered[:2])
    assert all(s[0].data["content"] == SLOW_DOWN and s[0].ephemeral for s in answered[2:])


async def test_a_slow_answer_is_deferred_then_edited(make_adapter, fake: FakeDiscord) -> None:
    fake.ack_deadline = 0.25                        # answering after the sleep would miss it

    async def slow_dispatch(invocation, context):
        await asyncio.sleep(0.4)
        return await dispatch(invocation, context)

    await make_adapter(dispatcher=slow_dispatch, defer_after=0.02)
    interaction_id = await fake.command("liq", **LIQ)
    ack = await fake.answer(interaction_id)
    assert ack.payload["type"] == CALLBACK_DEFER
    await settled(fake, interaction_id, 2)
    edit = fake.sent(interaction_id)[1]
    assert edit.kind == "edit" and edit.payload["allowed_mentions"] == {"parse": []}
    await assert_same_numbers(LIQ_TEXT, embed_text(edit.payload))


async def test_a_slow_private_answer_stays_private(make_adapter, fake: FakeDiscord) -> None:
    async def slow_private_dispatch(invocation, context):
        await asyncio.sleep(0.1)
        return dataclasses.replace(await dispatch(invocation, context), private=True)

    await make_adapter(dispatcher=slow_private_dispatch, defer_after=0.02)
    interaction_id = await fake.command("liq", **LIQ)
    await settled(fake, interaction_id, 3)
    ack, delete, followup = fake.sent(interaction_id)
    assert (ack.payload["type"], delete.kind, followup.kind) == (CALLBACK_DEFER, "delete", "followup")
    assert followup.ephemeral and followup.payload["allowed_mentions"] == {"parse": []}


async def test_a_fast_private_answer_is_ephemeral(make_adapter, fake: FakeDiscord) -> None:
    async def private_dispatch(invocation, context):
        return dataclasses.replace(await dispatch(invocation, context), private=True)

    await make_adapter(dispatcher=private_dispatch)
    sent = await fake.answer(await fake.command("liq", **LIQ))
    assert sent.payload["type"] == CALLBACK_MESSAGE and sent.ephemeral


async def test_a_rate_limited_callback_is_retried_by_discord_py(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    fake.throttle = 1
    interaction_id = await fake.command("liq", **LIQ)
    await fake.answer(interaction_id)
    await asyncio.sleep(0.05)
    assert fake.throttled == 1 and len(fake.sent(interaction_id)) == 1


async def test_a_bad_token_fails_start(make_adapter, fake: FakeDiscord) -> None:
    settings = settings_for(fake)
    settings.discord_token = type(settings.discord_token)("not-the-token")
    with pytest.raises(ConfigurationError, match="DISCORD_TOKEN"):   # tests/discord/test_discord_startup.py
        await make_adapter(settings)
