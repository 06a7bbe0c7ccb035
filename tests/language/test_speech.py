"""The mechanism every sentence goes through: templates, plurals, the request's language, numbers."""

from __future__ import annotations

import asyncio
import gettext
from decimal import Decimal

import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

from commands import display
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.language.catalogues import Catalogue, speech_for
from commands.language.choice import choose_language
from commands.language.languages import LANGUAGES, normalise
from commands.language.pseudo import pseudo_text
from core.i18n import ENGLISH, _, _n, speaking, speech

RUSSIAN_PLURALS = ("n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
                   "(n % 100 < 12 || n % 100 > 14) ? 1 : 2")


def _russian(**texts: str) -> Catalogue:
    forms = {"{count} contract": ("{count} контракт", "{count} контракта", "{count} контрактов")}
    return Catalogue("ru", dict(texts), forms, gettext.c2py(RUSSIAN_PLURALS))


def test_english_is_the_template_itself_with_its_places_filled():
    assert _("Liquidation is {distance} away", distance="4.17%") == "Liquidation is 4.17% away"
    assert _n("{count} contract", "{count} contracts", 1) == "1 contract"
    assert _n("{count} contract", "{count} contracts", 715, count="715") == "715 contracts"


def test_a_catalogue_answers_inside_speaking_and_english_returns_after():
    russian = _russian(**{"Liquidation is {distance} away": "До ликвидации {distance}"})
    with speaking(russian):
        assert speech().language == "ru"
        assert _("Liquidation is {distance} away", distance="4.17%") == "До ликвидации 4.17%"
        assert _("Not in the catalogue") == "Not in the catalogue"   # falls back to English
    assert speech().language == "en" and _("Liquidation is {distance} away", distance="1%") == "Liquidation is 1% away"


@pytest.mark.parametrize("n, expected", [(1, "1 контракт"), (3, "3 контракта"), (11, "11 контрактов"),
                                         (21, "21 контракт"), (715, "715 контрактов")])
def test_russian_takes_the_plural_form_its_rule_picks(n, expected):
    with speaking(_russian()):
        assert _n("{count} contract", "{count} contracts", n) == expected


@pytest.mark.parametrize("code, expected", [
    ("ru", "ru"), ("ru-RU", "ru"), ("pt-br", "pt-BR"), ("pt-BR", "pt-BR"), ("pt", "pt-BR"), ("zh-hans", "zh-CN"),
    ("zh-CN", "zh-CN"), ("zh-TW", "zh-CN"), ("es-419", "es"), ("es-ES", "es"), ("en-US", "en"), ("tr", "tr"),
    ("vi", "vi"), ("de", None), ("", None), (None, None), ("fa", None), ("zh_Hans_CN", "zh-CN")])
def test_platform_codes_map_onto_our_languages(code, expected):
    assert normalise(code) == expected


def test_the_users_choice_beats_the_platform_which_beats_the_group():
    assert choose_language("tr", "ru", "es") == "tr"
    assert choose_language(None, "ru", "es") == "ru"
    assert choose_language(None, "de", "es") == "es"      # a platform language we do not speak
    assert choose_language(None, None, None) == "en"


def test_pseudo_locale_wraps_and_accents_but_keeps_what_translators_keep():
    out = pseudo_text("Add qty= for the exact tier of BTC ({tier}); see /help")
    assert out.startswith("⟦") and out.endswith("⟧")
    assert "qty=" in out and "BTC" in out and "{tier}" in out and "/help" in out
    assert "exact" not in out and "tier of" not in out


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_regional_numbers_use_the_languages_own_separators(code):
    locale = code.replace("-", "_")
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    with speaking(speech_for(code, regional=True)):
        assert display.price(Decimal("57831.33")) == f"57{group}831{decimal}33"
    with speaking(speech_for(code)):   # canonical unless the group opted in
        assert display.price(Decimal("57831.33")) == "57,831.33"


def test_a_reply_carries_the_speech_it_was_composed_in():
    reply = asyncio.run(dispatch(Invocation("/liq long BTC 60000 25x", locale="ru")))
    assert reply.speech is speech_for("ru")
    assert asyncio.run(dispatch(Invocation("/liq long BTC 60000 25x"))).speech is ENGLISH


def test_regional_numbers_are_still_refused_as_input():
    reply = asyncio.run(dispatch(Invocation("/liq long BTC 57 831,33 25x", locale="ru")))
    assert reply.error is not None and reply.error.code == "usage"


@pytest.mark.parametrize("language", [c for c in LANGUAGES if c != "en"])
def test_a_named_duration_is_refused_with_its_own_sentence_in_every_language(language):
    """The reader is told which duration it reads by its English name, so the whole translated
    sentence for it is found (a name translated first would miss it and fall back)."""
    reply = asyncio.run(dispatch(Invocation("/pnl long BTC 60000 10x qty=1 exit=61000 funding=0.01% every=abc",
                                            locale=language)))
    expected = speech_for(language).text("I couldn't read '{raw}' as a funding interval. Write it like 30m, 6h or 2d.")
    assert reply.error is not None and reply.error.message == expected.format(raw="abc")
