"""/delete ID: remove one saved position. Someone else's id gets the same "not found" as an id
that never existed."""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore
from commands.registry import Command
from commands.reply import Reply
from commands.saved.common import ID, not_found, require_id, with_store
from core.i18n import N_, _

EXAMPLE = "/delete 3"


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    position_id = require_id(args, EXAMPLE)

    async def job(store: PositionStore, owner: str) -> Reply:
        if not await store.delete(owner, position_id):
            return not_found("delete", position_id)
        return Reply(command="delete", title=_("Deleted #{id}", id=position_id),
                     result={"id": position_id, "deleted": True},
                     notes=(_("/positions lists what is left; /forget confirm erases everything."),))

    return await with_store("delete", N_("Couldn't delete that position right now: storage is unavailable. Nothing "
                                         "was lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="delete",
    summary=N_("Delete one saved position"),
    options=(ID,),
    examples=(EXAMPLE,),
    user_install=True,
    run=run,
    accepts_free_text=False,
    private=True,
)
