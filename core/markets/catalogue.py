"""The market catalogue: every contract riskbot can quote, per venue and contract kind.

It starts from the snapshots shipped in `core/data/` (read on first use, not at import) and
accepts tables handed in while the bot runs: a refresher in `bot/` fetches a venue's tables, and
`install` validates each one and swaps the venue's whole book in one assignment. A symbol whose
new table fails validation keeps its previous table (the reason is reported for the log); a
symbol the venue no longer returns is kept, marked delisted, so a saved position can say so.

Core does no I/O and has no clock: the caller says when a table was fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from core.markets.book import Book, implied_tiers, make_contract
from core.markets.model import Contract, ContractDetails, InstallReport, TableInfo
from core.markets.naming import label
from core.markets.resolver import Resolution, resolve, search
from core.markets.shipped import SHIPPED, document_details, shipped_book
from core.markets.validation import TableError, parse_rows, rules_for, validate
from core.tiers import Tier
from core.venues import VENUES


class TableRejected(ValueError):
    """A refresh gave nothing usable (empty, or every table failed); the previous book stays."""


@dataclass(frozen=True)
class BookStatus:
    """One line of `riskbot markets status`."""

    venue: str
    kind: str
    label: str
    contracts: int
    info: TableInfo


class Catalogue:
    """Books by (venue, kind). `files` maps a book to a file under `core/data/`; the default is
    the shipped set, and a test may point Binance USDⓈ-M at the historical snapshot."""

    def __init__(self, files: Mapping[tuple[str, str], str] | None = None) -> None:
        self._files = dict(SHIPPED if files is None else files)
        self._books: dict[tuple[str, str], Book] = {}

    def book(self, venue: str, kind: str) -> Book | None:
        key = (venue, kind)
        book = self._books.get(key)
        if book is None and key in self._files:
            book = self._books.setdefault(key, shipped_book(venue, kind, self._files[key]))
        return book

    def kinds(self, venue: str) -> tuple[str, ...]:
        """The contract kinds of a venue that have a table (shipped or installed)."""
        keys = set(self._files) | set(self._books)
        return tuple(k for k in ("linear", "inverse") if (venue, k) in keys)

    def contract(self, venue: str, kind: str, symbol: str) -> Contract | None:
        """The contract with the venue's exact symbol (`1000PEPEUSDT`), listed or not."""
        book = self.book(venue, kind)
        return None if book is None else book.get(symbol)

    def contracts(self, venue: str, kind: str) -> Iterable[Contract]:
        book = self.book(venue, kind)
        for symbol in book.symbols() if book is not None else ():
            contract = book.get(symbol)
            if contract is not None:
                yield contract

    def status(self) -> tuple[BookStatus, ...]:
        """Per book: source, as_of, fetched_at and size (reads every shipped file)."""
        out = []
        for venue, kind in sorted(set(self._files) | set(self._books)):
            book = self.book(venue, kind)
            if book is not None:
                out.append(BookStatus(venue, kind, book.label, len(book), book.info))
        return tuple(out)

    def resolve(self, text: str, venue: str, kind: str | None = None, quote: str | None = None) -> Resolution:
        """The listed contract `text` names on `venue` (see `core.markets.resolver.resolve`)."""
        return resolve(self, text, venue, kind, quote)

    def search(self, text: str, venue: str, kind: str | None = None, limit: int = 25) -> tuple[Contract, ...]:
        """Autocomplete suggestions (see `core.markets.resolver.search`)."""
        return search(self, text, venue, kind, limit)

    def install(self, venue: str, contract_kind: str, tables: Mapping[str, Sequence[Mapping[str, Any] | Tier]],
                source: str, as_of: str, fetched_at: Any = None,
                details: Mapping[str, ContractDetails] | None = None, complete: bool = True) -> InstallReport:
        """Replace a venue's tables for one contract kind, atomically.

        `tables` maps the venue's symbol to its tiers: rows in the shipped layout or `Tier`s.
        `details` adds what else a refresh knows (contract value, max leverage, delisted). A
        Hyperliquid coin with no tiered margin table is given with empty tiers and its
        `max_leverage`: it gets one tier at that leverage (rate 1/(2·max leverage)).
        Raises `TableRejected` (and changes nothing) when no table passes validation.
        """
        rule = VENUES[venue].rule(contract_kind) if venue in VENUES else None
        if rule is None:
            raise TableRejected(f"riskbot has no {venue} {contract_kind} formula to use these tables with")
        details = dict(details or {})
        info = TableInfo(venue, contract_kind, source, as_of, fetched_at, True, complete)
        previous = self.book(venue, contract_kind)
        checks = rules_for(venue, contract_kind)
        entries: dict[str, Contract] = {}
        rejected: dict[str, str] = {}
        for symbol in dict.fromkeys([*tables, *details]):
            detail = details.get(symbol)
            try:
                tiers = _tiers(venue, tables.get(symbol, ()), detail)
                reason = validate(tiers, **checks)
            except TableError as exc:
                reason = str(exc)
            if reason is not None:
                rejected[symbol] = reason
                kept = previous.get(symbol) if previous is not None else None
                if kept is not None:
                    entries[symbol] = kept
                continue
            entries[symbol] = make_contract(venue, contract_kind, symbol, tiers, info, detail, rule.basis)
        installed = len(entries) - sum(1 for s in rejected if s in entries)
        if installed == 0:
            why = "; ".join(f"{s}: {r}" for s, r in list(rejected.items())[:3]) or "no tables"
            raise TableRejected(f"{label(venue, contract_kind)}: nothing installed ({why})")
        gone = []
        for symbol in previous.symbols() if previous is not None else ():
            if symbol not in entries:
                old = previous.get(symbol)  # type: ignore[union-attr]
                if old is not None:
                    entries[symbol] = replace(old, listed=False)
                    gone.append(symbol)
        self._books[(venue, contract_kind)] = Book(info, entries)  # one assignment: readers see old or new
        return InstallReport(venue, contract_kind, installed, rejected, tuple(gone))

    def install_document(self, doc: Mapping[str, Any], fetched_at: Any = None) -> InstallReport:
        """Install a whole document in the shipped layout (a `markets refresh --write` output, or
        tables restored from the database), validated like any refresh."""
        venue, kind = doc["venue"], doc.get("kind") or "linear"
        tables = {s: list(rows) for s, rows in (doc.get("symbols") or {}).items()}
        return self.install(venue, kind, tables, doc["source"], doc["as_of"], fetched_at,
                            document_details(doc), bool(doc.get("complete", True)))


def _tiers(venue: str, rows: Sequence[Mapping[str, Any] | Tier], detail: ContractDetails | None) -> tuple[Tier, ...]:
    implied = implied_tiers(venue, rows, detail)
    if implied is not None:
        return implied
    if rows and all(isinstance(r, Tier) for r in rows):
        return tuple(rows)  # type: ignore[arg-type]
    return parse_rows(rows)  # type: ignore[arg-type]


CATALOGUE = Catalogue()
"""The process-wide catalogue: shipped snapshots until a refresh installs newer tables."""
