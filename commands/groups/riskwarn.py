"""/riskwarn: a moderator posts a risk-warning card here, or schedules one to repeat.

`/riskwarn [basics|modes|liq|ladder|custom]` posts the card now (public: that is the point);
`every=6h` posts it into this channel on a schedule (1 hour apart at least) that survives restarts;
`stop` cancels this channel's schedule. Outside a group anyone can read the cards for themselves,
but there is nobody to schedule them for.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from commands.context import Context
from commands.errors import UsageError
from commands.groups.args import RISKWARN_EXAMPLE, TEMPLATES, parse_riskwarn, span
from commands.groups.store_port import GroupStore
from commands.invocation import Invocation
from commands.groups.moderation import with_groups
from commands.registry import Command, Option
from commands.reply import Line, Reply
from commands.groups.cards import card, ladder_chart
from commands.charts.policy import charted
from core.i18n import N_, _

DEFAULT_TEMPLATE = "basics"
POSTING_PLATFORMS = ("telegram", "discord")
SCHEDULE_FAILED = N_("Couldn't schedule that right now: storage is unavailable. Nothing changed; try again in a "
                     "moment.")
POST_FAILED = N_("Couldn't post that right now: storage is unavailable. Nothing changed; try again in a moment.")


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    template = args.get("template", DEFAULT_TEMPLATE)
    every = args.get("every")
    if every is None:
        return await _post_now(template, invocation, context)
    if not invocation.is_group or invocation.platform not in POSTING_PLATFORMS:
        raise UsageError(_("Schedules post into a Telegram group or a Discord channel; use /riskwarn every=... "
                           "there."),
                         RISKWARN_EXAMPLE)

    async def job(store: GroupStore) -> Reply:
        if every == "stop":
            gone = await store.unschedule(invocation.group_key, invocation.post_to, invocation.user_key)
            return Reply(command="riskwarn", title=_("Schedule cancelled") if gone else _("Nothing was scheduled here"),
                         notes=(_("No more scheduled risk warnings in this channel.") if gone else
                                _("Schedule one with {example}.", example=RISKWARN_EXAMPLE),), result={"cancelled": gone})
        card(template, await store.settings(invocation.group_key), context)   # refuse a custom card with no text now
        schedule = await store.schedule(invocation.group_key, invocation.post_to, template, every,
                                        invocation.user_key)
        return Reply(command="riskwarn", title=_("Risk warning scheduled"),
                     lines=(Line(_("Card"), template), Line(_("Every"), span(every)),
                            Line(_("First post"), schedule.next_at.strftime("%Y-%m-%d %H:%M UTC"))),
                     notes=(_("/riskwarn stop cancels it. Recorded in /audit."),),
                     result={"template": template, "every_seconds": int(every.total_seconds()),
                             "next_at": schedule.next_at.isoformat()})

    return await with_groups("riskwarn", SCHEDULE_FAILED, context, job)


async def _post_now(template: str, invocation: Invocation, context: Context) -> Reply:
    reply = await _card_now(template, invocation, context)
    if template != "ladder":
        return reply
    return charted(reply, lambda: ladder_chart(context.default_venue), invocation, context)


async def _card_now(template: str, invocation: Invocation, context: Context) -> Reply:
    if not invocation.is_group or context.groups is None:
        return card(template, None, context)

    async def job(store: GroupStore) -> Reply:
        reply = card(template, await store.settings(invocation.group_key), context)
        await store.audit(invocation.group_key, "riskwarn", invocation.user_key, f"posted {template}")  # a record
        return reply

    reply = await with_groups("riskwarn", POST_FAILED, context, job)
    return replace(reply, private=False)


COMMAND = Command(
    name="riskwarn",
    summary=N_("Moderators: post a risk-warning card here, or schedule it (every=6h, stop)"),
    options=(Option("template", "choice", N_("which card"), choices=TEMPLATES),
             Option("every", "word", N_("repeat every 6h, 1d...; 'stop' cancels"))),
    examples=("/riskwarn ladder", RISKWARN_EXAMPLE, "/riskwarn stop"),
    run=run,
    accepts_free_text=False,
    moderator=True,
    parser=parse_riskwarn,
)
