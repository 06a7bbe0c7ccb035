"""A refreshed venue table as a document in the shipped layout (`core/data/*.json`).

One layout for both directions: a refresh builds these documents, the catalogue installs them
(`Catalogue.install_document`), the store keeps them, and `riskbot markets refresh --write DIR`
writes them as files that load back through the same loader as the shipped snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from core.markets.builders import maintenance_amounts
from core.tiers import Tier


@dataclass
class Document:
    venue: str
    kind: str
    source: str
    as_of: str
    symbols: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    contracts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)   # symbol -> why its rows were skipped

    def as_json(self) -> dict[str, Any]:
        return {"venue": self.venue, "kind": self.kind, "product": f"{self.venue} {self.kind} (refreshed)",
                "source": self.source, "as_of": self.as_of, "complete": True, "notes": self.notes,
                "symbols": self.symbols, "contracts": self.contracts}


def text(value: Any) -> str | None:
    """A number from the wire as the shipped layout writes it (a string), None for a blank."""
    if value is None or value == "":
        return None
    return format(Decimal(str(value)).normalize(), "f") if not isinstance(value, bool) else None


def tier_rows(floors: list[Decimal], caps: list[Decimal | None], rates: list[Decimal],
              leverages: list[Decimal], amounts: Iterable[Decimal] | None = None) -> list[dict[str, Any]]:
    """Rows in the shipped layout; the maintenance amounts follow the continuity rule when the
    venue does not send them (cum_n = cum_(n-1) + floor_n · (mmr_n − mmr_(n-1)))."""
    cums = list(amounts) if amounts is not None else list(maintenance_amounts(floors, rates))
    return [{"floor": text(f), "cap": text(c), "max_leverage": text(lev), "mmr": text(r), "maintenance_amount": text(a)}
            for f, c, r, lev, a in zip(floors, caps, rates, leverages, cums)]


def rows_from_tiers(tiers: Iterable[Tier]) -> list[dict[str, Any]]:
    return [{"floor": text(t.floor), "cap": text(t.cap), "max_leverage": text(t.max_leverage), "mmr": text(t.mmr),
             "maintenance_amount": text(t.maintenance_amount)} for t in tiers]


def decimal(value: Any, what: str) -> Decimal:
    """A required number from a venue's answer; a missing or unreadable one names the field."""
    try:
        number = Decimal(str(value))
    except Exception as exc:
        raise ValueError(f"{what} is not a number: {str(value)[:20]!r}") from exc
    if not number.is_finite():
        raise ValueError(f"{what} is not a finite number")
    return number
