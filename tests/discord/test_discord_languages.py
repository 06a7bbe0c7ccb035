"""The user's language through real discord.py and the fake gateway: the `locale` of the user's
Discord client, sent with every interaction, reaches dispatch as `Invocation.locale`, the embed is
rendered in the language the reply was composed in, and our own lines (a refused button, a "slow
down") are spoken in the language of whoever they are for.

A user whose client is in Brazilian Portuguese gets the embed in it; the pseudo-locale shows our
own lines went through the catalogue (discord.py keeps a locale it does not know, `qps`, as an
unknown `discord.Locale` with that value). A line not yet in the catalogue (`make messages` not
run) is skipped with that reason rather than passing on English.
"""

from __future__ import annotations

from bot.button_book import NOT_YOURS
from bot.cooldown import SLOW_DOWN, Cooldown
from bot.discord.adapter import DiscordAdapter
from commands.context import Context
from commands.dispatch import dispatch
from tests.support.pseudo import spoken
from tests.discord.conftest import embed_text
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_discord_buttons import ALICE, BOB, OPT_IN, ask_to_save

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")
CAROL = "600000000000000003"



async def test_the_client_locale_reaches_dispatch_and_chooses_the_speech(make_adapter, fake: FakeDiscord) -> None:
    seen: list[tuple[str | None, str]] = []

    async def recording_dispatch(invocation, context):
        reply = await dispatch(invocation, context)
        seen.append((invocation.locale, reply.speech.language))
        return reply

    await make_adapter(dispatcher=recording_dispatch)
    fake.locales[CAROL] = "pt-BR"
    brazilian = (await fake.answer(await fake.command("liq", user_id=CAROL, **LIQ))).data
    english = (await fake.answer(await fake.command("liq", user_id=ALICE, **LIQ))).data
    assert seen == [("pt-BR", "pt-BR"), ("en-US", "en")]
    # Carol reads Brazilian Portuguese, Alice English; the figures are the same canonical digits.
    assert brazilian["embeds"][0]["title"] == "Liquidação: 57,831.33"
    assert english["embeds"][0]["title"] == "Liquidation: 57,831.33"


async def test_the_embed_is_rendered_in_the_askers_language(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    fake.locales[CAROL] = "qps"
    sent = await fake.answer(await fake.command("liq", user_id=CAROL, **LIQ, extras="bogus=1"))
    text = embed_text(sent.data)
    assert "\u27e6\u0162\u0155\u00fd: /liq long BTC 60000 25x isolated\u27e7" in text   # the renderer's "Try:"
    english = await fake.answer(await fake.command("liq", user_id=ALICE, **LIQ, extras="bogus=1"))
    assert "\nTry: /liq long BTC 60000 25x isolated" in embed_text(english.data)


async def test_the_embeds_own_headings_are_in_the_askers_language(bot: DiscordAdapter, fake: FakeDiscord) -> None:
    fake.locales[CAROL] = "qps"
    embed = (await fake.answer(await fake.command("liq", user_id=CAROL, **LIQ))).data["embeds"][0]
    assert [f["name"] for f in embed["fields"]] == [spoken("Warnings")]


async def test_a_refused_press_is_answered_in_the_pressers_language(make_adapter, store, fake: FakeDiscord) -> None:
    await make_adapter(context=Context(store=store))
    fake.locales[BOB] = "qps"
    asked = await ask_to_save(fake)
    refusal = await fake.answer(await fake.press(asked, OPT_IN, user_id=BOB))
    assert refusal.ephemeral and refusal.data["content"] == spoken(NOT_YOURS) != NOT_YOURS


async def test_slow_down_is_said_in_the_users_language(make_adapter, fake: FakeDiscord) -> None:
    await make_adapter(cooldown=Cooldown(burst=1, window=60))
    fake.locales[CAROL] = "qps"
    await fake.answer(await fake.command("liq", user_id=CAROL, **LIQ))
    slowed = await fake.answer(await fake.command("liq", user_id=CAROL, **LIQ))
    assert slowed.ephemeral and slowed.data["content"] == spoken(SLOW_DOWN) != SLOW_DOWN
