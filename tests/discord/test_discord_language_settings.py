"""Language *settings* through real discord.py and the fake gateway, with every store on one real
SQLite file (as bot/main.py wires them): the server's default (`/set lang:`), a user's own choice
(`/lang`), and its erasure (`/forget`).

The order riskbot follows is the user's /lang choice, then their client's locale, then the server's
language, then English (commands/language/choice.py). A client in a language riskbot does not speak
(German, `de`) counts as "no language", so that member reads the server's Turkish, while a member
whose client is in Russian keeps Russian; only a member with Manage Server can change the server's
language; a /lang choice holds until `/lang auto`; `/forget confirm` erases it. The translated words
are the catalogues' own (commands/language/locale/*/LC_MESSAGES/messages.po); the figures stay the
canonical digits in every language.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.cooldown import Cooldown
from bot.storage.backends import stores
from bot.storage.sqlite.worker import SqliteDatabase
from commands.context import Context
from commands.dispatch import FORBIDDEN
from tests.discord.conftest import UNHURRIED, embed_text
from tests.discord.fake_discord import MEMBER, FakeDiscord

MODERATOR = str(int(MEMBER) | 1 << 5)   # Manage Server
MOD_ID, GERMAN_ID, RUSSIAN_ID = "610000000000000001", "610000000000000002", "610000000000000003"
LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25)
ENGLISH_LIQ = "Liquidation: 57,831.33"
TURKISH_LIQ = "Likidasyon: 57,831.33"     # tr: msgid "Liquidation" -> "Likidasyon"
RUSSIAN_LIQ = "Ликвидация: 57,831.33"     # ru: msgid "Liquidation" -> "Ликвидация"


async def start(make_adapter, tmp_path: Path) -> SqliteDatabase:
    """The adapter over the context bot/main.py builds on one database; the caller closes it."""
    database = await SqliteDatabase.open(tmp_path / "riskbot.db")
    made = stores(database)
    context = Context(store=made.positions, groups=made.groups, alerts=made.alerts, languages=made.languages)
    # A session of a dozen commands from one user; the default cooldown would stop it at 5.
    await make_adapter(context=context, cooldown=Cooldown(burst=100, window=60), defer_after=UNHURRIED)
    return database


async def ask(fake: FakeDiscord, name: str, user: str, *, guild: bool = True, **options) -> tuple[str, dict]:
    """(everything the answer shows, its payload) for one slash command."""
    permissions = MODERATOR if user == MOD_ID else MEMBER
    sent = await fake.answer(await fake.command(name, user_id=user, guild=guild, member_permissions=permissions,
                                                **options))
    return embed_text(sent.data) or sent.data.get("content", ""), sent.data


async def liq_title(fake: FakeDiscord, user: str, *, guild: bool = True) -> str:
    _text, data = await ask(fake, "liq", user, guild=guild, **LIQ)
    return data["embeds"][0]["title"]


def stored_language(path: Path, owner: str) -> list[tuple[str]]:
    """The /lang row of `owner`, read from the SQLite file with plain sqlite3."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT language FROM user_languages WHERE owner = ?", [owner]).fetchall()


async def test_the_server_language_is_set_by_a_manager_and_the_users_own_language_wins(
        make_adapter, fake: FakeDiscord, tmp_path: Path) -> None:
    database = await start(make_adapter, tmp_path)
    try:
        fake.locales[GERMAN_ID] = "de"             # a client language riskbot does not speak
        fake.locales[RUSSIAN_ID] = "ru"
        assert await liq_title(fake, GERMAN_ID) == ENGLISH_LIQ

        refused, _ = await ask(fake, "set", GERMAN_ID, lang="tr")
        assert FORBIDDEN.format(name="set") in refused.replace("\\", "")
        assert await liq_title(fake, GERMAN_ID) == ENGLISH_LIQ                   # nothing changed
        assert (await stores(database).groups.settings(f"discord:{fake.guild_id}")).language is None

        changed, _ = await ask(fake, "set", MOD_ID, lang="tr")
        assert "Settings changed" in changed and "Language: **Türkçe (tr) (set here)**" in changed
        assert await liq_title(fake, GERMAN_ID) == TURKISH_LIQ                   # the server's default
        assert await liq_title(fake, RUSSIAN_ID) == RUSSIAN_LIQ                  # the client's language wins
        assert await liq_title(fake, GERMAN_ID, guild=False) == ENGLISH_LIQ      # only in that server
    finally:
        await database.close()


async def test_lang_chooses_a_language_until_lang_auto(make_adapter, fake: FakeDiscord, tmp_path: Path) -> None:
    database = await start(make_adapter, tmp_path)
    try:
        fake.locales[GERMAN_ID] = "de"
        chosen, _ = await ask(fake, "lang", GERMAN_ID, language="ru")
        assert chosen.startswith("Язык выбран\nЯзык: Русский (ru)\n")           # "Language set", in Russian
        shown, _ = await ask(fake, "lang", GERMAN_ID)
        assert shown.startswith("Язык\nЯзык: Русский (ru)\nКак выбран: **ваш выбор (/lang)**\n")
        assert await liq_title(fake, GERMAN_ID) == RUSSIAN_LIQ
        assert await liq_title(fake, GERMAN_ID, guild=False) == RUSSIAN_LIQ      # in every chat
        assert await liq_title(fake, MOD_ID) == ENGLISH_LIQ                      # one user's choice only

        back, _ = await ask(fake, "lang", GERMAN_ID, language="auto")
        assert back.startswith("Language: automatic\nLanguage: English (en)\nChosen by: **the default**")
        assert await liq_title(fake, GERMAN_ID) == ENGLISH_LIQ
        assert stored_language(database.path, f"discord:{GERMAN_ID}") == []
    finally:
        await database.close()


async def test_forget_confirm_erases_the_language_choice(make_adapter, fake: FakeDiscord, tmp_path: Path) -> None:
    database = await start(make_adapter, tmp_path)
    owner = f"discord:{GERMAN_ID}"
    try:
        assert (await ask(fake, "lang", GERMAN_ID, language="es"))[0].startswith("Idioma configurado\n")
        assert await liq_title(fake, GERMAN_ID) == "Liquidación: 57,831.33"
        listed, _ = await ask(fake, "privacy", GERMAN_ID)
        assert "Idioma: **Español (es), elegido con /lang (se guarda sin /optin)**" in listed
        assert stored_language(database.path, owner) == [("es",)]

        erased, _ = await ask(fake, "forget", GERMAN_ID, confirm="yes")
        assert erased.startswith("Borrado\nEliminado: 1 registro\n")             # "Forgotten", "Deleted: 1 row"
        assert "Tu elección de /lang también se borró" in erased
        assert stored_language(database.path, owner) == []

        assert await liq_title(fake, GERMAN_ID) == ENGLISH_LIQ
        after, _ = await ask(fake, "privacy", GERMAN_ID)
        assert after.startswith("Privacy: saved positions")
        assert "Español" not in after and "chosen with /lang" not in after
    finally:
        await database.close()
