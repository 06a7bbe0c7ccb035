"""Tier rows for the venues added with issue 15, built from the fields each venue publishes, and
Bitget's switch between its old and new maintenance method.

Why this exists: none of these venues hands over a Binance-shaped table. Bitget lists tiers without
the offset its formula needs (it is derived, like Binance's cum); Gate lists a cumulative
`deduction`; MEXC lists no tiers at all, only risk-step fields in its contract detail; BloFin
counts tiers in contracts. Each function here turns one venue's documented shape into
`core.tiers.Tier` rows, so the refresh code (outside core) only fetches and validates. A shape
that cannot be read raises ValueError: the caller keeps its previous good table (those reasons are
for the operator's log and stay English; a trader's `opened=` date is refused in their language).

Pure: numbers in, rows out. Field names are the venues' own (research notes, tiers-and-venues §3).
"""

from __future__ import annotations

import calendar
from dataclasses import replace
import re
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Iterable, Mapping

from core.errors import CalculationError
from core.i18n import _
from core.tiers import Tier, TierTable

ZERO = Decimal(0)
ONE = Decimal(1)
# Where a venue's maximum leverage is not known and no rate bounds it: high enough never to refuse a
# real position (core refuses any leverage whose margin is below maintenance anyway), and never shown
# as the venue's own maximum (profiles carry max_leverage_known=False).
NO_STATED_MAXIMUM = Decimal(1000)


def _dec(row: Mapping[str, object], key: str) -> Decimal:
    raw = row.get(key)
    if raw is None or raw == "" or isinstance(raw, bool):
        raise ValueError(f"missing {key}")
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise ValueError(f"{key} is not a number: {str(raw)[:20]!r}") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"{key} must be a finite number ≥ 0")
    return value


def offsets(floors: Iterable[Decimal], rates: Iterable[Decimal]) -> tuple[Decimal, ...]:
    """The maintenance offset of each tier: offset_1 = 0, offset_n = floor_n·(MMR_n − MMR_(n−1)) +
    offset_(n−1), i.e. the sum over the lower tiers' boundaries of boundary × rate step. It makes
    value·MMR − offset continuous at every boundary. Bitget's offset and Binance's cum are this.
    Example (Bitget's): tiers 0.40% to 200,000 then 0.50% → offsets (0, 200)."""
    out: list[Decimal] = []
    previous_rate = None
    for floor, rate in zip(floors, rates):
        out.append(ZERO if previous_rate is None else floor * (rate - previous_rate) + out[-1])
        previous_rate = rate
    return tuple(out)


def maintenance_ceiling(mmr: Decimal) -> Decimal:
    """The whole leverage at which the initial margin reaches the maintenance margin (⌊1/MMR⌋). No
    position can be held at or above it, so it bounds leverage where a venue's own maximum is not
    known. It is not the venue's offered maximum."""
    return (ONE / mmr).to_integral_value(rounding=ROUND_FLOOR) if mmr > 0 else NO_STATED_MAXIMUM


def _tiers(rows: list[tuple[Decimal, Decimal | None, Decimal, Decimal, Decimal]]) -> tuple[Tier, ...]:
    """(floor, cap, max_leverage, mmr, amount) rows → Tiers, checked: floors ascend, each cap is the
    next floor, rates do not fall."""
    tiers = tuple(Tier(n, *row) for n, row in enumerate(rows, start=1))
    for low, high in zip(tiers, tiers[1:]):
        if low.cap != high.floor or high.mmr < low.mmr:
            raise ValueError(f"tiers {low.number} and {high.number} do not join")
    for tier in tiers:
        if tier.cap is not None and tier.cap <= tier.floor:
            raise ValueError(f"tier {tier.number} is empty")
    return tiers


def bitget_tiers(rows: list[Mapping[str, object]]) -> tuple[Tier, ...]:
    """Bitget `query-position-lever` rows (level, startUnit, endUnit, leverage, keepMarginRate;
    bounds in USDT of position value) → Tiers, with the offset derived by `offsets` since Bitget
    lists none. Example: [{level 1, 0–200,000, 0.004}, {level 2, 200,000–…, 0.005}] → offsets 0, 200."""
    ordered = sorted(rows, key=lambda r: _dec(r, "level"))
    floors = [_dec(r, "startUnit") for r in ordered]
    rates = [_dec(r, "keepMarginRate") for r in ordered]
    return _tiers([(floor, _dec(r, "endUnit"), _dec(r, "leverage"), rate, offset)
                   for r, floor, rate, offset in zip(ordered, floors, rates, offsets(floors, rates))])


def gate_tiers(rows: list[Mapping[str, object]]) -> tuple[Tier, ...]:
    """Gate `risk_limit_tiers` rows (tier, risk_limit, maintenance_rate, leverage_max, deduction) →
    Tiers. `risk_limit` is the tier's upper bound; the floor is the previous tier's risk_limit.
    Gate's `deduction` is cumulative (like cum) and kept as published; only beyond tier 1 does the
    formula need it, and that use is riskbot's derivation (see core.formulas.GATE_LINEAR)."""
    ordered = sorted(rows, key=lambda r: _dec(r, "tier"))
    out, floor = [], ZERO
    for r in ordered:
        cap = _dec(r, "risk_limit")
        out.append((floor, cap, _dec(r, "leverage_max"), _dec(r, "maintenance_rate"), _dec(r, "deduction")))
        floor = cap
    return _tiers(out)


