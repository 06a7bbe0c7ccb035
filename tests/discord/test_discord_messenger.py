"""The adapter as a Messenger (bot/messenger.py): posts into channels and DMs for background jobs,
rendered like any answer, never pinging, and False (not an exception) when Discord says no."""

from __future__ import annotations

import inspect
import logging

import discord
import pytest

from bot.discord.adapter import DiscordAdapter
from bot.messenger import Messenger
from commands.reply import Action, Attachment, Line, Reply
from core.risk_warnings import RiskWarning
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import FakeDiscord

USER = "800000000000000001"
WARNING = Reply(command="riskwarn", title="Risk warning", headline=Line("BTC daily range", "6.1%"),
                lines=(Line("Posted by", "@everyone **mods**"),),
                warnings=(RiskWarning("daily_move", "warn", "25x on BTC is liquidated by a 4% wick"),),
                actions=(Action("Show my positions", "/positions"),))


def test_the_adapter_has_the_messenger_shape() -> None:
    assert DiscordAdapter.platform == "discord"
    for name in ("post", "direct"):
        ours, port = getattr(DiscordAdapter, name), getattr(Messenger, name)
        assert inspect.iscoroutinefunction(ours)
        assert list(inspect.signature(ours).parameters) == list(inspect.signature(port).parameters)


async def test_post_into_a_channel(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    assert await bot.post(fake.channel_id, WARNING) is True
    (posted,) = fake.posted
    assert posted.channel_id == fake.channel_id
    assert posted.payload["allowed_mentions"] == {"parse": []}
    text = embed_text(posted.payload)
    assert "BTC daily range: 6.1%" in text and "4% wick" in text
    assert "@\u200beveryone \\*\\*mods\\*\\*" in text and "@everyone" not in text
    assert not posted.payload.get("components"), "a channel post has no single owner for a button"


async def test_direct_opens_a_dm_and_sends_there(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    reply = Reply(command="alert", title="Near liquidation", lines=(Line("BTC", "58,100"),),
                  attachment=Attachment("alert.json", b'{"id": 1}'), actions=WARNING.actions)
    assert await bot.direct(USER, reply) is True
    (posted,) = fake.posted
    assert posted.channel_id == fake.dm_channels[USER]
    assert posted.payload["allowed_mentions"] == {"parse": []}
    assert "Near liquidation" in embed_text(posted.payload)
    assert [(f.filename, f.data) for f in posted.files] == [("alert.json", b'{"id": 1}')]
    (button,) = posted.payload["components"][0]["components"]
    assert button["label"] == "Show my positions" and button["custom_id"].startswith("rb:")
    assert await bot.direct(USER, reply) and len(fake.dm_channels) == 1, "the DM channel is reused"


@pytest.mark.parametrize("refusal", ["dms closed", "no access", "unknown channel", "not an id", "bad request",
                                     "network down"])
async def test_a_refusal_is_false_not_an_exception(bot: DiscordAdapter, fake: FakeDiscord, refusal: str,
                                                   caplog: pytest.LogCaptureFixture, monkeypatch) -> None:
    with caplog.at_level(logging.INFO, logger="bot"):
        if refusal == "dms closed":
            fake.closed_dms.add(USER)
            outcome = await bot.direct(USER, WARNING)
        elif refusal == "no access":
            fake.no_access.add(fake.channel_id)
            outcome = await bot.post(fake.channel_id, WARNING)
        elif refusal == "unknown channel":
            outcome = await bot.post("900000000000000009", WARNING)
        elif refusal == "bad request":
            fake.refuse_next_post = (400, 50035, "Invalid Form Body")
            outcome = await bot.post(fake.channel_id, WARNING)
        elif refusal == "network down":      # nothing listens on port 1: connection refused
            monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:1/api/v10")
            outcome = await bot.post(fake.channel_id, WARNING)
        else:
            outcome = await bot.post("#general", WARNING) or await bot.direct("٣٤٥", WARNING)
    assert outcome is False
    assert fake.posted == []
    assert caplog.records, "the refusal is logged"
