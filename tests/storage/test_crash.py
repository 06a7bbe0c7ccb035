"""F08: a process killed with SIGKILL in the middle of saving loses no acknowledged save and
leaves a file that passes `PRAGMA integrity_check`.

A real child process saves in a loop and prints each id after `save` returned; the parent kills
it at a random moment, several times over the same file, then reopens the file.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.storage.postgres.positions import PostgresPositionStore
from bot.storage.sqlite.positions import SqlitePositionStore
from tests.storage.crash_child import OWNER
from tests.support import postgres

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")


def run_and_kill(db_path: Path | str, acks_before_kill: int) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(CHILD), str(db_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert child.stdout is not None
    acked: list[int] = []
    try:
        for line in child.stdout:
            acked.append(int(line))
            if len(acked) >= acks_before_kill:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        rest, errors = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, errors
    # Lines printed before the kill landed were acknowledged too.
    return acked + [int(line) for line in rest.split()]


async def test_sigkill_loses_no_acknowledged_save(tmp_path: Path) -> None:
    db_path = tmp_path / "crash" / "riskbot.db"
    chance = random.Random()
    acked: list[int] = []
    for _ in range(3):
        acked += run_and_kill(db_path, acks_before_kill=chance.randint(20, 120))
    assert len(acked) >= 60

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    store = await SqlitePositionStore.open(db_path)
    stored = {p.id: p for p in await store.list(OWNER)}
    assert set(acked) <= set(stored)
    # At most one save per kill can have committed without being acknowledged.
    assert len(stored) - len(acked) <= 3
    await store.close()


@pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
async def test_sigkill_loses_no_acknowledged_save_on_postgresql() -> None:
    """The PostgreSQL twin: a save is acknowledged after its COMMIT returned, which with the default
    synchronous_commit=on means the server flushed it; killing the client cannot undo that."""
    async with postgres.fresh_schema() as url:
        await (await PostgresPositionStore.open(url)).close()   # migrated before the first child
        chance = random.Random()
        acked: list[int] = []
        for _ in range(3):
            acked += run_and_kill(url, acks_before_kill=chance.randint(20, 120))
        assert len(acked) >= 60
        store = await PostgresPositionStore.open(url)
        stored = {p.id for p in await store.list(OWNER)}
        await store.close()
        assert set(acked) <= stored
        assert len(stored) - len(acked) <= 3
