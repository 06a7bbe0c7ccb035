"""Which storage backend a process runs on, chosen by `RISKBOT_DB`, and the stores over it.

A path (or `sqlite:///path`) keeps the single-process default: one SQLite file, one worker thread.
`postgresql://user@host/db?schema=name` selects PostgreSQL, the store several riskbot processes
share (docs/scaling.md). Everything else in the bot sees only the ports, so this module and
bot/main.py are the only places that know which one runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.postgres.database import is_postgres_url, redacted
from bot.storage.sqlite.worker import Clock, utc_now


@dataclass(frozen=True)
class Stores:
    positions: Any
    groups: Any
    alerts: Any
    languages: Any


def describe(target: str | Path) -> str:
    """The database for logs: a path as is, a URL without its password."""
    return redacted(str(target))


def sqlite_path(target: str | Path) -> Path:
    text = str(target)
    return Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite:///") else Path(text)


def heartbeat_file(settings: Any) -> Path:
    """Where `riskbot health` looks: RISKBOT_HEARTBEAT, else beside the SQLite file, else ./data."""
    from bot.health import heartbeat_path

    if settings.riskbot_heartbeat is not None:
        return Path(settings.riskbot_heartbeat)
    target = settings.riskbot_db
    return heartbeat_path(Path("./data/riskbot.db") if is_postgres_url(target) else sqlite_path(target))


async def open_database(target: str | Path) -> Any:
    """The shared database for `target`; raises StorageUnavailable when it cannot be used."""
    if is_postgres_url(str(target)):
        from bot.storage.postgres.database import PostgresDatabase

        return await PostgresDatabase.open(str(target))
    from bot.storage.sqlite.worker import SqliteDatabase

    return await SqliteDatabase.open(sqlite_path(target))


def stores(database: Any, clock: Clock = utc_now) -> Stores:
    """The stores over one open database, of whichever backend it is."""
    if getattr(database, "backend", "sqlite") == "postgresql":
        from bot.storage.postgres.alerts import PostgresAlertStore
        from bot.storage.postgres.groups import PostgresGroupStore
        from bot.storage.postgres.languages import PostgresLanguagePrefs
        from bot.storage.postgres.positions import PostgresPositionStore

        return Stores(PostgresPositionStore(database, clock), PostgresGroupStore(database, clock),
                      PostgresAlertStore(database, clock), PostgresLanguagePrefs(database, clock))
    from bot.storage.sqlite.alerts import SqliteAlertStore
    from bot.storage.sqlite.groups import SqliteGroupStore
    from bot.storage.sqlite.languages import SqliteLanguagePrefs
    from bot.storage.sqlite.positions import SqlitePositionStore

    return Stores(SqlitePositionStore(database, clock), SqliteGroupStore(database, clock),
                  SqliteAlertStore(database, clock), SqliteLanguagePrefs(database, clock))


def market_store(database: Any) -> Any:
    """The store of refreshed tier tables over the same database, or None without one."""
    if database is None:
        return None
    if getattr(database, "backend", "sqlite") == "postgresql":
        from bot.storage.postgres.markets import PostgresMarketStore

        return PostgresMarketStore(database)
    from bot.storage.sqlite.markets import SqliteMarketStore

    return SqliteMarketStore(database)
