"""The risk-warning cards moderators post with /riskwarn, and the scheduler posts on their behalf.

Written in the project's own words, short enough to read on a phone. The leverage ladder is not
prose: it is computed with the venue's own formula and first maintenance tier for BTC, so the
numbers are the ones /liq would give on the group's default venue; the card's text and its chart
(/riskwarn ladder, commands/charts/build.py) come from the same computation.
"""

from __future__ import annotations

from decimal import Decimal

from commands import display
from commands.context import Context
from commands.errors import UsageError
from commands.groups.args import RISKWARN_EXAMPLE
from commands.groups.store_port import GroupSettings
from commands.reply import Line, Reply
from commands.charts import build
from commands.charts.model import LeverageLadder
from core.daily_moves import typical_range
from core.venues import venue as get_venue

LADDER = build.LADDER_LEVERAGES
LADDER_SYMBOL = "BTC"

TEXTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "basics": ("Risk warning: leverage and liquidation", (
        "Leverage multiplies the move against you as much as the move for you: at 10x, a 10% drop "
        "is the whole margin.",
        "The venue does not wait for zero: it liquidates when your margin falls to its maintenance "
        "level, a little before that, and keeps the rest as a fee.",
        "Size from the loss you can take: a stop-out should cost 1-2% of the account, not the account.",
    )),
    "modes": ("Risk warning: isolated or cross", (
        "Isolated: only the margin put on this position can be lost. It is liquidated on its own.",
        "Cross: your whole futures balance backs every cross position. One bad trade can drain the "
        "account and pull the others down with it.",
        "Not sure which you are on? Check the order form before you enter, not after.",
    )),
    "liq": ("Risk warning: know your liquidation price first", (
        "Before you enter, know where you would be liquidated: /liq long BTC 60000 25x shows it the way "
        "the venue computes it.",
        "Put your stop well before that price. Wicks go further than charts suggest, and a liquidation "
        "costs an extra fee on top of the loss.",
        "If the liquidation price sits inside an ordinary day's range, the position is too big.",
    )),
}


def card(template: str, settings: GroupSettings | None, context: Context) -> Reply:
    """The card for `template` (one of group_args.TEMPLATES) as a public Reply."""
    if template == "ladder":
        return ladder(context.default_venue)
    if template == "custom":
        text = settings.warning_text if settings else None
        if not text:
            raise UsageError("This group has no custom warning yet. A moderator sets one with "
                             "/set warning=Your text here.", RISKWARN_EXAMPLE)
        return Reply(command="riskwarn", title="Risk warning from the moderators", notes=(text,),
                     result={"template": "custom"})
    title, paragraphs = TEXTS[template]
    return Reply(command="riskwarn", title=title, notes=paragraphs, result={"template": template})


def ladder_chart(venue_key: str) -> LeverageLadder:
    """The ladder's numbers, computed once for the card's text and its chart."""
    return build.leverage_ladder(venue_key, LADDER_SYMBOL, LADDER)


def ladder(venue_key: str) -> Reply:
    """How far BTC must move against a fresh long to liquidate it at each rung of leverage."""
    v = get_venue(venue_key)
    computed = {rung.leverage: rung.distance_pct for rung in ladder_chart(venue_key).rungs}
    rows: list[Line] = []
    distances: dict[str, float | None] = {}
    for rung in LADDER:
        move = computed.get(Decimal(rung))
        if move is None:
            rows.append(Line(f"{rung}x", f"not offered on {v.name}"))
        elif not move:
            rows.append(Line(f"{rung}x", "liquidated at once (margin below maintenance)"))
        else:
            rows.append(Line(f"{rung}x", f"a {display.pct(move)} drop liquidates a long"))
        distances[str(rung)] = None if move is None else display.number(move)
    daily = typical_range(LADDER_SYMBOL)
    return Reply(
        command="riskwarn", title=f"Risk warning: the leverage ladder on {v.name}", lines=tuple(rows),
        notes=(f"{LADDER_SYMBOL} often moves about {display.pct(daily.pct)} in a day: every rung whose drop is "
               "smaller than that can be closed by one ordinary day.",
               f"{v.name}'s first maintenance tier; shorts are much the same. /liq gives yours exactly."),
        result={"template": "ladder", "venue": venue_key, "distance_pct": distances})
