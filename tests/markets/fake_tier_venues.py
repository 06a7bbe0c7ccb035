"""Fake tier-table endpoints of the venues on 127.0.0.1, in each venue's documented shape.

One aiohttp server serves every path (they do not collide), so a test points all the market base
URLs at it. Tables are given per venue in the shipped layout's terms (floor, cap, mmr, cum,
leverage) and served in the venue's own field names, with paging (Bybit's cursor, OKX's five
families a request). Faults per host: an HTTP status (`fail`, 5xx answers carry an HTML page as
nginx sends it), a 429 with `Retry-After` for the next N requests, a hang past the client's
timeout, a malformed body, or an empty list.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.support.loopback import serve

HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
ROUTES = {
    "/v5/market/risk-limit": "bybit",
    "/api/v5/public/instruments": "okx",
    "/api/v5/public/position-tiers": "okx",
    "/info": "hyperliquid",
    "/api/v1/instrument/active": "bitmex",
    "/bapi/futures/v1/friendly/future/common/brackets": "binance_web",
    "/bapi/futures/v1/friendly/delivery/common/brackets": "binance_web",
    "/fapi/v1/leverageBracket": "binance_usdm",
    "/dapi/v2/leverageBracket": "binance_coinm",
    "/api/v2/mix/market/contracts": "bitget",
    "/api/v2/mix/market/query-position-lever": "bitget",
    "/api/v4/futures/usdt/contracts": "gate",
    "/api/v4/futures/usdt/risk_limit_tiers": "gate",
    "/api/v1/contract/detail": "mexc",
    "/api/v1/market/instruments": "blofin",
    "/api/v1/market/position-tiers": "blofin",
}
Tier = tuple[str, str | None, str, str, str]   # floor, cap, mmr, cum, max leverage


def _n(text: str | None) -> Any:
    return None if text is None else float(Decimal(text)) if "." in text else int(text)


class FakeTierVenues:
    def __init__(self) -> None:
        self.bybit: dict[str, dict[str, list[Tier]]] = {"linear": {}, "inverse": {}}
        self.okx: dict[str, dict[str, Any]] = {}          # instId -> {ctType, ctVal, tiers}
        self.hyperliquid: dict[str, Any] = {"universe": [], "marginTables": []}
        self.bitmex: list[dict[str, Any]] = []
        self.binance: dict[str, dict[str, list[Tier]]] = {"linear": {}, "inverse": {}}
        self.bitget: dict[str, list[Tier]] = {}
        self.gate: dict[str, dict[str, Any]] = {}          # contract -> {multiplier, tiers}
        self.mexc: list[dict[str, Any]] = []                # contract details as MEXC sends them
        self.blofin: dict[str, dict[str, Any]] = {}        # instId -> {contractValue, tiers}
        self.page_size = 3
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.failures: dict[str, int] = {}
        self.too_many: Counter[str] = Counter()    # host -> next N requests answer 429
        self.hang: set[str] = set()
        self.malformed: set[str] = set()
        self.empty: set[str] = set()
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_urls(self) -> dict[str, str]:
        hosts = {"binance_usdm", "binance_coinm", "bybit", "okx", "hyperliquid", "bitmex", "binance_web",
                 "bitget", "gate", "mexc", "blofin"}
        return {host: self.base_url for host in hosts}

    async def start(self) -> FakeTierVenues:
        self._runner, self.port = await serve(ROUTES, self._handle, 0)
        return self

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        host = ROUTES[request.path]
        self.hits[host] += 1
        self.requests.append((request.path, dict(request.query), dict(request.headers)))
        if host in self.hang:
            await self._closing.wait()   # past any client timeout; released when the fake stops
        if self.too_many[host] > 0:
            self.too_many[host] -= 1
            return web.json_response({"msg": "Too many requests"}, status=429, headers={"Retry-After": "0"})
        if host in self.failures:
            status = self.failures[host]
            return web.Response(status=status, text=HTML_502 if status >= 500 else "error", content_type="text/html")
        if host in self.malformed:
            return web.Response(text="{not json", content_type="application/json")
        body = await request.text()
        payload = getattr(self, "_" + host)(request.path, dict(request.query), body)
        return web.json_response(payload)

    # Bybit: {"retCode": 0, "result": {"list": [...], "nextPageCursor": "..."}}
    def _bybit(self, path: str, query: dict[str, str], body: str) -> Any:
        rows = [] if "bybit" in self.empty else [
            {"id": 1000 + n, "symbol": symbol, "riskLimitValue": cap, "maintenanceMargin": mmr,
             "initialMargin": str(Decimal(1) / Decimal(lev)), "isLowestRisk": int(n == 0), "maxLeverage": lev,
             "mmDeduction": "" if n == 0 else cum}
            for symbol, tiers in sorted(self.bybit[query.get("category", "linear")].items())
            for n, (floor, cap, mmr, cum, lev) in enumerate(tiers)]
        start = int(query.get("cursor") or 0)
        page = rows[start:start + self.page_size]
        more = start + self.page_size < len(rows)
        return {"retCode": 0, "retMsg": "OK", "result": {"category": query.get("category"), "list": page,
                                                          "nextPageCursor": str(start + self.page_size) if more else ""}}

    # OKX: {"code": "0", "msg": "", "data": [...]}
    def _okx(self, path: str, query: dict[str, str], body: str) -> Any:
        if path.endswith("instruments"):
            data = [{"instId": inst, "instFamily": inst.removesuffix("-SWAP"), "instType": "SWAP", "ctType": spec["ctType"],
                     "ctVal": spec["ctVal"], "ctValCcy": inst.split("-")[0], "state": "live"} for inst, spec in self.okx.items()]
            return {"code": "0", "msg": "", "data": [] if "okx" in self.empty else data}
        families = query.get("instFamily", "").split(",")
        if len(families) > 5 or query.get("instType") != "SWAP":
            return {"code": "51000", "msg": "Parameter instFamily error", "data": []}
        data = [{"instFamily": f, "instId": "", "tier": str(n + 1), "minSz": floor, "maxSz": cap, "mmr": mmr,
                 "imr": str(Decimal(1) / Decimal(lev)), "maxLever": lev, "uly": f}
                for f in families for n, (floor, cap, mmr, cum, lev) in enumerate(self.okx.get(f + "-SWAP", {}).get("tiers", []))]
        return {"code": "0", "msg": "", "data": data}

    def _hyperliquid(self, path: str, query: dict[str, str], body: str) -> Any:
        if json.loads(body or "{}").get("type") != "meta":
            return {"error": "unknown type"}
        return {"universe": [] if "hyperliquid" in self.empty else self.hyperliquid["universe"],
                "marginTables": self.hyperliquid["marginTables"]}

    def _bitmex(self, path: str, query: dict[str, str], body: str) -> Any:
        return [] if "bitmex" in self.empty else self.bitmex

    def _binance_web(self, path: str, query: dict[str, str], body: str) -> Any:
        kind = "inverse" if "delivery" in path else "linear"
        brackets = [{"symbol": symbol, "updateTime": 0, "notionalLimit": 0, "riskBrackets": [
            {"bracketSeq": n + 1, "bracketNotionalFloor": _n(floor), "bracketNotionalCap": _n(cap),
             "bracketMaintenanceMarginRate": _n(mmr), "cumFastMaintenanceAmount": _n(cum),
             "minOpenPosLeverage": 1, "maxOpenPosLeverage": _n(lev)} for n, (floor, cap, mmr, cum, lev) in enumerate(tiers)]}
            for symbol, tiers in sorted(self.binance[kind].items())]
        return {"code": "000000", "message": None, "data": {"brackets": [] if "binance_web" in self.empty else brackets}}

    def _signed(self, kind: str, query: dict[str, str], floor_key: str, cap_key: str) -> Any:
        if "signature" not in query or "timestamp" not in query:
            return {"code": -1102, "msg": "Mandatory parameter 'signature' was not sent"}
        return [{"symbol": symbol, "brackets": [
            {"bracket": n + 1, "initialLeverage": _n(lev), floor_key: _n(floor), cap_key: _n(cap),
             "maintMarginRatio": _n(mmr), "cum": _n(cum)} for n, (floor, cap, mmr, cum, lev) in enumerate(tiers)]}
            for symbol, tiers in sorted(self.binance[kind].items())]

    def _binance_usdm(self, path: str, query: dict[str, str], body: str) -> Any:
        return self._signed("linear", query, "notionalFloor", "notionalCap")

    def _binance_coinm(self, path: str, query: dict[str, str], body: str) -> Any:
        return self._signed("inverse", query, "qtyFloor", "qtyCap")

    def _bitget(self, path: str, query: dict[str, str], body: str) -> Any:
        if query.get("productType") != "USDT-FUTURES":
            return {"code": "40019", "msg": "Parameter productType cannot be empty", "data": None}
        if path.endswith("contracts"):
            return {"code": "00000", "msg": "success", "data": [
                {"symbol": s, "baseCoin": s.removesuffix("USDT"), "quoteCoin": "USDT", "symbolStatus": "normal"}
                for s in ([] if "bitget" in self.empty else sorted(self.bitget))]}
        tiers = self.bitget.get(query.get("symbol", ""), [])
        return {"code": "00000", "msg": "success", "data": [
            {"symbol": query["symbol"], "level": str(n + 1), "startUnit": floor, "endUnit": cap, "leverage": lev,
             "keepMarginRate": mmr} for n, (floor, cap, mmr, cum, lev) in enumerate(tiers)]}

    def _gate(self, path: str, query: dict[str, str], body: str) -> Any:
        names = [] if "gate" in self.empty else sorted(self.gate)
        if path.endswith("contracts"):
            return [{"name": n, "quanto_multiplier": self.gate[n]["multiplier"], "in_delisting": False,
                     "taker_fee_rate": "0.00075", "mark_price": "0"} for n in names]
        start, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
        return [{"contract": n, "tier": n2 + 1, "risk_limit": cap, "initial_rate": str(Decimal(1) / Decimal(lev)),
                 "maintenance_rate": mmr, "leverage_max": lev, "deduction": cum}
                for n in names[start:start + limit] for n2, (floor, cap, mmr, cum, lev) in enumerate(self.gate[n]["tiers"])]

    def _mexc(self, path: str, query: dict[str, str], body: str) -> Any:
        return {"success": True, "code": 0, "data": [] if "mexc" in self.empty else self.mexc}

    def _blofin(self, path: str, query: dict[str, str], body: str) -> Any:
        if path.endswith("instruments"):
            return {"code": "0", "msg": "success", "data": [
                {"instId": i, "contractValue": spec["contractValue"], "state": "live"}
                for i, spec in ([] if "blofin" in self.empty else sorted(self.blofin.items()))]}
        spec = self.blofin.get(query.get("instId", ""))
        if spec is None or query.get("marginMode") != "isolated":
            return {"code": "152002", "msg": "Instrument ID does not exist.", "data": []}
        return {"code": "0", "msg": "success", "data": [
            {"instId": query["instId"], "tier": str(n + 1), "minSize": floor, "maxSize": cap,
             "maintenanceMarginRate": mmr, "maxLeverage": lev} for n, (floor, cap, mmr, cum, lev) in enumerate(spec["tiers"])]}
