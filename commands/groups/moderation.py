"""What the moderator commands share: reaching the group store, and the answers when they can't.

The same rules as saved positions (commands/saved/common.py), for groups: no database -> a plain
"needs the database" answer; `StorageUnavailable` -> "couldn't ..., try again", nothing changed;
commands about a group used outside one say where they work.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from commands.context import Context
from commands.errors import UsageError
from commands.groups.store_port import GroupStore
from commands.invocation import Invocation
from commands.saved.store_port import StorageUnavailable
from commands.reply import ErrorInfo, Reply
from core.i18n import N_, _

log = logging.getLogger(__name__)

NO_DATABASE = N_("Group settings need the database, and this bot runs without one. /liq, /size and /pnl "
               "still work.")

Job = Callable[[GroupStore], Awaitable[Reply]]


def in_group_only(invocation: Invocation, name: str, example: str) -> None:
    if not invocation.is_group:
        raise UsageError(_("/{name} works in a group or server, where its moderators use it.", name=name), example)


async def with_groups(command: str, failed: str, context: Context, job: Job) -> Reply:
    """`job` on the group store. `failed` is the whole sentence said when storage is unavailable,
    marked with N_ by the caller (a verb phrase glued into a sentence would not translate)."""
    if context.groups is None:
        return Reply(command=command, title=_("Group settings are off on this bot"), notes=(_(NO_DATABASE),),
                     result={"storage": False})
    try:
        return await job(context.groups)
    except StorageUnavailable as exc:
        log.warning("/%s: storage unavailable: %s", command, exc.message)
        return Reply(command=command, error=ErrorInfo("storage", _(failed)))
