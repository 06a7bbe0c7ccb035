"""/settings shows how the bot behaves in this group; /set (moderators) changes it.

Every setting shows where its value comes from (set here, or the bot's default), so a moderator
can tell a deliberate choice from an untouched one. Changes are audited by the store in the same
transaction (/audit lists them).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from commands.context import Context
from commands.groups.args import SET_EXAMPLE, parse_set, span
from commands.groups.context import DEFAULT_NUDGE_COOLDOWN, nudge_text
from commands.groups.store_port import GroupSettings, GroupStore
from commands.invocation import Invocation
from commands.groups.moderation import in_group_only, with_groups
from commands.registry import Command, Option
from commands.reply import Line, Reply
from commands.language.catalogues import speech_for
from commands.language.languages import LANGUAGES, named
from core.i18n import N_, _
from core.venues import VENUES, venue as get_venue

SAMPLE = "57,831.33"
READ_FAILED = N_("Couldn't read this group's settings right now: storage is unavailable. Nothing changed; try "
                 "again in a moment.")
CHANGE_FAILED = N_("Couldn't change the settings right now: storage is unavailable. Nothing changed; try again in "
                   "a moment.")
# How /set's answer names a changed setting; a setting missing here is named by its field name.
SETTING_WORDS = {"default_venue": N_("default venue"), "leverage_threshold": N_("leverage threshold"),
                 "nudge": N_("nudge"), "nudge_cooldown": N_("nudge cooldown"), "warning_text": N_("warning text"),
                 "charts": N_("charts"), "language": N_("language"), "numbers": N_("numbers")}


def settings_lines(settings: GroupSettings, context: Context) -> tuple[Line, ...]:
    """Each setting with where it comes from: set in this group, or the bot's default."""
    bot = context.defaults

    def shown(value: Any, text: str) -> str:
        return _("{value} (set here)", value=text) if value is not None else _("{value} (bot default)", value=text)

    threshold = settings.leverage_threshold or bot.leverage_threshold
    cooldown = settings.nudge_cooldown or DEFAULT_NUDGE_COOLDOWN

    return (
        Line(_("Venue"), shown(settings.default_venue, get_venue(settings.default_venue or bot.default_venue).name)),
        Line(_("High-leverage warning above"), shown(settings.leverage_threshold, f"{threshold.normalize():f}x")),
        Line(_("Risk nudge"), shown(settings.nudge, _("on") if settings.nudge else _("off"))),
        Line(_("Nudge at most every"), shown(settings.nudge_cooldown, span(timedelta(seconds=cooldown)))),
        Line(_("Nudge text"), shown(settings.warning_text, _("“{text}”", text=nudge_text(settings, threshold)))),
        Line(_("Charts in answers"), shown(settings.charts, _("on") if settings.charts
                                           else _("off (DMs always have them)"))),
        Line(_("Language"), shown(settings.language, _language(settings.language))),
        Line(_("Numbers"), shown(settings.numbers, _numbers(settings))),
    )


def _language(code: str | None) -> str:
    if code is None:
        return _("each member's app language, else English")
    return named(code)


def _numbers(settings: GroupSettings) -> str:
    """The style with a sample in it: regional separators are the group language's (CLDR's)."""
    if settings.numbers != "regional":
        return _("canonical ({sample})", sample=SAMPLE)
    symbols = speech_for(settings.language if settings.language in LANGUAGES else "en", True).number_symbols
    return _("regional ({sample})", sample=SAMPLE.translate(symbols or {}))


def _result(settings: GroupSettings) -> dict[str, Any]:
    return {"default_venue": settings.default_venue,
            "leverage_threshold": None if settings.leverage_threshold is None else str(settings.leverage_threshold),
            "nudge": settings.nudge, "nudge_cooldown": settings.nudge_cooldown, "warning_text": settings.warning_text,
            "charts": settings.charts, "language": settings.language, "numbers": settings.numbers}


async def run_settings(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    if not invocation.is_group:
        return Reply(command="settings", title=_("Settings"), lines=settings_lines(GroupSettings(), context),
                     notes=(_("These are the bot's defaults. In a group or server, its moderators can change them "
                              "with /set."),), result=_result(GroupSettings()))

    async def job(store: GroupStore) -> Reply:
        current = await store.settings(invocation.group_key)
        return Reply(command="settings", title=_("Settings in this group"), lines=settings_lines(current, context),
                     notes=(_("Moderators change them: {example}; 'default' resets one.", example=SET_EXAMPLE),),
                     result=_result(current))

    return await with_groups("settings", READ_FAILED, context, job)


async def run_set(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    in_group_only(invocation, "set", SET_EXAMPLE)

    async def job(store: GroupStore) -> Reply:
        new = await store.change(invocation.group_key, invocation.user_key, args)
        changed = ", ".join(_(SETTING_WORDS[name]) if name in SETTING_WORDS else name.replace("_", " ")
                            for name in sorted(args))
        return Reply(command="set", title=_("Settings changed"), lines=settings_lines(new, context),
                     notes=(_("Changed: {settings}. Recorded in /audit.", settings=changed),), result=_result(new))

    return await with_groups("set", CHANGE_FAILED, context, job)


SETTINGS = Command(
    name="settings",
    summary=N_("How the bot behaves in this group: venue, leverage threshold, risk nudge, charts, language"),
    options=(),
    examples=("/settings",),
    run=run_settings,
    accepts_free_text=False,
)

SET = Command(
    name="set",
    summary=N_("Moderators: change this group's venue, leverage threshold, nudge, warning text, language, numbers"),
    options=(
        Option("venue", "venue", N_("default venue for this group, or 'default'"),
               choices=(*VENUES, "default")),
        Option("threshold", "word", N_("warn above this leverage, e.g. 20")),
        Option("nudge", "choice", N_("add a one-line risk nudge above the threshold"),
               choices=("on", "off", "default")),
        Option("cooldown", "word", N_("nudge at most this often, e.g. 30m")),
        Option("charts", "choice", N_("pictures in public answers (/liq ... chart)"),
               choices=("on", "off", "default")),
        Option("lang", "choice", N_("the group's language for members whose app names none riskbot speaks"),
               choices=(*LANGUAGES, "auto")),
        Option("numbers", "choice", N_("regional: numbers in the language's separators; canonical: 57,831.33"),
               choices=("regional", "canonical", "default")),
        Option("warning", "text", N_("your own nudge text ('default' restores the built-in one)")),
    ),
    examples=(SET_EXAMPLE, "/set warning=Please keep leverage under 10x here", "/set venue=default"),
    run=run_set,
    accepts_free_text=False,
    moderator=True,
    parser=parse_set,
)
