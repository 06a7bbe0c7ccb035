"""The fake and the real store, given the same story and the same clock, tell it back identically:
same ids, same timestamps, same export. Command tests written against the fake can be trusted."""

from __future__ import annotations

import inspect
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.storage.memory import MemoryPositionStore
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.saved.store_port import PositionStore
from tests.storage.conftest import TickingClock, position

A, B = "telegram:1", "discord:2"


async def story(store: PositionStore) -> list[Any]:
    told: list[Any] = [await store.record_consent(A), await store.record_consent(B)]
    a1 = await store.save(A, position())
    b1 = await store.save(B, position(symbol="SOL", margin=Decimal("125.50")))
    a2 = await store.save(A, position(side="short", take_profit=Decimal("55000")))
    told += [await store.update(A, a1.id, stop=Decimal("59000"), label="🚀"),
             await store.update(B, a2.id, label="nope"), await store.delete(A, b1.id),
             await store.delete(A, a2.id), await store.save(A, position(entry=Decimal("1E+5")))]
    told += [await store.export(A), await store.export(B), await store.forget(B),
             await store.forget(B), await store.list(B), await store.export(A)]
    return told


async def test_memory_and_sqlite_tell_the_same_story(tmp_path: Path) -> None:
    memory = MemoryPositionStore(TickingClock())
    sqlite = await SqlitePositionStore.open(tmp_path / "p.db", clock=TickingClock())
    assert await story(memory) == await story(sqlite)
    await sqlite.close()


def test_both_stores_have_the_ports_exact_signatures() -> None:
    port = {name: inspect.signature(fn) for name, fn in vars(PositionStore).items()
            if inspect.iscoroutinefunction(fn)}
    assert len(port) == 9
    for store in (MemoryPositionStore, SqlitePositionStore):
        for name, signature in port.items():
            method = getattr(store, name)
            assert inspect.iscoroutinefunction(method), (store, name)
            assert inspect.signature(method) == signature, (store, name)
