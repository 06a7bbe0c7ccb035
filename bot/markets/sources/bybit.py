"""Bybit's risk-limit tiers: `GET /v5/market/risk-limit?category=linear|inverse`, paged by cursor.

Answer: `{"retCode": 0, "result": {"list": [...], "nextPageCursor": "..."}}`; one row per tier:
`symbol, riskLimitValue` (the tier's cap: USDT for linear, the coin for inverse),
`maintenanceMargin`, `maxLeverage`, `mmDeduction` (Binance's `cum`; "" on the first tier).
A tier's floor is the previous tier's cap.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bot.markets.documents import Document, decimal, tier_rows
from bot.markets.http import FetchError, VenueHttp

SOURCE = "Bybit GET /v5/market/risk-limit (https://bybit-exchange.github.io/docs/v5/market/risk-limit)"
MAX_PAGES = 200


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    rows: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(MAX_PAGES):
        params = {"category": kind, **({"cursor": cursor} if cursor else {})}
        answer = await http.json("bybit", "/v5/market/risk-limit", params=params, what="Bybit risk-limit")
        if not isinstance(answer, dict) or answer.get("retCode") != 0 or not isinstance(answer.get("result"), dict):
            raise FetchError(f"Bybit risk-limit: retCode {answer.get('retCode') if isinstance(answer, dict) else '?'}")
        page = answer["result"].get("list")
        if not isinstance(page, list):
            raise FetchError("Bybit risk-limit: no list in the answer")
        rows.extend(row for row in page if isinstance(row, dict))
        cursor = answer["result"].get("nextPageCursor") or ""
        if not cursor or not page:
            break
    else:
        raise FetchError("Bybit risk-limit: too many pages")
    return document(rows, kind, as_of)


def document(rows: list[dict[str, Any]], kind: str, as_of: str) -> Document:
    doc = Document("bybit", kind, SOURCE, as_of)
    by_symbol: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_symbol[str(row.get("symbol", ""))].append(row)
    for symbol, tiers in by_symbol.items():
        if not symbol.isascii() or not symbol.isalnum():
            continue
        try:
            tiers.sort(key=lambda r: decimal(r.get("riskLimitValue"), "riskLimitValue"))
            caps = [decimal(r.get("riskLimitValue"), "riskLimitValue") for r in tiers]
            doc.symbols[symbol] = tier_rows(
                [Decimal(0), *caps[:-1]], list(caps), [decimal(r.get("maintenanceMargin"), "maintenanceMargin") for r in tiers],
                [decimal(r.get("maxLeverage"), "maxLeverage") for r in tiers],
                [decimal(r.get("mmDeduction") or 0, "mmDeduction") for r in tiers])
        except ValueError as exc:
            doc.unreadable[symbol] = str(exc)
    return doc
