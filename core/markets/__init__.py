"""The market catalogue: every listed contract per venue and contract kind, its tier table and
where that table came from; one resolver from what a trader types to the venue's contract.

Data only: the shipped snapshots are read with importlib.resources on first use, and tables a
refresher fetches are handed in with `CATALOGUE.install(...)`. No network, no clock.

    from core.markets import CATALOGUE
    r = CATALOGUE.resolve("PEPE", "binance")      # -> 1000PEPEUSDT, price in USDT per 1,000 PEPE
    r.ok, r.contract.symbol, r.note, r.message
    CATALOGUE.search("pe", "binance")             # autocomplete: at most 25 listed contracts
    table_age(r.contract, now)                    # age, and stale after 30 days
"""

from core.markets.age import STALE_AFTER_DAYS, TableAge, table_age
from core.markets.builders import leverage_tiers, maintenance_amounts, single_tier
from core.markets.catalogue import CATALOGUE, BookStatus, Catalogue, TableRejected
from core.markets.model import Contract, ContractDetails, InstallReport, TableInfo
from core.markets.resolver import Resolution, parse_query, resolve, search
from core.markets.shipped import HISTORICAL_BINANCE_USDM, SHIPPED, book_from_document
from core.markets.validation import TableError, parse_rows, rules_for, validate, validate_rows

__all__ = [
    "CATALOGUE", "HISTORICAL_BINANCE_USDM", "SHIPPED", "STALE_AFTER_DAYS", "BookStatus", "Catalogue",
    "Contract", "ContractDetails", "InstallReport", "Resolution", "TableAge", "TableError", "TableInfo",
    "TableRejected", "book_from_document", "leverage_tiers", "maintenance_amounts", "parse_query",
    "parse_rows", "resolve", "rules_for", "search", "single_tier", "table_age", "validate", "validate_rows",
]
