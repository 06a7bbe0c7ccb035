"""Warnings as data: a stable `code`, a `level` and a plain-words `text`.

Core decides what is dangerous; adapters only choose how to show it. Levels: `danger` (you will
likely lose the position or the stop cannot work), `warn` (a real risk worth a second look),
`info` (context, such as "no liquidation price").
"""

from __future__ import annotations

from dataclasses import dataclass

from core.daily_moves import typical_range
from core.exactness import exactness_of


@dataclass(frozen=True)
class RiskWarning:
    code: str
    level: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "level": self.level, "text": self.text}


# The warnings whose text never changes are built once: RiskWarning is frozen, so one shared
# instance per kind is as good as a new one per answer.
NO_LIQUIDATION = RiskWarning("no_liquidation", "info",
                             "No liquidation price: the margin covers a fall of the price to zero.")
STOP_BEYOND_LIQUIDATION = RiskWarning(
    "stop_beyond_liquidation", "danger",
    "Your stop is beyond the liquidation price: you would be liquidated before it can fire.")
CROSS_WHOLE_BALANCE = RiskWarning("cross_whole_balance", "warn",
                                  "Cross margin: your whole balance backs this position and is at risk, "
                                  "and other positions move this price.")


def estimate_warning(why: str) -> RiskWarning:
    """An answer riskbot cannot compute the way the venue does (no published formula, or one that
    leaves part of the venue's rule out), with the reason in plain words."""
    return RiskWarning("estimate", "warn", f"Estimate, not the venue's own number: {why}")


def _fmt_pct(value) -> str:
    return f"{value:.1f}%"


def position_warnings(liq, stop=None, threshold=None, exactness=None) -> list[RiskWarning]:
    """Everything worth telling a trader about one computed position (`core.liquidation.Liquidation`).
    `exactness` is `exactness_of(liq)` when the caller has it already (the reply card does)."""
    spec = liq.spec
    out: list[RiskWarning] = []
    lp = liq.liquidation_price
    if lp is None:
        out.append(NO_LIQUIDATION)
    if stop is not None:
        if lp is not None and (stop - lp) * spec.side <= 0:
            out.append(STOP_BEYOND_LIQUIDATION)
        elif (spec.entry - stop) * spec.side <= 0:
            out.append(RiskWarning("stop_wrong_side", "warn",
                                   f"Your stop is on the wrong side of the entry for a {'long' if spec.side > 0 else 'short'}."))
    distance = liq.distance_pct
    if distance is not None:
        daily = typical_range(spec.symbol)
        if abs(distance) < daily.pct:
            whose = "a typical altcoin's" if daily.generic else f"{spec.symbol}'s"
            out.append(RiskWarning("liq_within_daily_range", "danger",
                                   f"Liquidation is {_fmt_pct(abs(distance))} away, less than {whose} usual daily "
                                   f"range (about {_fmt_pct(daily.pct)}): one ordinary wick can close this position."))
    exactness = exactness or exactness_of(liq)
    if exactness.is_estimate:
        out.append(estimate_warning(exactness.why))
    if liq.venue.max_leverage_known and liq.leverage > liq.max_leverage_at_entry:
        out.append(RiskWarning("above_venue_max_leverage", "danger",
                               f"{liq.leverage.normalize():f}x is above {liq.venue.name}'s maximum of "
                               f"{liq.max_leverage_at_entry.normalize():f}x for this position size."))
    if threshold is not None and liq.leverage > threshold:
        out.append(RiskWarning("high_leverage", "warn",
                               f"{liq.leverage:.0f}x is high leverage: a {_fmt_pct(100 / liq.leverage)} move "
                               "against you wipes out the initial margin."))
    if spec.margin_mode == "cross":
        out.append(CROSS_WHOLE_BALANCE)
    return out
