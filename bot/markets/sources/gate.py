"""Gate USDT perpetual tiers: contracts (multiplier), then risk-limit tiers 100 markets a page.

- `GET /api/v4/futures/usdt/contracts` → `[{name, quanto_multiplier, in_delisting}]`.
- `GET /api/v4/futures/usdt/risk_limit_tiers?limit=100&offset=N` → `[{contract, tier, risk_limit,
  initial_rate, maintenance_rate, leverage_max, deduction}]` (without `contract`, paged by market).
"""

from __future__ import annotations

from collections import defaultdict

from bot.markets.documents import Document, decimal, text
from bot.markets.http import FetchError, VenueHttp
from bot.markets.sources.common import add_table
from core.venue_tiers import gate_tiers

SOURCE = "Gate GET /api/v4/futures/usdt/risk_limit_tiers and /contracts (https://www.gate.io/docs/developers/apiv4/)"
MARKETS_PER_PAGE = 100
MAX_PAGES = 50


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    contracts = await http.json("gate", "/api/v4/futures/usdt/contracts", what="Gate contracts")
    if not isinstance(contracts, list):
        raise FetchError("Gate contracts: the answer is not a list")
    rows: dict[str, list[dict]] = defaultdict(list)
    for page in range(MAX_PAGES):
        answer = await http.json("gate", "/api/v4/futures/usdt/risk_limit_tiers", what="Gate risk-limit tiers",
                                 params={"limit": str(MARKETS_PER_PAGE), "offset": str(page * MARKETS_PER_PAGE)})
        if not isinstance(answer, list):
            raise FetchError("Gate risk-limit tiers: the answer is not a list")
        if not answer:
            break
        for row in answer:
            if isinstance(row, dict):
                rows[str(row.get("contract"))].append(row)
    doc = Document("gate", kind, SOURCE, as_of)
    for item in contracts:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        if not name.replace("_", "").isalnum() or name not in rows:
            continue
        try:
            details = {"contract_value": text(decimal(item.get("quanto_multiplier"), "quanto_multiplier")),
                       "listed": not item.get("in_delisting", False)}
        except ValueError as exc:
            doc.unreadable[name] = str(exc)
            continue
        add_table(doc, name, gate_tiers, rows[name], details)
    return doc
