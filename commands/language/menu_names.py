"""The words of the command menus a translator may localise: command names, option names, choices.

Discord shows a slash command's name, its options' names and its choices' names in the user's
language when the sync payload carries them (`name_localizations`); what is typed and sent back
stays the English name, so parsing never changes. Each word is a catalogue entry of its own with a
gettext context (`msgctxt`), so `liq` the command and `liq` the option are two entries, neither
collides with a sentence that happens to be the same word, and the .po file tells the translator
what the word is:

    msgctxt "slash command name"
    msgid "liq"
    msgstr "ликвидация"

How to translate one (write this in the .po, nothing else is needed):
- a command or option name: ONE lower-case word (letters, digits, `-`, `_`; at most 32), e.g.
  `ликвидация`, `强平`, `tasfiye`. Anything else (a space, a capital, `/`) is not sent: Discord would
  refuse it, so the English name stays. Leave msgstr empty to keep the English name.
- a choice: a short label of up to 100 characters, spaces allowed (`лонг`, `изолированная`).

Telegram's menu names cannot be localised (its commands are `[a-z0-9_]` only); its descriptions are.
"""

from __future__ import annotations

import re
import unicodedata

from core.i18n import Speech

COMMAND, OPTION, CHOICE = "slash command name", "slash option name", "slash choice"
NAME_LIMIT, CHOICE_LIMIT = 32, 100


def NC_(context: str, word: str) -> str:
    """Marks `word` for the catalogue under `context` (`make messages` reads `NC_:1c,2`)."""
    return word


# Every command name and option name in the registry (tests/language checks none is missing).
_COMMANDS = (
    NC_("slash command name", "liq"), NC_("slash command name", "size"), NC_("slash command name", "pnl"),
    NC_("slash command name", "avg"), NC_("slash command name", "lev"), NC_("slash command name", "plan"),
    NC_("slash command name", "save"), NC_("slash command name", "positions"),
    NC_("slash command name", "position"), NC_("slash command name", "update"),
    NC_("slash command name", "add"), NC_("slash command name", "close"), NC_("slash command name", "delete"),
    NC_("slash command name", "portfolio"), NC_("slash command name", "export"),
    NC_("slash command name", "forget"), NC_("slash command name", "optin"),
    NC_("slash command name", "privacy"), NC_("slash command name", "price"),
    NC_("slash command name", "venues"), NC_("slash command name", "alerts"),
    NC_("slash command name", "settings"), NC_("slash command name", "set"),
    NC_("slash command name", "riskwarn"), NC_("slash command name", "audit"),
    NC_("slash command name", "help"), NC_("slash command name", "start"), NC_("slash command name", "lang"),
)
_OPTIONS = (
    NC_("slash option name", "addmargin"), NC_("slash option name", "at"), NC_("slash option name", "balance"),
    NC_("slash option name", "buffer"), NC_("slash option name", "chart"), NC_("slash option name", "charts"),
    NC_("slash option name", "confirm"), NC_("slash option name", "consent"),
    NC_("slash option name", "contract"), NC_("slash option name", "cooldown"), NC_("slash option name", "cum"),
    NC_("slash option name", "every"), NC_("slash option name", "exit"), NC_("slash option name", "explain"),
    NC_("slash option name", "extras"), NC_("slash option name", "fee"), NC_("slash option name", "fills"),
    NC_("slash option name", "funding"), NC_("slash option name", "hold"), NC_("slash option name", "id"),
    NC_("slash option name", "label"), NC_("slash option name", "leverage"), NC_("slash option name", "liq"),
    NC_("slash option name", "margin"), NC_("slash option name", "mark"), NC_("slash option name", "mmr"),
    NC_("slash option name", "mode"), NC_("slash option name", "notional"), NC_("slash option name", "nudge"),
    NC_("slash option name", "opened"), NC_("slash option name", "price"), NC_("slash option name", "qty"),
    NC_("slash option name", "quiet"), NC_("slash option name", "quote"), NC_("slash option name", "risk"),
    NC_("slash option name", "roe"), NC_("slash option name", "side"), NC_("slash option name", "signal"),
    NC_("slash option name", "sl"), NC_("slash option name", "switch"), NC_("slash option name", "symbol"),
    NC_("slash option name", "template"), NC_("slash option name", "threshold"),
    NC_("slash option name", "topic"), NC_("slash option name", "tp"), NC_("slash option name", "venue"),
    NC_("slash option name", "warning"), NC_("slash option name", "within"), NC_("slash option name", "lang"),
    NC_("slash option name", "numbers"), NC_("slash option name", "language"),
)
# Choices that are words; venue names, tickers and intervals (`1h`) are kept as they are.
_CHOICES = (
    NC_("slash choice", "long"), NC_("slash choice", "short"), NC_("slash choice", "isolated"),
    NC_("slash choice", "cross"), NC_("slash choice", "linear"), NC_("slash choice", "inverse"),
    NC_("slash choice", "yes"), NC_("slash choice", "no"), NC_("slash choice", "on"),
    NC_("slash choice", "off"), NC_("slash choice", "default"), NC_("slash choice", "status"),
    NC_("slash choice", "auto"), NC_("slash choice", "regional"), NC_("slash choice", "canonical"),
)
MARKED = {COMMAND: frozenset(_COMMANDS), OPTION: frozenset(_OPTIONS), CHOICE: frozenset(_CHOICES)}


def catalogue_key(context: str, word: str) -> str:
    """How a catalogue holds an entry with a context: gettext's own `msgctxt EOT msgid`."""
    return f"{context}\x04{word}"


def _name_char(char: str) -> bool:
    if char in "-_":
        return True
    if unicodedata.category(char)[0] in "LN":
        return True
    name = unicodedata.name(char, "")
    return name.startswith(("DEVANAGARI", "THAI"))   # combining marks of those scripts too


def valid_name(name: str) -> bool:
    """Discord's rule for a slash command or option name in any locale:
    `^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`, lower case where the letter has one."""
    return (1 <= len(name) <= NAME_LIMIT and all(_name_char(c) for c in name)
            and name == name.lower())


def localised(speech: Speech, context: str, word: str) -> str | None:
    """`word` as the catalogue of `speech` gives it under `context`, or None: not marked, not
    translated (empty or the same), or not valid where it would go (then the English stays)."""
    if word not in MARKED.get(context, ()):
        return None
    key = catalogue_key(context, word)
    found = speech.text(key)
    if found == key or not found.strip() or found == word:
        return None
    found = found.strip()
    if context == CHOICE:
        return found if len(found) <= CHOICE_LIMIT else None
    return found if valid_name(found) else None
