"""/update ID key=value...: change a saved position (stop, leverage, entry, size, label, ...).

The changed position is computed before anything is written, so a row never holds a position the
calculator refuses (a leverage above the venue's maximum, say); the reply shows what changed and
the new card.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from commands import options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore, StoredPosition
from commands.registry import Command
from commands.reply import Line, Reply
from commands.saved.common import (
    ID, LABEL, card, compute, decimal_text, not_found, position_record, refuse_unstorable, require_id, stored_args,
    with_store,
)
from core.i18n import N_, _

EXAMPLE = "/update 3 sl=57000 leverage=10"
# How a changed field is named in the reply; a field not here (mmr, cum: option keys, the same in
# every language) is named by itself.
NAMES = {"side": N_("side"), "symbol": N_("symbol"), "contract": N_("contract"), "margin_mode": N_("margin mode"),
         "venue": N_("venue"), "entry": N_("entry"), "quantity": N_("size"), "leverage": N_("leverage"),
         "margin": N_("margin"), "stop": N_("stop"), "take_profit": N_("take-profit"), "label": N_("label"),
         "fee": N_("fee"), "targets": N_("targets"), "funding": N_("funding")}


def _shown(value: Any) -> str:
    if value is None:
        return _("none")
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def merged_args(p: StoredPosition, given: dict[str, Any]) -> dict[str, Any]:
    """The saved position with the user's changes laid over it, as parser-shaped arguments."""
    args = {**stored_args(p), "label": p.label, **given}
    if "symbol" in given and "contract" not in given and given["symbol"][1] is not None:
        args["contract"] = "inverse" if given["symbol"][1] == "USD" else "linear"
    if args.get("mode") == "cross" and "margin" not in given:
        args.pop("margin", None)  # posted isolated margin means nothing in cross
    if "notional" in given and "qty" not in given:
        args.pop("qty")
    return args


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    position_id = require_id(args, EXAMPLE)
    given = {k: v for k, v in args.items() if k != "id"}
    if not given:
        raise UsageError(_("Say what to change, e.g. sl=57000, leverage=10, qty=0.8 or label=swing."), EXAMPLE)
    refuse_unstorable(given, EXAMPLE)

    async def job(store: PositionStore, owner: str) -> Reply:
        p = await store.get(owner, position_id)
        if p is None:
            return not_found("update", position_id)
        new_args = merged_args(p, given)
        record = position_record(new_args, compute(new_args, context, EXAMPLE))
        changes = {k: v for k, v in record.items() if getattr(p, k) != v}
        if not changes:
            return replace(card("update", p, context), notes=(_("Nothing changed: those are the saved values."),))
        updated = await store.update(owner, position_id, **changes)
        if updated is None:  # deleted meanwhile, from another chat
            return not_found("update", position_id)
        what = "; ".join(f"{_(NAMES[k]) if k in NAMES else k} {_shown(getattr(p, k))} → {_shown(v)}"
                         for k, v in changes.items())
        return card("update", updated, context, before=(Line(_("Changed"), what),))

    return await with_store("update", N_("Couldn't update that position right now: storage is unavailable. Nothing "
                                         "was lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="update",
    summary=N_("Change a saved position: stop, take-profit, leverage, entry, size or label"),
    options=(ID, *(replace(opt, required=False) for opt in o.POSITION), o.QTY, o.NOTIONAL, o.MARGIN, o.STOP,
             o.TAKE_PROFIT, o.MMR, o.CUM, o.FEE, LABEL, *o.FUNDING_OPTIONS),
    examples=(EXAMPLE, "/update 3 qty=0.8 price=59500", "/update 3 label=breakout"),
    user_install=True,
    run=run,
    private=True,
)
