"""The `LanguagePrefs` contract, run against every store that keeps /lang choices: in memory, SQLite
and PostgreSQL. A choice is data about the user, so /forget (the position store's) erases it and
/export shows it, with or without the /optin consent that saved positions need."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.storage.backends import open_database, stores
from bot.storage.memory import MemoryPositionStore
from tests.storage.conftest import TickingClock
from tests.support import postgres

ANN, BOB = "telegram:101", "discord:202"


@pytest.fixture(params=postgres.backends("memory", "sqlite"))
async def made(request: pytest.FixtureRequest, db_path: Path) -> AsyncIterator[tuple[Any, Any]]:
    """(the position store, the language store) over one backend."""
    if request.param == "memory":
        store = MemoryPositionStore(TickingClock())
        yield store, store
        return
    if request.param == "postgresql":
        async with postgres.fresh_schema() as url:
            database = await open_database(url)
            both = stores(database, TickingClock())
            yield both.positions, both.languages
            await database.close()
        return
    database = await open_database(db_path)
    both = stores(database, TickingClock())
    yield both.positions, both.languages
    await database.close()


async def test_none_chosen_until_set_then_replaced_then_forgotten(made) -> None:
    _, languages = made
    assert await languages.language_of(ANN) is None
    await languages.set_language(ANN, "ru")
    assert await languages.language_of(ANN) == "ru"
    await languages.set_language(ANN, "pt-BR")
    assert await languages.language_of(ANN) == "pt-BR"
    assert await languages.language_of(BOB) is None          # one user's choice is theirs alone
    await languages.set_language(ANN, None)
    assert await languages.language_of(ANN) is None
    await languages.set_language(ANN, None)                   # forgetting nothing is fine


async def test_forget_erases_it_and_export_shows_it_without_consent(made) -> None:
    positions, languages = made
    await languages.set_language(ANN, "tr")
    await languages.set_language(BOB, "vi")
    assert not await positions.has_consented(ANN)
    [record] = await positions.export(ANN)
    assert record["record"] == "language" and record["owner"] == ANN and record["language"] == "tr"
    assert record["updated_at"].startswith("2026-01-01T")
    assert await positions.forget(ANN) == 1
    assert await languages.language_of(ANN) is None          # not served from a cache afterwards
    assert await positions.export(ANN) == []
    assert await languages.language_of(BOB) == "vi"


@pytest.mark.parametrize("language", ["russian", "RU", "pt-br", "", 7])
async def test_only_our_language_codes_are_kept(made, language: object) -> None:
    _, languages = made
    with pytest.raises(ValueError):
        await languages.set_language(ANN, language)
    assert await languages.language_of(ANN) is None


async def test_owner_must_be_a_platform_key(made) -> None:
    _, languages = made
    with pytest.raises(ValueError):
        await languages.set_language("ann", "ru")


async def test_the_sqlite_cache_stays_bounded_and_still_answers(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.storage.sqlite import languages as sqlite_languages

    monkeypatch.setattr(sqlite_languages, "CACHE_LIMIT", 3)
    database = await open_database(db_path)
    prefs = stores(database, TickingClock()).languages
    await prefs.set_language(ANN, "ru")
    for n in range(10):
        assert await prefs.language_of(f"telegram:{900 + n}") is None
    assert len(database.user_languages) <= 3
    assert await prefs.language_of(ANN) == "ru"   # read again from the file once evicted
    await database.close()
