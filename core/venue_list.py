"""The data for `/venues` (and `/help venues`): each venue, its contracts, how exact it is, the
formula's source and the date of the tier table riskbot ships.

Why a function here rather than text in the command: the facts live in the profiles
(core/venues.py) and the snapshots (core/data/), so the list cannot drift from what /liq uses.
The command turns these rows into a short list that reads on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.exactness import label, stated
from core.markets import CATALOGUE
from core.venues import VENUES, ContractRule, Venue

CONTRACT_WORDS = {"linear": "linear", "inverse": "inverse"}


@dataclass(frozen=True)
class ContractListing:
    contract: str            # "linear" / "inverse"
    exactness: str           # isolated: exact, exact in tier 1, estimate (with MEXC's label)
    cross_exactness: str     # cross margin
    why: str                 # the reason for an estimate, or the caveat of an exact formula
    source: str              # the formula's source
    table_as_of: str | None  # the table's date (shipped or refreshed); None when no contract has rows
    contracts: int = 0       # contracts with a tier table


@dataclass(frozen=True)
class VenueListing:
    key: str
    name: str
    contracts: tuple[ContractListing, ...]
    default_rate: str | None = None  # where no table ships but the venue has one documented rate (BitMEX)

    def line(self) -> str:
        """One phone-width line, e.g. "Gate: linear exact in tier 1, cross estimate; table: none shipped (give mmr=)"."""
        parts = []
        for c in self.contracts:
            mode = c.exactness if c.cross_exactness == c.exactness else f"{c.exactness}, cross {c.cross_exactness}"
            table = (f"{c.contracts} contract{'s' if c.contracts != 1 else ''}, table {c.table_as_of}"
                     if c.table_as_of else self.default_rate or "no table yet (give mmr=)")
            parts.append(f"{CONTRACT_WORDS.get(c.contract, c.contract)} {mode} ({table})")
        return f"{self.name}: {'; '.join(parts)}"


def _table(venue: str, contract: str) -> tuple[str | None, int]:
    """The catalogue's table date for this book and how many of its contracts have tier rows; no
    date when none has (a shipped file with no rows says nothing about the venue's tables)."""
    book = CATALOGUE.book(venue, contract)
    if book is None:
        return None, 0
    with_rows = sum(1 for c in CATALOGUE.contracts(venue, contract) if c.tiers and c.listed)
    return (book.info.as_of if with_rows else None), with_rows


def _contract(venue: str, contract: str, rule: ContractRule) -> ContractListing:
    level, why = stated(rule, "isolated")
    cross, _ = stated(rule, "cross")
    as_of, count = _table(venue, contract)
    return ContractListing(contract, label(rule, level), label(rule, cross), why, rule.source, as_of, count)


def listing(v: Venue) -> VenueListing:
    rate = f"base rate {(v.default_mmr * 100).normalize():f}%" if v.default_mmr is not None else None
    return VenueListing(v.key, v.name, tuple(_contract(v.key, c, rule) for c, rule in v.rules.items()), rate)


def venue_listings() -> tuple[VenueListing, ...]:
    """Every venue riskbot knows, in the order of the registry (first the five it started with)."""
    return tuple(listing(v) for v in VENUES.values())
