"""Chart inputs from core results: one call per chart, so a command never assembles one by hand.

Imports core and `commands.display` only (no Pillow, nothing from `bot`), like `model`: a command
builds one and puts it on its Reply; the adapters draw it with `bot.charts`. The numbers are the ones the text answer prints, because they
come from the same `Liquidation`, the same tier tables and the same daily-range table.

The words are the catalogue's, in the asker's language, except where the chart font cannot draw
it (zh-CN: English; see commands/charts/speech.py); each chart records the language it was built
in, so the renderer's own words match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from commands.charts.model import LEVELS, MAX_BARS, LeverageLadder, PositionBar, PositionsOverview, PriceLadder, \
    PriceLine, Rung
from commands import display
from commands.charts.speech import chart_speech
from core.daily_moves import DailyRange, typical_range
from core.errors import CalculationError
from core.i18n import N_, _, speaking
from core.markets import CATALOGUE
from core.liquidation import Liquidation, PositionSpec, liquidation
from core.risk_warnings import position_warnings
from core.venues import venue as get_venue

LADDER_LEVERAGES = (5, 10, 20, 25, 50, 75, 100)
LADDER_ENTRY = Decimal(100_000)  # any entry gives the same percentages in the first tier
SIDES = {1: N_("long"), -1: N_("short")}
MODES = {"isolated": N_("isolated"), "cross": N_("cross")}
KINDS = {"linear": N_("linear"), "inverse": N_("inverse")}
OVERVIEW_TITLE = N_("Your saved positions")


def daily_label(symbol: str, daily: DailyRange) -> str:
    """Says whose range it is: a generic figure must not pass for the asset's own."""
    if daily.generic:
        return _("a typical altcoin: one day's range ±{move}", move=display.pct(daily.pct))
    return _("{symbol}: one day's range ±{move}", symbol=symbol, move=display.pct(daily.pct))


def _side_word(side: int) -> str:
    return _(SIDES[1 if side > 0 else -1])


def targets(tp: object) -> tuple[Decimal, ...]:
    """tp= as a tuple of prices. The grammar reads it as a list of (price, share) pairs
    (commands/terms/targets.py); a bare price is one target."""
    if tp is None:
        return ()
    items = tp if isinstance(tp, (tuple, list)) else (tp,)
    return tuple(item[0] if isinstance(item, tuple) else item for item in items)  # type: ignore[misc]


def price_ladder(liq: Liquidation, stop: Decimal | None = None, targets: Sequence[Decimal] = ()) -> PriceLadder:
    """The ladder of one computed position, with the stop and take-profit targets the trader gave."""
    with speaking(chart_speech()) as said:
        return _price_ladder(liq, stop, targets, said.language, said.regional)


def _price_ladder(liq: Liquidation, stop: Decimal | None, targets: Sequence[Decimal], language: str,
                  regional: bool) -> PriceLadder:
    spec = liq.spec
    lines = [PriceLine("target", _("Target") if len(targets) == 1 else f"TP{i}", t)
             for i, t in enumerate(targets, start=1)]
    if stop is not None:
        lines.append(PriceLine("stop", _("Stop"), stop))
    if liq.liquidation_price is not None and liq.liquidation_price >= 0:
        lines.append(PriceLine("liquidation", _("Liquidation"), liq.liquidation_price))
    if liq.bankruptcy_price is not None and liq.bankruptcy_price >= 0:
        lines.append(PriceLine("bankruptcy", _("Bankruptcy"), liq.bankruptcy_price))
    daily = typical_range(spec.symbol)
    kind = _(KINDS["inverse" if spec.contract == "inverse" else "linear"])
    if liq.table.as_of:
        subtitle = _("{venue} {kind} · tiers as of {date}", venue=liq.venue.name, kind=kind, date=liq.table.as_of)
    else:
        subtitle = _("{venue} {kind}", venue=liq.venue.name, kind=kind)
    mode = _(MODES[spec.margin_mode]) if spec.margin_mode in MODES else spec.margin_mode
    return PriceLadder(
        title=_("{symbol} {side} {leverage} {mode}", symbol=spec.symbol, side=_side_word(spec.side),
                leverage=display.leverage(liq.leverage), mode=mode),
        subtitle=subtitle, side=1 if spec.side > 0 else -1, entry=spec.entry,
        lines=tuple(lines), daily_move_pct=daily.pct, daily_label=daily_label(spec.symbol, daily),
        note="" if liq.liquidation_price is not None else _("No liquidation: the margin covers a fall to zero."),
        language=language, regional=regional)


def leverage_ladder(venue_key: str, symbol: str = "BTC", leverages: Iterable[int] = LADDER_LEVERAGES,
                    side: int = 1) -> LeverageLadder:
    """The move against a fresh position that liquidates it, at each leverage the venue offers,
    on the venue's first maintenance tier (the same basis as `/riskwarn ladder`)."""
    v = get_venue(venue_key)
    found = CATALOGUE.resolve(symbol, venue_key, "linear")
    # The listed contract's own maximum (Hyperliquid BTC: 40x), as /liq checks it.
    limit = found.contract.max_leverage if v.max_leverage_known and found.ok and found.contract else v.max_leverage
    rungs = []
    for rung in leverages:
        leverage = Decimal(rung)
        if leverage > limit:
            continue
        spec = PositionSpec(venue=venue_key, symbol=symbol, side=side, entry=LADDER_ENTRY, leverage=leverage)
        try:
            distance = liquidation(spec).distance_pct
        except CalculationError:  # margin below maintenance: liquidated at once
            distance = Decimal(0)
        if distance is not None:  # a 1x long has none and is left out, like a rung not offered
            rungs.append(Rung(leverage, abs(distance)))
    daily = typical_range(symbol)
    with speaking(chart_speech()) as said:
        return LeverageLadder(
            title=_("Leverage ladder · {venue}", venue=v.name),
            subtitle=_("move against a fresh {symbol} {side} that liquidates it (first tier)", symbol=symbol,
                       side=_side_word(side)),
            rungs=tuple(rungs), daily_move_pct=daily.pct, daily_label=daily_label(symbol, daily),
            language=said.language, regional=said.regional)


def warning_level(liq: Liquidation, stop: Decimal | None = None, threshold: Decimal | None = None) -> str:
    """The highest level among the position's warnings ("ok" when it has none)."""
    found = [w.level for w in position_warnings(liq, stop, threshold) if w.level in LEVELS]
    return max(found, key=LEVELS.index, default="ok")


def positions_overview(positions: Sequence[tuple[str, Liquidation, Decimal | None]],
                       threshold: Decimal | None = None, title: str = OVERVIEW_TITLE) -> PositionsOverview:
    """One bar per (label, computed position, stop), as `/positions` lists them. A `title` given is
    spoken through the catalogue too (mark it with `N_`)."""
    with speaking(chart_speech()) as said:
        bars = tuple(
            PositionBar(f"{label} {_bar_name(liq)}".strip(), None if liq.distance_pct is None else abs(liq.distance_pct),
                        warning_level(liq, stop, threshold), typical_range(liq.spec.symbol).pct)
            for label, liq, stop in positions[:MAX_BARS])
        return PositionsOverview(title=f"{_(title)} ({len(positions)})", bars=bars,
                                 hidden=max(0, len(positions) - MAX_BARS), language=said.language,
                                 regional=said.regional)


def _bar_name(liq: Liquidation) -> str:
    return _("{symbol} {side} {leverage}", symbol=liq.spec.symbol, side=_side_word(liq.spec.side),
             leverage=display.leverage(liq.leverage))
