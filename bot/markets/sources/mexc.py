"""MEXC's derived tiers: every contract's detail in one `GET /api/v1/contract/detail`.

Answer: `{"success": true, "code": 0, "data": [{symbol, contractSize, maintenanceMarginRate,
riskBaseVol, riskIncrVol, riskIncrMmr, riskLevelLimit, ...}]}`; MEXC lists no tiers, so each
contract's are derived from these steps (core/venue_tiers.py `mexc_tiers`).
"""

from __future__ import annotations

from bot.markets.documents import Document
from bot.markets.http import VenueHttp
from bot.markets.sources.common import add_table, envelope
from core.venue_tiers import mexc_tiers

SOURCE = "MEXC GET /api/v1/contract/detail (https://mexcdevelop.github.io/apidocs/contract_v1_en/); derived tiers"


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    details = envelope(await http.json("mexc", "/api/v1/contract/detail", what="MEXC contract detail"),
                       "MEXC contract detail", lambda a: a.get("success") is True)
    doc = Document("mexc", kind, SOURCE, as_of, notes=["tiers derived from riskBaseVol/riskIncrVol/riskIncrMmr"])
    for item in details if isinstance(details, list) else []:
        symbol = str(item.get("symbol", "")) if isinstance(item, dict) else ""
        if symbol.endswith("_USDT") and symbol.replace("_", "").isalnum():
            add_table(doc, symbol, mexc_tiers, item)
    return doc
