"""Language *settings* through the real python-telegram-bot and the fake Bot API, with every store on
one real SQLite file (as bot/main.py wires them): the group's default (`/set lang=`), a user's own
choice (`/lang`), and its erasure (`/forget`).

The order riskbot follows is the user's /lang choice, then their app's `language_code`, then the
group's language, then English (commands/language/choice.py). These tests show each step from the
outside: a member with no language_code reads the group's Turkish, a member whose app is in Russian
keeps Russian, only a moderator can change the group's language, a /lang choice holds until
`/lang auto`, and `/forget` erases it so that English comes back and /privacy no longer lists it.
The translated words are the catalogues' own (commands/language/locale/*/LC_MESSAGES/messages.po);
the figures stay the canonical digits in every language.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.cooldown import Cooldown
from bot.storage.backends import stores
from bot.storage.sqlite.worker import SqliteDatabase
from commands.context import Context
from commands.dispatch import FORBIDDEN
from tests.support.doubles import WallClock
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1007700770077
ADMIN, MEMBER, RUSSIAN = 901, 902, 903
LIQ = "/liq long BTC 60000 25x"
ENGLISH_LIQ = "Liquidation: 57,831.33"
TURKISH_LIQ = "Likidasyon: 57,831.33"     # tr: msgid "Liquidation" -> "Likidasyon"
RUSSIAN_LIQ = "Ликвидация: 57,831.33"     # ru: msgid "Liquidation" -> "Ликвидация"


def wired(database: SqliteDatabase, clock: WallClock) -> Context:
    """The context bot/main.py builds over one database: positions, groups and /lang choices."""
    made = stores(database, clock)
    return Context(store=made.positions, groups=made.groups, alerts=made.alerts, languages=made.languages)


async def start(start_bot, database: SqliteDatabase, clock: WallClock):
    # A session of a dozen commands from one user; the default cooldown would stop it at 5.
    return await start_bot(context=wired(database, clock), cooldown=Cooldown(burst=100, window=60))


async def in_group(fake: FakeBotApi, adapter, text: str, user: int) -> str:
    """`text` sent in the group; the visible text of the one answer posted there."""
    before = len(fake.sent_to(GROUP))
    fake.message(text, user_id=user, chat_id=GROUP, chat_type="supergroup")
    await settle(fake, adapter)
    answers = fake.sent_to(GROUP)[before:]
    assert len(answers) == 1, answers
    return parse_html(answers[0]["text"])


async def in_dm(fake: FakeBotApi, adapter, text: str, user: int) -> tuple[str, dict]:
    """`text` sent in the user's private chat; (the visible text, the message) of the one answer."""
    before = len(fake.sent_to(user))
    fake.message(text, user_id=user)
    await settle(fake, adapter)
    answers = fake.sent_to(user)[before:]
    assert len(answers) == 1, answers
    return parse_html(answers[0]["text"]), answers[0]


def stored_language(path: Path, owner: str) -> list[tuple[str]]:
    """The /lang row of `owner`, read from the SQLite file with plain sqlite3."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT language FROM user_languages WHERE owner = ?", [owner]).fetchall()


async def test_the_group_language_is_set_by_a_moderator_and_the_users_own_language_wins(
        fake: FakeBotApi, start_bot, database, clock) -> None:
    fake.members[(GROUP, ADMIN)] = "administrator"
    fake.language_codes[RUSSIAN] = "ru"                    # MEMBER and ADMIN send no language_code
    adapter = await start(start_bot, database, clock)
    assert (await in_group(fake, adapter, LIQ, MEMBER)).startswith(ENGLISH_LIQ)

    refused = await in_group(fake, adapter, "/set lang=tr", MEMBER)
    assert refused.startswith(FORBIDDEN.format(name="set"))
    assert (await in_group(fake, adapter, LIQ, MEMBER)).startswith(ENGLISH_LIQ)      # nothing changed
    assert (await wired(database, clock).groups.settings(f"telegram:{GROUP}")).language is None

    assert (await in_group(fake, adapter, "/set lang=tr", ADMIN)).startswith("Settings changed")
    assert (await in_group(fake, adapter, LIQ, MEMBER)).startswith(TURKISH_LIQ)       # the group's default
    assert (await in_group(fake, adapter, LIQ, RUSSIAN)).startswith(RUSSIAN_LIQ)      # the app's language wins
    assert (await in_dm(fake, adapter, LIQ, MEMBER))[0].startswith(ENGLISH_LIQ)       # only in that group


async def test_lang_chooses_a_language_until_lang_auto(fake: FakeBotApi, start_bot, database, clock) -> None:
    adapter = await start(start_bot, database, clock)
    chosen, _ = await in_dm(fake, adapter, "/lang ru", MEMBER)
    assert chosen.startswith("Язык: Русский (ru)\nЯзык выбран\n")          # "Language set", in Russian
    shown, _ = await in_dm(fake, adapter, "/lang", MEMBER)
    assert shown.startswith("Язык: Русский (ru)\n") and "\nКак выбран: ваш выбор (/lang)\n" in shown
    assert (await in_dm(fake, adapter, LIQ, MEMBER))[0].startswith(RUSSIAN_LIQ)
    assert (await in_dm(fake, adapter, LIQ, ADMIN))[0].startswith(ENGLISH_LIQ)      # one user's choice only

    back, _ = await in_dm(fake, adapter, "/lang auto", MEMBER)
    assert back.startswith("Language: English (en)\nLanguage: automatic\nChosen by: the default")
    assert (await in_dm(fake, adapter, LIQ, MEMBER))[0].startswith(ENGLISH_LIQ)
    assert stored_language(database.path, f"telegram:{MEMBER}") == []


async def test_forget_erases_the_language_choice(fake: FakeBotApi, start_bot, database, clock) -> None:
    adapter = await start(start_bot, database, clock)
    owner = f"telegram:{MEMBER}"
    assert (await in_dm(fake, adapter, "/lang es", MEMBER))[0].startswith("Idioma: Español (es)\nIdioma configurado\n")
    assert (await in_dm(fake, adapter, LIQ, MEMBER))[0].startswith("Liquidación: 57,831.33")
    listed, _ = await in_dm(fake, adapter, "/privacy", MEMBER)
    assert "Idioma: Español (es), elegido con /lang (se guarda sin /optin)" in listed
    assert stored_language(database.path, owner) == [("es",)]

    asked, prompt = await in_dm(fake, adapter, "/forget", MEMBER)
    assert "Idioma: Español (es)" in asked and stored_language(database.path, owner) == [("es",)]
    assert fake.keyboard(prompt) == ["Sí, borrar todo"]
    before = len(fake.sent_to(MEMBER))
    fake.press(prompt, user_id=MEMBER)                    # the confirm button: "/forget confirm"
    await settle(fake, adapter)
    [done] = fake.sent_to(MEMBER)[before:]
    erased = parse_html(done["text"])
    assert erased.startswith("Eliminado: 1 registro\nBorrado\n")            # "Deleted: 1 row", "Forgotten"
    assert "Tu elección de /lang también se borró" in erased
    assert stored_language(database.path, owner) == []

    assert (await in_dm(fake, adapter, LIQ, MEMBER))[0].startswith(ENGLISH_LIQ)
    after, _ = await in_dm(fake, adapter, "/privacy", MEMBER)
    assert after.startswith("Privacy: saved positions")
    assert "Español" not in after and "chosen with /lang" not in after
