"""`riskbot run` as a process, with both platform fakes and the fake venues on loopback: both
adapters start, the alert job asks the venues for the mark of a saved position and the schedule
job posts a due warning, and SIGTERM or SIGINT stops everything within 5 s with exit code 0."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.main import bot_context
from bot.prices.feed import HttpPriceFeed
from bot.settings import Settings
from bot.storage.sqlite.groups import SqliteGroupStore
from bot.storage.sqlite.worker import SqliteDatabase
from commands.dispatch import dispatch
from commands.invocation import Invocation
from tests.discord.fake_discord import FakeDiscord
from tests.prices.fake_venues import FakeVenues
from tests.telegram.fake_bot_api import FakeBotApi

TELEGRAM_TOKEN = "123456789:RUNtoken-for-the-process-test_abcdefgh"
ALICE = "700000000000000001"


async def _seed(path, fake: FakeDiscord, venues: FakeVenues) -> None:
    """A position with alerts on (the alert job has a market to price) and a warning due an hour
    ago (the schedule job has something to post)."""
    database = await SqliteDatabase.open(path)
    try:
        feed = HttpPriceFeed(venues.base_urls())   # /alerts answers only on a bot that has prices
        context = replace(bot_context(Settings(_env_file=None), database), prices=feed)
        for text in ("/optin", "/save long BTC 60000 25x qty=0.5", "/alerts on"):
            reply = await dispatch(Invocation(text=text, platform="discord", user_id=ALICE), context)
            assert reply.error is None, (text, reply.error)
        two_hours_ago = datetime.now(timezone.utc) - timedelta(hours=2)
        await SqliteGroupStore(database, clock=lambda: two_hours_ago).schedule(
            f"discord:{fake.guild_id}", fake.channel_id, "ladder", timedelta(hours=1), f"discord:{ALICE}")
        await feed.close()
    finally:
        await database.close()


async def _until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_run_starts_both_platforms_and_jobs_and_stops_on_a_signal(tmp_path, stop_with) -> None:
    discord_fake = await FakeDiscord().start()
    telegram_fake = FakeBotApi(TELEGRAM_TOKEN)
    await telegram_fake.start()
    venues = await FakeVenues().start()
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    try:
        await _seed(tmp_path / "riskbot.db", discord_fake, venues)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TELEGRAM_"))}
        env.update(DISCORD_TOKEN=discord_fake.token, DISCORD_API_BASE_URL=discord_fake.api_base,
                   DISCORD_GATEWAY_URL=discord_fake.gateway_url, TELEGRAM_TOKEN=TELEGRAM_TOKEN,
                   TELEGRAM_API_BASE_URL=telegram_fake.base_url, RISKBOT_DB=str(tmp_path / "riskbot.db"),
                   ALERT_POLL_SECONDS="5", LOG_LEVEL="INFO",
                   **{f"{host.upper()}_BASE_URL": url for host, url in venues.base_urls().items()})
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import sys; from bot.main import main; sys.exit(main(['run']))",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await _until(lambda: discord_fake.identifies >= 1 and telegram_fake.requests("getUpdates", ok_only=False))
            await _until(lambda: venues.hits["binance_usdm"] >= 1)           # the alert job priced the market
            await _until(lambda: any(p.channel_id == discord_fake.channel_id for p in discord_fake.posted))
            assert (tmp_path / "heartbeat").exists()
            process.send_signal(stop_with)
            began = time.monotonic()
            _, err = await asyncio.wait_for(process.communicate(), 5)
            assert time.monotonic() - began < 5
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.returncode == 0, err.decode()[-2000:]
        assert "Traceback" not in err.decode()
    finally:
        await venues.stop()
        await telegram_fake.stop()
        await discord_fake.close()
