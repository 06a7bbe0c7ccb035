"""The signal reader: the fixture texts (tests/commands/signals/, written for these tests) read to the
fields a careful person takes from them; what is not a signal gets the one refusal with an example;
hostile text gets a clean answer or a clean refusal, never an exception and never NaN."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from commands.errors import UsageError
from commands.signals.text import EXAMPLE, MAX_TEXT, NOT_A_SIGNAL, Signal, read_signal

SIGNALS = Path(__file__).parent / "signals"
EXPECTED = {k: v for k, v in json.loads((SIGNALS / "expected.json").read_text("utf-8")).items() if k != "_about"}


def _dec(value):
    return None if value is None else Decimal(value)


def test_fixtures_cover_four_shapes_and_the_languages():
    assert len(EXPECTED) >= 12
    assert {v["shape"] for v in EXPECTED.values()} >= {"cornix", "plain", "emoji", "russian", "spanish"}
    assert sorted(EXPECTED) == sorted(p.name for p in SIGNALS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reads_to_the_expected_fields(name):
    want = EXPECTED[name]
    got = read_signal((SIGNALS / name).read_text("utf-8"))
    assert got.pair == (tuple(want["pair"]) if want["pair"] else None)
    assert (got.side, got.side_stated) == (want["side"], want["side_stated"])
    assert got.entries == tuple(Decimal(e) for e in want["entries"])
    assert got.entry == Decimal(want["entry"])
    assert got.targets == tuple(Decimal(t) for t in want["targets"])
    assert got.stop == Decimal(want["stop"])
    assert got.leverage == _dec(want["leverage"])
    assert got.margin_mode == want["margin_mode"]
    assert got.doubts == ()


def test_every_field_is_reported_with_the_words_it_came_from():
    got = read_signal((SIGNALS / "01_cornix_basic.txt").read_text("utf-8"))
    assert {f.name: f.seen for f in got.seen} == {
        "pair": "#BTC/USDT", "side": "Long", "entry": "Entry: 60000 - 61000",
        "targets": "Targets: 62000 - 63000 - 65000", "stop": "Stop: 58000",
        "leverage": "Leverage: Cross 20x", "margin mode": "Cross"}


def test_entry_range_average_is_the_midpoint():
    got = read_signal("ETH long entry 3000 - 3100 sl 2900")
    assert (got.entry_low, got.entry_high, got.entry) == (Decimal(3000), Decimal(3100), (Decimal(3000) + 3100) / 2)


def test_a_leverage_range_reads_as_its_highest_the_nearer_liquidation():
    assert read_signal("BTC long entry 60000 sl 58000 leverage 5x-10x").leverage == Decimal(10)


def test_a_stop_on_the_wrong_side_of_a_stated_side_is_flagged_not_hidden():
    got = read_signal("BTC LONG entry 60000 stop 62000 tp 65000")
    assert got.side == 1 and got.doubts == ("The stop is on the wrong side of the entry for a long.",)


def test_list_markers_are_not_prices_but_a_sentence_ending_price_is():
    got = read_signal("SOL long\nEntry: 95\nTargets:\n1. 99\n2. 104\nStop: 90. Good luck")
    assert got.targets == (Decimal(99), Decimal(104)) and got.stop == Decimal(90)


def test_a_trailing_line_does_not_add_targets():
    got = read_signal("BTC long entry 60000 sl 58000 targets 62000 63000\nPosted at 10:30 by admin")
    assert got.targets == (Decimal(62000), Decimal(63000))


@pytest.mark.parametrize("text", [
    "gm everyone, BTC looking strong today 🚀",
    "Entry: 60000 only, no stop yet",
    "Stop at 58000 for everyone who is in",
    "",
    "📈📈📈",
])
def test_not_a_signal_gets_the_refusal_and_an_example(text):
    with pytest.raises(UsageError) as raised:
        read_signal(text)
    assert raised.value.message.startswith(NOT_A_SIGNAL) and raised.value.example == EXAMPLE


def test_arabic_indic_digits_are_refused_with_a_hint():
    with pytest.raises(UsageError, match="digits 0-9"):
        read_signal("BTC long entry ٦٠٠٠٠ stop ٥٨٠٠٠")


HOSTILE = [
    "x" * (MAX_TEXT + 1),
    "Entry 60000 Stop 58000 " + "🚀" * 1000,
    "👨‍👩‍👧‍👦" * 300 + " Entry: 60000 Stop: 58000",
    "<b><i><a href='x'>Entry</a></i></b>: <code>60000</code> <s>SL</s> 58000",
    "@everyone @here Entry 60000 SL 58000 @admin_bot",
    "\u202eEntry\u202c 60000 \u2066SL\u2069 58000 \u200b\u200d",
    "Entry: 1e1000000 Stop: 58000",
    "Entry: 60000 Stop: 1e1000000",
    "Entry: nan Stop: inf",
    "Entry: 9" * 400,
    "Entry: " + "9" * 4000 + " Stop: 1",
    "Entry: 60000 Stop: 58000 Leverage: 1e1000000x",
    "Entry 0 Stop 0",
    "Entry: 60000 Stop: 58000 Leverage: 100000x",
    "Targets: " + " ".join(str(60000 + i) for i in range(500)) + " Entry 59000 SL 58000",
    "1) 2) 3) 4) Entry: 1) Stop: 1)",
    "\x00\x01\x02 Entry\x00 60000 SL 58000",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gets_a_clean_answer_or_a_clean_refusal(text):
    started = time.perf_counter()
    try:
        got = read_signal(text)
    except UsageError as refused:
        assert refused.message
    else:
        _all_finite(got)
    assert time.perf_counter() - started < 0.5


def _all_finite(got: Signal) -> None:
    numbers = [*got.entries, *got.targets, got.stop] + ([got.leverage] if got.leverage is not None else [])
    assert all(n.is_finite() and 0 < n < Decimal(10) ** 15 for n in numbers)
    assert got.entry.is_finite() and len(got.targets) <= 20 and len(got.entries) <= 10


def test_hostile_decorations_do_not_change_the_reading():
    plain = read_signal("Entry 60000 SL 58000")
    for text in HOSTILE[1:6]:
        got = read_signal(text)
        assert (got.entries, got.stop) == (plain.entries, plain.stop)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        got = read_signal(text)
    except UsageError:
        return
    _all_finite(got)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Entry", "Stop", "TP", "SL", "Вход", "Стоп", "Цели", "Entrada", "x20", "20x",
                                 "60000", "58,000", "1.5", "-", ":", "🚀", "\u202e", "#BTC/USDT", "long", "1)",
                                 "1e9", "٦", "<b>", "@bot", "\n", "62k", "0"]), max_size=60))
def test_signal_shaped_noise_is_read_or_refused_cleanly(words):
    try:
        got = read_signal(" ".join(words))
    except UsageError:
        return
    _all_finite(got)
