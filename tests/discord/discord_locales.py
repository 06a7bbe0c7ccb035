"""Discord's rules for localised command menus, for the fake to enforce at command sync.

Sources: discord/discord-api-docs, `developers/reference.mdx` ("Locales": the codes Discord
accepts) and `developers/interactions/application-commands.mdx` ("Localization": the keys of
`name_localizations` / `description_localizations` are those locales; a localised slash-command or
option name follows the same rule as the name, `^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$` in
lower case where the letter has one; a description 1-100 characters; a choice name 1-100; a
command's options distinct in every locale).
Written apart from riskbot's own check (commands/language/menu_names.py) on purpose.
"""

from __future__ import annotations

import unicodedata

LOCALES = frozenset({
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no",
    "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN",
    "ja", "zh-TW", "ko",
})


def _allowed(char: str) -> bool:
    if char in "-_" or unicodedata.category(char)[0] in ("L", "N"):
        return True
    # \p{sc=Deva} and \p{sc=Thai}: the blocks, marks included
    return "\u0900" <= char <= "\u097f" or "\ua8e0" <= char <= "\ua8ff" or "\u0e00" <= char <= "\u0e7f"


def slash_name_ok(name: object) -> bool:
    return (isinstance(name, str) and 1 <= len(name) <= 32 and all(_allowed(c) for c in name)
            and name == name.lower())


def _checked(where: str, what: str, values: object, ok) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, dict):
        return [f"{where}: {what} must be an object of locale -> text"]
    problems = [f"{where}: {what} has an unknown locale {key!r}" for key in values if key not in LOCALES]
    problems += [f"{where}: {what}[{key}] {value!r} is not allowed" for key, value in values.items()
                 if not ok(value)]
    return problems


def _text(low: int, high: int):
    return lambda value: isinstance(value, str) and low <= len(value) <= high


def menu_localisation_problems(command: dict, where: str) -> list[str]:
    """A user or message command: names of 1-32 characters (capitals and spaces allowed)."""
    return _checked(where, "name_localizations", command.get("name_localizations"),
                    lambda v: _text(1, 32)(v) and v == v.strip())


def localisation_problems(command: dict, where: str) -> list[str]:
    """A slash command, its options and their choices."""
    problems = _checked(where, "name_localizations", command.get("name_localizations"), slash_name_ok)
    problems += _checked(where, "description_localizations", command.get("description_localizations"),
                         _text(1, 100))
    for option in command.get("options") or []:
        at = f"{where} {option.get('name', '')}"
        problems += _checked(at, "name_localizations", option.get("name_localizations"), slash_name_ok)
        problems += _checked(at, "description_localizations", option.get("description_localizations"),
                             _text(1, 100))
        for choice in option.get("choices") or []:
            problems += _checked(f"{at} {choice.get('name')!r}", "name_localizations",
                                 choice.get("name_localizations"), _text(1, 100))
    problems += _repeated_option_names(command.get("options") or [], where)
    return problems


def _repeated_option_names(options: list[dict], where: str) -> list[str]:
    """In every locale, a command's options must read as distinct names (the English name stands
    where an option has no localisation)."""
    locales = {key for option in options for key in (option.get("name_localizations") or {})}
    problems = []
    for locale in sorted(locales):
        names = [(option.get("name_localizations") or {}).get(locale, option.get("name")) for option in options]
        if len(set(names)) != len(names):
            problems.append(f"{where}: option names repeat in {locale}: {names}")
    return problems
