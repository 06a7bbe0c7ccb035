"""/venues: every venue riskbot knows, its contracts, how exact its answers are, the formula's source
and the date of its tier table, one short line each so the list reads on a phone.

The facts come from core.venue_list (the profiles and the market catalogue), so the list shows what
/liq uses, including tables installed by a refresh.
"""

from __future__ import annotations

from typing import Any

from commands.calculators.position_reply import short_source
from commands.context import Context
from commands.invocation import Invocation
from commands.registry import Command
from commands.reply import Line, Reply
from core.i18n import N_, _
from core.venue_list import VenueListing, venue_listings

SOURCE_CHARS = 60


def _sources(v: VenueListing) -> str:
    shown = dict.fromkeys(short_source(c.source, SOURCE_CHARS) for c in v.contracts)
    return "; ".join(shown)


def _line(v: VenueListing) -> Line:
    contracts = v.line().split(": ", 1)[1]   # the listing's own words, without the venue's name
    return Line(v.name, _("{contracts}. Formula: {sources}", contracts=contracts, sources=_sources(v)))


def _json(v: VenueListing) -> dict[str, Any]:
    return {"key": v.key, "name": v.name, "contracts": [
        {"contract": c.contract, "exactness": c.exactness, "cross_exactness": c.cross_exactness,
         "why": c.why or None, "formula_source": c.source, "table_as_of": c.table_as_of, "tables": c.contracts}
        for c in v.contracts]}


def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    listings = venue_listings()
    return Reply(
        command="venues", title=_("Venues riskbot knows ({count})", count=len(listings)),
        lines=tuple(_line(v) for v in listings),
        notes=(_("exact: the venue's published formula and tiers; exact in tier 1: beyond it a derived form; "
                 "estimate: no published formula (the answer says why)."),
               _("Name one in a command ({example}) or set a group's with /set venue=.",
                 example="/liq long BTC 60000 25x gate"),
               _("{example} shows the formula and its source.", example="/liq ... explain")),
        result={"venues": [_json(v) for v in listings]})


COMMAND = Command(
    name="venues",
    summary=N_("Every venue riskbot knows: contracts, how exact, formula source and table date"),
    options=(),
    examples=("/venues",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    inline=True,
)
