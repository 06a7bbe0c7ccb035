"""`funding=live`: each venue's current funding rate read from its documented endpoint (the fake
serves those shapes), and a /pnl answer that uses it, figures derived by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.prices.feed import HttpPriceFeed
from commands.calculators.price_port import PriceUnavailable
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from tests.prices.fake_venues import FakeVenues

# (venue, contract, symbol) -> (fake host, key the fake is marked by, instrument, rate, interval hours)
CASES = [
    (("binance", "linear", "BTC"), ("binance_usdm", "BTCUSDT", "BTCUSDT", "0.00012500", Decimal(8))),
    (("bybit", "linear", "ETH"), ("bybit", "linear:ETHUSDT", "ETHUSDT", "-0.00005", Decimal(8))),
    # OKX: nextFundingTime − fundingTime = 28,800,000 ms = 8 h.
    (("okx", "linear", "BTC"), ("okx", "BTC-USDT-SWAP", "BTC-USDT-SWAP", "0.0003", Decimal(8))),
    (("hyperliquid", "linear", "SOL"), ("hyperliquid", "SOL", "SOL", "0.0000125", Decimal(1))),
]


@pytest.mark.parametrize(("ours", "theirs"), CASES, ids=lambda c: c[0] if isinstance(c[0], str) else None)
async def test_each_venue_serves_its_funding_rate_and_interval(venues: FakeVenues, feed: HttpPriceFeed,
                                                               ours, theirs) -> None:
    host, key, name, rate, interval = theirs
    venues.set_mark(host, key, "100")
    venues.funding[name] = rate
    got = await feed.funding(*ours)
    assert (got.instrument, got.rate, got.interval_hours) == (name, Decimal(rate), interval)


async def test_a_venue_without_a_funding_reader_or_an_absurd_rate_is_unavailable(venues, feed) -> None:
    with pytest.raises(PriceUnavailable, match="no funding rate"):
        await feed.funding("bitmex", "inverse", "BTC")
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    venues.funding["BTCUSDT"] = "0.5"   # 50% an interval is no funding rate
    with pytest.raises(PriceUnavailable, match="won't use"):
        await feed.funding("binance", "linear", "BTC")


async def test_pnl_with_live_funding_uses_the_venues_rate_and_says_which(venues, feed) -> None:
    venues.set_mark("binance_usdm", "BTCUSDT", "60000")
    venues.funding["BTCUSDT"] = "0.00020000"
    reply = await dispatch(Invocation("/pnl long BTC 60000 10x qty=1 funding=live hold=1d"),
                           Context(prices=feed))
    assert reply.ok, reply.error
    # A long pays a positive rate: 1 BTC × 60,000 × 0.0002 = 12 USDT a funding, 24 h / 8 h = 3 fundings = 36 paid.
    assert Decimal(str(reply.result["funding_rate"])) == Decimal("0.0002")
    assert Decimal(str(reply.result["funding_total"])) == Decimal(-36)
    assert any("Binance's current rate for BTCUSDT" in note for note in reply.notes)
