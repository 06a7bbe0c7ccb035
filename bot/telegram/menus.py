"""The command menu and the bot's description in each language we speak, set at start-up.

Telegram picks a menu by the user's app language: `setMyCommands` with a `language_code` (a
two-letter ISO 639-1 code) serves the users whose app speaks it, and the one without serves
everyone else, in English. The descriptions are the registry summaries, spoken through the same
catalogues the replies use (a command's English summary is its catalogue entry); the names stay
the commands' own (Telegram allows `[a-z0-9_]` only).

They are sent once the bot is up, in the background (seven requests and six catalogues to read
must not hold up start-up; a failure is logged and the English menu serves meanwhile). Every
language's menu is sent each start, translated or not (an untranslated one is the English,
which also replaces a stale menu). The bot description ("What can this bot do?", shown before
Start) is sent only in a language whose catalogue translates it: without a language_code it would
overwrite what the operator wrote in @BotFather, so the English one stays theirs. riskbot sets no
short description, so none is localised.

Limits (core.telegram.org/bots/api, setMyCommands / setMyDescription): a command's description
1-256 characters, the description 0-512; a longer translation is cut with an ellipsis.
"""

from __future__ import annotations

import logging
from typing import Mapping

from telegram import Bot, BotCommand

from commands.language.catalogues import speech_for
from core.i18n import N_, Speech

log = logging.getLogger(__name__)

# Telegram's language_code -> our language
LANGUAGE_CODES: dict[str, str] = {"ru": "ru", "zh": "zh-CN", "es": "es", "pt": "pt-BR", "tr": "tr", "vi": "vi"}
COMMAND_DESCRIPTION_LIMIT = 256
DESCRIPTION_LIMIT = 512
BOT_DESCRIPTION = N_("riskbot answers with the exchange's own liquidation price, safe position size, "
                     "PnL and risk for a trade you describe. Try /liq long BTC 60000 25x, or /help.")


def shortened(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def translated_menu(commands: list[BotCommand], speech: Speech) -> list[BotCommand]:
    """The same commands with their descriptions in `speech` (English where not translated)."""
    return [BotCommand(c.command, shortened(speech.text(c.description), COMMAND_DESCRIPTION_LIMIT) or c.description)
            for c in commands]


def translated_description(speech: Speech) -> str | None:
    text = speech.text(BOT_DESCRIPTION)
    return shortened(text, DESCRIPTION_LIMIT) if text.strip() and text != BOT_DESCRIPTION else None


async def publish_localised(bot: Bot, commands: list[BotCommand],
                            languages: Mapping[str, str] | None = None) -> None:
    """Each language's menu and description for its users (the English menu, for everyone else,
    is set at start-up). `languages` maps Telegram's language_code onto one of ours (default:
    `LANGUAGE_CODES`)."""
    chosen = LANGUAGE_CODES if languages is None else languages
    for code, language in chosen.items():
        speech = speech_for(language)
        await bot.set_my_commands(translated_menu(commands, speech), language_code=code)
        description = translated_description(speech)
        if description is not None:
            await bot.set_my_description(description, language_code=code)
    log.debug("Telegram: menus set for %s", ", ".join(chosen))
