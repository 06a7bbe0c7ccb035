"""Fixtures: fake venue endpoints on loopback, and the real `HttpPriceFeed` pointed at them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.prices.feed import HttpPriceFeed
from tests.prices.fake_venues import FakeVenues


class Monotonic:
    """A clock the test moves by hand, so cache expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def venues() -> AsyncIterator[FakeVenues]:
    fake = await FakeVenues().start()
    yield fake
    await fake.stop()


@pytest.fixture
def monotonic() -> Monotonic:
    return Monotonic()


@pytest.fixture
async def feed(venues: FakeVenues, monotonic: Monotonic) -> AsyncIterator[HttpPriceFeed]:
    async with HttpPriceFeed(venues.base_urls(), monotonic=monotonic) as made:
        yield made
