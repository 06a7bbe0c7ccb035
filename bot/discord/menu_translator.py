"""The slash-command menus in the user's language: discord.py asks, at sync, for each text in
each Discord locale, and we answer from the same gettext catalogues the replies use.

Descriptions (command summaries, option descriptions) are registry texts, marked `N_` where they
are declared; the tree sends each as a `locale_str` whose `source` is the full English template
(the English shown may be cut to 100 characters, the catalogue is keyed by the whole). Names and
choices are the menu words of commands/language/menu_names.py. Whatever is not translated, or
would break Discord's rules, is answered None: that locale then sees the English.
"""

from __future__ import annotations

from typing import Mapping

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from commands.language.catalogues import speech_for
from commands.language.languages import DISCORD_LOCALES
from commands.language.menu_names import CHOICE, COMMAND, OPTION, localised
from core.i18n import Speech

DESCRIPTION_LIMIT = 100
MENU_NAME_LIMIT = 32   # a message command's name ("Plan this trade"): any case, spaces allowed


def shortened(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` within `limit` characters, cut with an ellipsis (never inside a surrogate pair:
    Python strings count code points, as Discord does)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def catalogue_speeches() -> dict[str, Speech]:
    """Discord locale -> the Speech of our language it maps onto (`es-ES` and `es-419`: Spanish)."""
    return {locale: speech_for(language) for language, locales in DISCORD_LOCALES.items() for locale in locales}


class MenuTranslator(app_commands.Translator):
    """Answers discord.py's translation questions from the catalogues. `speeches` maps a Discord
    locale code onto the Speech that answers it (default: every language we have)."""

    def __init__(self, speeches: Mapping[str, Speech] | None = None) -> None:
        self.speeches = dict(speeches) if speeches is not None else None

    async def load(self) -> None:
        if self.speeches is None:   # read the catalogues once, when the tree takes the translator
            self.speeches = catalogue_speeches()

    async def translate(self, string: app_commands.locale_str, locale: Locale,
                        context: app_commands.TranslationContext) -> str | None:
        speech = (self.speeches or {}).get(locale.value)
        if speech is None:
            return None
        where = context.location
        if where is Where.command_name:
            if isinstance(context.data, app_commands.ContextMenu):
                return _changed(speech, string.message, MENU_NAME_LIMIT)
            return localised(speech, COMMAND, string.message)
        if where is Where.parameter_name:
            return _option_name(speech, string.message, context.data)
        if where is Where.choice_name:
            return localised(speech, CHOICE, string.message)
        if where in (Where.command_description, Where.parameter_description):
            source = string.extras.get("source", string.message)
            translated = speech.text(source)
            return shortened(translated) if translated.strip() and translated != source else None
        return None


def _option_name(speech: Speech, name: str, parameter: app_commands.Parameter) -> str | None:
    """An option's name in `speech`, unless another option of the command would then read the
    same in that locale (Discord refuses a command whose option names repeat in any language)."""
    candidate = localised(speech, OPTION, name)
    if candidate is None:
        return None
    others = {localised(speech, OPTION, p.name) or p.name for p in parameter.command.parameters if p.name != name}
    return None if candidate in others else candidate


def _changed(speech: Speech, template: str, limit: int) -> str | None:
    """The translation of a menu command's name when there is one that fits."""
    translated = speech.text(template).strip()
    if not translated or translated == template or len(translated) > limit:
        return None
    return translated
