"""Fake venue market-data endpoints on 127.0.0.1, answering in each venue's documented shape.

One aiohttp server serves every venue's path (their paths do not collide), so a test points all six
base URLs at it. A test sets marks with `set_mark(venue, contract, instrument, price)`, and can make
a venue slow (`delay`), fail (`fail(host, status)`), answer garbage, or go down and come back.
`hits` counts requests per host, which is how tests check caching and single-flight.

Response shapes follow the venues' API docs (see bot/prices/venues.py for the table): Binance
USDⓈ-M returns an object for one symbol and COIN-M a list; Bybit wraps in retCode/result.list; OKX
in code/data with `markPx`; Hyperliquid returns `[meta, assetCtxs]`; BitMEX a list with numbers.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.support.loopback import serve

ROUTES = {  # path -> (host key, venue)
    "/fapi/v1/premiumIndex": ("binance_usdm", "binance"),
    "/dapi/v1/premiumIndex": ("binance_coinm", "binance"),
    "/v5/market/tickers": ("bybit", "bybit"),
    "/api/v5/public/mark-price": ("okx", "okx"),
    "/api/v5/public/funding-rate": ("okx", "okx_funding"),
    "/info": ("hyperliquid", "hyperliquid"),
    "/api/v1/instrument": ("bitmex", "bitmex"),
    "/api/v2/mix/market/symbol-price": ("bitget", "bitget"),
    "/api/v4/futures/usdt/contracts/{name}": ("gate", "gate"),
    "/api/v1/contract/fair_price/{name}": ("mexc", "mexc"),
    "/api/v1/market/mark-price": ("blofin", "blofin"),
}


class FakeVenues:
    def __init__(self) -> None:
        self.marks: dict[str, dict[str, Decimal]] = {host: {} for host, _ in ROUTES.values()}
        # Funding rate per interval by instrument (as each venue names it); 0.01% where not set.
        self.funding: dict[str, str] = {}
        self.hits: Counter[str] = Counter()
        self.queries: list[tuple[str, dict[str, str]]] = []
        self.delay = 0.0
        self.failures: dict[str, int] = {}       # host -> HTTP status to answer with
        self.garbage: set[str] = set()           # hosts that answer a shape no venue documents
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_urls(self) -> dict[str, str]:
        return {host: self.base_url for host, _ in ROUTES.values()}

    def set_mark(self, host: str, instrument: str, price: str | Decimal) -> None:
        self.marks[host][instrument] = Decimal(price)

    def fail(self, host: str, status: int = 503) -> None:
        self.failures[host] = status

    def recover(self, host: str) -> None:
        self.failures.pop(host, None)
        self.garbage.discard(host)

    async def start(self, port: int = 0) -> FakeVenues:
        self._runner, self.port = await serve(ROUTES, self._handle, port)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        host, venue = ROUTES[request.match_info.route.resource.canonical]
        self.hits[host] += 1
        query = dict(request.query)
        self.queries.append((host, query))
        if self.delay:
            await asyncio.sleep(self.delay)
        if host in self.failures:
            return web.json_response({"msg": "unavailable"}, status=self.failures[host])
        if host in self.garbage:
            return web.Response(text="<html>maintenance</html>", content_type="text/html")
        if venue == "hyperliquid":
            if request.method != "POST" or (await request.json()) != {"type": "metaAndAssetCtxs"}:
                return web.json_response({"error": "bad request"}, status=422)
            return _json(self._hyperliquid(host))
        if request.method != "GET":
            return web.json_response({"msg": "method"}, status=405)
        return getattr(self, f"_{venue}")(host, {**query, **request.match_info})

    def _binance(self, host: str, query: dict[str, str]) -> web.Response:
        symbol = query.get("symbol", "")
        if symbol not in self.marks[host]:
            return web.json_response({"code": -1121, "msg": "Invalid symbol."}, status=400)
        row = {"symbol": symbol, "markPrice": str(self.marks[host][symbol]), "indexPrice": "0",
               "lastFundingRate": self.funding.get(symbol, "0.00010000"), "time": 1597370495002}
        if host == "binance_coinm":
            return _json([{**row, "pair": symbol.split("_")[0]}])
        return _json(row)

    def _bybit(self, host: str, query: dict[str, str]) -> web.Response:
        symbol, category = query.get("symbol", ""), query.get("category")
        key = f"{category}:{symbol}"
        if key not in self.marks[host]:
            return _json({"retCode": 10001, "retMsg": "params error: symbol invalid", "result": {}})
        return _json({"retCode": 0, "retMsg": "OK", "result": {
            "category": category, "list": [{"symbol": symbol, "lastPrice": "0", "markPrice": str(self.marks[host][key]),
                                            "fundingRate": self.funding.get(symbol, "0.0001")}]},
            "time": 1672376496682})

    def _okx(self, host: str, query: dict[str, str]) -> web.Response:
        inst = query.get("instId", "")
        if query.get("instType") != "SWAP" or inst not in self.marks[host]:
            return _json({"code": "51001", "msg": "Instrument ID does not exist", "data": []})
        return _json({"code": "0", "msg": "", "data": [
            {"instType": "SWAP", "instId": inst, "markPx": str(self.marks[host][inst]), "ts": "1744590349506"}]})

    def _okx_funding(self, host: str, query: dict[str, str]) -> web.Response:
        inst = query.get("instId", "")
        if inst not in self.marks[host]:
            return _json({"code": "51001", "msg": "Instrument ID does not exist", "data": []})
        # OKX's documented shape: the current period's fundingTime and the next one, in ms (8 h apart).
        return _json({"code": "0", "msg": "", "data": [
            {"instType": "SWAP", "instId": inst, "fundingRate": self.funding.get(inst, "0.0001"),
             "fundingTime": "1703059200000", "nextFundingTime": "1703088000000", "method": "current_period"}]})

    def _hyperliquid(self, host: str) -> list[Any]:
        coins = sorted(self.marks[host])
        universe = [{"name": c, "szDecimals": 5, "maxLeverage": 40} for c in coins]
        contexts = [{"funding": self.funding.get(c, "0.0000125"), "markPx": str(self.marks[host][c]), "oraclePx": "0"}
                    for c in coins]
        return [{"universe": universe}, contexts]

    def _bitmex(self, host: str, query: dict[str, str]) -> web.Response:
        symbol = query.get("symbol", "")
        if symbol not in self.marks[host]:
            return _json([])
        # BitMEX prints prices as JSON numbers, not strings.
        return web.Response(text=f'[{{"symbol": "{symbol}", "state": "Open", "markPrice": {self.marks[host][symbol]}}}]',
                            content_type="application/json")

    def _bitget(self, host: str, query: dict[str, str]) -> web.Response:
        symbol = query.get("symbol", "")
        if query.get("productType", "").lower() != "usdt-futures" or symbol not in self.marks[host]:
            return _json({"code": "40034", "msg": "Parameter symbol does not exist", "requestTime": 0, "data": []})
        return _json({"code": "00000", "msg": "success", "requestTime": 1695793390000, "data": [
            {"symbol": symbol, "price": "0", "indexPrice": "0", "markPrice": str(self.marks[host][symbol]),
             "ts": "1695793390482"}]})

    def _gate(self, host: str, query: dict[str, str]) -> web.Response:
        name = query["name"]
        if name not in self.marks[host]:
            return web.json_response({"label": "CONTRACT_NOT_FOUND", "message": "Contract not found"}, status=400)
        return _json({"name": name, "type": "direct", "quanto_multiplier": "0.0001", "taker_fee_rate": "0.00075",
                      "mark_price": str(self.marks[host][name]), "index_price": "0", "in_delisting": False})

    def _mexc(self, host: str, query: dict[str, str]) -> web.Response:
        name = query["name"]
        if name not in self.marks[host]:
            return _json({"success": False, "code": 1001, "message": "contract does not exist"})
        return web.Response(text=json.dumps({"success": True, "code": 0, "data": {"symbol": name, "timestamp": 1,
                            "fairPrice": float(self.marks[host][name])}}), content_type="application/json")

    def _blofin(self, host: str, query: dict[str, str]) -> web.Response:
        inst = query.get("instId", "")
        if inst not in self.marks[host]:
            return _json({"code": "152002", "msg": "Instrument ID does not exist.", "data": []})
        return _json({"code": "0", "msg": "success", "data": [
            {"instId": inst, "indexPrice": "0", "markPrice": str(self.marks[host][inst]), "ts": "1700000000000"}]})


def _json(payload: Any) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="application/json")
