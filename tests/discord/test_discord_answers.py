"""Slash commands through real discord.py and the fake gateway: the right numbers, safely shown."""

from __future__ import annotations

import pytest

from bot.discord.adapter import DiscordAdapter
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import CALLBACK_AUTOCOMPLETE, CALLBACK_MESSAGE, FakeDiscord
from tests.support.same_numbers import assert_same_numbers

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)   # members, presences, message content


async def ask(fake: FakeDiscord, name: str, **options) -> dict:
    """Run a command and return the data of its single, immediate answer."""
    interaction_id = await fake.command(name, **options)
    sent = await fake.answer(interaction_id)
    assert sent.kind == "callback" and sent.payload["type"] == CALLBACK_MESSAGE
    return sent.data


async def test_liq_shows_the_console_figures(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    data = await ask(fake, "liq", **LIQ)
    await assert_same_numbers("/liq long BTC 60000 25x isolated", embed_text(data))
    assert data["allowed_mentions"] == {"parse": []}
    assert not data.get("flags", 0)            # a calculation is for the whole channel to see
    embed = data["embeds"][0]
    assert embed["title"].startswith("Liquidation")   # the headline figure, first and largest
    assert "Warnings" in [f["name"] for f in embed.get("fields", [])]
    assert "mark price" in embed["footer"]["text"]


async def test_extras_free_text_matches_typed_options_and_grammar(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    typed = await ask(fake, "liq", **LIQ, qty=2)
    free = await ask(fake, "liq", **LIQ, extras="qty=2")
    assert free["embeds"] == typed["embeds"]
    await assert_same_numbers("/liq long BTC 60000 25x isolated qty=2", embed_text(free))
    assert embed_text(free) != embed_text(await ask(fake, "liq", **LIQ))   # the size mattered


async def test_help_with_a_topic(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    data = await ask(fake, "help", topic="liq")
    assert "liq" in embed_text(data)


async def test_a_direct_message_works_too(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    interaction_id = await fake.command("liq", guild=False, **LIQ)
    await assert_same_numbers("/liq long BTC 60000 25x isolated", embed_text((await fake.answer(interaction_id)).data))


async def test_invocation_says_who_and_where(make_adapter, fake: FakeDiscord) -> None:
    seen: list[Invocation] = []

    async def recording_dispatch(invocation, context):
        seen.append(invocation)
        return await dispatch(invocation, context)

    await make_adapter(dispatcher=recording_dispatch)
    await fake.answer(await fake.command("liq", user_id="300000000000000003", **LIQ, extras="qty=2"))
    await fake.answer(await fake.command("liq", user_id="300000000000000003", guild=False, **LIQ))
    in_guild, in_dm = seen
    assert in_guild.text == "/liq side=long symbol=BTC price=60000 leverage=25 mode=isolated qty=2"
    assert (in_guild.platform, in_guild.user_id, in_guild.chat_id, in_guild.is_group) == \
        ("discord", "300000000000000003", fake.guild_id, True)
    assert in_dm.is_group is False and in_dm.chat_id != fake.guild_id


async def test_symbol_autocomplete_offers_the_chosen_venues_listed_contracts(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    """Through the fake: the catalogue's contracts of the venue chosen (else the bot's, Binance),
    exact and prefix matches first, at most 25, each one /liq can answer."""
    sent = await fake.answer(await fake.autocomplete("liq", "symbol", "et", side="long"))
    assert sent.payload["type"] == CALLBACK_AUTOCOMPLETE
    values = [c["value"] for c in sent.payload["data"]["choices"]]
    assert values[0] == "ETHUSDT" and "ETHUSDC" in values and len(values) <= 25
    assert all(v.upper().startswith("ET") or "ET" in v.upper() for v in values)
    pepe = await fake.answer(await fake.autocomplete("liq", "symbol", "pepe", venue="hyperliquid"))
    assert [(c["name"], c["value"]) for c in pepe.payload["data"]["choices"]][0] == ("kPEPE (per 1,000 PEPE)", "kPEPE")
    binance_pepe = await fake.answer(await fake.autocomplete("liq", "symbol", "pepe"))
    assert binance_pepe.payload["data"]["choices"][0]["value"] == "1000PEPEUSDT"
    everything = await fake.answer(await fake.autocomplete("size", "symbol", ""))
    names = [c["name"] for c in everything.payload["data"]["choices"]]
    assert "BTCUSDT" in names and len(names) <= 25
    none = await fake.answer(await fake.autocomplete("liq", "symbol", "btc", venue="gate"))
    assert none.payload["data"]["choices"] == []   # Gate has no table until a refresh: nothing offered
    for value in values[:5]:   # every suggestion answers
        data = await ask(fake, "liq", side="long", symbol=value, price=3000, leverage=10)
        assert "Liquidation" in data["embeds"][0]["title"], embed_text(data)


async def test_symbol_autocomplete_uses_the_default_venue(make_adapter, fake: FakeDiscord) -> None:
    await make_adapter(context=Context(default_venue="hyperliquid"))
    sent = await fake.answer(await fake.autocomplete("liq", "symbol", "eth"))
    assert sent.payload["data"]["choices"][0]["value"] == "ETH"   # Hyperliquid's name, not ETHUSDT


@pytest.mark.parametrize("extras", ["qty=banana", "leverage=0", "wibble"])
async def test_bad_value_gets_the_usage_message(bot: DiscordAdapter, fake: FakeDiscord, extras: str) -> None:
    data = await ask(fake, "liq", **LIQ, extras=extras)
    console = await dispatch(Invocation(text=f"/liq long BTC 60000 25x isolated {extras}"))
    assert console.error is not None and console.error.code == "usage"
    assert data["flags"] & 64, "a usage error is shown only to the person who typed it"
    text = embed_text(data)
    assert "Try:" in text and "/liq" in text


@pytest.mark.parametrize("symbol, raw, shown", [
    ("@everyone", "@everyone", "@\u200beveryone"),
    ("@here", "@here", "@\u200bhere"),
    ("<@&123456789012345678>", "<@&123456789012345678>", "<@\u200b&123456789012345678>"),
    ("<@123456789012345678>", "<@123456789012345678>", "<@\u200b123456789012345678>"),
    ("**BTC**", "**BTC**", r"\*\*BTC\*\*"),
    ("[BTC](https://x.io)", "[BTC](", r"\[BTC](https://x.io)"),
    ("||BTC||", "||BTC||", r"\|\|BTC\|\|"),
])
async def test_echoed_input_cannot_ping_or_format(bot: DiscordAdapter, fake: FakeDiscord,
                                                  symbol: str, raw: str, shown: str) -> None:
    data = await ask(fake, "liq", **{**LIQ, "symbol": symbol})
    assert data["allowed_mentions"] == {"parse": []}
    text = embed_text(data)
    assert shown in text, "the input is echoed, escaped"
    assert raw not in text.replace(shown, ""), "and never unescaped"


async def test_client_asks_for_no_privileged_intent(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    assert fake.intents is not None and not fake.intents & PRIVILEGED_INTENTS
