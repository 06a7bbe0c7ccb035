"""The language of a message the bot sends outside a command's `Reply`: a "slow down", a refused
button, an apology. No command ran, so no `Reply.speech` says which language; the platform's locale
of the user does (Discord `interaction.locale`, Telegram `language_code`), else English."""

from __future__ import annotations

from contextlib import AbstractContextManager

from commands.language.catalogues import speech_for
from commands.language.languages import normalise
from core.i18n import Speech, speaking


def speech_of_locale(locale: object) -> Speech:
    """The `Speech` for a platform locale code (or a `discord.Locale`), English when unknown."""
    return speech_for(normalise(locale_code(locale)) or "en")


def speaking_to(locale: object) -> AbstractContextManager[Speech]:
    """`with speaking_to(locale):` everything said inside is in that user's language."""
    return speaking(speech_of_locale(locale))


def locale_code(locale: object) -> str | None:
    """A platform's locale as its code: a `discord.Locale` gives its value (`pt-BR`)."""
    if locale is None:
        return None
    value = getattr(locale, "value", locale)
    return value if isinstance(value, str) and value else None
