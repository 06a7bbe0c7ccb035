"""The snapshots shipped in `core/data/`, read as books, and the shipped layout as a format.

The layout is the one every file in `core/data/` uses: `venue`, `source`, `as_of`, `notes`,
`symbols: {venue symbol: [rows]}` with rows `floor, cap, max_leverage, mmr, maintenance_amount`.
Optional: `kind` (linear/inverse), `contracts: {symbol: {contract_value, max_leverage, listed,
base, quote, multiplier}}`, OKX's file-wide `ctVal`, and `complete: true` when the file holds
every contract the venue lists. A refresh written in this layout loads back through
`book_from_document`, the same function that reads the shipped files.

Files are read with `importlib.resources` (they ship inside the package) and parsed once, on the
first question about that venue: nothing is read at import.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from core.markets.book import Book, shipped_builder
from core.markets.model import INVERSE, LINEAR, ContractDetails, TableInfo
from core.venues import VENUES

# (venue, kind) -> file under core/data/. Books not listed here have no shipped table: Gate and BloFin,
# whose tier numbers the research does not give, get theirs only from a refresh (bot/markets/).
SHIPPED: dict[tuple[str, str], str] = {
    ("binance", LINEAR): "binance_usdm_brackets.json",
    ("binance", INVERSE): "binance_coinm_brackets.json",
    ("bybit", LINEAR): "bybit_linear_risk_limits.json",
    ("okx", LINEAR): "okx_swap_tiers.json",
    ("hyperliquid", LINEAR): "hyperliquid_margin.json",
    ("bitget", LINEAR): "bitget_usdt_futures_tiers.json",
    ("mexc", LINEAR): "mexc_contract_risk.json",
}
HISTORICAL_BINANCE_USDM = "historical/binance_usdm_brackets_2024-10-24.json"

# Facts about shipped files that their layout does not carry in a field.
COMPLETE = {"binance_usdm_brackets.json"}  # its notes: every USDⓈ-M contract, 715 symbols
KNOWN_DETAILS = {
    # binance_coinm_brackets.json, `product`: "1 contract = 100 USD".
    "binance_coinm_brackets.json": {"BTCUSD_PERP": ContractDetails(contract_value=Decimal(100))},
}


@lru_cache(maxsize=None)
def read_document(filename: str) -> dict:
    """One shipped file, parsed once per process (several catalogues may share it)."""
    parts = filename.split("/")
    return json.loads(resources.files("core").joinpath("data", *parts).read_text("utf-8"))


def document_details(doc: Mapping[str, Any]) -> dict[str, ContractDetails]:
    """Per-symbol facts a document carries besides its rows (contract value, delisted, ...)."""
    out: dict[str, ContractDetails] = {}
    for symbol, raw in (doc.get("contracts") or {}).items():
        def dec(key: str) -> Decimal | None:
            value = raw.get(key)
            return None if value in (None, "") else Decimal(str(value))
        multiplier = raw.get("multiplier")
        out[symbol] = ContractDetails(dec("contract_value"), dec("max_leverage"), bool(raw.get("listed", True)),
                                      raw.get("base"), raw.get("quote"), int(multiplier) if multiplier else None)
    if doc.get("ctVal") is not None:
        for symbol in doc.get("symbols", {}):
            known = out.get(symbol, ContractDetails())
            out[symbol] = ContractDetails(Decimal(str(doc["ctVal"])), known.max_leverage, known.listed,
                                          known.base, known.quote, known.multiplier)
    return out


def book_from_document(doc: Mapping[str, Any], kind: str | None = None, fetched_at: Any = None,
                       complete: bool | None = None, extra: Mapping[str, ContractDetails] | None = None) -> Book:
    """A book from a document in the shipped layout (a shipped file, or a refresh written in it)."""
    venue = doc["venue"]
    kind = kind or doc.get("kind") or LINEAR
    rule = VENUES[venue].rule(kind) if venue in VENUES else None
    if rule is None:
        raise ValueError(f"{venue} has no {kind} contracts in riskbot")
    verified = not any("UNVERIFIED" in note for note in doc.get("notes", []))
    info = TableInfo(venue, kind, doc["source"], doc["as_of"], fetched_at, verified,
                     bool(doc.get("complete", False)) if complete is None else complete)
    details = {**(extra or {}), **document_details(doc)}
    return Book(info, doc.get("symbols", {}), shipped_builder(info, rule.basis, details), details)


def shipped_book(venue: str, kind: str, filename: str) -> Book:
    doc = read_document(filename)
    if doc.get("venue") != venue:
        raise ValueError(f"{filename} holds {doc.get('venue')} tables, not {venue}")
    return book_from_document(doc, kind, complete=filename in COMPLETE, extra=KNOWN_DETAILS.get(filename))
