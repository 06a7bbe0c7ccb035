"""Maintenance-margin tier tables, read from the dated snapshots shipped in `core/data/`.

Each table keeps the venue's own `source` and `as_of`, because tables drift and a stale
maintenance amount moves the answer (Binance COIN-M: 11.81 vs 11.605 BTC moves LP by ~20 USD).
Rows with a missing value in the snapshot are not used: a position beyond the last complete row
gets "give mmr=" rather than a guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Tier:
    number: int
    floor: Decimal
    cap: Decimal | None
    max_leverage: Decimal
    mmr: Decimal
    maintenance_amount: Decimal

    def holds(self, size: Decimal) -> bool:
        return self.floor <= size and (self.cap is None or size < self.cap)


@dataclass(frozen=True)
class TierTable:
    name: str
    source: str
    as_of: str
    tiers: tuple[Tier, ...]
    unit: str
    verified: bool = True
    fetched_at: object = None  # set when the table came from a refresh (datetime or Unix seconds)

    @property
    def top(self) -> Decimal | None:
        return self.tiers[-1].cap

    def at(self, size: Decimal) -> Tier | None:
        for tier in self.tiers:
            if tier.holds(size):
                return tier
        return None


def _dec(value: object) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def tiers_from_rows(rows: list[dict]) -> tuple[Tier, ...]:
    """Rows in the shipped layout as tiers, stopping at the first incomplete row."""
    tiers = []
    for number, row in enumerate(rows, start=1):
        floor, mmr, cum, lev = (_dec(row.get(k)) for k in ("floor", "mmr", "maintenance_amount", "max_leverage"))
        if floor is None or mmr is None or cum is None or lev is None:
            break  # the snapshot is incomplete from here on
        tiers.append(Tier(number, floor, _dec(row.get("cap")), lev, mmr, cum))
    return tuple(tiers)


@lru_cache(maxsize=None)
def _snapshot(filename: str) -> dict:
    return json.loads(resources.files("core").joinpath("data", filename).read_text("utf-8"))


@lru_cache(maxsize=None)
def load_table(filename: str, symbol: str, unit: str) -> TierTable | None:
    data = _snapshot(filename)
    rows = data.get("symbols", {}).get(symbol)
    if not rows:
        return None
    verified = not any("UNVERIFIED" in note for note in data.get("notes", []))
    return TierTable(f"{data['venue']} {symbol}", data["source"], data["as_of"], tiers_from_rows(rows), unit, verified)


def snapshot_field(filename: str, key: str) -> object:
    return _snapshot(filename).get(key)


def fixed_table(name: str, source: str, as_of: str, mmr: Decimal, max_leverage: Decimal,
                cum: Decimal = Decimal(0)) -> TierTable:
    """A one-row table for a user override (`mmr=`/`cum=`) or a venue documented by a single rate."""
    return TierTable(name, source, as_of, (Tier(1, Decimal(0), None, max_leverage, mmr, cum),), "any")
