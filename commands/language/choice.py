"""Which language a request is answered in.

In order: the user's own choice (/lang), the language their platform reports (Discord's client
locale, Telegram's `language_code`), the group's language (/set lang=), English. Numbers use the
language's separators only where the group opted in (/set numbers=regional); everywhere else they
stay canonical (`57,831.33`), so an answer can be pasted back as input.
"""

from __future__ import annotations

import logging

from core.i18n import ENGLISH, Speech
from commands.context import Context
from commands.groups.store_port import GroupSettings
from commands.invocation import Invocation
from commands.language.catalogues import speech_for
from commands.language.languages import normalise
from commands.saved.store_port import StorageUnavailable

log = logging.getLogger(__name__)


def chosen_by(chosen: str | None, platform: str | None, group: str | None) -> tuple[str, str]:
    """The language, and what gave it ("user", "platform", "group", "default": /lang says which)."""
    for source, code in (("user", chosen), ("platform", platform), ("group", group)):
        if language := normalise(code):
            return language, source
    return "en", "default"


def choose_language(chosen: str | None, platform: str | None, group: str | None) -> str:
    return chosen_by(chosen, platform, group)[0]


async def user_choice(invocation: Invocation, context: Context) -> str | None:
    """The language the user chose with /lang, or None (none chosen, no store, store failing)."""
    if context.languages is None:
        return None
    try:
        return await context.languages.language_of(invocation.user_key)
    except StorageUnavailable as exc:
        log.warning("language preference unavailable for a user: %s", exc.message)
        return None


async def speech_of(invocation: Invocation, context: Context, settings: GroupSettings | None) -> Speech:
    chosen = await user_choice(invocation, context)
    group_language = settings.language if settings is not None else None
    language = choose_language(chosen, invocation.locale, group_language)
    regional = settings is not None and settings.numbers == "regional"
    if language == "en" and not regional:
        return ENGLISH
    return speech_for(language, regional)
