"""One venue's contracts of one kind (Binance USDⓈ-M, Hyperliquid perpetuals, ...), and how a
contract is built from rows in the shipped layout.

A book is never changed after it is made: `Catalogue.install` builds a new one and swaps it in
whole, so a reader sees either the old tables or the new ones, never a mix. Shipped books hold
the parsed JSON rows and build a symbol's `Contract` (Decimals, tiers) the first time it is asked
for: the Binance file has 715 symbols and a chat asks about a few dozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping

from core.markets.builders import single_tier
from core.markets.model import INVERSE, Contract, ContractDetails, TableInfo
from core.markets.naming import Naming, label, split_symbol
from core.tiers import Tier, TierTable, tiers_from_rows

MEMO_LIMIT = 4096  # resolver answers kept per book; a chat asks about the same symbols all day


@dataclass(frozen=True)
class Entry:
    """What the resolver needs about a symbol, without building its tiers."""

    symbol: str
    naming: Naming
    listed: bool


def make_contract(venue: str, kind: str, symbol: str, tiers: tuple[Tier, ...], info: TableInfo,
                  details: ContractDetails | None, basis: str) -> Contract:
    d = details or ContractDetails()
    n = split_symbol(venue, kind, symbol)
    base, quote = d.base or n.base, d.quote or n.quote
    settle = base if kind == INVERSE else quote
    table = TierTable(f"{venue} {symbol}", info.source, info.as_of, tiers, basis, info.verified, info.fetched_at)
    max_leverage = d.max_leverage if d.max_leverage is not None else (tiers[0].max_leverage if tiers else Decimal(1))
    return Contract(venue, kind, symbol, base, quote, settle, d.multiplier or n.multiplier, d.contract_value,
                    max_leverage, table, info, d.listed, n.expiry)


class Book:
    """Contracts by the venue's own symbol. `entries` maps a symbol to a built `Contract` or to
    its raw rows; raw rows are built by `build` on first use and kept."""

    def __init__(self, info: TableInfo, entries: Mapping[str, Any],
                 build: Callable[[str, Any], Contract] | None = None,
                 details: Mapping[str, ContractDetails] | None = None) -> None:
        self.info = info
        self.label = label(info.venue, info.kind)
        self._entries = dict(entries)
        self._build = build
        self._details = dict(details or {})
        self._built: dict[str, Contract] = {}
        self._index: tuple[dict[str, str], tuple[Entry, ...]] | None = None
        self.memo: dict[tuple, Any] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def symbols(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def get(self, symbol: str) -> Contract | None:
        """The contract for the venue's exact symbol, or None."""
        built = self._built.get(symbol)
        if built is not None:
            return built
        raw = self._entries.get(symbol)
        if raw is None:
            return None
        if isinstance(raw, Contract):
            return raw
        assert self._build is not None
        contract = self._build(symbol, raw)
        self._built[symbol] = contract  # a race builds the same value twice: harmless
        return contract

    def _indexed(self) -> tuple[dict[str, str], tuple[Entry, ...]]:
        if self._index is None:
            upper: dict[str, str] = {}
            entries = []
            for symbol, raw in self._entries.items():
                upper[symbol.upper()] = symbol
                if isinstance(raw, Contract):
                    naming = Naming(raw.base, raw.quote, raw.settle, raw.multiplier, raw.expiry)
                    entries.append(Entry(symbol, naming, raw.listed))
                else:
                    d = self._details.get(symbol)
                    naming = split_symbol(self.info.venue, self.info.kind, symbol)
                    if d is not None and (d.base or d.quote or d.multiplier):
                        naming = Naming(d.base or naming.base, d.quote or naming.quote, naming.settle,
                                        d.multiplier or naming.multiplier, naming.expiry)
                    entries.append(Entry(symbol, naming, d.listed if d is not None else True))
            self._index = (upper, tuple(entries))
        return self._index

    def by_name(self, text: str) -> Contract | None:
        """The contract whose venue symbol is `text`, ignoring case (`kpepe` is `kPEPE`)."""
        symbol = self._indexed()[0].get(text.upper())
        return None if symbol is None else self.get(symbol)

    def entries(self) -> tuple[Entry, ...]:
        return self._indexed()[1]

    def remember(self, key: tuple, value: Any) -> Any:
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
        self.memo[key] = value
        return value


def implied_tiers(venue: str, rows: Any, detail: ContractDetails | None) -> tuple[Tier, ...] | None:
    """A Hyperliquid coin listed with no margin table (empty rows) and its max leverage has one
    tier at that leverage (docs 'Margin tiers'); None for every other case."""
    if not rows and venue == "hyperliquid" and detail is not None and detail.max_leverage is not None:
        return single_tier(detail.max_leverage)
    return None


def shipped_builder(info: TableInfo, basis: str, details: Mapping[str, ContractDetails]) -> Callable[[str, Any], Contract]:
    """Builds a contract from the rows of a shipped file, the lenient way: a research capture
    may stop mid-table, and the rows before the gap are still exact (a position beyond them is
    refused by the liquidation search, not guessed)."""

    def build(symbol: str, rows: Any) -> Contract:
        detail = details.get(symbol)
        tiers = implied_tiers(info.venue, rows, detail) or tiers_from_rows(rows)
        return make_contract(info.venue, info.kind, symbol, tiers, info, detail, basis)

    return build
