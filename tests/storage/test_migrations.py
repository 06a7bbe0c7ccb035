"""Schema versioning: an older file is brought forward with its data, a current one is left alone,
and a file from a newer riskbot is refused rather than guessed at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.storage.sqlite.migrations import KNOWN_STEPS, migrations, upgrade
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import StorageUnavailable
from tests.storage.conftest import position

A = "telegram:1001"
ALL_STEPS = list(KNOWN_STEPS)  # in the order they are declared in bot/storage/sqlite/migrations.py


def applied(path: Path) -> list[tuple[str, str]]:
    with Database(path) as db:
        return [(m.name, m.applied_at) for m in migrations.applied(db)]


def test_a_new_file_gets_every_step_once(tmp_path: Path) -> None:
    with Database(tmp_path / "new.db") as db:
        assert ALL_STEPS[:3] == ["m001_consents", "m002_positions", "m003_position_overrides"]
        assert upgrade(db) == ALL_STEPS
        assert upgrade(db) == []
        assert {"consents", "positions"} <= set(db.table_names())
        assert "positions_owner" in {index.name for index in db["positions"].indexes}


async def test_an_older_file_is_upgraded_and_keeps_its_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with Database(db_path) as db:                                # a file from before positions
        migrations.apply(db, stop_before="m002_positions")
        db["consents"].insert({"owner": A, "consented_at": "2025-12-31T23:00:00+00:00"})
        assert "positions" not in db.table_names()

    store = await SqlitePositionStore.open(db_path)
    assert await store.has_consented(A)
    saved = await store.save(A, position())
    await store.close()
    assert [name for name, _ in applied(db_path)] == ALL_STEPS

    before = applied(db_path)
    store = await SqlitePositionStore.open(db_path)              # reopening changes nothing
    assert await store.list(A) == [saved]
    await store.close()
    assert applied(db_path) == before


async def test_a_file_from_a_newer_riskbot_is_refused(db_path: Path) -> None:
    store = await SqlitePositionStore.open(db_path)
    await store.close()
    with Database(db_path) as db:
        db["_sqlite_migrations"].insert({"migration_set": "riskbot", "name": "m999_future",
                                         "applied_at": "2031-01-01 00:00:00+00:00"})
    with pytest.raises(StorageUnavailable, match="newer riskbot"):
        await SqlitePositionStore.open(db_path)


def test_a_failing_step_leaves_the_file_as_it_was(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "half.db"
    with Database(path) as db:
        migrations.apply(db, stop_before="m002_positions")

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE positions (id INTEGER PRIMARY KEY)")
        raise RuntimeError("step failed halfway")

    with Database(path) as db:
        step = next(m for m in migrations.pending(db) if m.name == "m002_positions")
        monkeypatch.setattr(step, "fn", broken)
        with pytest.raises(RuntimeError):
            upgrade(db)
    with Database(path) as db:
        assert "positions" not in db.table_names()
        assert [m.name for m in migrations.pending(db)] == ALL_STEPS[1:]
