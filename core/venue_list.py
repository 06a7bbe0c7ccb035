"""The data for `/venues` (and `/help venues`): each venue, its contracts, how exact it is, the
formula's source and the date of the tier table riskbot ships.

Why a function here rather than text in the command: the facts live in the profiles
(core/venues.py) and the snapshots (core/data/), so the list cannot drift from what /liq uses.
The command turns these rows into a short list that reads on a phone.

The fields keep the English words (they are /venues' JSON); `line()` and `default_rate` are what a
trader reads, spoken in the asker's language (a listing is built while the command runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.exactness import label, stated, words
from core.i18n import N_, _, _n
from core.markets import CATALOGUE
from core.venues import VENUES, ContractRule, Venue

CONTRACT_WORDS = {"linear": N_("linear"), "inverse": N_("inverse")}


@dataclass(frozen=True)
class ContractListing:
    contract: str            # "linear" / "inverse"
    exactness: str           # isolated: exact, exact in tier 1, estimate (with MEXC's label)
    cross_exactness: str     # cross margin
    why: str                 # the reason for an estimate, or the caveat of an exact formula
    source: str              # the formula's source
    table_as_of: str | None  # the table's date (shipped or refreshed); None when no contract has rows
    contracts: int = 0       # contracts with a tier table
    said: str = ""           # `exactness` and `cross_exactness` in the asker's language
    cross_said: str = ""


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
            isolated, cross = c.said or c.exactness, c.cross_said or c.cross_exactness
            mode = isolated if c.cross_exactness == c.exactness else _("{isolated}, cross {cross}",
                                                                          isolated=isolated, cross=cross)
            if c.table_as_of:
                table = _n("{count} contract, table {as_of}", "{count} contracts, table {as_of}", c.contracts,
                           as_of=_("undated") if c.table_as_of == "undated" else c.table_as_of)
            else:
                table = self.default_rate or _("no table yet (give mmr=)")
            kind = CONTRACT_WORDS.get(c.contract)
            parts.append(_("{contract} {exactness} ({table})", contract=_(kind) if kind else c.contract,
                           exactness=mode, table=table))
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
    cross = stated(rule, "cross")[0]
    as_of, count = _table(venue, contract)
    return ContractListing(contract, label(rule, level), label(rule, cross), why, rule.source, as_of, count,
                           words(rule, level), words(rule, cross))


def listing(v: Venue) -> VenueListing:
    rate = None
    if v.default_mmr is not None:
        percent = f"{(v.default_mmr * 100).normalize():f}%"
        rate = _("base rate {rate}", rate=percent)
    return VenueListing(v.key, v.name, tuple(_contract(v.key, c, rule) for c, rule in v.rules.items()), rate)


def venue_listings() -> tuple[VenueListing, ...]:
    """Every venue riskbot knows, in the order of the registry (first the five it started with)."""
    return tuple(listing(v) for v in VENUES.values())
