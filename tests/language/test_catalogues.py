"""The catalogues are complete and faithful: every template of the code is in messages.pot, and
every language translates every one of them with the same placeholders, commands and option keys.

`make messages` regenerates messages.pot and merges it into each language; the first test fails
when that was forgotten, the others until the new entries are translated.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from commands.language.catalogues import TEMPLATE, catalogue_path, read
from commands.language.languages import TRANSLATED, gettext_dir

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "_n": (1, 2), "NC_": ((1, "c"), 2)}
# What a translation keeps as written: placeholders, /commands, option= keys.
_COMMANDS = re.compile(r"(?<![\w/])/[a-z_]+\b")
_KEYS = re.compile(r"\b[a-z_]+=")
# Kept as they are in every language: brand names, tickers and units (any all-capital word too).
KEPT_WORDS = {"Binance", "Bybit", "OKX", "Hyperliquid", "BitMEX", "Bitget", "Gate", "MEXC", "BloFin", "USDⓈ",
              "COIN", "Telegram", "Discord", "riskbot", "PnL", "ROE", "MMR", "x", "h", "d", "m", "s", "ms", "min"}
# Words that are the same in the language, or that its traders use as they are (the glossary says so).
SAME_WORD = {"es": {"no"}, "pt-BR": {"linear", "long", "short"}, "tr": {"long", "short"}}


def _source_templates() -> set[str | tuple[str, ...]]:
    found = set()
    for folder in ("core", "commands", "bot"):
        for _file, _line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


def _template_ids() -> set[str | tuple[str, ...]]:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in read(TEMPLATE) if m.id}


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _needs_translating(template: str) -> bool:
    """False for a template with nothing to translate: only placeholders, commands, keys, brand
    names, tickers, units and punctuation. (A Discord menu name, context "slash ...", may stay the
    English word where the language has no natural one: commands/language/menu_names.py.)"""
    rest = _KEYS.sub(" ", _COMMANDS.sub(" ", re.sub(r"\{[^{}]*\}", " ", template)))
    words = re.findall(r"[^\W\d_]+", rest)
    return any(w not in KEPT_WORDS and not w.isupper() for w in words)


def test_messages_pot_holds_every_template_of_the_code():
    in_code, in_pot = _source_templates(), _template_ids()
    missing, stale = in_code - in_pot, in_pot - in_code
    assert not missing and not stale, (f"run `make messages`: {len(missing)} templates not in messages.pot "
                                       f"(e.g. {sorted(map(str, missing))[:3]}), {len(stale)} no longer in the "
                                       f"code (e.g. {sorted(map(str, stale))[:3]})")


def test_every_template_has_named_placeholders_only():
    positional = [t for _c, t in _template_ids() for part in ((t,) if isinstance(t, str) else t)
                  if any(name == "" or name.isdigit() for name in placeholders(part))]
    assert not positional, positional[:5]


@pytest.fixture(scope="module", params=TRANSLATED)
def catalogue(request):
    return request.param, read(catalogue_path(request.param), gettext_dir(request.param))


def _pairs(catalogue):
    """(msgid, msgstr) of every entry, each plural form against the English plural."""
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, str):
            yield message, message.id, message.string
        else:
            singular, plural = message.id
            for index, form in enumerate(message.string or ("",)):
                yield message, singular if index == 0 and len(message.string) > 1 else plural, form


def test_every_template_is_in_every_catalogue(catalogue):
    code, entries = catalogue
    ids = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in entries if m.id}
    missing = _template_ids() - ids
    assert not missing, f"{code}: {len(missing)} templates missing (run `make messages`), e.g. {sorted(map(str, missing))[:3]}"


def test_every_entry_is_translated(catalogue):
    code, entries = catalogue
    untranslated = [m.id for m, english, text in _pairs(entries)
                    if m.fuzzy or not text or (text == english and _needs_translating(english)
                                               and not (m.context or "").startswith("slash")
                                               and english not in SAME_WORD.get(code, ()))]
    assert not untranslated, f"{code}: {len(untranslated)} entries untranslated or fuzzy, e.g. {untranslated[:3]}"


def test_translations_keep_placeholders_commands_and_keys(catalogue):
    code, entries = catalogue
    wrong = []
    for message, english, text in _pairs(entries):
        if not text:
            continue
        if isinstance(message.id, tuple):   # a plural form may leave {count} out ("один контракт")
            same = placeholders(text) - {"count"} == placeholders(english) - {"count"}
        else:
            same = placeholders(text) == placeholders(english)
        kept = set(_COMMANDS.findall(english)) <= set(_COMMANDS.findall(text)) and \
            set(_KEYS.findall(english)) <= set(_KEYS.findall(text))
        if not (same and kept):
            wrong.append((english, text))
    assert not wrong, f"{code}: {len(wrong)} translations change a placeholder, command or key: {wrong[:3]}"


def test_plural_entries_have_the_languages_number_of_forms(catalogue):
    code, entries = catalogue
    short = [m.id for m in entries if m.id and isinstance(m.id, tuple) and len(m.string) != entries.num_plurals]
    assert not short, f"{code}: {short[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_has_its_glossary(code):
    glossary = ROOT / "docs" / "glossary" / f"{code}.md"
    assert glossary.is_file() and glossary.read_text("utf-8").count("|") > 40, glossary
