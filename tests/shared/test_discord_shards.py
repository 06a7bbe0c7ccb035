"""Two real `riskbot run` processes on Discord, shards 0 and 1 of 2, over one PostgreSQL schema: the
fake Discord serves both shard sessions and sends each guild's interactions to the session of its
shard, as Discord does (`(guild_id >> 22) % shard_count`). Both processes answer; a position saved
in a server on one shard is listed in a server on the other; only shard 0's process synced."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.discord.conftest import embed_text
from tests.discord.fake_discord import FakeDiscord
from tests.shared.processes import Riskbot, venues_nowhere
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
USER = "200000000000000042"


def guild_on(shard: int, count: int = 2) -> str:
    """A guild id Discord would route to `shard`."""
    return str(((1_000_000 + shard) << 22) if (1_000_000 + shard) % count == shard else ((1_000_001 + shard) << 22))


class TwoShardDiscord(FakeDiscord):
    """Keeps one gateway socket per shard and routes each INTERACTION_CREATE by its guild's shard."""

    def __init__(self) -> None:
        super().__init__()
        self.sockets: dict[int, object] = {}
        self.shard_of_socket: dict[int, list[int]] = {}

    async def _identify(self, socket, data: dict) -> None:
        shard = data.get("shard") or [0, 1]
        self.sockets[shard[0]] = socket
        self._identifying = shard
        await super()._identify(socket, data)

    async def _dispatch(self, event: str, data: dict) -> None:
        if event == "READY":
            data = {**data, "shard": self._identifying}
        elif event == "INTERACTION_CREATE":
            guild = data.get("guild_id")
            shard = (int(guild) >> 22) % 2 if guild else 0
            self._socket = self.sockets[shard]
        await super()._dispatch(event, data)


async def test_two_processes_split_the_shards_and_share_the_store(tmp_path: Path) -> None:
    fake = await TwoShardDiscord().start()
    bots: list[Riskbot] = []
    try:
        async with postgres.fresh_schema() as url:
            for shard in (0, 1):
                env = {"DISCORD_TOKEN": fake.token, "DISCORD_API_BASE_URL": fake.api_base,
                       "DISCORD_GATEWAY_URL": fake.gateway_url, "RISKBOT_DB": url,
                       "DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": str(shard), **venues_nowhere()}
                bots.append(Riskbot(f"shard{shard}", env, tmp_path))
            for bot in bots:
                await bot.wait_for_line("riskbot running on", timeout=30)
            assert sorted(fake.sockets) == [0, 1]
            assert "synced" in bots[0].text() and "synced" not in bots[1].text()   # only shard 0 syncs

            async def say(shard: int, name: str, **options) -> str:
                fake.guild_id = guild_on(shard)
                interaction = await fake.command(name, user_id=USER, **options)
                return embed_text((await fake.answer(interaction, timeout=10)).data) + str(
                    (await fake.answer(interaction)).data.get("content", ""))

            for shard in (0, 1):   # both processes answer, each for its own shard's server
                assert "Liquidation" in await say(shard, "liq", side="long", symbol="BTC", price=60000,
                                                  leverage=25, mode="isolated")
            await say(0, "optin")
            await say(0, "save", side="long", symbol="BTC", price=60000, leverage=25, qty=0.5, label="sharded")
            listing = await say(1, "positions")
            assert "sharded" in listing, listing
            await asyncio.sleep(0.2)
            for bot in bots:
                assert "Traceback" not in bot.text()
    finally:
        for bot in bots:
            bot.stop()
        await fake.close()
    assert not fake.problems, fake.problems
