"""Live prices in the console, as an operator meets them after `make run` with no token: the real
`riskbot console` process, its market-data hosts pointed at the fake venues on loopback."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.prices.fake_venues import FakeVenues


async def console(venues: FakeVenues, text: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env |= {f"{host.upper()}_BASE_URL": url for host, url in venues.base_urls().items()}
    env["RISKBOT_DB"] = os.devnull + "/none"          # no database needed (and none can be made)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.main", "console", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env)
    out, _ = await asyncio.wait_for(process.communicate(text.encode()), 60)
    assert process.returncode == 0
    return out.decode()


async def test_the_console_reads_marks_from_the_configured_hosts(venues: FakeVenues) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "61234.5")
    out = await console(venues, "/price BTC\n/liq long BTC 25x\n")
    assert "61,234.50" in out
    assert "used Binance's current mark for BTCUSDT" in out
    assert venues.hits["binance_usdm"] == 1                # the second ask came from the cache


async def test_a_venue_that_is_down_gets_a_plain_answer(venues: FakeVenues) -> None:
    venues.fail("binance_usdm", 503)
    out = await console(venues, "/liq long BTC 25x\n/liq long BTC 60000 25x\n")
    assert "Price unavailable" in out and "give an entry price" in out
    assert "57,831.33" in out                              # with an entry it answers as ever
