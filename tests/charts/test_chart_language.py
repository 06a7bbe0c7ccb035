"""Charts speak the asker's language, except where the bundled font cannot draw it: a zh-CN chart
is built and drawn in English (commands/charts/speech.py). The drawing worker has no request of
its own, so the chart carries its language and the layout speaks that one, not whatever is ambient.

The catalogues here are real `Catalogue` objects with a few entries, so the tests do not depend on
which strings the shipped catalogues have translated yet."""

from __future__ import annotations

from decimal import Decimal as D

from bot.charts.render import layout
from commands.charts import build
from commands.charts.speech import speech_named
from commands.language.catalogues import Catalogue
from core.i18n import ENGLISH, speaking
from tests.charts import cases


def catalogue(language: str, texts: dict[str, str]) -> Catalogue:
    return Catalogue(language, texts, {}, lambda n: 0 if n == 1 else 1)


WORDS = {"Stop": "STOP-X", "Liquidation": "LIQ-X", "Bankruptcy": "BANK-X",
         "loss side, up to liquidation": "LOSS-X", "Leverage ladder · {venue}": "LADDER-X {venue}"}


def test_a_chart_is_built_in_the_askers_language_and_says_which():
    with speaking(catalogue("ru", WORDS)):
        chart = build.price_ladder(cases.position(1, "60000", "25"), stop=D(58500))
        ladder = build.leverage_ladder("binance")
    assert {line.label for line in chart.lines} == {"STOP-X", "LIQ-X", "BANK-X"}
    assert (chart.language, ladder.language) == ("ru", "ru") and ladder.title == "LADDER-X Binance"


def test_a_chinese_chart_is_built_in_english_because_the_font_has_no_cjk_glyphs():
    with speaking(catalogue("zh-CN", WORDS)):
        chart = build.price_ladder(cases.position(1, "60000", "25"), stop=D(58500))
        ladder = build.leverage_ladder("binance")
    assert {line.label for line in chart.lines} == {"Stop", "Liquidation", "Bankruptcy"}
    assert (chart.language, ladder.language) == ("en", "en") and ladder.title == "Leverage ladder · Binance"
    assert speech_named("zh-CN") is ENGLISH and speech_named("en") is ENGLISH
    assert speech_named("ru").language == "ru"


def test_the_layout_speaks_the_charts_language_not_the_ambient_one():
    chart = build.price_ladder(cases.position(1, "60000", "25"), stop=D(58500))   # English
    with speaking(catalogue("ru", WORDS)):   # a worker thread would have no such context at all
        words = [run.text for run in layout(chart).texts()]
    assert "loss side, up to liquidation" in words and "LOSS-X" not in words
