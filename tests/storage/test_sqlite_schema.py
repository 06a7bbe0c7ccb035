"""SQL injection guards for the SQLite store (reliability.md 2.7, B49): values only ever travel as
bound parameters, and hostile text leaves the schema exactly as it was."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from bot.storage.sqlite.positions import SqlitePositionStore
from tests.storage.conftest import position
from tests.storage.test_contract import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where"}


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    return rows


async def test_hostile_text_leaves_the_schema_intact(sqlite_store: SqlitePositionStore,
                                                     db_path: Path) -> None:
    before = schema(db_path)
    for text in HOSTILE:
        owner = f"telegram:{text}"
        await sqlite_store.record_consent(owner)
        saved = await sqlite_store.save(owner, position(symbol=text, label=text))
        assert (await sqlite_store.list(owner)) == [saved]
        assert await sqlite_store.forget(owner) == 2
    assert schema(db_path) == before


@pytest.mark.parametrize("module", sorted({"bot/storage/sqlite/migrations.py", "bot/storage/sqlite/worker.py",
                                            *(str(p.relative_to(ROOT)) for p in ROOT.glob("bot/storage_*.py"))}))
def test_sql_is_never_built_from_strings(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text())
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS and node.args):
            sql = node.args[0]
            built = isinstance(sql, (ast.JoinedStr, ast.BinOp)) or (
                isinstance(sql, ast.Call) and getattr(sql.func, "attr", "") == "format")
            assert not built, f"{module}:{node.lineno} builds SQL text; bind parameters instead"
