"""Failover: kill -9 the jobs leader while alerts and a scheduled warning are due; the other process
takes over within 10 s, and every due alert and the warning reach the Telegram fake exactly once."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from bot.storage.backends import open_database, stores
from tests.alerts.conftest import btc_long
from tests.prices.fake_venues import FakeVenues
from tests.shared.processes import Riskbot, WebhookFake, free_port, telegram_env
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
USERS = [5001 + i for i in range(6)]
GROUP_CHAT = -1009


async def prepare(url: str) -> None:
    """Six users with a BTC long 25x at 60,000 (liquidation 57,831.33, alert at 58,265.06) and alerts on."""
    database = await open_database(url)
    made = stores(database)
    for user in USERS:
        owner = f"telegram:{user}"
        await made.positions.record_consent(owner)
        await made.positions.save(owner, btc_long())
        await made.alerts.change_settings(owner, enabled=True)
    await database.close()


async def schedule_due_now(url: str) -> None:
    """A warning scheduled an hour ago, every hour: due now."""
    database = await open_database(url)
    earlier = datetime.now(timezone.utc) - timedelta(hours=1, seconds=1)
    await stores(database, lambda: earlier).groups.schedule(f"telegram:{GROUP_CHAT}", str(GROUP_CHAT), "basics",
                                                           timedelta(hours=1), "telegram:1")
    await database.close()


async def test_kill_9_of_the_leader_while_alerts_are_due(tmp_path: Path) -> None:
    venues = await FakeVenues().start()
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")       # not near liquidation yet
    fake = WebhookFake()
    await fake.start()
    bots: list[Riskbot] = []
    try:
        async with postgres.fresh_schema() as url:
            await prepare(url)
            prices = {f"{host.upper()}_BASE_URL": base for host, base in venues.base_urls().items()}

            def start(name: str) -> Riskbot:
                port = free_port()
                env = telegram_env(fake, url, port, f"http://127.0.0.1:{port}/telegram", ALERT_POLL_SECONDS="5",
                                   **prices)
                bots.append(Riskbot(name, env, tmp_path))
                return bots[-1]

            leader = start("leader")
            await leader.wait_for_line("this process is the leader")
            follower = start("follower")
            await follower.wait_for_line("riskbot running on")
            await fake.wait_until(lambda: venues.hits.get("binance_usdm"), timeout=10)  # the leader polled once
            assert "this process is the leader" not in follower.text()

            venues.set_mark("binance_usdm", "BTCUSDT", "58000")   # every position is due now
            await schedule_due_now(url)
            leader.kill()                                          # SIGKILL, before its next poll (5 s)
            killed = time.monotonic()
            assert fake.sent_to(USERS[0]) == []

            def alerts() -> list[int]:
                return [u for u in USERS for m in fake.sent_to(u) if "Near liquidation" in m["text"]]

            await fake.wait_until(lambda: len(alerts()) >= len(USERS), timeout=15)
            took = time.monotonic() - killed
            await fake.wait_until(lambda: fake.sent_to(GROUP_CHAT), timeout=10)
            await asyncio.sleep(0.5)   # room for a duplicate from the same tick, were one coming
            assert sorted(alerts()) == USERS                       # each user exactly once
            assert len(fake.sent_to(GROUP_CHAT)) == 1
            assert took < 10, took
            assert "this process is the leader" in follower.text()
    finally:
        for bot in bots:
            bot.stop()
        await fake.stop()
        await venues.stop()
