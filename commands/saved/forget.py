"""/forget: erase everything riskbot stores about the caller, opt-in included. It asks first; only
`/forget confirm` deletes, and the reply says how many rows went."""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.invocation import Invocation
from commands.language.stored import erased_note, language_line, stored_language
from commands.saved.store_port import PositionStore, erasure
from commands.registry import Command, Option
from commands.reply import Action, Line, Reply
from commands.saved.common import with_store
from core.i18n import N_, _, _n

CONFIRM = Option("confirm", "choice", N_("yes = really erase everything"), choices=("yes",))


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        language = await stored_language(context, owner)   # kept without opt-in, erased all the same
        if not args.get("confirm"):
            positions = len(await store.list(owner))
            consented = await store.has_consented(owner)
            if not positions and not consented and not language:
                return Reply(command="forget", title=_("Nothing to forget"),
                             notes=(_("riskbot stores nothing about you."),), result={"deleted": 0})
            return Reply(command="forget", title=_("Erase everything riskbot stores about you?"),
                         lines=(Line(_("Positions"), str(positions)),
                                Line(_("Opt-in"), _("yes") if consented else _("no")),
                                *((language_line(language),) if language else ())),
                         notes=(_("Nothing was deleted yet. To erase it all, send /forget confirm."),
                                _("/export first if you want a copy.")),
                         result={"deleted": 0, "confirm_needed": True},
                         actions=(Action(_("Yes, erase everything"), "/forget confirm"),))
        removed = await store.forget(owner)   # the /lang choice too, in the same transaction
        return Reply(command="forget", title=_("Forgotten"),
                     headline=Line(_("Deleted"), _n("{count} row", "{count} rows", removed)),
                     notes=(_("Your saved positions and your opt-in are gone. /optin starts again."),
                            *((erased_note(),) if language else ()), erasure(store)),
                     result={"deleted": removed})

    return await with_store("forget", N_("Couldn't erase your data right now: storage is unavailable. Nothing was "
                                         "lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="forget",
    summary=N_("Erase everything riskbot stores about you (asks you to confirm)"),
    options=(CONFIRM,),
    examples=("/forget confirm",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    private=True,
)
