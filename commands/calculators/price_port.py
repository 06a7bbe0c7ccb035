"""The port through which commands and the alert job ask for a venue's current mark price.

Commands depend on this Protocol, never on HTTP: bot/prices/feed.py implements it against the venues'
public market-data endpoints, and tests can hand in anything with the same `mark` method. The mark
price, not the last trade, is what every venue covered here liquidates on, so it is the one price
this port serves.

A feed that cannot answer (timeout, venue down, unknown instrument, a malformed reply) raises
`PriceUnavailable` and nothing else, so a caller can always fall back to "give an entry price".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


class PriceUnavailable(Exception):
    """No mark price right now. `message` is short and human ("Binance did not answer in time"), and
    reaches the user inside a sentence of ours: a feed raises it while the command runs, so it
    speaks it with `core.i18n._` in the asker's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MarkPrice:
    venue: str          # our venue key: binance, bybit, okx, hyperliquid, bitmex
    contract: str       # linear or inverse
    symbol: str         # our base asset: BTC
    instrument: str     # the venue's own name for it: BTCUSDT, BTC-USDT-SWAP, XBTUSD
    price: Decimal      # finite and positive, exactly as the venue printed it
    fetched_at: datetime


@dataclass(frozen=True)
class FundingRate:
    """A venue's current funding rate (`funding=live`): Binance premiumIndex `lastFundingRate`,
    Bybit tickers `fundingRate`, OKX funding-rate `fundingRate`, Hyperliquid `funding` (hourly)."""
    venue: str
    contract: str
    symbol: str
    instrument: str
    rate: Decimal            # per interval, as a fraction (0.0001 = 0.01%)
    interval_hours: Decimal  # 8 on most venues, 1 on Hyperliquid
    fetched_at: datetime


class PriceFeed(Protocol):
    async def mark(self, venue: str, contract: str, symbol: str) -> MarkPrice:
        """The venue's current mark price for our (venue, contract, base symbol); a few seconds old
        at most. Raises PriceUnavailable when the venue cannot be asked or does not list it."""

    # Optional: a feed may also offer `async def funding(venue, contract, symbol) -> FundingRate`
    # (raising PriceUnavailable like `mark`); without it `funding=live` asks for a rate instead.
