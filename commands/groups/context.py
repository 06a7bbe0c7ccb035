"""A group's settings, applied: the context its commands run with, and the risk nudge.

Dispatch calls these for every command in a group (and in the console, the console user's pretend
group), so no command has to remember them: answers use the group's venue and leverage threshold,
and when the moderators turned the nudge on, a public answer about a position above the threshold
gets one extra line, at most once per cooldown per group, so a busy channel is not nagged.
"""

from __future__ import annotations

import inspect

import logging
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from commands.context import Context
from commands.groups.store_port import GroupSettings
from commands.invocation import Invocation
from commands.saved.store_port import StorageUnavailable
from commands.reply import Reply
from core.i18n import N_, _
from core.risk_warnings import RiskWarning

log = logging.getLogger(__name__)

DEFAULT_NUDGE_COOLDOWN = 1800  # seconds
DEFAULT_NUDGE = N_("This group's moderators ask you to stay at or below {threshold}x: liquidation comes "
                 "quickly up there. Size down, or set a stop.")


def nudge_text(settings: GroupSettings, threshold: Decimal) -> str:
    """The group's own warning (the moderators' words, never translated), else the built-in one
    naming its threshold, in the asker's language (/settings shows the same)."""
    return settings.warning_text or _(DEFAULT_NUDGE, threshold=f"{threshold.normalize():f}")


def applies(invocation: Invocation) -> bool:
    return invocation.is_group


async def group_settings(invocation: Invocation, context: Context) -> GroupSettings | None:
    """The settings of the invocation's group, or None (not in a group, no store, store failing:
    answering with the bot's defaults beats not answering)."""
    if context.groups is None or not applies(invocation):
        return None
    try:
        return await context.groups.settings(invocation.group_key)
    except StorageUnavailable as exc:
        log.warning("group settings unavailable for %s: %s", invocation.group_key, exc.message)
        return None


def with_settings(context: Context, settings: GroupSettings | None) -> Context:
    if settings is None or (settings.default_venue is None and settings.leverage_threshold is None
                            and not settings.charts):
        return context
    return replace(context, default_venue=settings.default_venue or context.default_venue,
                   leverage_threshold=settings.leverage_threshold or context.leverage_threshold,
                   group_charts=bool(settings.charts), bot_defaults=context.defaults)


async def nudged(reply: Reply, invocation: Invocation, context: Context, settings: GroupSettings | None) -> Reply:
    if settings is None or not settings.nudge or not reply.ok or reply.private:
        return reply
    try:
        leverage = Decimal(str(reply.result.get("leverage")))
    except (InvalidOperation, ValueError):
        return reply
    threshold = context.leverage_threshold
    if not leverage.is_finite() or leverage <= threshold:
        return reply
    allowed = context.nudges.allow(invocation.group_key, settings.nudge_cooldown or DEFAULT_NUDGE_COOLDOWN)
    if not (await allowed if inspect.isawaitable(allowed) else allowed):   # a shared gate asks the database
        return reply
    return replace(reply, warnings=(*reply.warnings, RiskWarning("group_nudge", "warn", nudge_text(settings, threshold))))
