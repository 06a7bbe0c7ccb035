"""Checks a tier table must pass before riskbot quotes from it (research notes §2).

A table fetched from a venue can be truncated, reordered or simply wrong; one bad row moves a
liquidation price by a tier. So a table is used only when it is continuous: floors ascend from 0
and each cap is the next floor; maintenance rates rise; leverage falls; and the maintenance amount
follows from the rates, `cum_n = floor_n·(mmr_n − mmr_(n−1)) + cum_(n−1)`, within a cent. (That
last rule is what makes the maintenance margin continuous at each floor; OKX publishes no
maintenance amount, so for it the rule is switched off.)

The functions return the reason a table fails, in words a log line can carry, or None.

Worked example: Binance BTCUSDT 2026-05-01 tier 2 starts at 300,000 with 0.5% after tier 1's
0.4% at cum 0, so its cum must be 300,000 × 0.001 + 0 = 300, which the table gives.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

from core.tiers import Tier

CENT = Decimal("0.01")
SATOSHI = Decimal("0.00000001")  # coin-margined tables keep the maintenance amount in the coin
FIELDS = ("floor", "cap", "max_leverage", "mmr", "maintenance_amount")
# Venues whose tiers carry no maintenance amount: OKX sends none; MEXC's published formula takes
# maintenance at entry on the whole value and BloFin's tiers have no offset (core/venue_tiers.py), so
# their derived rows carry 0 by design and the continuity rule would reject every multi-tier table.
NO_AMOUNT_RULE = frozenset({"okx", "mexc", "blofin"})


class TableError(ValueError):
    """A table that cannot be used; the message is the reason."""


def _number(row: Mapping[str, Any], key: str, number: int, required: bool = True) -> Decimal | None:
    value = row.get(key)
    if value is None or value == "":
        if required:
            raise TableError(f"tier {number} has no {key}")
        return None
    if isinstance(value, bool):
        raise TableError(f"tier {number}: {key} {value!r} is not a number")
    try:
        parsed = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise TableError(f"tier {number}: {key} {str(value)[:20]!r} is not a number") from None
    if not parsed.is_finite():
        raise TableError(f"tier {number}: {key} is not a finite number")
    return parsed


def parse_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[Tier, ...]:
    """Rows in the shipped layout (floor, cap, max_leverage, mmr, maintenance_amount) as tiers,
    strictly: a missing or malformed value rejects the table (unlike the shipped loader, which
    stops at the first incomplete row of a partial research capture). Only the last cap may be
    empty (no upper bound)."""
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise TableError("the tiers are not a list")
    tiers = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise TableError(f"tier {number} is not a row")
        last = number == len(rows)
        floor, cap, lev, mmr, cum = (_number(row, k, number, required=(k != "cap" or not last)) for k in FIELDS)
        tiers.append(Tier(number, floor, cap, lev, mmr, cum))  # type: ignore[arg-type]
    return tuple(tiers)


def validate(tiers: Sequence[Tier], *, amount_rule: bool = True, tolerance: Decimal = CENT) -> str | None:
    """None when the table is continuous, else the first reason it is not."""
    if not tiers:
        return "the table is empty"
    first = tiers[0]
    if first.floor != 0:
        return f"tier 1 starts at {first.floor}, not 0"
    if amount_rule and abs(first.maintenance_amount) > tolerance:
        return f"tier 1 has maintenance amount {first.maintenance_amount}, not 0"
    for n, tier in enumerate(tiers, start=1):
        if not 0 < tier.mmr < 1:
            return f"tier {n} has maintenance rate {tier.mmr}, outside (0, 1)"
        if tier.max_leverage < 1:
            return f"tier {n} has max leverage {tier.max_leverage}, below 1"
        if tier.cap is not None and tier.cap <= tier.floor:
            return f"tier {n} ends at {tier.cap}, not above its floor {tier.floor}"
        if tier.cap is None and n != len(tiers):
            return f"tier {n} has no cap but tier {n + 1} follows"
    for n, (low, high) in enumerate(zip(tiers, tiers[1:]), start=2):
        if high.floor != low.cap:
            return f"tier {n} starts at {high.floor} but tier {n - 1} ends at {low.cap}"
        if high.mmr <= low.mmr:
            return f"tier {n} maintenance rate {high.mmr} does not rise from tier {n - 1}'s {low.mmr}"
        if high.max_leverage >= low.max_leverage:
            return f"tier {n} max leverage {high.max_leverage} does not fall from tier {n - 1}'s {low.max_leverage}"
        if amount_rule:
            expected = high.floor * (high.mmr - low.mmr) + low.maintenance_amount
            if abs(high.maintenance_amount - expected) > tolerance:
                return (f"tier {n} maintenance amount {high.maintenance_amount} breaks continuity: "
                        f"{high.floor}·({high.mmr} − {low.mmr}) + {low.maintenance_amount} = {expected}")
    return None


def validate_rows(rows: Sequence[Mapping[str, Any]], *, amount_rule: bool = True,
                  tolerance: Decimal = CENT) -> str | None:
    """`validate` for rows as fetched (shipped layout), including unreadable values."""
    try:
        tiers = parse_rows(rows)
    except TableError as exc:
        return str(exc)
    return validate(tiers, amount_rule=amount_rule, tolerance=tolerance)


def rules_for(venue: str, kind: str) -> dict[str, Any]:
    """The keyword arguments of `validate` for one venue's tables."""
    return {"amount_rule": venue not in NO_AMOUNT_RULE, "tolerance": SATOSHI if kind == "inverse" else CENT}
