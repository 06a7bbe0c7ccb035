"""The calculators' words go through the catalogue: a language's translation reaches the answer,
the cached footers never hand one language's text to another, /help speaks each command's
summary, and a number reader names the number in the asker's language.

The catalogues are real `Catalogue` objects with a few entries, so the tests do not depend on what
the shipped catalogues have translated yet; English output itself is pinned by the other tests."""

from __future__ import annotations

import asyncio
from decimal import Decimal as D

import pytest

import commands.catalog  # noqa: F401  (registers every command, as /help lists them)
from commands.calculators import help as help_command
from commands.calculators.position_reply import MARK_NOTE, footer, table_lines
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.language.catalogues import Catalogue
from commands.numbers import read_positive
from core.i18n import N_, speaking
from core.liquidation import PositionSpec, liquidation


def catalogue(language: str, texts: dict[str, str]) -> Catalogue:
    return Catalogue(language, texts, {}, lambda n: 0 if n == 1 else 1)


def position():
    return liquidation(PositionSpec(venue="binance", symbol="BTC", side=1, entry=D(60000), leverage=D(25)))


def test_the_cached_footer_is_spoken_per_language():
    liq = position()
    english = footer(liq)
    with speaking(catalogue("ru", {MARK_NOTE: "MARK-RU"})):
        russian = footer(liq)
    assert MARK_NOTE in english and "MARK-RU" in russian and MARK_NOTE not in russian
    assert footer(liq) == english   # English again after the Russian answer was cached


def test_the_cached_table_lines_are_spoken_per_language():
    liq = position()
    now = Context().now()
    english, _ = table_lines(liq, now)
    template = "Table: {source}, as of {date}."
    with speaking(catalogue("ru", {template: "TABLE-RU {source} {date}"})):
        russian, _ = table_lines(liq, now)
    assert any(note.startswith("Table: ") for note in english)
    assert any(note.startswith("TABLE-RU ") for note in russian)
    assert table_lines(liq, now)[0] == english


def test_help_speaks_each_summary_in_the_askers_language():
    summary = help_command.COMMAND.summary
    texts = {summary: "SUMMARY-RU", "{summary}. e.g. {example}": "{summary} — {example}"}
    with speaking(catalogue("ru", texts)):
        reply = asyncio.run(help_command.run({}, Invocation("/help"), Context()))
    line = next(line for line in reply.lines if line.label == "/help")
    assert line.value == "SUMMARY-RU — /help"   # the example stays as typed


def test_a_number_reader_names_the_number_in_the_askers_language():
    texts = {"fill price": "PRICE-RU", "The {what} must be more than zero.": "ZERO-RU {what}"}
    with speaking(catalogue("ru", texts)), pytest.raises(UsageError) as refused:
        read_positive("0", N_("fill price"))
    assert refused.value.message == "ZERO-RU PRICE-RU"
