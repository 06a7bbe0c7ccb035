"""/audit: the last settings changes and risk warnings in this group, for its moderators.

Each entry says who (their platform id, which is all riskbot keeps), when (UTC) and what. The
answer is private, like other moderator-only information.
"""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.groups.args import parse_count
from commands.groups.store_port import GroupStore
from commands.invocation import Invocation
from commands.groups.moderation import in_group_only, with_groups
from commands.registry import Command
from commands.reply import Line, Reply
from core.i18n import N_, _

DEFAULT_COUNT = 10
READ_FAILED = N_("Couldn't read the audit trail right now: storage is unavailable. Nothing changed; try again in "
                 "a moment.")


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    in_group_only(invocation, "audit", "/audit")

    async def job(store: GroupStore) -> Reply:
        entries = await store.recent(invocation.group_key, args.get("last", DEFAULT_COUNT))
        # Action codes and details are records, kept in English as they were written (not replies).
        lines = tuple(Line(e.at.strftime("%Y-%m-%d %H:%M"), f"{e.actor}: {e.action} {e.detail}".strip())
                      for e in entries)
        return Reply(command="audit", title=_("Audit trail (newest first, UTC)"), lines=lines,
                     notes=() if entries else (_("Nothing recorded yet in this group."),),
                     result={"entries": [{"id": e.id, "actor": e.actor, "at": e.at.isoformat(), "action": e.action,
                                          "detail": e.detail} for e in entries]},
                     private=True)

    return await with_groups("audit", READ_FAILED, context, job)


COMMAND = Command(
    name="audit",
    summary=N_("Moderators: who changed settings or posted warnings here, and when"),
    options=(),
    examples=("/audit", "/audit 25"),
    run=run,
    accepts_free_text=False,
    moderator=True,
    parser=parse_count,
    private=True,
)
