"""A second polling process: Telegram answers its getUpdates with 409 Conflict. `riskbot run` must not
keep polling against the first (each poll cuts the other's off); it exits with one clear line."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.shared.processes import Riskbot, WebhookFake, venues_nowhere


async def test_a_409_conflict_stops_the_process_with_one_line(tmp_path: Path) -> None:
    fake = WebhookFake()   # its getUpdates always answers 409 Conflict, as while another consumer holds it
    await fake.start()
    env = {"TELEGRAM_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "RISKBOT_DB": str(tmp_path / "riskbot.db"), **venues_nowhere()}
    bot = Riskbot("second", env, tmp_path)
    try:
        deadline = time.monotonic() + 20
        while bot.process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert bot.process.returncode == 1, bot.text()[-2000:]
    finally:
        bot.stop()
        await fake.stop()
    lines = [line for line in bot.text().splitlines() if "Conflict" in line]
    assert len(lines) == 1 and lines[0].startswith("riskbot: Telegram answered 409 Conflict"), bot.text()[-2000:]
    assert "TELEGRAM_WEBHOOK_URL" in lines[0] and "Traceback" not in bot.text()
    assert len(fake.requests("getUpdates", ok_only=False)) <= 3   # it stopped asking
