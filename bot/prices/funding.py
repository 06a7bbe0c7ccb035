"""Each venue's current funding rate, for `funding=live`: the request and how to read the answer.

| venue | request | rate in | interval |
|---|---|---|---|
| Binance USDⓈ-M / COIN-M | GET /fapi/v1/premiumIndex?symbol= / /dapi/v1/premiumIndex?symbol= | `lastFundingRate` | 8 h (the answer does not say; a few symbols settle every 4 h: `every=` overrides) |
| Bybit | GET /v5/market/tickers?category=linear&symbol= | `result.list[].fundingRate` | `fundingIntervalHour` when sent, else 8 h |
| OKX | GET /api/v5/public/funding-rate?instId= | `data[].fundingRate` | `nextFundingTime − fundingTime` (ms), else 8 h |
| Hyperliquid | POST /info {"type": "metaAndAssetCtxs"} | `ctxs[i].funding` | 1 h |

Only shapes live here; bot/prices/feed.py makes the request. Venues not listed publish no funding
rate riskbot reads yet: `funding=live` then asks for a rate.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from bot.prices.venues import HYPERLIQUID_ALL, Instrument, PriceRequest
from commands.calculators.price_port import PriceUnavailable
from core.i18n import _

EIGHT, ONE_HOUR_MS = Decimal(8), Decimal(3_600_000)
MAX_RATE = Decimal("0.1")   # 10% an interval: anything beyond is not a funding rate


def _first(items: Any, key: str, name: str) -> dict[str, Any]:
    return next(item for item in items if item.get(key) == name)


def _binance(payload: Any, name: str) -> tuple[Any, Any]:
    row = _first(payload if isinstance(payload, list) else [payload], "symbol", name)
    return row["lastFundingRate"], EIGHT


def _bybit(payload: Any, name: str) -> tuple[Any, Any]:
    row = _first(payload["result"]["list"], "symbol", name)
    return row["fundingRate"], row.get("fundingIntervalHour") or EIGHT


def _okx(payload: Any, name: str) -> tuple[Any, Any]:
    row = _first(payload["data"], "instId", name)
    start, end = row.get("fundingTime"), row.get("nextFundingTime")
    interval = (Decimal(end) - Decimal(start)) / ONE_HOUR_MS if start and end else EIGHT
    return row["fundingRate"], interval


def _hyperliquid(payload: Any, name: str) -> tuple[Any, Any]:
    meta, contexts = payload
    for coin, ctx in zip(meta["universe"], contexts, strict=True):
        if coin["name"] == name:
            return ctx["funding"], Decimal(1)
    raise StopIteration


Reader = Callable[[Any, str], tuple[Any, Any]]
READERS: dict[tuple[str, str], tuple[Callable[[str], PriceRequest], Reader]] = {
    ("binance", "linear"): (lambda n: PriceRequest("binance_usdm", "GET", "/fapi/v1/premiumIndex", (("symbol", n),)),
                            _binance),
    ("binance", "inverse"): (lambda n: PriceRequest("binance_coinm", "GET", "/dapi/v1/premiumIndex", (("symbol", n),)),
                             _binance),
    ("bybit", "linear"): (lambda n: PriceRequest("bybit", "GET", "/v5/market/tickers",
                                                 (("category", "linear"), ("symbol", n))), _bybit),
    ("okx", "linear"): (lambda n: PriceRequest("okx", "GET", "/api/v5/public/funding-rate", (("instId", n),)), _okx),
    ("hyperliquid", "linear"): (lambda n: HYPERLIQUID_ALL, _hyperliquid),
}


def funding_request(market: Instrument) -> tuple[PriceRequest, Reader]:
    found = READERS.get((market.venue, market.contract))
    if found is None:
        raise PriceUnavailable(_("{venue} has no funding rate riskbot reads.", venue=market.venue_name))
    request, reader = found
    return request(market.name), reader


def read_funding(reader: Reader, body: bytes, name: str, venue_name: str) -> tuple[Decimal, Decimal]:
    """(rate per interval, interval in hours), checked finite and plausible; else PriceUnavailable."""
    try:
        raw_rate, raw_interval = reader(json.loads(body, parse_float=Decimal), name)
        rate, interval = Decimal(str(raw_rate)), Decimal(str(raw_interval))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, StopIteration, InvalidOperation) as exc:
        raise PriceUnavailable(_("{venue} sent a funding answer I couldn't read.", venue=venue_name)) from exc
    if not (rate.is_finite() and interval.is_finite()) or abs(rate) >= MAX_RATE or not 0 < interval <= 24:
        raise PriceUnavailable(_("{venue} sent a funding rate I won't use.", venue=venue_name))
    return rate, interval
