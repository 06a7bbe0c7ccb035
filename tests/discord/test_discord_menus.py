"""The slash-command menus in the user's language: what the sync sends, and that Discord (the
fake, with Discord's localisation rules) takes it."""

from __future__ import annotations

from bot.discord.adapter import DiscordAdapter
from bot.discord.command_tree import EXTRAS, PLAN_THIS_TRADE
from bot.discord.menu_translator import DESCRIPTION_LIMIT, MenuTranslator, catalogue_speeches
from commands.catalog import all_commands
from commands.context import Context
from commands.language.catalogues import Catalogue, speech_for
from commands.language.languages import DISCORD_LOCALES, TRANSLATED
from commands.language.menu_names import CHOICE, COMMAND, OPTION, catalogue_key
from commands.language.pseudo import pseudo_text
from tests.discord.conftest import settings_for
from tests.discord.discord_rules import STRING, command_problems
from tests.discord.fake_discord import FakeDiscord


async def synced_with(fake: FakeDiscord, translator: MenuTranslator) -> dict[str, dict]:
    adapter = DiscordAdapter(settings_for(fake), Context(), guild_ready_timeout=0.01)
    await adapter.tree.set_translator(translator)
    await adapter.start()
    await adapter.stop()
    assert not fake.problems, fake.problems
    return {c["name"]: c for c in fake.commands[None]}


def option(definition: dict, name: str) -> dict:
    return next(o for o in definition["options"] if o["name"] == name)


async def test_pseudo_locale_menus_pass_discords_checks(fake: FakeDiscord, restore_discord_urls) -> None:
    pseudo = speech_for("qps")
    synced = await synced_with(fake, MenuTranslator({"ru": pseudo}))
    liq = synced["liq"]
    # `⟦ĺíǫ⟧` is no valid name, so no locale gets one: the English name stays
    assert not liq.get("name_localizations") and "name_localizations" not in option(liq, "side")
    assert option(liq, "extras")["description_localizations"] == {"ru": pseudo_text(EXTRAS.description)}
    long = next(c for c in option(liq, "side")["choices"] if c["value"] == "long")
    assert long["name"] == "long" and long["name_localizations"] == {"ru": pseudo_text("long")}
    assert synced[PLAN_THIS_TRADE]["name_localizations"] == {"ru": pseudo_text(PLAN_THIS_TRADE)}
    summary = liq["description"]
    if pseudo.text(summary) != summary:   # once the registry's summaries are marked N_
        assert liq["description_localizations"] == {"ru": pseudo_text(summary)}
    for definition in synced.values():
        for key in ("name_localizations", "description_localizations"):
            assert set(definition.get(key) or {}) <= {"ru"}, "only the locales we speak"


async def test_a_translated_name_is_sent_where_discord_allows_it(fake: FakeDiscord, restore_discord_urls) -> None:
    russian = Catalogue("ru", {
        catalogue_key(COMMAND, "liq"): "ликвидация",
        catalogue_key(OPTION, "side"): "Сторона",            # a capital: Discord would refuse it
        catalogue_key(OPTION, "symbol"): "тикер монеты",     # a space: likewise
        catalogue_key(OPTION, "price"): "цена",
        catalogue_key(OPTION, "qty"): "объём",                # two options, one word: neither is sent
        catalogue_key(OPTION, "notional"): "объём",
        catalogue_key(CHOICE, "long"): "лонг",
        EXTRAS.description: "ещё " * 40,                     # 160 characters: cut to 100
    }, {}, lambda n: 0)
    synced = await synced_with(fake, MenuTranslator({"ru": russian, "es-ES": Catalogue("es", {}, {}, lambda n: 0)}))
    liq = synced["liq"]
    assert liq["name"] == "liq" and liq["name_localizations"] == {"ru": "ликвидация"}
    assert "name_localizations" not in option(liq, "side")
    assert "name_localizations" not in option(liq, "symbol")
    assert option(liq, "price")["name_localizations"] == {"ru": "цена"}
    assert "name_localizations" not in option(liq, "qty") and "name_localizations" not in option(liq, "notional")
    extras = option(liq, "extras")["description_localizations"]["ru"]
    assert len(extras) == DESCRIPTION_LIMIT and extras.endswith("…")
    assert synced["size"].get("name_localizations") in (None, {}), "untranslated: no localisation"


async def test_the_real_catalogues_sync(fake: FakeDiscord, restore_discord_urls) -> None:
    synced = await synced_with(fake, MenuTranslator())
    assert [name for name, c in synced.items() if c["type"] == 1] == [c.name for c in all_commands()]


def test_every_language_answers_each_of_its_discord_locales() -> None:
    speeches = catalogue_speeches()
    assert set(speeches) == {locale for locales in DISCORD_LOCALES.values() for locale in locales}
    assert speeches["es-419"] is speeches["es-ES"] is speech_for("es")
    assert sorted(DISCORD_LOCALES) == sorted(TRANSLATED)


def test_the_fake_rejects_bad_localisations() -> None:
    good = {"name": "liq", "description": "ok", "name_localizations": {"ru": "ликвидация", "hi": "परिसमापन"},
            "description_localizations": {"es-419": "precio"},
            "options": [{"name": "side", "description": "d", "type": STRING, "required": True,
                         "name_localizations": {"zh-CN": "方向"},
                         "choices": [{"name": "long", "value": "long", "name_localizations": {"tr": "uzun pozisyon"}}]}]}
    assert command_problems([good]) == []
    side = good["options"][0]
    bad = [
        {**good, "name_localizations": {"ru-RU": "ликвидация"}},          # not a Discord locale
        {**good, "name_localizations": {"es": "liquidación"}},            # `es` alone is not one either
        {**good, "name_localizations": {"ru": "Ликвидация"}},             # upper case
        {**good, "name_localizations": {"ru": "цена ликвидации"}},        # a space
        {**good, "name_localizations": {"ru": "л" * 33}},                 # over 32
        {**good, "description_localizations": {"ru": ""}},
        {**good, "description_localizations": {"ru": "x" * 101}},
        {**good, "options": [{**side, "name_localizations": {"zh-CN": "方向!"}}]},
        {**good, "options": [{**side, "description_localizations": {"vi": "x" * 101}}]},
        {**good, "options": [{**side, "choices": [{"name": "long", "value": "long",
                                                   "name_localizations": {"tr": "x" * 101}}]}]},
        {**good, "options": [side, {"name": "qty", "description": "d", "type": STRING,
                                    "name_localizations": {"zh-CN": "方向"}}]},   # two options read 方向
        {**good, "options": [side, {"name": "qty", "description": "d", "type": STRING,
                                    "name_localizations": {"ru": "side"}}]},     # as side's English name
    ]
    for definition in bad:
        assert command_problems([definition]), definition


def _menu_texts() -> list[str]:
    texts = [EXTRAS.description]
    for command in all_commands():
        texts += [command.summary, *(o.description for o in command.options)]
    return texts


def test_no_catalogue_gives_a_menu_description_over_discords_limit() -> None:
    """A translation longer than 100 characters would be cut with `…`; the translator should
    shorten it instead. English is cut the same way (command_tree._short) and is not checked."""
    for language in TRANSLATED:
        speech = speech_for(language)
        for text in _menu_texts():
            translated = speech.text(text)
            assert translated == text or 1 <= len(translated) <= DESCRIPTION_LIMIT, (language, text, translated)
        assert len(speech.text(PLAN_THIS_TRADE)) <= 32, language