def mexc_tiers(detail: Mapping[str, object]) -> tuple[Tier, ...]:
    """MEXC publishes no tier list; its contract detail gives the steps to build one (derived tiers).

    Level 1 holds positions up to `riskBaseVol` at `maintenanceMarginRate`. Each further level widens
    the limit by `riskIncrVol` and raises the rate by `riskIncrMmr`, up to `riskLevelLimit` levels;
    nothing is listed beyond the last. Bounds are in contracts (MEXC's "vol"); with `contractSize`
    they become base units (contracts × contractSize). A level's maximum leverage is
    1/(initialMarginRate + steps·riskIncrImr) when those fields are given, else the maintenance
    ceiling. No offset: MEXC's published formula fixes maintenance at entry on the whole value.
    Example: base 10,000, step 200,000, +0.4% per level, 0.4% at level 1, 3 levels → 0–10,000 at
    0.4%, 10,000–210,000 at 0.8%, 210,000–410,000 at 1.2%."""
    base, step, rate, rate_step = (_dec(detail, k) for k in
                                   ("riskBaseVol", "riskIncrVol", "maintenanceMarginRate", "riskIncrMmr"))
    levels = int(_dec(detail, "riskLevelLimit"))
    if not 1 <= levels <= 100 or base <= 0:
        raise ValueError("riskLevelLimit must be 1–100 and riskBaseVol positive")
    if levels > 1 and step <= 0:
        raise ValueError("riskIncrVol must be positive when there is more than one level")
    unit = _dec(detail, "contractSize") if detail.get("contractSize") not in (None, "") else ONE
    given = [k for k in ("initialMarginRate", "riskIncrImr") if detail.get(k) not in (None, "")]
    imr, imr_step = (_dec(detail, k) if k in given else None for k in ("initialMarginRate", "riskIncrImr"))
    out, floor = [], ZERO
    for k in range(levels):
        cap = base + k * step
        mmr = rate + k * rate_step
        level_imr = None if imr is None else imr + k * (imr_step or ZERO)
        leverage = ((ONE / level_imr).to_integral_value(rounding=ROUND_FLOOR) if level_imr
                    else maintenance_ceiling(mmr))
        out.append((floor * unit, cap * unit, leverage, mmr, ZERO))
        floor = cap
    return _tiers(out)


def blofin_tiers(rows: list[Mapping[str, object]]) -> tuple[Tier, ...]:
    """BloFin `position-tiers` rows (minSize, maxSize, maintenanceMarginRate, maxLeverage) → Tiers in
    contracts (BloFin's announcements count tiers in contracts; the contract value comes from its
    instruments endpoint and converts them). No offset: BloFin publishes none, and the OKX-style
    formula riskbot uses for it has none."""
    ordered = sorted(rows, key=lambda r: _dec(r, "minSize"))
    return _tiers([(_dec(r, "minSize"), _dec(r, "maxSize"), _dec(r, "maxLeverage"),
                    _dec(r, "maintenanceMarginRate"), ZERO) for r in ordered])


def without_offsets(table: TierTable) -> TierTable:
    """The same table with every offset at 0: Bitget's method for positions opened before the
    offset took effect (the tier rate on the whole value)."""
    return replace(table, tiers=tuple(replace(t, maintenance_amount=ZERO) for t in table.tiers))


_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|([+-])(\d{2}):(\d{2}))?",
                      re.ASCII)
_OPENED_EXAMPLE = "/liq long BTC 60000 25x bitget opened=2025-11-01"


def _instant(text: str) -> tuple[int, int, bool]:
    """(seconds since 1970 UTC, the UTC day as days since 1970, whether a time was given). Parsed by
    hand because core keeps clear of `datetime` (it has no clock); `calendar.timegm` only converts.
    Dates without an offset are read as UTC."""
    match = _INSTANT.fullmatch(text.strip()) if len(text) <= 40 else None
    if match is None:
        raise CalculationError(_("I couldn't read '{text}' as a date: write it like 2025-11-01 or "
                                 "2025-11-10T07:30 (UTC).", text=text[:40]), _OPENED_EXAMPLE)
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    sign, off_h, off_m = match.group(8), int(match.group(9) or 0), int(match.group(10) or 0)
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] and hour < 24 and minute < 60
            and second < 60 and off_h < 24 and off_m < 60 and year >= 1970):
        raise CalculationError(_("'{text}' is not a real date.", text=text[:40]), _OPENED_EXAMPLE)
    offset = (off_h * 3600 + off_m * 60) * (-1 if sign == "-" else 1)
    local_day = calendar.timegm((year, month, day, 0, 0, 0))
    return local_day + hour * 3600 + minute * 60 + second - offset, local_day // 86400, match.group(4) is not None


def opened_before(opened: str | None, cutoff: str) -> bool:
    """Whether a position opened at `opened` (ISO date or date-time, UTC unless an offset is given)
    predates `cutoff`. None means a position opened now, under the current method: core has no
    clock, and the current method is what a new position gets. A bare date on the cutoff's own day
    cannot be placed on either side of a mid-day cutoff, so it is refused with a request for the time.
    Example: cutoff 2025-11-10T08:00Z: "2025-11-09" → True, "2025-11-10T09:00+02:00" → True (07:00 UTC),
    "2025-11-10" → asks for the time."""
    if opened is None:
        return False
    when, day, timed = _instant(opened)
    limit, limit_day = _instant(cutoff)[:2]
    if not timed and day == limit_day and limit % 86400:
        hhmm = f"{limit % 86400 // 3600:02d}:{limit % 3600 // 60:02d}"
        raise CalculationError(_("The method changed during that day, at {time} UTC: give the time you opened too.",
                                 time=hhmm),
                               f"/liq long BTC 60000 25x bitget opened={cutoff[:10]}T07:30")
    return when < limit
