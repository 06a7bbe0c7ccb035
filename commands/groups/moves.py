"""A group that changes its id keeps what its moderators set up.

Telegram gives a group a new chat id when it is upgraded to a supergroup (and sends the bot a
service message in each chat saying so). The settings, audit trail and schedules follow it, through
the group store; both messages may arrive, in either order, more than once, and the store's move is
idempotent, so each simply asks for the same move.
"""

from __future__ import annotations

import logging

from commands.context import Context
from commands.saved.store_port import StorageUnavailable

log = logging.getLogger(__name__)

UPGRADED = "upgraded to a supergroup"


async def group_moved(context: Context, platform: str, old_chat: int | str, new_chat: int | str,
                      why: str = UPGRADED) -> bool:
    """Move group `platform:old_chat` to `platform:new_chat`; True if there was anything to move."""
    if context.groups is None or str(old_chat) == str(new_chat):
        return False
    old, new = f"{platform}:{old_chat}", f"{platform}:{new_chat}"
    try:
        moved = await context.groups.move_group(old, new, why)
    except StorageUnavailable as exc:
        log.warning("could not move group %s to %s: %s", old, new, exc.message)
        return False
    if moved:
        log.info("group %s is now %s (%s): settings, audit trail and schedules moved", old, new, why)
    return moved
