"""The one error boundary: text in, `Reply` out, never a traceback.

A usage error becomes a short usage reply with an example; anything else is logged with its
traceback and answered with a short apology. A moderator command in a group is refused here, before
its arguments are read, unless the platform confirms at this moment that the caller moderates the
group; and here every command in a group gets that group's settings.
"""

from __future__ import annotations

import inspect
import logging

from commands.context import Context
from commands.errors import UsageError
from commands.grammar import parse
from commands.language.choice import speech_of
from commands.groups.context import group_settings, nudged, with_settings
from commands.invocation import MAX_INPUT_CHARS, Invocation
from commands.catalog import all_commands, find
from commands.reply import ErrorInfo, Reply, usage_reply
from core.i18n import N_, _, speaking

log = logging.getLogger(__name__)

APOLOGY = N_("Sorry, something went wrong on our side. The error was logged; please try again.")
FORBIDDEN = N_("Only this group's moderators can use /{name} (on Discord: Manage Server; on Telegram: the "
               "group's admins).")
UNCHECKED = N_("I couldn't check your moderator rights just now, so nothing changed. Try again in a moment.")


def split_command(text: str) -> tuple[str, str]:
    """`"/liq@Bot long BTC"` -> `("liq", "long BTC")`. The bot suffix is dropped here; adapters
    decide whether a command addressed to another bot reaches dispatch at all."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    name = parts[0].lstrip("/").split("@", 1)[0].lower()
    return name, parts[1] if len(parts) > 1 else ""


def answers_privately(text: str) -> bool:
    """Whether the command in `text` always answers privately (registry `Command.private`), so an
    adapter can decide where to answer before the answer exists."""
    command = find(split_command(text)[0])
    return command is not None and command.private


async def dispatch(invocation: Invocation, context: Context | None = None) -> Reply:
    """The answer to `invocation`, composed in the asker's language (commands/language/choice.py),
    which the reply carries (`Reply.speech`) for the adapter to render in."""
    context = context or Context()
    settings = await group_settings(invocation, context)
    chosen = await speech_of(invocation, context, settings)
    with speaking(chosen):
        return await _answer(invocation, with_settings(context, settings), settings)


async def _answer(invocation: Invocation, context: Context, settings) -> Reply:
    text = invocation.text
    if len(text) > MAX_INPUT_CHARS:
        return usage_reply(
            "", _("That message is too long ({length} characters; the limit is {limit}).",
                  length=len(text), limit=MAX_INPUT_CHARS),
            "/liq long BTC 60000 25x isolated")
    name, rest = split_command(text.replace("\u00a0", " "))
    command = find(name) if name.isascii() else None
    if command is None:
        shown = name[:24] if name.isprintable() and name.isascii() else _("that")
        return usage_reply("", _("I don't know the command '{name}'. Try /help.", name=shown), "/help")
    try:
        if command.moderator and invocation.is_group:
            refusal = await _moderator_refusal(command.name, invocation)
            if refusal is not None:
                return refusal
        args = command.parser(rest) if command.parser else parse(rest, command)
        outcome = command.run(args, invocation, context)
        if inspect.isawaitable(outcome):
            outcome = await outcome
        return await nudged(outcome, invocation, context, settings)
    except UsageError as exc:
        return usage_reply(command.name, exc.message, exc.example or command.usage)
    except Exception:
        log.exception("command %s failed", command.name)
        return Reply(command=command.name, error=ErrorInfo("internal", _(APOLOGY)))


async def _moderator_refusal(name: str, invocation: Invocation) -> Reply | None:
    """None when the platform says the caller moderates this group; else the short refusal."""
    try:
        allowed = await invocation.is_moderator()
    except Exception:
        log.exception("could not check moderator rights for /%s", name)
        return Reply(command=name, error=ErrorInfo("forbidden", _(UNCHECKED)))
    return None if allowed else Reply(command=name, error=ErrorInfo("forbidden", _(FORBIDDEN, name=name)))
