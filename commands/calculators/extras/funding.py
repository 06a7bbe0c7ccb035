"""The funding section of /pnl and /liq (`funding=0.01%` or `funding=live`, `every=`, `hold=`): the
funding paid or received over the hold, and for an isolated position the liquidation price after
that funding has gone through the margin (core.calculators.funding).

`funding=live` asks the price feed for the venue's current rate and interval (the `funding` method
of commands/calculators/price_port.py) and says which rate it used and when it was read.
"""

from __future__ import annotations

from typing import Any

from commands import display
from commands.context import Context
from commands.errors import UsageError
from commands.calculators.price_port import PriceUnavailable
from commands.calculators.position_reply import NONE
from commands.reply import Line
from commands.terms.funding import read_every, read_funding_rate, read_hold
from core.errors import CalculationError
from core.calculators.funding import DEFAULT_INTERVAL_HOURS, project_funding
from core.i18n import _
from core.liquidation import PositionSpec
from core.venues import venue as get_venue

EXAMPLE = "/pnl long BTC 60000 10x qty=1 funding=0.01% every=8h hold=3d"
NAMES = ("funding", "every", "hold")


def read_funding(args: dict[str, Any]) -> dict[str, Any]:
    """`args` with funding= (a rate, or `live`), every= and hold= read from the text the grammar kept."""
    out = dict(args)
    if isinstance(out.get("funding"), str) and out["funding"].lower() != "live":
        out["funding"] = read_funding_rate(out["funding"])
    elif isinstance(out.get("funding"), str):
        out["funding"] = "live"
    for name, reader in (("every", read_every), ("hold", read_hold)):
        if isinstance(out.get(name), str):
            out[name] = reader(out[name])
    return out


def wants_funding(args: dict[str, Any]) -> bool:
    """Whether any funding option was given; a partial set is refused with what is missing."""
    given = [name for name in NAMES if name in args]
    if given and ("funding" not in args or "hold" not in args):
        raise UsageError(_("Funding needs both the rate and the hold: {example} ({optional} optional).",
                           example="funding=0.01% hold=3d", optional="every=8h"), EXAMPLE)
    return bool(given)


async def live_funding(args: dict[str, Any], spec: PositionSpec, context: Context
                       ) -> tuple[dict[str, Any], str | None]:
    """`args` with `funding=live` replaced by the venue's current rate (and its interval, unless
    every= was given), and a note saying which rate and when it was read; read as given otherwise."""
    args = read_funding(args)
    if args.get("funding") != "live":
        return args, None
    read = getattr(context.prices, "funding", None)
    if read is None:
        raise UsageError(_("Live funding rates are not available on this bot: give the rate, like funding=0.01%."),
                         EXAMPLE)
    try:
        live = await read(spec.venue, spec.contract, spec.symbol)
    except PriceUnavailable as exc:
        raise UsageError(_("Funding rate unavailable ({why}): give the rate, like funding=0.01%.",
                           why=exc.message.rstrip('.')), EXAMPLE) from exc
    every = args.get("every", live.interval_hours)
    when = live.fetched_at.strftime("%Y-%m-%d %H:%M UTC")
    interval = f"{every.normalize():f}h"
    note = _("Funding uses {venue}'s current rate for {instrument}, {rate} every {interval}, read {when}.",
             venue=get_venue(spec.venue).name, instrument=live.instrument, rate=display.rate(live.rate),
             interval=interval, when=when)
    return {**args, "funding": live.rate, "every": every}, note


def funding_section(args: dict[str, Any], spec: PositionSpec, unit: str
                    ) -> tuple[tuple[Line, ...], dict[str, Any], tuple[str, ...]]:
    """Lines, JSON fields and notes for the funding over the hold (a rate, not `live`: see above)."""
    rate, every = args["funding"], args.get("every", DEFAULT_INTERVAL_HOURS)
    try:
        f = project_funding(spec, rate, args["hold"], every)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example or EXAMPLE) from exc
    money = display.quantity if spec.contract == "inverse" else display.amount
    said = dict(total=money(abs(f.total)), unit=unit, count=f.intervals, interval=f"{every.normalize():f}h",
                rate=display.rate(rate), each=money(abs(f.per_interval)))
    lines = [Line(_("Funding"), _("{total} {unit} paid over {count} × {interval} at {rate} ({each} each)", **said)
                  if f.total < 0 else
                  _("{total} {unit} received over {count} × {interval} at {rate} ({each} each)", **said))]
    n = display.number
    result: dict[str, Any] = {"funding_rate": n(rate), "funding_interval_hours": n(every),
                              "funding_intervals": f.intervals, "funding_total": n(f.total),
                              "funding_per_interval": n(f.per_interval), "liquidation_after_funding": None}
    if spec.margin_mode == "isolated":
        if f.margin_exhausted or f.after is None:
            lines.append(Line(_("After funding"), _("the funding uses up the margin: liquidated before the hold ends")))
        else:
            lp = f.after.liquidation_price
            lines.append(Line(_("Liquidation after funding"), display.price(lp) if lp is not None else _(NONE)))
            result["liquidation_after_funding"] = n(lp)
    notes = [_("Funding is taken on the entry value at a steady rate: a projection, not a forecast.")]
    if f.one_more_possible:
        notes.append(_("The hold is not a whole number of intervals: it may cross one more funding time."))
    return tuple(lines), result, tuple(notes)
