"""/lang through `dispatch` with the real stores over a SQLite file: a choice is kept, answers come
in it from the very reply that made it, /privacy lists it, /export holds it and /forget erases it
(also from the store's in-process cache); all without the /optin that saved positions need."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.backends import open_database, stores
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.language.languages import LANGUAGES
from commands.reply import Reply


@pytest.fixture
async def context(tmp_path: Path) -> AsyncIterator[Context]:
    database = await open_database(tmp_path / "riskbot.db")
    made = stores(database)
    yield Context(store=made.positions, groups=made.groups, alerts=made.alerts, languages=made.languages)
    await database.close()


async def say(context: Context, text: str, locale: str | None = None) -> Reply:
    return await dispatch(Invocation(text, platform="telegram", user_id="42", locale=locale), context)


async def test_lang_round_trip(context: Context) -> None:
    first = await say(context, "/lang")
    assert first.result["language"] == "en" and first.result["source"] == "default" and first.private
    assert all(name in first.lines[1].value for name in LANGUAGES.values())   # each language in its own name

    chosen = await say(context, "/lang RU")
    assert chosen.ok and chosen.result["language"] == "ru" and chosen.result["source"] == "user"
    assert chosen.speech.language == "ru"          # the answer to /lang ru is already Russian
    assert (await say(context, "/lang")).result == {**first.result, "language": "ru", "source": "user"}
    assert (await say(context, "/liq long BTC 60000 25x")).speech.language == "ru"
    assert (await say(context, "/liq long BTC 60000 25x", locale="es")).speech.language == "ru"  # beats the app's

    privacy = await say(context, "/privacy")
    assert privacy.result == {"storage": True, "consented": False, "language": "ru"}
    assert any("Русский (ru)" in line.value for line in privacy.lines)
    exported = json.loads((await say(context, "/export")).result["json"])["records"]
    assert [(r["record"], r["language"]) for r in exported] == [("language", "ru")]

    asked = await say(context, "/forget")
    assert asked.result.get("confirm_needed") and any("Русский" in line.value for line in asked.lines)
    assert (await say(context, "/forget confirm")).result == {"deleted": 1}
    after = await say(context, "/lang")
    assert after.result["language"] == "en" and after.result["source"] == "default"
    assert after.speech.language == "en" and not after.speech.regional
    assert (await say(context, "/forget")).title == "Nothing to forget"


async def test_auto_forgets_the_choice_and_the_app_language_applies(context: Context) -> None:
    await say(context, "/lang pt-br")
    back = await say(context, "/lang auto", locale="es-419")
    assert back.result["language"] == "es" and back.result["source"] == "platform"
    assert back.speech.language == "es"
    assert (await context.languages.language_of("telegram:42")) is None


async def test_choosing_english_answers_in_english_even_where_the_app_is_russian(context: Context) -> None:
    reply = await say(context, "/lang en", locale="ru")
    assert reply.result["language"] == "en" and reply.speech.language == "en"
    assert (await say(context, "/liq long BTC 60000 25x", locale="ru")).speech.language == "en"


@pytest.mark.parametrize("text, code", [("/lang zh", "zh-CN"), ("/lang zh-cn", "zh-CN"), ("/lang ZH-CN", "zh-CN"),
                                        ("/lang pt_BR", "pt-BR"), ("/lang es-419", "es"), ("/lang language=tr", "tr")])
async def test_codes_are_normalised(context: Context, text: str, code: str) -> None:
    assert (await say(context, text)).result["language"] == code


@pytest.mark.parametrize("text", ["/lang de", "/lang qps", "/lang ru es", "/lang рус"])
async def test_what_we_do_not_speak_is_refused_with_the_list(context: Context, text: str) -> None:
    reply = await say(context, text)
    assert reply.error is not None and reply.error.code == "usage"
    assert await context.languages.language_of("telegram:42") is None


async def test_without_a_database_lang_says_it_cannot_remember() -> None:
    reply = await dispatch(Invocation("/lang ru", platform="telegram", user_id="42", locale="tr"))
    assert reply.ok and reply.result["saved"] is False and reply.result["language"] == "tr"


async def test_a_failing_store_is_said_and_other_commands_still_answer(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "riskbot.db")
    made = stores(database)
    context = Context(store=made.positions, groups=made.groups, languages=made.languages)
    await database.close()
    failed = await say(context, "/lang ru")
    assert failed.error is not None and failed.error.code == "storage" and failed.private
    assert (await say(context, "/liq long BTC 60000 25x", locale="tr")).speech.language == "tr"
