"""Core's sentences are spoken in the asker's language at the moment they are said, never frozen at
import or shared through a cache in the first asker's language; the machine words (codes, levels,
the /venues JSON fields, price units) stay English.

`Shouting` is a language of its own (a `core.i18n.Speech`, as every catalogue is): it upper-cases each
template outside its {placeholders}, so a test can tell a spoken sentence from a stored English one.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from core.errors import CalculationError
from core.exactness import exactness_of, for_market
from core.i18n import Speech, speaking
from core.liquidation import PositionSpec, liquidation
from core.markets import CATALOGUE, table_age
from core.risk_warnings import position_warnings
from core.venue_list import venue_listings


class Shouting(Speech):
    language = "shout"

    def text(self, template: str) -> str:
        return re.sub(r"\{[^{}]*\}|[^{}]+", lambda m: m.group() if m.group()[0] == "{" else m.group().upper(),
                      template)

    def plural(self, singular: str, plural: str, n: int) -> str:
        return self.text(singular if n == 1 else plural)


SHOUT = Shouting()


def test_a_warning_whose_text_never_changes_is_spoken_per_answer():
    liq = liquidation(PositionSpec("binance", "BTC", 1, D(60000), leverage=D(1), quantity=D(1),
                                   margin_mode="cross", balance=D(1_000_000)))
    english = {w.code: w.text for w in position_warnings(liq)}
    with speaking(SHOUT):
        shouted = {w.code: w.text for w in position_warnings(liq)}
    assert english["no_liquidation"].startswith("No liquidation price: the margin")
    assert shouted["no_liquidation"] == english["no_liquidation"].upper()
    assert shouted["cross_whole_balance"] == english["cross_whole_balance"].upper()


def test_numbers_and_names_reach_a_warning_as_written():
    liq = liquidation(PositionSpec("binance", "PEPE", 1, D("0.01"), leverage=D(25)))
    with speaking(SHOUT):
        texts = {w.code: w.text for w in position_warnings(liq, threshold=D(10))}
    assert texts["high_leverage"].startswith("25x IS HIGH LEVERAGE: A 4.0% MOVE")
    assert "PEPE'S USUAL DAILY RANGE" in texts["liq_within_daily_range"]


def test_an_error_is_raised_in_the_askers_language():
    spec = PositionSpec("binance", "BTC", 1, D(60000), leverage=D(300))
    with speaking(SHOUT), pytest.raises(CalculationError) as raised:
        liquidation(spec)
    assert raised.value.message.startswith("AT 300x THE MARGIN IS BELOW THE MAINTENANCE MARGIN")
    assert raised.value.example == "/liq long BTC 60000 10x"       # input syntax is never translated


def test_a_memoised_resolution_speaks_to_each_asker_in_their_own_language():
    english = CATALOGUE.resolve("ZZZQ", "hyperliquid").message
    with speaking(SHOUT):
        shouted = CATALOGUE.resolve("ZZZQ", "hyperliquid").message
    assert CATALOGUE.resolve("ZZZQ", "hyperliquid").message == english   # the memo kept no language
    assert english.startswith("ZZZQ is not in riskbot's Hyperliquid perpetuals table (")
    assert shouted == english.upper()


def test_exactness_words_are_spoken_and_its_level_stays_the_machine_word():
    with speaking(SHOUT):
        mexc = for_market("mexc")
        bitget = exactness_of(liquidation(PositionSpec("bitget", "BTC", 1, D(60000), leverage=D(25),
                                                       quantity=D(1), opened="2025-01-01")))
    assert (mexc.level, mexc.label) == ("estimate", "ESTIMATE (FEES EXCLUDED)")
    assert mexc.why.startswith("MEXC'S PUBLISHED FORMULA") and mexc.notes[0].startswith("FEES EXCLUDED:")
    assert bitget.notes[-1] == ("OPENED BEFORE 2025-11-10 08:00 UTC: THE TIER RATE ON THE WHOLE VALUE, "
                                "NO OFFSET (OPENED= SETS THE DATE).")
    with speaking(SHOUT):
        assert mexc.footer().startswith("EXACTNESS: ESTIMATE (FEES EXCLUDED). MEXC'S PUBLISHED")


def test_venues_lines_are_spoken_and_their_json_fields_stay_english():
    with speaking(SHOUT):
        gate = {v.key: v for v in venue_listings()}["gate"]
        line = gate.line()
    assert line == "Gate: LINEAR EXACT IN TIER 1, CROSS ESTIMATE (NO TABLE YET (GIVE MMR=))"
    assert (gate.contracts[0].exactness, gate.contracts[0].cross_exactness) == ("exact in tier 1", "estimate")
    assert gate.contracts[0].why.startswith("Gate's published formula")


def test_a_table_age_is_counted_in_the_askers_language():
    contract = CATALOGUE.resolve("BTC", "binance").contract
    age = table_age(contract, now=contract.info.fetched_at or 1_800_000_000)
    with speaking(SHOUT):
        shouted = age.text
    assert age.text.endswith(" days") and shouted == age.text.upper()
    assert contract.price_unit == "USDT per BTC"                          # the JSON's unit stays English
