"""What the catalogue knows about one listed contract, and where its table came from.

A `Contract` is one venue's own instrument (`1000PEPEUSDT`, `kPEPE`, `BTC-USDT-SWAP`,
`BTCUSD_PERP`) with its tier table. `TableInfo` travels with every contract rather than with the
venue, because a refresh that rejects one symbol's table keeps that symbol's previous table, and
the footer must then name the older date for that symbol alone.

Times (`fetched_at`) are whatever the caller hands in: an aware `datetime` or Unix seconds. Core
has no clock and does not import `datetime`; `core.markets.age` only subtracts what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.tiers import Tier, TierTable

LINEAR, INVERSE = "linear", "inverse"


@dataclass(frozen=True)
class TableInfo:
    """Provenance of one set of tables: the document or endpoint, the date the venue's numbers
    are valid for, and (for tables fetched while the bot runs) when they were fetched."""

    venue: str
    kind: str
    source: str
    as_of: str
    fetched_at: Any = None  # datetime or Unix seconds; None for a shipped snapshot
    verified: bool = True
    complete: bool = True   # False when the snapshot holds only some of the venue's contracts

    @property
    def refreshed(self) -> bool:
        return self.fetched_at is not None


@dataclass(frozen=True)
class ContractDetails:
    """What a refresh may know about a contract beyond its tiers. Every field is optional: the
    venue's naming rules fill base, quote and multiplier from the symbol; max leverage defaults to
    tier 1's. Hyperliquid coins without a tiered margin table are given as `max_leverage` alone."""

    contract_value: Decimal | None = None
    max_leverage: Decimal | None = None
    listed: bool = True
    base: str | None = None
    quote: str | None = None
    multiplier: int | None = None


@dataclass(frozen=True)
class Contract:
    """One listed (or delisted) contract.

    `multiplier` is how many units of the asset one quoted unit holds: 1000 for `1000PEPEUSDT`
    and `kPEPE`, whose prices are per 1,000 PEPE; quantities and prices typed for such a contract
    are in those units, as on the venue's own order form. `contract_value` is the size of one
    contract where the venue counts in contracts: OKX `ctVal` (in the base asset), Binance COIN-M
    contract size (in USD).
    """

    venue: str
    kind: str
    symbol: str
    base: str
    quote: str
    settle: str
    multiplier: int
    contract_value: Decimal | None
    max_leverage: Decimal
    table: TierTable
    info: TableInfo
    listed: bool = True
    expiry: str | None = None

    @property
    def tiers(self) -> tuple[Tier, ...]:
        return self.table.tiers

    @property
    def unit(self) -> str:
        """What one quoted unit is: `1,000 PEPE` for a 1000-unit contract, else the base."""
        return self.base if self.multiplier == 1 else f"{self.multiplier:,} {self.base}"

    @property
    def price_unit(self) -> str:
        """How the venue quotes the price: `USDT per 1,000 PEPE`, `USD per BTC`."""
        return f"{self.quote} per {self.unit}"


@dataclass(frozen=True)
class InstallReport:
    """What `install` did: how many contracts are now served from the new tables, which symbols
    were rejected (symbol → reason; each keeps its previous table when there was one), and which
    previously known symbols the venue no longer lists (kept, marked delisted)."""

    venue: str
    kind: str
    installed: int
    rejected: dict[str, str]
    delisted: tuple[str, ...]
