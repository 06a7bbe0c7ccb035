"""Binance's brackets, USDⓈ-M (linear) and COIN-M (inverse), from one of two endpoints.

- With a read-only API key (`BINANCE_API_KEY`, `BINANCE_API_SECRET`): the documented, signed
  `GET /fapi/v1/leverageBracket` (`[{symbol, brackets: [{notionalFloor, notionalCap,
  maintMarginRatio, cum, initialLeverage}]}]`) and `GET /dapi/v2/leverageBracket` (COIN-M: `qtyFloor,
  qtyCap` in the coin). The signature is HMAC-SHA256 of the query string with the secret.
- Without a key: the public brackets endpoint the venue's own web pages use (undocumented, reported
  to lag for new listings): `POST {web}/bapi/futures/v1/friendly/future/common/brackets` (COIN-M:
  `.../friendly/delivery/common/brackets`) → `data.brackets[]: {symbol, riskBrackets: [{
  bracketNotionalFloor, bracketNotionalCap, bracketMaintenanceMarginRate, cumFastMaintenanceAmount,
  maxOpenPosLeverage}]}`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, Callable
from urllib.parse import urlencode

from bot.markets.documents import Document, decimal, tier_rows
from bot.markets.http import FetchError, VenueHttp

SIGNED = {"linear": ("binance_usdm", "/fapi/v1/leverageBracket", ("notionalFloor", "notionalCap")),
          "inverse": ("binance_coinm", "/dapi/v2/leverageBracket", ("qtyFloor", "qtyCap"))}
WEB = {"linear": "/bapi/futures/v1/friendly/future/common/brackets",
       "inverse": "/bapi/futures/v1/friendly/delivery/common/brackets"}
WEB_FIELDS = ("bracketNotionalFloor", "bracketNotionalCap", "bracketMaintenanceMarginRate",
              "cumFastMaintenanceAmount", "maxOpenPosLeverage")
SIGNED_FIELDS = ("maintMarginRatio", "cum", "initialLeverage")


async def fetch(http: VenueHttp, kind: str, as_of: str, api_key: str | None = None,
                api_secret: str | None = None, now_ms: Callable[[], int] = lambda: int(time.time() * 1000)) -> Document:
    if api_key and api_secret:
        host, path, (floor, cap) = SIGNED[kind]
        query = urlencode({"timestamp": now_ms(), "recvWindow": 10000})
        signature = hmac.new(api_secret.encode(), query.encode(), hashlib.sha256).hexdigest()
        answer = await http.json(host, f"{path}?{query}&signature={signature}", headers={"X-MBX-APIKEY": api_key},
                                 what="Binance leverageBracket")
        if not isinstance(answer, list):
            raise FetchError("Binance leverageBracket: the answer is not a list")
        source = f"Binance GET {path} (signed; developers.binance.com)"
        return document([(str(item.get("symbol") or item.get("pair")), item.get("brackets"))
                         for item in answer if isinstance(item, dict)], (floor, cap, *SIGNED_FIELDS), kind, as_of, source)
    answer = await http.json("binance_web", WEB[kind], body={}, what="Binance brackets")
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("brackets"), list):
        raise FetchError("Binance brackets: no data.brackets in the answer")
    source = f"Binance public web brackets POST {WEB[kind]} (undocumented; used by binance.com)"
    return document([(str(item.get("symbol")), item.get("riskBrackets")) for item in data["brackets"]
                     if isinstance(item, dict)], WEB_FIELDS, kind, as_of, source)


def document(items: list[tuple[str, Any]], fields: tuple[str, ...], kind: str, as_of: str, source: str) -> Document:
    floor, cap, rate, cum, leverage = fields
    doc = Document("binance", kind, source, as_of)
    for symbol, brackets in items:
        if not symbol.replace("_", "").isalnum() or not symbol.isascii():
            continue
        try:
            if not isinstance(brackets, list) or not brackets:
                raise ValueError("no brackets")
            rows = sorted(brackets, key=lambda b: decimal(b.get(floor), floor))
            doc.symbols[symbol] = tier_rows([decimal(b.get(floor), floor) for b in rows],
                                            [decimal(b.get(cap), cap) for b in rows],
                                            [decimal(b.get(rate), rate) for b in rows],
                                            [decimal(b.get(leverage), leverage) for b in rows],
                                            [decimal(b.get(cum), cum) for b in rows])
        except (ValueError, TypeError, AttributeError) as exc:
            doc.unreadable[symbol] = str(exc)
    return doc
