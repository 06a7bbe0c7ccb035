"""Hyperliquid's margin tables: one `POST /info {"type": "meta"}` answers for every coin.

Answer: `universe[]` (`name, maxLeverage, marginTableId, isDelisted`) and `marginTables`
(`[[id, {"marginTiers": [{"lowerBound", "maxLeverage"}]}]]`). A `marginTableId` below 50 means one
tier at that leverage; otherwise the coin's tiers are its table's, each at rate 1/(2·max leverage),
the deduction by the continuity rule (docs 'Margin tiers'; core/markets/builders.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.markets.documents import Document, decimal, rows_from_tiers, text
from bot.markets.http import FetchError, VenueHttp
from core.markets.builders import leverage_tiers

SOURCE = ("Hyperliquid POST /info {\"type\":\"meta\"} (https://hyperliquid.gitbook.io/hyperliquid-docs/"
          "for-developers/api/info-endpoint/perpetuals); rates and deductions by the 'Margin tiers' rules")
SINGLE_TIER_IDS = 50


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    answer = await http.json("hyperliquid", "/info", body={"type": "meta"}, what="Hyperliquid meta")
    if not isinstance(answer, dict) or not isinstance(answer.get("universe"), list):
        raise FetchError("Hyperliquid meta: no universe in the answer")
    return document(answer, as_of)


def _tables(answer: dict[str, Any]) -> dict[int, list[tuple[Decimal, Decimal]]]:
    tables: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for item in answer.get("marginTables") or []:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict):
            tiers = item[1].get("marginTiers") or []
            tables[int(item[0])] = [(decimal(t.get("lowerBound"), "lowerBound"), decimal(t.get("maxLeverage"), "maxLeverage"))
                                    for t in tiers if isinstance(t, dict)]
    return tables


def document(answer: dict[str, Any], as_of: str) -> Document:
    doc = Document("hyperliquid", "linear", SOURCE, as_of)
    try:
        tables = _tables(answer)
    except (ValueError, TypeError) as exc:
        raise FetchError(f"Hyperliquid meta: unreadable marginTables ({exc})") from exc
    for coin in answer["universe"]:
        if not isinstance(coin, dict) or not str(coin.get("name", "")).isalnum():
            continue
        name = str(coin["name"])
        try:
            max_leverage = decimal(coin.get("maxLeverage"), "maxLeverage")
            table_id = int(coin.get("marginTableId") or 0)
            if table_id >= SINGLE_TIER_IDS:
                if table_id not in tables or not tables[table_id]:
                    raise ValueError(f"margin table {table_id} is missing")
                doc.symbols[name] = rows_from_tiers(leverage_tiers(tables[table_id]))
            else:
                doc.symbols[name] = []   # one tier at max leverage, built by the catalogue
            doc.contracts[name] = {"max_leverage": text(max_leverage), "listed": not coin.get("isDelisted", False)}
        except (ValueError, TypeError) as exc:
            doc.unreadable[name] = str(exc)
    return doc
