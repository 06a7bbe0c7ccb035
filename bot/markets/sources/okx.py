"""OKX's position tiers: instruments first (contract values), then tiers five families at a time.

- `GET /api/v5/public/instruments?instType=SWAP` → `data[]`: `instId, instFamily, ctType`
  (linear/inverse), `ctVal, ctValCcy, state`.
- `GET /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=A,B,...` (at most 5
  families a request; 10 requests per 2 s per IP) → `data[]`: `instFamily, tier, minSz, maxSz, mmr,
  maxLever`. Sizes are in contracts for swaps, so the table's unit is contracts and each contract's
  value rides along (`ctVal`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bot.markets.documents import Document, decimal, text, tier_rows
from bot.markets.http import FetchError, VenueHttp
from bot.markets.sources.common import envelope

SOURCE = ("OKX GET /api/v5/public/position-tiers and /api/v5/public/instruments "
          "(https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers)")
FAMILIES_PER_REQUEST = 5
SPACING = 0.25   # seconds between requests: 8 per 2 s, under the documented 10


def _data(answer: Any, what: str) -> list[dict[str, Any]]:
    data = envelope(answer, what, lambda a: str(a.get("code")) == "0")
    if not isinstance(data, list):
        raise FetchError(f"{what}: no list in the answer")
    return [row for row in data if isinstance(row, dict)]


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    instruments = _data(await http.json("okx", "/api/v5/public/instruments", params={"instType": "SWAP"},
                                        what="OKX instruments"), "OKX instruments")
    swaps = {str(i.get("instFamily")): i for i in instruments
             if i.get("ctType") == kind and i.get("state", "live") == "live" and i.get("instFamily")}
    families = sorted(swaps)
    tiers: list[dict[str, Any]] = []
    for start in range(0, len(families), FAMILIES_PER_REQUEST):
        batch = ",".join(families[start:start + FAMILIES_PER_REQUEST])
        tiers += _data(await http.json("okx", "/api/v5/public/position-tiers", what="OKX position-tiers",
                                       params={"instType": "SWAP", "tdMode": "isolated", "instFamily": batch}),
                       "OKX position-tiers")
    return document(swaps, tiers, kind, as_of)


def document(swaps: dict[str, dict[str, Any]], tiers: list[dict[str, Any]], kind: str, as_of: str) -> Document:
    doc = Document("okx", kind, SOURCE, as_of, notes=["floor and cap are in contracts; contract_value is ctVal"])
    by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in tiers:
        by_family[str(row.get("instFamily"))].append(row)
    for family, rows in by_family.items():
        instrument = swaps.get(family)
        if instrument is None:
            continue
        symbol = str(instrument.get("instId"))
        try:
            rows.sort(key=lambda r: int(r.get("tier")))
            doc.symbols[symbol] = tier_rows([decimal(r.get("minSz"), "minSz") for r in rows],
                                            [decimal(r.get("maxSz"), "maxSz") for r in rows],
                                            [decimal(r.get("mmr"), "mmr") for r in rows],
                                            [decimal(r.get("maxLever"), "maxLever") for r in rows])
            doc.contracts[symbol] = {"contract_value": text(decimal(instrument.get("ctVal"), "ctVal"))}
        except (ValueError, TypeError) as exc:
            doc.unreadable[symbol] = str(exc)
    return doc
