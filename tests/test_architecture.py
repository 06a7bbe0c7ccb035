"""The house rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from commands.catalog import all_commands
from commands.registry import NAME_RULE

ROOT = Path(__file__).resolve().parents[1]


def _imports(folder: str):
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, [node.module.split(".")[0]]


def test_core_imports_the_standard_library_only():
    allowed = set(sys.stdlib_module_names) | {"core", "__future__"}
    banned = {"asyncio", "sqlite3", "socket", "subprocess", "threading", "time", "datetime", "random"}
    bad = [(p.name, m) for p, mods in _imports("core") for m in mods if m not in allowed or m in banned]
    assert not bad, bad


def test_commands_do_not_import_platforms_storage_or_bot():
    banned = {"discord", "telegram", "sqlite_utils", "sqlite3", "bot", "httpx", "aiohttp"}
    bad = [(p.name, m) for p, mods in _imports("commands") for m in mods if m in banned]
    assert not bad, bad


def test_command_names_are_valid_on_both_platforms():
    for command in all_commands():
        assert NAME_RULE.fullmatch(command.name)
        assert 1 <= len(command.summary) <= 100
        assert len(command.options) <= 25
        for option in command.options:
            assert NAME_RULE.fullmatch(option.name) and 1 <= len(option.description) <= 100


def test_project_never_reads_the_shared_research_folder():
    for folder in ("core", "commands", "bot", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "test_architecture.py":
                assert "../shared" not in path.read_text("utf-8"), path
