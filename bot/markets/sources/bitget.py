"""Bitget USDT-M tiers: the contract list, then `query-position-lever` per contract.

- `GET /api/v2/mix/market/contracts?productType=USDT-FUTURES` → `data[]: symbol, symbolStatus`.
- `GET /api/v2/mix/market/query-position-lever?symbol=BTCUSDT&productType=USDT-FUTURES` →
  `data[]: level, startUnit, endUnit, leverage, keepMarginRate` (no offset: derived in core).
Envelope: `{"code": "00000", "msg": "success", "data": ...}`.
"""

from __future__ import annotations

from bot.markets.documents import Document
from bot.markets.http import VenueHttp
from bot.markets.sources.common import add_table, envelope
from core.venue_tiers import bitget_tiers

SOURCE = "Bitget GET /api/v2/mix/market/query-position-lever (https://www.bitget.com/api-doc/contract/market)"
SPACING = 0.1   # 10 requests a second, half the documented 20 per second per IP


def _ok(answer: dict) -> bool:
    return answer.get("code") == "00000"


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    contracts = envelope(await http.json("bitget", "/api/v2/mix/market/contracts", what="Bitget contracts",
                                         params={"productType": "USDT-FUTURES"}), "Bitget contracts", _ok)
    doc = Document("bitget", kind, SOURCE, as_of, notes=["offset derived from the tiers (Bitget lists none)"])
    for item in contracts if isinstance(contracts, list) else []:
        symbol = str(item.get("symbol", "")) if isinstance(item, dict) else ""
        if not symbol.isalnum() or item.get("symbolStatus", "normal") != "normal":
            continue
        rows = envelope(await http.json("bitget", "/api/v2/mix/market/query-position-lever",
                                        params={"symbol": symbol, "productType": "USDT-FUTURES"},
                                        what="Bitget position tiers"), "Bitget position tiers", _ok)
        add_table(doc, symbol, bitget_tiers, rows)
    return doc
