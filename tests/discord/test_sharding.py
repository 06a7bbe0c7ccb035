"""Discord sharding settings: DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS give each process its share of
shards through discord.py's AutoShardedClient; only the process holding shard 0 syncs the commands,
so several processes starting together do not overwrite each other's sync (or spend its rate limit)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from bot.shared.wiring import shard_options
from tests.discord.conftest import settings_for
from tests.discord.fake_discord import FakeDiscord

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")


class ShardedFake(FakeDiscord):
    """Records the `shard` each IDENTIFY asks for (Discord assigns guilds by it), and echoes it in
    READY as Discord does for a sharded session."""

    def __init__(self) -> None:
        super().__init__()
        self.shards: list[list[int] | None] = []

    async def _identify(self, socket, data: dict) -> None:
        self.shards.append(data.get("shard"))
        await super()._identify(socket, data)

    async def _dispatch(self, event: str, data: dict) -> None:
        if event == "READY" and self.shards and self.shards[-1]:
            data = {**data, "shard": self.shards[-1]}
        await super()._dispatch(event, data)


@pytest.fixture
async def fake():
    server = await ShardedFake().start()
    yield server
    await server.close()
    assert not server.problems, server.problems


def test_shard_settings_are_checked() -> None:
    assert Settings(_env_file=None).discord_shards() is None
    assert Settings(_env_file=None, discord_shard_count=4).discord_shards() == [0, 1, 2, 3]
    assert Settings(_env_file=None, discord_shard_count=4, discord_shard_ids=" 2, 3").discord_shards() == [2, 3]
    for bad in ({"discord_shard_ids": "0,1"}, {"discord_shard_count": 2, "discord_shard_ids": "2"},
                {"discord_shard_count": 2, "discord_shard_ids": "0,0"}, {"discord_shard_count": 2, "discord_shard_ids": "a"}):
        with pytest.raises(ValidationError, match="DISCORD_SHARD"):
            Settings(_env_file=None, **bad)


async def test_a_process_runs_its_shards_and_only_shard_0_syncs(make_adapter, fake: ShardedFake) -> None:
    second = settings_for(fake, discord_shard_count=2, discord_shard_ids="1")
    bot = await make_adapter(second, **shard_options(second))
    assert type(bot.client).__name__ == "AutoShardedClient"
    assert fake.shards == [[1, 2]] and fake.commands == {}            # shard 1 of 2; no sync
    first = settings_for(fake, discord_shard_count=2, discord_shard_ids="0")
    await make_adapter(first, **shard_options(first))
    assert fake.shards[-1] == [0, 2] and fake.commands                # the shard-0 process synced
    interaction = await fake.command("liq", **LIQ)
    assert "Liquidation" in str((await fake.answer(interaction)).data)
