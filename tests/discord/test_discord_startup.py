"""A wrong DISCORD_TOKEN or DISCORD_GUILD_ID stops start-up with one line saying what to change
(#13 item 11): through the fake's 401 on /users/@me, its gateway close 4004, and its 403/404 on
the guild command sync; and `riskbot run` itself exits non-zero with that line, no traceback."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from pydantic import SecretStr

from bot.discord.adapter import DiscordAdapter
from bot.settings import ConfigurationError
from commands.context import Context
from tests.discord.conftest import settings_for
from tests.discord.fake_discord import FakeDiscord


async def _start(fake: FakeDiscord, **overrides) -> str:
    settings = settings_for(fake).model_copy(update=overrides)
    adapter = DiscordAdapter(settings, Context(), guild_ready_timeout=0.01)
    with pytest.raises(ConfigurationError) as refused:
        await adapter.start()
    assert adapter.client.is_closed()
    message = str(refused.value)
    assert "\n" not in message
    return message


async def test_a_token_refused_at_login_says_reset_it(fake: FakeDiscord, restore_discord_urls) -> None:
    message = await _start(fake, discord_token=SecretStr("not-the-token"))
    assert message.startswith("DISCORD_TOKEN") and "Reset Token" in message
    assert "not-the-token" not in message


async def test_a_token_refused_by_the_gateway_says_reset_it(fake: FakeDiscord, restore_discord_urls) -> None:
    fake.gateway_refuses = True
    assert (await _start(fake)).startswith("DISCORD_TOKEN")


@pytest.mark.parametrize("which", ["foreign_guild_id", "channel_id"])
async def test_a_server_the_bot_is_not_in_says_copy_the_server_id(fake: FakeDiscord, restore_discord_urls,
                                                                  which: str) -> None:
    guild = int(getattr(fake, which))
    message = await _start(fake, discord_guild_id=guild)
    assert message.startswith(f"DISCORD_GUILD_ID={guild}") and "not a channel id" in message


async def test_riskbot_run_exits_non_zero_with_the_one_line(fake: FakeDiscord, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TELEGRAM_"))}
    env.update(DISCORD_TOKEN="not-the-token", DISCORD_API_BASE_URL=fake.api_base,
               DISCORD_GATEWAY_URL=fake.gateway_url, RISKBOT_DB=str(tmp_path / "riskbot.db"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.main import main; sys.exit(main(['run']))", cwd=tmp_path,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    lines = err.decode().strip().splitlines()
    assert process.returncode == 2
    assert "Traceback" not in err.decode()
    assert lines[-1].startswith("riskbot: DISCORD_TOKEN was refused")
