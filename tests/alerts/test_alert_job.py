"""The alert job end to end below the adapters: real SQLite, the real HTTP price feed against fake
venues on loopback, a clock moved by hand, and a Messenger that records what it was asked to send."""

from __future__ import annotations

import logging
from decimal import Decimal

from tests.alerts.conftest import OWNER, btc_long


async def test_mark_moving_toward_liquidation_sends_exactly_one_private_card(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("59500")
    assert (await world.job.tick()).sent == 0
    world.mark("58100.5")   # below the 58,265.06 trigger
    report = await world.job.tick()
    assert report.sent == 1
    [(user, reply)] = world.messenger.direct_messages
    assert user == "1001" and reply.private and reply.ok
    assert reply.title.startswith(f"Near liquidation: #{pid}")
    lines = dict((line.label, line.value) for line in reply.lines)
    assert lines["Mark price"] == "58,100.50 (BTCUSDT)"   # display.price: two places
    assert lines["Mark to liquidation"].startswith("0.46%")   # (58,100.5 - 57,831.33) / 58,100.5
    assert reply.headline.value == "57,831.33"
    world.clock.advance(minutes=1)
    assert (await world.job.tick()).sent == 0   # no repeat while it stays near
    assert len(world.messenger.direct_messages) == 1


async def test_one_request_per_market_per_tick_however_many_positions(world) -> None:
    for _ in range(30):
        await world.saved()
    await world.saved(btc_long(venue="hyperliquid", leverage=Decimal(20)))
    await world.saved(btc_long(venue="hyperliquid", symbol="ETH", entry=Decimal(3000), leverage=Decimal(20),
                                 mmr=Decimal("0.01")))   # no ETH table shipped for Hyperliquid
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("58000")
    world.mark("60000", "BTC", "hyperliquid")
    world.mark("3000", "ETH", "hyperliquid")
    report = await world.job.tick()
    assert report.markets == 3 and report.sent == 30
    assert world.venues.hits["binance_usdm"] == 1 and world.venues.hits["hyperliquid"] == 1


async def test_a_venue_down_is_logged_and_backed_off_without_stopping_others(world, caplog) -> None:
    await world.saved()
    await world.saved(btc_long(venue="okx", leverage=Decimal(20)))
    await world.alerts.change_settings(OWNER, enabled=True)
    world.venues.fail("binance_usdm", 503)
    world.mark("50000", "BTC-USDT-SWAP", "okx")
    with caplog.at_level(logging.WARNING, "bot.jobs.alerts"):
        report = await world.job.tick()
    assert report.failed_venues == ["binance linear"] and report.sent == 1   # OKX still alerted
    assert "HTTP 503" in caplog.text
    world.clock.advance(seconds=10)
    await world.job.tick()
    assert world.venues.hits["binance_usdm"] == 1   # backing off: not asked again yet
    world.clock.advance(seconds=30)
    await world.job.tick()
    assert world.venues.hits["binance_usdm"] == 2   # after one poll interval; failed again
    world.clock.advance(seconds=40)
    await world.job.tick()
    assert world.venues.hits["binance_usdm"] == 2   # the wait doubled to 60 s
    world.venues.recover("binance_usdm")
    world.mark("58000")
    world.clock.advance(seconds=30)
    assert (await world.job.tick()).sent == 1


async def test_no_alert_after_alerts_off(world) -> None:
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    await world.alerts.change_settings(OWNER, enabled=False)
    world.mark("57900")
    report = await world.job.tick()
    assert report.markets == 0 and world.messenger.direct_messages == []


async def test_an_unreachable_user_is_retried_after_the_window_not_every_poll(world) -> None:
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    world.messenger.reachable = False
    world.mark("58000")
    assert (await world.job.tick()).sent == 0
    world.messenger.reachable = True
    world.clock.advance(minutes=5)
    assert (await world.job.tick()).sent == 0
    world.clock.advance(hours=6)
    assert (await world.job.tick()).sent == 1


async def test_a_platform_not_running_here_keeps_the_alert_armed(world) -> None:
    await world.saved(owner="discord:77")
    await world.alerts.change_settings("discord:77", enabled=True)
    world.mark("58000")
    assert (await world.job.tick()).sent == 0
    world.job.messengers["discord"] = world.messenger
    assert (await world.job.tick()).sent == 1
    assert world.messenger.direct_messages[0][0] == "77"
