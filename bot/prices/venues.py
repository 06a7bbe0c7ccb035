"""Each venue's public mark-price endpoint: the request to make and how to read the answer.

Only request and response shapes live here (no I/O), so the fakes in tests/prices serve exactly
these shapes and the HTTP client in bot/prices/feed.py stays venue-blind. Field names are the ones
the venues document:

| venue (settings key)   | request                                                  | mark price in                |
|------------------------|----------------------------------------------------------|------------------------------|
| Binance USDⓈ-M (binance_usdm)  | GET /fapi/v1/premiumIndex?symbol=BTCUSDT         | `markPrice` (object)         |
| Binance COIN-M (binance_coinm) | GET /dapi/v1/premiumIndex?symbol=BTCUSD_PERP     | `[].markPrice` (a list even for one symbol) |
| Bybit (bybit)          | GET /v5/market/tickers?category=linear&symbol=BTCUSDT    | `result.list[].markPrice`, `retCode` 0 = ok |
| OKX (okx)              | GET /api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP | `data[].markPx`, `code` "0" = ok |
| Hyperliquid (hyperliquid) | POST /info {"type": "metaAndAssetCtxs"}               | `[meta, ctxs]`: `meta.universe[i].name` pairs with `ctxs[i].markPx` |
| BitMEX (bitmex)        | GET /api/v1/instrument?symbol=XBTUSD                     | `[].markPrice` (a JSON number) |
| Bitget (bitget)        | GET /api/v2/mix/market/symbol-price?productType=usdt-futures&symbol=BTCUSDT | `data[].markPrice`, `code` "00000" = ok |
| Gate (gate)            | GET /api/v4/futures/usdt/contracts/BTC_USDT               | `mark_price` (object)        |
| MEXC (mexc)            | GET /api/v1/contract/fair_price/BTC_USDT                  | `data.fairPrice`, `success` true = ok |
| BloFin (blofin)        | GET /api/v1/market/mark-price?instId=BTC-USDT             | `data[].markPrice`, `code` "0" = ok |

Hyperliquid answers for every coin at once, so its request has no symbol in it: one request per
poll serves all Hyperliquid positions. Prices stay `Decimal` from the wire on (BitMEX's JSON
numbers are parsed as Decimal, not float).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from commands.calculators.position_reply import kind_word
from commands.calculators.price_port import PriceUnavailable
from core.i18n import _
from core.markets import CATALOGUE
from core.venues import VENUES

MAX_PRICE = Decimal(10) ** 15

Reader = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class PriceRequest:
    """One HTTP request to one venue host. Equal requests are made once (see bot/prices/feed.py)."""

    host: str                                  # a settings key: which base URL to use
    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    body: str | None = None                    # JSON text for POST
    read: Reader = field(default=lambda payload: {}, compare=False, repr=False)


@dataclass(frozen=True)
class Instrument:
    venue: str
    contract: str
    symbol: str
    name: str                                  # the venue's own instrument id
    request: PriceRequest
    venue_name: str


def _listed(items: Any, name_key: str, price_key: str) -> dict[str, Any]:
    return {item[name_key]: item[price_key] for item in items}


def _binance(payload: Any) -> dict[str, Any]:
    # USDⓈ-M answers one object for one symbol; COIN-M a list, even for one symbol.
    return _listed(payload if isinstance(payload, list) else [payload], "symbol", "markPrice")


def _bybit(payload: Any) -> dict[str, Any]:
    if payload.get("retCode") != 0:
        raise PriceUnavailable(_("{venue} refused: {reason}", venue="Bybit", reason=str(payload.get('retMsg'))[:80]))
    return _listed(payload["result"]["list"], "symbol", "markPrice")


def _okx(payload: Any) -> dict[str, Any]:
    if payload.get("code") != "0":
        raise PriceUnavailable(_("{venue} refused: {reason}", venue="OKX", reason=str(payload.get('msg'))[:80]))
    return _listed(payload["data"], "instId", "markPx")


def _hyperliquid(payload: Any) -> dict[str, Any]:
    meta, contexts = payload
    return {coin["name"]: ctx["markPx"] for coin, ctx in zip(meta["universe"], contexts, strict=True)}


def _bitmex(payload: Any) -> dict[str, Any]:
    return _listed(payload, "symbol", "markPrice")


def _bitget(payload: Any) -> dict[str, Any]:
    if payload.get("code") != "00000":
        raise PriceUnavailable(_("{venue} refused: {reason}", venue="Bitget", reason=str(payload.get('msg'))[:80]))
    return _listed(payload["data"], "symbol", "markPrice")


def _gate(payload: Any) -> dict[str, Any]:
    return {payload["name"]: payload["mark_price"]}


def _mexc(payload: Any) -> dict[str, Any]:
    if payload.get("success") is not True:
        raise PriceUnavailable(_("{venue} refused: code {code}", venue="MEXC", code=str(payload.get('code'))[:12]))
    return {payload["data"]["symbol"]: payload["data"]["fairPrice"]}


def _blofin(payload: Any) -> dict[str, Any]:
    if payload.get("code") != "0":
        raise PriceUnavailable(_("{venue} refused: {reason}", venue="BloFin", reason=str(payload.get('msg'))[:80]))
    return _listed(payload["data"], "instId", "markPrice")


def _path(host: str, prefix: str, read: Reader) -> Callable[[str], PriceRequest]:
    """A GET whose path ends with the instrument id (Gate, MEXC)."""
    return lambda name: PriceRequest(host, "GET", f"{prefix}{name}", read=read)


def _get(host: str, path: str, read: Reader, *names: str) -> Callable[[str], PriceRequest]:
    """A GET whose query is `names[0]=<constant>... , last name=<instrument>`."""
    *fixed, instrument_key = names

    def request(name: str) -> PriceRequest:
        params = tuple(tuple(pair.split("=", 1)) for pair in fixed) + ((instrument_key, name),)
        return PriceRequest(host, "GET", path, params, read=read)  # type: ignore[arg-type]

    return request


HYPERLIQUID_ALL = PriceRequest("hyperliquid", "POST", "/info", body=json.dumps({"type": "metaAndAssetCtxs"}),
                               read=_hyperliquid)


def _bitmex_base(symbol: str) -> str:
    return "XBT" if symbol == "BTC" else symbol   # BitMEX's ticker for bitcoin


# (venue, contract) -> (venue's display name, our base symbol -> its instrument id, id -> request)
MARKETS: dict[tuple[str, str], tuple[str, Callable[[str], str], Callable[[str], PriceRequest]]] = {
    ("binance", "linear"): ("Binance", lambda s: f"{s}USDT",
                            _get("binance_usdm", "/fapi/v1/premiumIndex", _binance, "symbol")),
    ("binance", "inverse"): ("Binance", lambda s: f"{s}USD_PERP",
                             _get("binance_coinm", "/dapi/v1/premiumIndex", _binance, "symbol")),
    ("bybit", "linear"): ("Bybit", lambda s: f"{s}USDT",
                          _get("bybit", "/v5/market/tickers", _bybit, "category=linear", "symbol")),
    ("bybit", "inverse"): ("Bybit", lambda s: f"{s}USD",
                           _get("bybit", "/v5/market/tickers", _bybit, "category=inverse", "symbol")),
    ("okx", "linear"): ("OKX", lambda s: f"{s}-USDT-SWAP",
                        _get("okx", "/api/v5/public/mark-price", _okx, "instType=SWAP", "instId")),
    ("okx", "inverse"): ("OKX", lambda s: f"{s}-USD-SWAP",
                         _get("okx", "/api/v5/public/mark-price", _okx, "instType=SWAP", "instId")),
    ("hyperliquid", "linear"): ("Hyperliquid", lambda s: s, lambda name: HYPERLIQUID_ALL),
    ("bitmex", "linear"): ("BitMEX", lambda s: f"{_bitmex_base(s)}USDT",
                           _get("bitmex", "/api/v1/instrument", _bitmex, "symbol")),
    ("bitmex", "inverse"): ("BitMEX", lambda s: f"{_bitmex_base(s)}USD",
                            _get("bitmex", "/api/v1/instrument", _bitmex, "symbol")),
    ("bitget", "linear"): ("Bitget", lambda s: f"{s}USDT",
                           _get("bitget", "/api/v2/mix/market/symbol-price", _bitget, "productType=usdt-futures",
                                "symbol")),
    ("gate", "linear"): ("Gate", lambda s: f"{s}_USDT", _path("gate", "/api/v4/futures/usdt/contracts/", _gate)),
    ("mexc", "linear"): ("MEXC", lambda s: f"{s}_USDT", _path("mexc", "/api/v1/contract/fair_price/", _mexc)),
    ("blofin", "linear"): ("BloFin", lambda s: f"{s}-USDT",
                           _get("blofin", "/api/v1/market/mark-price", _blofin, "instId")),
}
DEFAULT_BASE_URLS = {  # settings key -> the venue's public host
    "binance_usdm": "https://fapi.binance.com",
    "binance_coinm": "https://dapi.binance.com",
    "bybit": "https://api.bybit.com",
    "okx": "https://www.okx.com",
    "hyperliquid": "https://api.hyperliquid.xyz",
    "bitmex": "https://www.bitmex.com",
    "bitget": "https://api.bitget.com",
    "gate": "https://api.gateio.ws",
    "mexc": "https://contract.mexc.com",
    "blofin": "https://openapi.blofin.com",
}


def instrument(venue: str, contract: str, symbol: str) -> Instrument:
    """Our (venue, contract, base symbol) as the venue names and serves it."""
    market = MARKETS.get((venue, contract))
    if market is None:
        raise PriceUnavailable(_("There is no {contract} market on {venue} to price {symbol} from.",
                                 contract=kind_word(contract), venue=VENUES[venue].name if venue in VENUES else venue,
                                 symbol=symbol))
    venue_name, naming, request = market
    name = listed_name(venue, contract, symbol) or naming(symbol)
    return Instrument(venue, contract, symbol, name, request(name), venue_name)


def listed_name(venue: str, contract: str, symbol: str) -> str | None:
    """The venue's own symbol from the market catalogue, the one resolver every command uses
    (`PEPE` on Binance is `1000PEPEUSDT`); None where the catalogue has no table for that symbol,
    and the venue's usual naming is used instead."""
    found = CATALOGUE.resolve(symbol, venue, contract)
    return found.contract.symbol if found.ok and found.contract is not None else None


def read_prices(request: PriceRequest, body: bytes, venue_name: str) -> dict[str, Decimal]:
    """Every (instrument -> mark price) the answer holds; PriceUnavailable if it is not the shape
    the venue documents. Prices that are not finite positive numbers are left out, not guessed."""
    try:
        raw = request.read(json.loads(body, parse_float=Decimal))
    except PriceUnavailable:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise PriceUnavailable(_("{venue} sent an answer I couldn't read.", venue=venue_name)) from exc
    prices: dict[str, Decimal] = {}
    for name, value in raw.items():
        price = _price(value)
        if isinstance(name, str) and price is not None:
            prices[name] = price
    return prices


def _price(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        return None
    try:
        price = Decimal(value) if not isinstance(value, str) or len(value) <= 40 else None
    except InvalidOperation:
        return None
    if price is None or not price.is_finite() or not 0 < price < MAX_PRICE:
        return None
    return price
