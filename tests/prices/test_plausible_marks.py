"""Implausible marks are held, not served: the real HTTP feed against the fake venues on loopback,
and /price and /liq through dispatch on that feed. Each poll is one fresh venue answer (the test
moves the feed's clock past its cache between them)."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from bot.prices.feed import HttpPriceFeed
from bot.prices.plausible import MarkGuard
from commands.calculators.price_port import PriceUnavailable
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation


async def poll(feed: HttpPriceFeed, monotonic, venue: str = "binance", symbol: str = "BTC") -> Decimal:
    monotonic.now += feed.ttl + 0.1   # past the cache: the venue is asked again
    return (await feed.mark(venue, "linear", symbol)).price


@pytest.mark.parametrize("glitch", ["0.00000001", "1000000000"])
async def test_a_glitch_is_held_logged_and_the_next_good_mark_served(venues, feed, monotonic, caplog,
                                                                      glitch) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    assert await poll(feed, monotonic) == Decimal("60000")
    venues.set_mark("binance_usdm", "BTCUSDT", glitch)
    with caplog.at_level(logging.WARNING, "bot.prices.plausible"), pytest.raises(PriceUnavailable) as held:
        await poll(feed, monotonic)
    assert "held until the next one confirms it" in held.value.message and glitch not in held.value.message
    assert f"held an implausible Binance BTCUSDT mark {glitch}" in caplog.text
    with pytest.raises(PriceUnavailable):          # asked again inside the cache: the same answer,
        await feed.mark("binance", "linear", "BTC")    # which cannot confirm itself
    venues.set_mark("binance_usdm", "BTCUSDT", "59900")
    assert await poll(feed, monotonic) == Decimal("59900")   # back in line with 60,000: the spike is dropped


async def test_a_real_move_is_served_once_the_next_poll_confirms_it(venues, feed, monotonic) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    await poll(feed, monotonic)
    venues.set_mark("binance_usdm", "BTCUSDT", "42000")      # -30% between two polls
    with pytest.raises(PriceUnavailable):
        await poll(feed, monotonic)
    venues.set_mark("binance_usdm", "BTCUSDT", "41800")      # within 25% of the held 42,000: confirmed
    assert await poll(feed, monotonic) == Decimal("41800")
    venues.set_mark("binance_usdm", "BTCUSDT", "41700")      # and 41,800 is now the reference
    assert await poll(feed, monotonic) == Decimal("41700")


async def test_a_moderate_move_within_the_bound_is_served_at_once(venues, feed, monotonic) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    await poll(feed, monotonic)
    venues.set_mark("binance_usdm", "BTCUSDT", "46000")      # -23.3%: inside the 25% bound
    assert await poll(feed, monotonic) == Decimal("46000")


async def test_a_first_mark_is_checked_against_the_other_venues(venues, feed, monotonic) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    venues.set_mark("bitmex", "XBTUSDT", "60050")
    await poll(feed, monotonic)
    await poll(feed, monotonic, "bitmex")
    venues.set_mark("okx", "BTC-USDT-SWAP", "600")           # OKX's first BTC mark, 100x off the others
    with pytest.raises(PriceUnavailable):
        await poll(feed, monotonic, "okx")
    venues.set_mark("okx", "BTC-USDT-SWAP", "60100")
    assert await poll(feed, monotonic, "okx") == Decimal("60100")
    venues.set_mark("okx", "ETH-USDT-SWAP", "3000")          # no other venue has priced ETH: taken
    assert await poll(feed, monotonic, "okx", "ETH") == Decimal("3000")


async def test_a_first_mark_outside_a_known_range_is_held(venues, monotonic) -> None:
    def btc_range(venue: str, contract: str, symbol: str) -> tuple[Decimal, Decimal] | None:
        return (Decimal(1000), Decimal(10_000_000)) if symbol == "BTC" else None

    async with HttpPriceFeed(venues.base_urls(), monotonic=monotonic, guard=MarkGuard(known_range=btc_range)) as feed:
        venues.set_mark("binance_usdm", "BTCUSDT", "0.5")
        with pytest.raises(PriceUnavailable):
            await poll(feed, monotonic)
        venues.set_mark("binance_usdm", "BTCUSDT", "60000")
        assert await poll(feed, monotonic) == Decimal("60000")


async def test_price_and_liq_never_show_a_held_mark(venues, feed, monotonic) -> None:
    context = Context(prices=feed)

    async def ask(text: str, new_poll: bool = True):
        monotonic.now += feed.ttl + 0.1 if new_poll else 0
        return await dispatch(Invocation(text=text, platform="console", user_id="1", chat_id="1"), context)

    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    assert (await ask("/price BTC")).result["mark_price"] == 60000
    venues.set_mark("binance_usdm", "BTCUSDT", "0.00000001")
    price = await ask("/price BTC")
    assert price.error.code == "price_unavailable" and "held" in price.error.message
    liq = await ask("/liq long BTC 25x", new_poll=False)   # the same venue answer, still held
    assert liq.error is not None and "give an entry price" in liq.error.message
    assert "0.00000001" not in price.error.message + liq.error.message
