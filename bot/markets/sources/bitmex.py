"""BitMEX's active instruments: `GET /api/v1/instrument/active`, one base tier each.

Fields: `symbol, typ` (FFWCSX = perpetual), `isInverse, multiplier, settlCurrency, maintMargin,
initMargin, riskLimit`. BitMEX raises maintenance by its base rate for each `riskStep` above
`riskLimit`; riskbot keeps only the base tier (up to `riskLimit`), because the unit of `riskLimit`
(the settlement currency's smallest unit: XBt = 1e-8 XBT, USDt = 1e-6 USDT) is unverified. A
position beyond it is refused with "give mmr=", as for any position beyond a table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.markets.documents import Document, decimal, text, tier_rows
from bot.markets.http import FetchError, VenueHttp

SOURCE = "BitMEX GET /api/v1/instrument/active (https://www.bitmex.com/api/explorer/); base tier only"
SMALLEST_UNIT = {"XBt": Decimal("1e8"), "USDt": Decimal("1e6")}
PERPETUAL = "FFWCSX"


async def fetch(http: VenueHttp, kind: str, as_of: str) -> Document:
    answer = await http.json("bitmex", "/api/v1/instrument/active", what="BitMEX instruments")
    if not isinstance(answer, list):
        raise FetchError("BitMEX instruments: the answer is not a list")
    return document(answer, kind, as_of)


def document(instruments: list[Any], kind: str, as_of: str) -> Document:
    doc = Document("bitmex", kind, SOURCE, as_of,
                   notes=["UNVERIFIED: riskLimit read in the settlement currency's smallest unit"])
    for item in instruments:
        if not isinstance(item, dict) or item.get("typ") != PERPETUAL or bool(item.get("isInverse")) != (kind == "inverse"):
            continue
        symbol = str(item.get("symbol", ""))
        try:
            unit = SMALLEST_UNIT.get(str(item.get("settlCurrency")))
            if unit is None:
                raise ValueError(f"settlement currency {str(item.get('settlCurrency'))[:8]} not known")
            cap = decimal(item.get("riskLimit"), "riskLimit") / unit
            leverage = (1 / decimal(item.get("initMargin"), "initMargin")).to_integral_value()
            doc.symbols[symbol] = tier_rows([Decimal(0)], [cap], [decimal(item.get("maintMargin"), "maintMargin")],
                                            [leverage])
            doc.contracts[symbol] = {"multiplier_raw": text(item.get("multiplier"))}
        except (ValueError, TypeError, ArithmeticError) as exc:
            doc.unreadable[symbol] = str(exc)
    return doc
