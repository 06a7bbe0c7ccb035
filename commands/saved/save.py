"""/save: keep a position (the /liq grammar plus a size and an optional label), for users who opted in.

Before consent nothing is written: the reply says exactly what would be stored and how to remove
it, and asks for /optin (or `consent=yes` on the same line). The answer is the saved id and the
same card /liq shows.
"""

from __future__ import annotations

from typing import Any

from commands import options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import MAX_INPUT_CHARS, Invocation
from commands.saved.store_port import ConsentRequired, NewPosition, PositionStore
from commands.registry import Command, Option
from commands.reply import Action, Line, Reply
from commands.saved.common import (
    LABEL, OPT_IN, compute, label_text, position_record, refuse_unstorable, what_is_stored,
    with_store,
)
from commands.calculators.extras.funding import read_funding
from commands.calculators.extras.sections import with_sections
from commands.calculators.position_reply import liquidation_reply
from core.i18n import N_, _

EXAMPLE = "/save long BTC 60000 25x qty=0.5 label=swing"
CONSENT = Option("consent", "choice", N_("yes = opt in to saving with this command"), choices=("yes", "no"))


def _consent_needed(invocation: Invocation) -> Reply:
    # The button re-sends the same /save with consent; one that would be too long to run is not offered.
    again = f"{' '.join(invocation.text.split())} consent=yes"
    button = (Action(_("Yes, opt in and save"), again),) if len(again) <= MAX_INPUT_CHARS else ()
    return Reply(command="save", title=_("Saving needs your OK first"), lines=what_is_stored(),
                 notes=(_("Nothing was saved."), _(OPT_IN)), result={"saved": False, "consent_required": True},
                 actions=button)


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    if "qty" not in args and "notional" not in args:
        raise UsageError(_("Give the size to save: qty= (base units) or notional= (quote)."), EXAMPLE)
    refuse_unstorable(args, EXAMPLE)
    liq = compute(args, context, EXAMPLE)
    position = NewPosition(**position_record(args, liq))

    async def job(store: PositionStore, owner: str) -> Reply:
        notes: tuple[str, ...] = ()
        if not await store.has_consented(owner):
            if not args.get("consent"):
                return _consent_needed(invocation)
            await store.record_consent(owner)
            notes = (_("You're opted in: riskbot keeps what you save until you /delete or /forget it."),)
        try:
            saved = await store.save(owner, position)
        except ConsentRequired:  # a /forget from another chat got in between
            return _consent_needed(invocation)
        if "balance" in args:
            notes += (_("balance= is your cross wallet, not part of the position: it was used for this card and "
                        "not saved. /portfolio balance=... counts all your cross positions."),)
        reply = with_sections(liquidation_reply("save", liq, context, args.get("sl"), None, bool(args.get("explain"))),
                              read_funding(args), liq)
        return Reply(
            command="save", title=_("Saved {position} · {card}", position=label_text(saved), card=reply.title),
            headline=reply.headline,
            lines=(Line(_("Saved as"), _("#{id}; /position {id} shows it, /delete {id} removes it", id=saved.id)),
                   *reply.lines),
            warnings=reply.warnings, notes=(*notes, *reply.notes),
            result={**reply.result, "saved": True, "id": saved.id, "label": saved.label})

    return await with_store("save", N_("Couldn't save that right now: storage is unavailable. Nothing was lost; "
                                       "try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="save",
    summary=N_("Save a position (opt-in) and see its liquidation card; takes the /liq options"),
    options=(*o.POSITION, o.QTY, o.NOTIONAL, o.MARGIN, o.BALANCE, o.STOP, o.TAKE_PROFIT, o.MMR, o.CUM, o.FEE,
             o.EXPLAIN, LABEL, CONSENT, *o.FUNDING_OPTIONS),
    examples=(EXAMPLE, "/save short ETH 3000 10x qty=2 sl=3150 consent=yes", "/save long BTC 60000 cross 10x qty=0.2"),
    user_install=True,
    run=run,
    private=True,
)
