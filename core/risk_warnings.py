"""Warnings as data: a stable `code`, a `level` and a plain-words `text`.

Core decides what is dangerous; adapters only choose how to show it. Levels: `danger` (you will
likely lose the position or the stop cannot work), `warn` (a real risk worth a second look),
`info` (context, such as "no liquidation price").
"""

from __future__ import annotations

from dataclasses import dataclass

from core.daily_moves import typical_range
from core.exactness import exactness_of
from core.i18n import _


@dataclass(frozen=True)
class RiskWarning:
    code: str
    level: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "level": self.level, "text": self.text}


# The warnings whose text never changes are functions, not shared constants: each answer speaks
# them in the asker's language (a constant built at import time would stay English forever).
def no_liquidation() -> RiskWarning:
    return RiskWarning("no_liquidation", "info",
                       _("No liquidation price: the margin covers a fall of the price to zero."))


def stop_beyond_liquidation() -> RiskWarning:
    return RiskWarning("stop_beyond_liquidation", "danger",
                       _("Your stop is beyond the liquidation price: you would be liquidated before it can fire."))


def cross_whole_balance() -> RiskWarning:
    return RiskWarning("cross_whole_balance", "warn",
                       _("Cross margin: your whole balance backs this position and is at risk, "
                         "and other positions move this price."))


def estimate_warning(why: str) -> RiskWarning:
    """An answer riskbot cannot compute the way the venue does (no published formula, or one that
    leaves part of the venue's rule out), with the reason in plain words (`why`, already spoken)."""
    return RiskWarning("estimate", "warn", _("Estimate, not the venue's own number: {why}", why=why))


def _fmt_pct(value) -> str:
    return f"{value:.1f}%"


def position_warnings(liq, stop=None, threshold=None, exactness=None) -> list[RiskWarning]:
    """Everything worth telling a trader about one computed position (`core.liquidation.Liquidation`).
    `exactness` is `exactness_of(liq)` when the caller has it already (the reply card does)."""
    spec = liq.spec
    out: list[RiskWarning] = []
    lp = liq.liquidation_price
    if lp is None:
        out.append(no_liquidation())
    if stop is not None:
        if lp is not None and (stop - lp) * spec.side <= 0:
            out.append(stop_beyond_liquidation())
        elif (spec.entry - stop) * spec.side <= 0:
            out.append(RiskWarning("stop_wrong_side", "warn",
                                   _("Your stop is on the wrong side of the entry for a long.") if spec.side > 0
                                   else _("Your stop is on the wrong side of the entry for a short.")))
    distance = liq.distance_pct
    if distance is not None:
        daily = typical_range(spec.symbol)
        if abs(distance) < daily.pct:
            away, usual = _fmt_pct(abs(distance)), _fmt_pct(daily.pct)
            text = (_("Liquidation is {distance} away, less than a typical altcoin's usual daily range (about "
                      "{range}): one ordinary wick can close this position.", distance=away, range=usual)
                    if daily.generic else
                    _("Liquidation is {distance} away, less than {symbol}'s usual daily range (about {range}): "
                      "one ordinary wick can close this position.", distance=away, symbol=spec.symbol, range=usual))
            out.append(RiskWarning("liq_within_daily_range", "danger", text))
    exactness = exactness or exactness_of(liq)
    if exactness.is_estimate:
        out.append(estimate_warning(exactness.why))
    if liq.venue.max_leverage_known and liq.leverage > liq.max_leverage_at_entry:
        asked, maximum = f"{liq.leverage.normalize():f}x", f"{liq.max_leverage_at_entry.normalize():f}x"
        out.append(RiskWarning("above_venue_max_leverage", "danger", _(
            "{leverage} is above {venue}'s maximum of {maximum} for this position size.",
            leverage=asked, venue=liq.venue.name, maximum=maximum)))
    if threshold is not None and liq.leverage > threshold:
        asked = f"{liq.leverage:.0f}x"
        out.append(RiskWarning("high_leverage", "warn", _(
            "{leverage} is high leverage: a {move} move against you wipes out the initial margin.",
            leverage=asked, move=_fmt_pct(100 / liq.leverage))))
    if spec.margin_mode == "cross":
        out.append(cross_whole_balance())
    return out
