"""Fixtures: a fake Discord on loopback, and the real adapter (real discord.py) logged in to it."""

from __future__ import annotations

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.discord_adapter import DiscordAdapter
from bot.settings import Settings
from commands.context import Context
from tests.discord.fake_discord import FakeDiscord


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

    async def make(settings: Settings | None = None, **options) -> DiscordAdapter:
        # With no guilds in READY, discord.py waits guild_ready_timeout (2 s) for GUILD_CREATEs.
        adapter = DiscordAdapter(settings or settings_for(fake), Context(), guild_ready_timeout=0.01, **options)
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
