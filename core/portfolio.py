"""Cross-margin liquidation prices for several positions that share one wallet (Binance USDⓈ-M).

Binance's cross formula (USDⓈ-M FAQ), solved for one symbol while every other symbol stays at its
mark price:

    LP = (WB − TMM1 + UPNL1 + Σ cum − Σ s·Q·EP) / (Σ Q·MMR − Σ s·Q)

The sums run over that symbol's legs: its one position in one-way mode, or its LONG and SHORT
positions in hedge mode (the FAQ's Position1BOTH = 0), which then share a single liquidation price.
TMM1 and UPNL1 are the maintenance margin (`Q·mark·MMR − cum`, tier at that notional) and the
unrealised PnL (`s·Q·(mark − EP)`) of every other symbol. It is the price P at which
`WB − TMM1 + UPNL1 + Σ s·Q·(P − EP) = Σ (Q·P·MMR − cum)`: equity equals maintenance.

The tier is the one that holds each leg at the liquidation price, as for one position. Maintenance
is continuous and piecewise linear in P (that is what `cum` is for), so the price axis is cut at
every tier boundary of every leg and the linear equation is solved on each piece; a root counts
only on its own piece. With one leg there is exactly one root; a hedge can have one on each side,
and the one nearest the mark is the liquidation price.

Worked example (Binance FAQ; figures as reproduced in freqtrade's tests): WB = 1,535,443.01;
BTCUSDT long 109.488 at 32,481.98, mark 31,967.27, MMR 2.5%, cum 16,300; ETHUSDT long 3,683.979
at 1,456.84, mark 1,335.18, MMR 10%, cum 135,365. For BTC, TMM1 = MM(ETH) = 356,512.508 and
UPNL1 = −448,192.885, so LP(BTC) = (1,535,443.01 − 356,512.508 − 448,192.885 + 16,300
− 109.488·32,481.98) / (109.488·0.025 − 109.488) = 26,316.89; likewise LP(ETH) = 1,153.26.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Hashable, Mapping, Sequence

from core.errors import CalculationError
from core.i18n import _
from core.tiers import Tier, TierTable

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CrossLeg:
    """One position in the cross wallet. `key` identifies it in the answer (a saved position's id)."""

    symbol: str
    side: int
    quantity: Decimal
    entry: Decimal
    table: TierTable
    key: Hashable = None


@dataclass(frozen=True)
class SidePosition:
    """All legs of one symbol and side, merged as the venue holds them: sizes add, entry averages."""

    symbol: str
    side: int
    quantity: Decimal
    entry: Decimal
    table: TierTable
    keys: tuple[Hashable, ...]

    def tier_at(self, price: Decimal) -> Tier:
        tier = self.table.at(self.quantity * price)
        if tier is None:
            shown = f"{price:f}"
            raise CalculationError(_(
                "{symbol} at {price} is beyond the last tier of the {table} table (as of {as_of}). Give the "
                "tier's rate with mmr= and cum=.", symbol=self.symbol, price=shown, table=self.table.name,
                as_of=self.table.as_of or _("n/a")))
        return tier

    def maintenance(self, price: Decimal) -> Decimal:
        tier = self.tier_at(price)
        return self.quantity * price * tier.mmr - tier.maintenance_amount

    def upnl(self, price: Decimal) -> Decimal:
        return self.side * self.quantity * (price - self.entry)


@dataclass(frozen=True)
class SymbolLiquidation:
    symbol: str
    mark: Decimal
    positions: tuple[SidePosition, ...]        # one in one-way mode; long then short in hedge mode
    liquidation_prices: tuple[Decimal, ...]    # every root, ascending; usually one
    tiers: tuple[Tier, ...]                    # each position's tier at the liquidation price
    other_maintenance: Decimal                 # TMM1
    other_upnl: Decimal                        # UPNL1
    maintenance_at_mark: Decimal
    upnl_at_mark: Decimal

    @property
    def liquidation_price(self) -> Decimal | None:
        if not self.liquidation_prices:
            return None
        return min(self.liquidation_prices, key=lambda p: abs(p - self.mark))

    @property
    def distance_pct(self) -> Decimal | None:
        lp = self.liquidation_price
        return None if lp is None else (lp - self.mark) / self.mark * HUNDRED

    @property
    def hedged(self) -> bool:
        return len(self.positions) > 1


@dataclass(frozen=True)
class CrossAccount:
    wallet: Decimal
    symbols: tuple[SymbolLiquidation, ...]
    maintenance: Decimal   # every position's maintenance margin at its mark
    upnl: Decimal          # every position's unrealised PnL at its mark

    @property
    def equity(self) -> Decimal:
        return self.wallet + self.upnl

    @property
    def margin_ratio(self) -> Decimal | None:
        """Maintenance over equity; the venue liquidates at 100%. None when equity is not positive."""
        return self.maintenance / self.equity if self.equity > 0 else None

    @property
    def below_maintenance(self) -> bool:
        return self.equity <= self.maintenance


def merge(legs: Sequence[CrossLeg]) -> dict[str, tuple[SidePosition, ...]]:
    """Group legs by symbol, then by side (long first), merging legs of the same side."""
    grouped: dict[str, dict[int, list[CrossLeg]]] = {}
    for leg in legs:
        if leg.side not in (1, -1) or leg.quantity <= 0 or leg.entry <= 0:
            raise CalculationError(_("{symbol}: a position needs a side, a size and an entry above zero.",
                                     symbol=leg.symbol))
        grouped.setdefault(leg.symbol, {}).setdefault(leg.side, []).append(leg)
    out: dict[str, tuple[SidePosition, ...]] = {}
    for symbol, sides in grouped.items():
        merged = []
        for side in sorted(sides, reverse=True):
            same = sides[side]
            if any(leg.table != same[0].table for leg in same):
                raise CalculationError(_("Your {symbol} positions use different tier tables or overrides; "
                                         "make them agree to merge them as the venue does.", symbol=symbol))
            q = sum((leg.quantity for leg in same), ZERO)
            entry = sum((leg.quantity * leg.entry for leg in same), ZERO) / q
            merged.append(SidePosition(symbol, side, q, entry, same[0].table, tuple(leg.key for leg in same)))
        out[symbol] = tuple(merged)
    return out


def _pieces(positions: tuple[SidePosition, ...]) -> list[tuple[Decimal, Decimal | None]]:
    """Price intervals [lo, hi) on which every position stays in one tier."""
    cuts = {t.floor / p.quantity for p in positions for t in p.table.tiers if t.floor > 0}
    cuts |= {t.cap / p.quantity for p in positions for t in p.table.tiers if t.cap is not None}
    bounds = [ZERO, *sorted(cuts)]
    return [(lo, bounds[i + 1] if i + 1 < len(bounds) else None) for i, lo in enumerate(bounds)]


def _roots(positions: tuple[SidePosition, ...], base: Decimal) -> tuple[list[tuple[Decimal, tuple[Tier, ...]]], bool]:
    """Every price where `base + Σ s·Q·(P − EP) = Σ MM(P)`, with the tiers in force there; and whether
    part of the price axis lies beyond a table's last tier (where nothing can be said)."""
    found, beyond = [], False
    for lo, hi in _pieces(positions):
        probe = hi / 2 if lo == 0 and hi is not None else lo * 2 if hi is None else (lo + hi) / 2
        tiers = tuple(p.table.at(p.quantity * probe) for p in positions)
        if any(t is None for t in tiers):
            beyond = True
            continue
        top = base + sum((t.maintenance_amount - p.side * p.quantity * p.entry for p, t in zip(positions, tiers)), ZERO)
        bottom = sum((p.quantity * t.mmr - p.side * p.quantity for p, t in zip(positions, tiers)), ZERO)
        if bottom == 0:
            continue
        price = top / bottom
        if price > 0 and lo <= price and (hi is None or price < hi):
            found.append((price, tiers))  # type: ignore[arg-type]
    return found, beyond


def cross_liquidation(wallet: Decimal, legs: Sequence[CrossLeg], marks: Mapping[str, Decimal]) -> CrossAccount:
    """Each symbol's liquidation price with every other symbol held at its mark price.

    `marks` gives one mark price per symbol; every symbol of `legs` needs one.
    """
    if not legs:
        raise CalculationError(_("There are no cross positions to compute."))
    groups = merge(legs)
    missing = [s for s in groups if s not in marks or marks[s] <= 0]
    if missing:
        raise CalculationError(_("Give a mark price above zero for {symbols}.", symbols=", ".join(missing)))
    mm = {s: sum((p.maintenance(marks[s]) for p in ps), ZERO) for s, ps in groups.items()}
    pnl = {s: sum((p.upnl(marks[s]) for p in ps), ZERO) for s, ps in groups.items()}
    total_mm, total_upnl = sum(mm.values(), ZERO), sum(pnl.values(), ZERO)
    results = []
    for symbol, positions in groups.items():
        other_mm, other_upnl = total_mm - mm[symbol], total_upnl - pnl[symbol]
        roots, beyond = _roots(positions, wallet - other_mm + other_upnl)
        net = sum((p.side * p.quantity for p in positions), ZERO)
        if not roots and beyond and net < 0:
            raise CalculationError(_(
                "The {symbol} liquidation price is beyond the last tier of the {table} table. Give the tier's "
                "rate with mmr= and cum=.", symbol=symbol, table=positions[0].table.name))
        roots.sort(key=lambda r: r[0])
        mark = marks[symbol]
        nearest = min(roots, key=lambda r: abs(r[0] - mark))[1] if roots else tuple(p.tier_at(mark) for p in positions)
        results.append(SymbolLiquidation(
            symbol, mark, positions, tuple(r[0] for r in roots), nearest, other_mm, other_upnl, mm[symbol], pnl[symbol]))
    return CrossAccount(wallet, tuple(results), total_mm, total_upnl)
