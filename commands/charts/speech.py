"""Which language a chart's words are drawn in.

Charts are drawn with the bundled DejaVu Sans (bot/charts/style.py): it covers Latin, Cyrillic,
Greek and Vietnamese, but has no CJK glyphs, so Chinese would come out as empty boxes. A chart
asked for in Simplified Chinese is therefore labelled in English (the text answer beside it stays
Chinese); every other language draws its own words. Shipping a CJK face (Noto Sans CJK, about
16 MB) would lift this; until then `NO_GLYPHS` names the languages the font cannot draw.

A command builds its chart under `chart_speech()`; the chart carries that language and number
style (`Chart.language`, `.regional`), and the drawing worker, which has no request of its own (a
process worker does not even share the context), speaks them again with `speech_named`, so the
renderer's own words (legends) match the ones the command wrote.
"""

from __future__ import annotations

from core.i18n import ENGLISH, Speech, speech

NO_GLYPHS = frozenset({"zh-CN"})


def drawable(said: Speech) -> Speech:
    """`said`, or English where the chart font has no glyphs for it."""
    return ENGLISH if said.language in NO_GLYPHS else said


def chart_speech() -> Speech:
    """The speech a chart is built in for the current request."""
    return drawable(speech())


def speech_named(language: str, regional: bool = False) -> Speech:
    """The speech a chart says it was built in, re-created where it is drawn."""
    if language in NO_GLYPHS:
        return ENGLISH
    from commands.language.catalogues import speech_for   # read at first use, in the worker too

    return speech_for(language, regional)
