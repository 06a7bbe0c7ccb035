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

CONFIRM = Option("confirm", "choice", "yes = really erase everything", choices=("yes",))


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        language = await stored_language(context, owner)   # kept without opt-in, erased all the same
        if not args.get("confirm"):
            positions = len(await store.list(owner))
            consented = await store.has_consented(owner)
            if not positions and not consented and not language:
                return Reply(command="forget", title="Nothing to forget",
                             notes=("riskbot stores nothing about you.",), result={"deleted": 0})
            return Reply(command="forget", title="Erase everything riskbot stores about you?",
                         lines=(Line("Positions", str(positions)), Line("Opt-in", "yes" if consented else "no"),
                                *((language_line(language),) if language else ())),
                         notes=("Nothing was deleted yet. To erase it all, send /forget confirm.",
                                "/export first if you want a copy."),
                         result={"deleted": 0, "confirm_needed": True},
                         actions=(Action("Yes, erase everything", "/forget confirm"),))
        removed = await store.forget(owner)   # the /lang choice too, in the same transaction
        return Reply(command="forget", title="Forgotten",
                     headline=Line("Deleted", f"{removed} row{'s' if removed != 1 else ''}"),
                     notes=("Your saved positions and your opt-in are gone. /optin starts again.",
                            *((erased_note(),) if language else ()), erasure(store)),
                     result={"deleted": removed})

    return await with_store("forget", "erase your data", context, invocation, job)


COMMAND = Command(
    name="forget",
    summary="Erase everything riskbot stores about you (asks you to confirm)",
    options=(CONFIRM,),
    examples=("/forget confirm",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    private=True,
)
