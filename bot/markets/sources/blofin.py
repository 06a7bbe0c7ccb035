"""BloFin tiers: instruments (contract values), then `position-tiers` per instrument.

- `GET /api/v1/market/instruments` → `data[]: instId, contractValue, state`.
- `GET /api/v1/market/position-tiers?instId=BTC-USDT&marginMode=isolated` → `data[]: minSize,
  maxSize, maintenanceMarginRate, maxLeverage` (sizes in contracts).
Envelope `{"code": "0", "msg": "success", "data": ...}`. BloFin publishes no liquidation formula:
its answers are estimates, whatever the freshness of these tables.
"""

from __future__ import annotations

from bot.markets.documents import Document, decimal, text
from bot.markets.http import VenueHttp
from bot.markets.sources.common import add_table, envelope
from core.venue_tiers import blofin_tiers

SOURCE = "BloFin GET /api/v1/market/position-tiers and /instruments (https://docs.blofin.com/)"
SPACING = 0.1


def _ok(answer: dict) -> bool:
    return str(answer.get("code")) == "0"


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    instruments = envelope(await http.json("blofin", "/api/v1/market/instruments", what="BloFin instruments"),
                           "BloFin instruments", _ok)
    doc = Document("blofin", kind, SOURCE, as_of, notes=["floor and cap are in contracts"])
    for item in instruments if isinstance(instruments, list) else []:
        inst = str(item.get("instId", "")) if isinstance(item, dict) else ""
        if not inst.endswith("-USDT") or not inst.replace("-", "").isalnum() or item.get("state", "live") != "live":
            continue
        try:
            details = {"contract_value": text(decimal(item.get("contractValue"), "contractValue"))}
        except ValueError as exc:
            doc.unreadable[inst] = str(exc)
            continue
        rows = envelope(await http.json("blofin", "/api/v1/market/position-tiers", what="BloFin position tiers",
                                        params={"instId": inst, "marginMode": "isolated"}), "BloFin position tiers", _ok)
        add_table(doc, inst, blofin_tiers, rows, details)
    return doc
