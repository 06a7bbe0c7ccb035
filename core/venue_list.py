"""The data for `/venues` (and `/help venues`): each venue, its contracts, how exact it is, the
formula's source and the date of the tier table riskbot ships.

Why a function here rather than text in the command: the facts live in the profiles
(core/venues.py) and the snapshots (core/data/), so the list cannot drift from what /liq uses.
The command turns these rows into a short list that reads on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.exactness import label, stated
from core.tiers import snapshot_field
from core.venues import VENUES, ContractRule, Venue

CONTRACT_WORDS = {"linear": "linear", "inverse": "inverse"}
REFERENCE_SYMBOL = "BTC"


@dataclass(frozen=True)
class ContractListing:
    contract: str            # "linear" / "inverse"
    exactness: str           # isolated: exact, exact in tier 1, estimate (with MEXC's label)
    cross_exactness: str     # cross margin
    why: str                 # the reason for an estimate, or the caveat of an exact formula
    source: str              # the formula's source
    table_as_of: str | None  # the shipped BTC table's date; None when no table rows are shipped


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
            parts.append(f"{CONTRACT_WORDS.get(c.contract, c.contract)} {mode}")
        dates = sorted({c.table_as_of for c in self.contracts if c.table_as_of})
        table = ", ".join(dates) if dates else self.default_rate or "none shipped (give mmr=)"
        return f"{self.name}: {'; '.join(parts)}; table: {table}"


def _table_as_of(rule: ContractRule) -> str | None:
    """The snapshot's date when it holds rows for the reference symbol (BTC), else None."""
    if not (rule.table_file and rule.table_symbol):
        return None
    rows = (snapshot_field(rule.table_file, "symbols") or {}).get(rule.table_symbol(REFERENCE_SYMBOL))
    return str(snapshot_field(rule.table_file, "as_of")) if rows else None


def _contract(contract: str, rule: ContractRule) -> ContractListing:
    level, why = stated(rule, "isolated")
    cross, _ = stated(rule, "cross")
    return ContractListing(contract, label(rule, level), label(rule, cross), why, rule.source, _table_as_of(rule))


def listing(v: Venue) -> VenueListing:
    rate = f"base rate {(v.default_mmr * 100).normalize():f}%" if v.default_mmr is not None else None
    return VenueListing(v.key, v.name, tuple(_contract(c, rule) for c, rule in v.rules.items()), rate)


def venue_listings() -> tuple[VenueListing, ...]:
    """Every venue riskbot knows, in the order of the registry (first the five it started with)."""
    return tuple(listing(v) for v in VENUES.values())
