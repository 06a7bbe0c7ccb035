"""The command menus and the bot description per language, against the fake Bot API's checks."""

from __future__ import annotations

import pytest

from bot.telegram import menus
from bot.telegram.menus import BOT_DESCRIPTION, COMMAND_DESCRIPTION_LIMIT, LANGUAGE_CODES
from commands.catalog import all_commands
from commands.language.catalogues import Catalogue, speech_for
from commands.language.languages import TRANSLATED
from commands.language.pseudo import pseudo_text
from tests.telegram.fake_bot_api import FakeBotApi

ENGLISH_MENU = [(command.name, command.summary) for command in all_commands()]


async def menus_set_of(fake: FakeBotApi, languages: int) -> dict[str, list[tuple[str, str]]]:
    """The menus, once the default one and `languages` others are set (in the background)."""
    return await fake.wait_until(lambda: len(fake.menus()) == 1 + languages and fake.menus())


async def test_every_language_gets_a_menu_and_the_default_stays_english(fake: FakeBotApi, bot) -> None:
    menus_set = await menus_set_of(fake, len(LANGUAGE_CODES))
    assert set(menus_set) == {"", "ru", "zh", "es", "pt", "tr", "vi"}
    assert menus_set[""] == ENGLISH_MENU
    for code, language in LANGUAGE_CODES.items():
        speech = speech_for(language)
        assert [name for name, _ in menus_set[code]] == [name for name, _ in ENGLISH_MENU], "names stay"
        assert menus_set[code] == [(c.name, speech.text(c.summary)) for c in all_commands()]
    assert all(call.status == 200 for call in fake.calls if call.method.startswith("setMy"))


def test_our_languages_map_onto_telegram_codes() -> None:
    assert sorted(LANGUAGE_CODES.values()) == sorted(TRANSLATED)


async def test_a_translated_catalogue_gives_its_menu_and_description(fake: FakeBotApi, start_bot,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # The pseudo-locale stands in for a translated catalogue, served to Russian-speaking apps.
    monkeypatch.setattr(menus, "LANGUAGE_CODES", {"ru": "qps"})
    await start_bot()
    menus_set = await menus_set_of(fake, 1)
    assert set(menus_set) == {"", "ru"}
    assert menus_set[""] == ENGLISH_MENU
    pseudo = speech_for("qps")   # a summary reads `⟦...⟧` once marked N_ where it is declared
    assert menus_set["ru"] == [(c.name, pseudo.text(c.summary)) for c in all_commands()]
    await fake.wait_until(fake.descriptions)
    assert fake.descriptions() == {"ru": pseudo_text(BOT_DESCRIPTION)}, "the English one stays @BotFather's"


async def test_every_language_gets_its_translated_description(fake: FakeBotApi, bot) -> None:
    await menus_set_of(fake, len(LANGUAGE_CODES))
    descriptions = await fake.wait_until(lambda: len(fake.descriptions()) == len(LANGUAGE_CODES) and fake.descriptions())
    assert descriptions == {code: speech_for(language).text(BOT_DESCRIPTION)
                            for code, language in LANGUAGE_CODES.items()}
    assert all(text != BOT_DESCRIPTION for text in descriptions.values()), "translated, and none for ''"


async def test_an_untranslated_description_is_not_sent(fake: FakeBotApi, start_bot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(menus, "speech_for", lambda language: Catalogue("ru", {}, {}, lambda n: 0))
    await start_bot()
    await menus_set_of(fake, len(LANGUAGE_CODES))
    assert fake.requests("setMyDescription") == []


async def test_a_long_translation_is_cut_within_telegrams_limits(fake: FakeBotApi, start_bot,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    long = Catalogue("ru", {BOT_DESCRIPTION: "д" * 600, **{c.summary: "ж" * 300 for c in all_commands()}},
                     {}, lambda n: 0)
    monkeypatch.setattr(menus, "speech_for", lambda language: long)
    monkeypatch.setattr(menus, "LANGUAGE_CODES", {"ru": "ru"})
    await start_bot()
    ru = (await menus_set_of(fake, 1))["ru"]
    assert all(len(text) == COMMAND_DESCRIPTION_LIMIT and text.endswith("…") for _, text in ru)
    assert len((await fake.wait_until(fake.descriptions))["ru"]) == 512


async def test_the_fake_refuses_what_telegram_refuses(fake: FakeBotApi, bot) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest):
        await bot.app.bot.set_my_description("x" * 513, language_code="ru")
    with pytest.raises(BadRequest):
        await bot.app.bot.set_my_short_description("x" * 121)
    with pytest.raises(BadRequest):
        await bot.app.bot.set_my_description("ok", language_code="pt-BR")   # two letters only
    assert await bot.app.bot.set_my_short_description("x" * 120, language_code="pt")


def test_no_catalogue_gives_a_menu_description_telegram_would_refuse() -> None:
    for language in TRANSLATED:
        speech = speech_for(language)
        for command in all_commands():
            assert 1 <= len(speech.text(command.summary)) <= COMMAND_DESCRIPTION_LIMIT, (language, command.name)
        assert len(speech.text(BOT_DESCRIPTION)) <= 512, language
