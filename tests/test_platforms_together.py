"""`riskbot run` with both platforms: Telegram unreachable at start does not take Discord down.

bot/main.py starts each configured adapter in turn; the Telegram adapter, finding its API
unreachable, keeps trying in the background (bot/telegram/connection.py) instead of raising, so
Discord starts and answers, and Telegram answers too once its API is back. Both run against their
fakes on loopback with the real libraries.
"""

from __future__ import annotations

import asyncio
import contextlib

from bot.main import _run_adapters
from bot.settings import Settings
from commands.context import Context
from tests.discord.conftest import restore_discord_urls  # noqa: F401 (fixture)
from tests.discord.fake_discord import FakeDiscord
from tests.shared.processes import venues_nowhere
from tests.telegram.conftest import FAST, TOKEN
from tests.telegram.fake_bot_api import FakeBotApi


async def test_discord_serves_while_telegram_is_unreachable_and_telegram_joins_later(
        tmp_path, restore_discord_urls, monkeypatch) -> None:  # noqa: F811
    # main.py builds the adapter with production timings; these are the same, shorter.
    monkeypatch.setattr("bot.telegram.adapter.Transport", lambda: FAST)
    discord_api, telegram_api = await FakeDiscord().start(), FakeBotApi(TOKEN)
    await telegram_api.start()
    await telegram_api.go_down()
    # RISKBOT_DB is text now (a path or a postgresql:// URL; bot/storage/backends.py), not a Path.
    settings = Settings(_env_file=None, riskbot_db=str(tmp_path / "riskbot.db"), telegram_token=TOKEN,
                        telegram_api_base_url=telegram_api.base_url, discord_token=discord_api.token,
                        discord_api_base_url=discord_api.api_base, discord_gateway_url=discord_api.gateway_url,
                        # The leader's tier refresh must not reach (and install from) the real venues.
                        **{name.lower(): url for name, url in venues_nowhere().items()})
    running = asyncio.create_task(_run_adapters(settings, Context()))
    try:
        await discord_api.wait_ready(timeout=10)
        interaction = await discord_api.command("liq", side="long", symbol="BTC", price=60000, leverage=25,
                                                mode="isolated")
        answer = await discord_api.answer(interaction, timeout=5)
        assert "Liquidation" in str(answer.data)
        assert not running.done()

        await telegram_api.come_back()
        telegram_api.message("/liq long BTC 60000 25x isolated", user_id=42)
        [sent] = await telegram_api.wait_for_sent(1, timeout=10)
        assert "Liquidation" in sent["text"]
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await telegram_api.stop()
        await discord_api.close()
