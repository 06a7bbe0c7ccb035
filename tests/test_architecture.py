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


PACKAGES = ("core", "commands", "bot")


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str, modules: set[str]) -> str | None:
    """`from commands.saved import save` names a module; `from commands.saved.save import X` names
    its parent: the longest prefix that is one of our modules is what gets imported."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Every import between modules of the three packages, at any depth of the file (an import
    inside a function is a dependency too, only a later one)."""
    files = {_module_name(p, root): p for pkg in PACKAGES for p in (root / pkg).rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                found = _resolve(target, modules)
                if found and found != name:
                    graph[name].add(found)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_circles_in_core_commands_or_bot():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_cycle_finder_names_a_circle_it_is_shown(tmp_path: Path):
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "commands" / "a.py").write_text("from commands.b import thing\n")
    (tmp_path / "commands" / "b.py").write_text("def f():\n    from commands import a\n")
    (tmp_path / "core" / "c.py").write_text("import json\n")
    assert find_cycle(import_graph(tmp_path)) == ["commands.a", "commands.b", "commands.a"]
    (tmp_path / "commands" / "b.py").write_text("import core.c\n")
    assert find_cycle(import_graph(tmp_path)) is None


def test_layers_point_one_way():
    """bot -> commands -> core: nothing in core imports commands or bot, nothing in commands imports bot."""
    graph = import_graph()
    upward = [(src, dst) for src, dsts in graph.items() for dst in dsts
              if (src.startswith("core") and not dst.startswith("core"))
              or (src.startswith("commands") and dst.startswith("bot"))]
    assert not upward, upward


def test_files_and_folders_stay_small():
    long_files = [str(p.relative_to(ROOT)) for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
                  if len(p.read_text("utf-8").splitlines()) > 300]
    crowded = [str(d.relative_to(ROOT)) for pkg in PACKAGES for d in [ROOT / pkg, *(ROOT / pkg).rglob("*")]
               if d.is_dir() and len([f for f in d.glob("*.py") if f.name != "__init__.py"]) > 15]
    assert not long_files and not crowded, (long_files, crowded)
