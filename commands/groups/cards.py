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
from core.i18n import N_, _
from core.venues import venue as get_venue

LADDER = build.LADDER_LEVERAGES
LADDER_SYMBOL = "BTC"

# The built-in cards' words, marked for the catalogue and spoken when a card is built (a scheduled
# post included), so every group reads them in its language. A custom card is the moderators' own.
TEXTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "basics": (N_("Risk warning: leverage and liquidation"), (
        N_("Leverage multiplies the move against you as much as the move for you: at 10x, a 10% drop "
           "is the whole margin."),
        N_("The venue does not wait for zero: it liquidates when your margin falls to its maintenance "
           "level, a little before that, and keeps the rest as a fee."),
        N_("Size from the loss you can take: a stop-out should cost 1-2% of the account, not the account."),
    )),
    "modes": (N_("Risk warning: isolated or cross"), (
        N_("Isolated: only the margin put on this position can be lost. It is liquidated on its own."),
        N_("Cross: your whole futures balance backs every cross position. One bad trade can drain the "
           "account and pull the others down with it."),
        N_("Not sure which you are on? Check the order form before you enter, not after."),
    )),
    "liq": (N_("Risk warning: know your liquidation price first"), (
        N_("Before you enter, know where you would be liquidated: /liq long BTC 60000 25x shows it the way "
           "the venue computes it."),
        N_("Put your stop well before that price. Wicks go further than charts suggest, and a liquidation "
           "costs an extra fee on top of the loss."),
        N_("If the liquidation price sits inside an ordinary day's range, the position is too big."),
    )),
}


def card(template: str, settings: GroupSettings | None, context: Context) -> Reply:
    """The card for `template` (one of group_args.TEMPLATES) as a public Reply."""
    if template == "ladder":
        return ladder(context.default_venue)
    if template == "custom":
        text = settings.warning_text if settings else None
        if not text:
            raise UsageError(_("This group has no custom warning yet. A moderator sets one with "
                               "/set warning=Your text here."), RISKWARN_EXAMPLE)
        return Reply(command="riskwarn", title=_("Risk warning from the moderators"), notes=(text,),
                     result={"template": "custom"})
    title, paragraphs = TEXTS[template]
    return Reply(command="riskwarn", title=_(title), notes=tuple(_(paragraph) for paragraph in paragraphs),
                 result={"template": template})


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
            rows.append(Line(f"{rung}x", _("not offered on {venue}", venue=v.name)))
        elif not move:
            rows.append(Line(f"{rung}x", _("liquidated at once (margin below maintenance)")))
        else:
            rows.append(Line(f"{rung}x", _("a {move} drop liquidates a long", move=display.pct(move))))
        distances[str(rung)] = None if move is None else display.number(move)
    daily = typical_range(LADDER_SYMBOL)
    return Reply(
        command="riskwarn", title=_("Risk warning: the leverage ladder on {venue}", venue=v.name), lines=tuple(rows),
        notes=(_("{symbol} often moves about {move} in a day: every rung whose drop is smaller than that can be "
                 "closed by one ordinary day.", symbol=LADDER_SYMBOL, move=display.pct(daily.pct)),
               _("{venue}'s first maintenance tier; shorts are much the same. /liq gives yours exactly.",
                 venue=v.name)),
        result={"template": "ladder", "venue": venue_key, "distance_pct": distances})
