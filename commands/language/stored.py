"""What /privacy, /forget and /export say about a user's stored /lang choice.

The choice is kept without the /optin consent (commands/language/command.py says why), so those
commands cannot infer it from the consent: they ask the store, and mention it only when there is one,
so that their answers to someone who never used /lang stay as they were.
"""

from __future__ import annotations

from commands.context import Context
from commands.language.languages import named
from commands.reply import Line
from core.i18n import _


async def stored_language(context: Context, owner: str) -> str | None:
    """The user's /lang choice, or None (none, or no store). A failing store raises
    `StorageUnavailable`, which the saved-data commands already answer."""
    if context.languages is None:
        return None
    return await context.languages.language_of(owner)


def language_line(code: str) -> Line:
    return Line(_("Language"), _("{language}, chosen with /lang (kept without /optin)", language=named(code)))


def erased_note() -> str:
    return _("Your /lang choice is gone too: riskbot answers in your app's language again.")
