"""The real HTTP price feed against fake venue endpoints on 127.0.0.1.

Each venue's answer is served in the shape its API docs show (tests/prices/fake_venues.py), so these
tests prove the request we send and the field we read for every venue, the cache, single-flight,
and that every kind of failure ends as `PriceUnavailable` with a short reason.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import httpx
import pytest

from bot.prices.feed import HttpPriceFeed
from commands.calculators.price_port import PriceUnavailable
from tests.prices.fake_venues import FakeVenues

# (venue, contract, our symbol) -> (fake host, what the fake is keyed by, the venue's instrument id)
MARKETS = [
    (("binance", "linear", "BTC"), ("binance_usdm", "BTCUSDT", "BTCUSDT")),
    (("binance", "inverse", "BTC"), ("binance_coinm", "BTCUSD_PERP", "BTCUSD_PERP")),
    (("bybit", "linear", "ETH"), ("bybit", "linear:ETHUSDT", "ETHUSDT")),
    (("bybit", "inverse", "BTC"), ("bybit", "inverse:BTCUSD", "BTCUSD")),
    (("okx", "linear", "BTC"), ("okx", "BTC-USDT-SWAP", "BTC-USDT-SWAP")),
    (("okx", "inverse", "ETH"), ("okx", "ETH-USD-SWAP", "ETH-USD-SWAP")),
    (("hyperliquid", "linear", "SOL"), ("hyperliquid", "SOL", "SOL")),
    (("bitmex", "inverse", "BTC"), ("bitmex", "XBTUSD", "XBTUSD")),
    (("bitmex", "linear", "ETH"), ("bitmex", "ETHUSDT", "ETHUSDT")),
    (("bitget", "linear", "BTC"), ("bitget", "BTCUSDT", "BTCUSDT")),
    (("gate", "linear", "BTC"), ("gate", "BTC_USDT", "BTC_USDT")),
    (("blofin", "linear", "BTC"), ("blofin", "BTC-USDT", "BTC-USDT")),
]


async def test_mexc_fair_price_is_read_from_its_json_number(venues: FakeVenues, feed: HttpPriceFeed) -> None:
    # MEXC prints fairPrice as a JSON number; it is parsed as Decimal, never through float.
    venues.set_mark("mexc", "BTC_USDT", "61234.5")
    mark = await feed.mark("mexc", "linear", "BTC")
    assert (mark.price, mark.instrument) == (Decimal("61234.5"), "BTC_USDT")


@pytest.mark.parametrize(("ours", "theirs"), MARKETS, ids=lambda m: "-".join(m) if len(m) == 3 else None)
async def test_each_venue_serves_its_mark_exactly(venues: FakeVenues, feed: HttpPriceFeed, ours, theirs) -> None:
    host, key, name = theirs
    venues.set_mark(host, key, "61234.56789012")
    mark = await feed.mark(*ours)
    assert mark.price == Decimal("61234.56789012")   # exact: no float on the way
    assert mark.instrument == name
    assert venues.hits[host] == 1


async def test_answers_are_cached_for_the_ttl_then_refetched(venues, feed, monotonic) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    await feed.mark("binance", "linear", "BTC")
    venues.set_mark("binance_usdm", "BTCUSDT", "59000")
    assert (await feed.mark("binance", "linear", "BTC")).price == Decimal("60000")
    assert venues.hits["binance_usdm"] == 1
    monotonic.now += feed.ttl + 0.1
    assert (await feed.mark("binance", "linear", "BTC")).price == Decimal("59000")
    assert venues.hits["binance_usdm"] == 2


async def test_concurrent_asks_for_one_symbol_make_one_request(venues, feed) -> None:
    venues.set_mark("okx", "BTC-USDT-SWAP", "60000")
    venues.delay = 0.05   # so every ask arrives while the first request is still open
    marks = await asyncio.gather(*(feed.mark("okx", "linear", "BTC") for _ in range(25)))
    assert {m.price for m in marks} == {Decimal("60000")}
    assert venues.hits["okx"] == 1


async def test_one_hyperliquid_request_prices_every_coin(venues, feed) -> None:
    for coin, price in (("BTC", "60000"), ("ETH", "3000.5"), ("SOL", "150.25")):
        venues.set_mark("hyperliquid", coin, price)
    marks = await asyncio.gather(*(feed.mark("hyperliquid", "linear", c) for c in ("BTC", "ETH", "SOL")))
    assert [m.price for m in marks] == [Decimal("60000"), Decimal("3000.5"), Decimal("150.25")]
    assert venues.hits["hyperliquid"] == 1


@pytest.mark.parametrize("failure", ["http_503", "garbage", "unknown_symbol", "bad_price"])
async def test_failures_are_price_unavailable_with_a_reason(venues, feed, failure) -> None:
    venues.set_mark("bybit", "linear:BTCUSDT", "60000")
    if failure == "http_503":
        venues.fail("bybit", 503)
    elif failure == "garbage":
        venues.garbage.add("bybit")
    elif failure == "bad_price":
        venues.set_mark("bybit", "linear:BTCUSDT", "-1")
    symbol = "DOGE" if failure == "unknown_symbol" else "BTC"
    with pytest.raises(PriceUnavailable) as caught:
        await feed.mark("bybit", "linear", symbol)
    assert caught.value.message.startswith("Bybit")
    assert len(caught.value.message) < 80


async def test_a_failure_is_not_cached(venues, feed) -> None:
    venues.set_mark("bitmex", "XBTUSD", "60000")
    venues.fail("bitmex", 502)
    with pytest.raises(PriceUnavailable, match="HTTP 502"):
        await feed.mark("bitmex", "inverse", "BTC")
    venues.recover("bitmex")
    assert (await feed.mark("bitmex", "inverse", "BTC")).price == Decimal("60000")


async def test_a_slow_venue_times_out_as_unavailable(venues) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    venues.delay = 0.5
    async with httpx.AsyncClient(timeout=0.05) as client:
        feed = HttpPriceFeed(venues.base_urls(), client=client)
        with pytest.raises(PriceUnavailable, match="did not answer in time"):
            await feed.mark("binance", "linear", "BTC")


async def test_a_venue_that_is_down_is_unavailable(venues) -> None:
    port = venues.port
    await venues.stop()
    async with HttpPriceFeed({"okx": f"http://127.0.0.1:{port}"}) as feed:
        with pytest.raises(PriceUnavailable, match="could not be reached"):
            await feed.mark("okx", "linear", "BTC")


async def test_a_market_that_does_not_exist_is_refused_without_a_request(venues, feed) -> None:
    with pytest.raises(PriceUnavailable, match="no inverse market on Hyperliquid"):
        await feed.mark("hyperliquid", "inverse", "BTC")
    assert sum(venues.hits.values()) == 0


def test_unknown_base_url_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="binanse"):
        HttpPriceFeed({"binanse": "http://127.0.0.1:1"})


@pytest.mark.parametrize("ours, host, instrument", [
    (("binance", "linear", "PEPE"), "binance_usdm", "1000PEPEUSDT"),   # listed only in 1,000-unit lots
    (("hyperliquid", "linear", "PEPE"), "hyperliquid", "kPEPE"),
    (("binance", "linear", "BTCUSDC"), "binance_usdm", "BTCUSDC"),
    (("bitmex", "inverse", "BTC"), "bitmex", "XBTUSD"),                # no catalogue book: the venue's naming
])
async def test_instruments_come_from_the_one_symbol_resolver(venues, feed, ours, host, instrument) -> None:
    venues.set_mark(host, instrument, "12.5")
    mark = await feed.mark(*ours)
    assert (mark.instrument, mark.price) == (instrument, Decimal("12.5"))
