"""The gettext catalogues, read at first use: one `Speech` per language and number style.

Catalogues are `locale/<ll_CC>/LC_MESSAGES/messages.po`, managed with Babel (`make messages` runs
`pybabel extract` and `pybabel update`). They are read here with Babel's own reader into a dict the
first time a language is asked for, so a process that only ever speaks English never reads one,
and there is no compiled file to forget to rebuild. Fuzzy and empty entries fall back to English.
An entry with a context (`msgctxt`, the menu words of commands/language/menu_names.py) is asked
for as `context + "\x04" + msgid`, gettext's own key, so it never answers for a plain sentence.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Callable

from core.i18n import ENGLISH, Speech
from commands.language.languages import LANGUAGES, PSEUDO, gettext_dir

LOCALE_DIR = Path(__file__).with_name("locale")
TEMPLATE = LOCALE_DIR / "messages.pot"


class Catalogue(Speech):
    """One language's translations, as `core.i18n` asks for them."""

    def __init__(self, language: str, texts: dict[str, str], plurals: dict[str, tuple[str, ...]],
                 rule: Callable[[int], int], regional: bool = False) -> None:
        self.language, self.regional = language, regional
        self._texts, self._plurals, self._rule = texts, plurals, rule
        if regional:
            self.number_symbols = _number_symbols(language)

    def text(self, template: str) -> str:
        return self._texts.get(template, template)

    def plural(self, singular: str, plural: str, n: int) -> str:
        forms = self._plurals.get(singular)
        if not forms:
            return singular if n == 1 else plural
        return forms[min(self._rule(n), len(forms) - 1)]

    def __repr__(self) -> str:
        return f"<Catalogue {self.language}{' regional' if self.regional else ''}>"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / gettext_dir(language) / "LC_MESSAGES" / "messages.po"


def read(path: Path, locale: str | None = None):
    """A .po or .pot file as Babel's `Catalog`."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _entries(catalog, transform: Callable[[str], str] | None = None):
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or (message.fuzzy and transform is None):
            continue
        if isinstance(message.id, tuple):
            forms = (tuple(transform(form) for form in message.id) if transform
                     else tuple(message.string or ()))
            if all(forms):
                plurals[message.id[0]] = forms
        else:
            text = transform(message.id) if transform else message.string
            if text:   # an entry with a msgctxt is keyed as gettext keys it: context EOT msgid
                texts[f"{message.context}\x04{message.id}" if message.context else message.id] = text
    return texts, plurals


def speech_for(language: str, regional: bool = False) -> Speech:
    """The `Speech` of a language (English, a catalogue, or the pseudo-locale), read once: one
    object per language and number style, so it can key a cache."""
    return _speech(language, bool(regional))


@lru_cache(maxsize=None)
def _speech(language: str, regional: bool) -> Speech:
    if language == "en" and not regional:
        return ENGLISH
    if language == PSEUDO:
        from commands.language.pseudo import pseudo_text

        texts, plurals = _entries(read(TEMPLATE), pseudo_text)
        return Catalogue(PSEUDO, texts, plurals, lambda n: 0 if n == 1 else 1, regional)
    if language not in LANGUAGES:
        raise KeyError(language)
    if language == "en":
        return Catalogue("en", {}, {}, lambda n: 0 if n == 1 else 1, regional)
    catalog = read(catalogue_path(language), gettext_dir(language))
    texts, plurals = _entries(catalog)
    return Catalogue(language, texts, plurals, gettext.c2py(catalog.plural_expr), regional)


def _number_symbols(language: str) -> dict[int, str]:
    """The language's group and decimal separators (Babel's CLDR data), as a translate table
    from the canonical `,` and `.`."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = "en" if language == PSEUDO else gettext_dir(language)
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})
