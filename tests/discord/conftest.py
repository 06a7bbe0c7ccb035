"""Fixtures: a fake Discord on loopback, the real adapter (real discord.py) logged in to it, and a
real SQLite store in the test's folder."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.cooldown import Cooldown
from bot.discord.adapter import DiscordAdapter
from bot.settings import Settings
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.context import Context
from commands.dispatch import dispatch
from tests.discord.fake_discord import FakeDiscord, Sent


@pytest.fixture
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.close()
    assert not server.problems, server.problems


def settings_for(fake: FakeDiscord, **overrides) -> Settings:
    return Settings(_env_file=None, discord_token=fake.token, discord_api_base_url=fake.api_base,
                    discord_gateway_url=fake.gateway_url, **overrides)


@pytest.fixture
def restore_discord_urls(monkeypatch):
    """The adapter aims discord.py at the fake through two class attributes; put them back after."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    for name in ("DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_API_BASE_URL", "DISCORD_GATEWAY_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def make_adapter(fake, restore_discord_urls):
    """Builds and starts adapters against the fake; stops them when the test ends."""
    started: list[DiscordAdapter] = []

    async def make(settings: Settings | None = None, context: Context | None = None, **options) -> DiscordAdapter:
        # With no guilds in READY, discord.py waits guild_ready_timeout (2 s) for GUILD_CREATEs.
        adapter = DiscordAdapter(settings or settings_for(fake), context or Context(), guild_ready_timeout=0.01,
                                 **options)
        await adapter.start()
        started.append(adapter)
        return adapter

    yield make
    for adapter in started:
        await adapter.stop()


@pytest.fixture
async def bot(make_adapter) -> DiscordAdapter:
    return await make_adapter()


def embed_text(payload: dict) -> str:
    """Everything an embed in a sent payload shows, in reading order."""
    parts: list[str] = []
    for embed in payload.get("embeds") or []:
        parts += [(embed.get("author") or {}).get("name"), embed.get("title"), embed.get("description")]
        for item in embed.get("fields") or []:
            parts += [item["name"], item["value"]]
        parts.append((embed.get("footer") or {}).get("text"))
    return "\n".join(p for p in parts if p)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "riskbot.db"


@pytest.fixture
async def store(db_path: Path):
    opened = await SqlitePositionStore.open(db_path)
    yield opened
    await opened.close()


def patient() -> Cooldown:
    """A cooldown that lets one user run a whole session of commands (the default stops at 5)."""
    return Cooldown(burst=100, window=60)


# The fast-path tests expect the answer as the first response; on a loaded machine a SQLite write
# can exceed the default 0.2 s before deferring, so they allow more (still inside Discord's 3 s).
UNHURRIED = 2.0


@pytest.fixture
async def saving_bot(make_adapter, store) -> DiscordAdapter:
    """The adapter with saving on: the real SQLite store behind the real commands."""
    return await make_adapter(context=Context(store=store), cooldown=patient(), defer_after=UNHURRIED)


OWNED_ROWS = {"positions": "SELECT * FROM positions WHERE owner = ? ORDER BY id",
              "consents": "SELECT * FROM consents WHERE owner = ?"}


def stored(db_path: Path, table: str, owner: str) -> list[dict]:
    """Rows of `owner` read straight from the SQLite file, past every layer of ours."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(OWNED_ROWS[table], [owner])]
    finally:
        connection.close()


async def settled(fake: FakeDiscord, interaction_id: str, count: int, timeout: float = 2.0) -> list[Sent]:
    """Wait until the bot has sent `count` things for an interaction; return them."""
    async def wait() -> None:
        while len(fake.sent(interaction_id)) < count:
            await asyncio.sleep(0.01)
    await asyncio.wait_for(wait(), timeout)
    return fake.sent(interaction_id)


async def slow_dispatch(invocation, context):
    """The real dispatcher, 50 ms late: long enough that the adapter defers first."""
    await asyncio.sleep(0.05)
    return await dispatch(invocation, context)
