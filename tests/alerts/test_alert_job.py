"""The alert job end to end below the adapters: real SQLite, the real HTTP price feed against fake
venues on loopback, a clock moved by hand, and a Messenger that records what it was asked to send."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from tests.alerts.conftest import OWNER, btc_long


async def test_mark_moving_toward_liquidation_sends_exactly_one_private_card(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("59500")
    assert (await world.job.tick()).sent == 0
    world.mark("58100.5")   # below the 58,265.06 trigger
    assert (await world.job.tick()).sent == 0   # one tick at the trigger: not yet
    report = await world.job.tick()
    assert report.sent == 1                     # two in a row: sent
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
    assert (await world.job.tick()).sent == 0   # the first of the two ticks an alert needs
    report = await world.job.tick()
    assert report.markets == 3 and report.sent == 30
    assert world.venues.hits["binance_usdm"] == 2 and world.venues.hits["hyperliquid"] == 2


async def test_a_venue_down_is_logged_and_backed_off_without_stopping_others(world, caplog) -> None:
    await world.saved()
    await world.saved(btc_long(venue="okx", leverage=Decimal(20)))
    await world.alerts.change_settings(OWNER, enabled=True)
    world.venues.fail("binance_usdm", 503)
    world.mark("50000", "BTC-USDT-SWAP", "okx")
    with caplog.at_level(logging.WARNING, "bot.jobs.alerts"):
        report = await world.job.tick()
    assert report.failed_venues == ["binance linear"] and report.priced == 1   # OKX still priced
    assert "HTTP 503" in caplog.text
    world.clock.advance(seconds=10)
    assert (await world.job.tick()).sent == 1       # OKX's second tick at the trigger: alerted
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
    assert (await world.job.tick()).sent == 0       # back: the first good tick at the trigger
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
    await world.job.tick()                        # the first of the two ticks an alert needs
    assert (await world.job.tick()).sent == 0     # claimed, but the user cannot be reached
    world.messenger.reachable = True
    world.clock.advance(minutes=5)
    assert (await world.job.tick()).sent == 0
    world.clock.advance(hours=6)
    assert (await world.job.tick()).sent == 1


async def test_a_platform_not_running_here_keeps_the_alert_armed(world) -> None:
    await world.saved(owner="discord:77")
    await world.alerts.change_settings("discord:77", enabled=True)
    world.mark("58000")
    await world.job.tick()                        # the first of the two ticks an alert needs
    assert (await world.job.tick()).sent == 0     # due, but no Discord in this process
    world.job.messengers["discord"] = world.messenger
    assert (await world.job.tick()).sent == 1
    assert world.messenger.direct_messages[0][0] == "77"


@pytest.mark.parametrize(("side", "glitch", "near"), [("long", "0.00000001", "58000"),    # trigger 58,265.06
                                                      ("short", "1000000000", "62000")])  # trigger 61,721.11
async def test_a_glitch_tick_sends_nothing_and_the_genuine_move_after_it_alerts_once(world, side, glitch,
                                                                                     near) -> None:
    # Short 25x at 60,000, tier 1 (MMR 0.4%): liquidation 62,400 / 1.004 = 62,151.39; the default
    # level puts the trigger 20% of the way back to entry: 62,151.39 - 0.2 x 2,151.39 = 61,721.11.
    await world.saved(btc_long(side=side))
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("60000")
    assert (await world.job.tick()).sent == 0
    world.mark(glitch)
    world.clock.advance(seconds=30)
    report = await world.job.tick()
    assert report.sent == 0 and report.priced == 0   # the feed held the glitch: nobody hears of it
    world.mark(near)
    world.clock.advance(seconds=30)
    assert (await world.job.tick()).sent == 0        # the genuine move, first tick
    world.clock.advance(seconds=30)
    assert (await world.job.tick()).sent == 1        # second tick: the alert
    for _ in range(3):
        world.clock.advance(seconds=30)
        await world.job.tick()
    [(_, reply)] = world.messenger.direct_messages
    assert dict((line.label, line.value) for line in reply.lines)["Mark price"].startswith(f"{int(near):,}")


async def test_one_tick_at_the_trigger_between_normal_ones_sends_nothing(world) -> None:
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    for mark in ("60000", "58100", "60000", "58100", "59000"):   # 58,100 is plausible but never twice in a row
        world.mark(mark)
        world.clock.advance(seconds=30)
        assert (await world.job.tick()).sent == 0
    assert world.messenger.direct_messages == []


async def test_a_real_crash_beyond_the_bound_still_alerts_on_the_third_poll(world) -> None:
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    world.mark("60000")
    await world.job.tick()
    world.mark("40000")                                    # -33%: held until confirmed
    sent = []
    for _ in range(3):
        world.clock.advance(seconds=30)
        sent.append((await world.job.tick()).sent)
    assert sent == [0, 0, 1]                               # held, confirmed (first tick), alerted
